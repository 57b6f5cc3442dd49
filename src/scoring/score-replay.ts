/**
 * Replays one scenario through the pipeline and scores it: the scorer's unit of work, shared by
 * `npm run score:detection` and the side-by-side benchmark (which needs the scenario time of the
 * first datagram carrying each attack).
 *
 * Pure: no I/O.
 */
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { CollectorConfig } from '../collector/config.js';
import { formatPrefix, type Prefix } from '../core/ip.js';
import type { Scenario } from '../simulator/scenario-types.js';
import { createSimulation, type SimulationOptions } from '../simulator/simulation.js';
import type { DetectionConfig } from '../detection/config.js';
import { AttackTrafficObserver } from './attack-traffic-observer.js';
import { createReplayPipeline } from './pipeline.js';
import { replaySimulation, type ReplayResult } from './replay.js';
import { scenarioNetworks, scenarioTargets } from './scenario-setup.js';
import { scoreScenario, type ScenarioScore } from './score-scenario.js';

/** A scored replay. */
export interface ScoredReplay {
  readonly score: ScenarioScore;
  readonly replay: ReplayResult;
  /** Scenario start, ms since the epoch (score offsets are relative to it). */
  readonly startMs: number;
}

/**
 * Replays `scenario` (detection configured with the scenario's networks and thresholds; pass a
 * configuration already carrying `scenarioDetectionOverrides`) and scores it.
 */
export function scoreReplay(
  scenario: Scenario,
  config: { readonly collector: CollectorConfig; readonly detection: DetectionConfig },
  deps: { readonly logger: Logger; readonly metrics: Registry },
  simulation: SimulationOptions = {},
): ScoredReplay {
  const sim = createSimulation(scenario, { ...simulation, meter: meteredPrefixes(scenario) });
  const observer = new AttackTrafficObserver(scenarioTargets(scenario, sim.startMs));
  const pipeline = createReplayPipeline(
    { collector: config.collector, detection: config.detection, networks: scenarioNetworks(scenario), exporters: sim.exporters, observer, startMs: sim.startMs },
    deps,
  );
  const replay = replaySimulation(sim, pipeline, observer);
  const score = scoreScenario({
    truth: sim.truth(),
    events: replay.events,
    attackers: replay.attackers,
    sightings: (id) => observer.sightings(id),
    minVectorShare: config.detection.attackers.minVectorShare,
    metered: sim.metered(),
  });
  return { score, replay, startMs: sim.startMs };
}

/** The prefixes a replay meters: every attack target and every protected prefix (what prefix-scope detections name). */
export function meteredPrefixes(scenario: Pick<Scenario, 'networks' | 'attacks'>): Prefix[] {
  const out = new Map<string, Prefix>();
  for (const a of scenario.attacks) out.set(formatPrefix(a.target.prefix), a.target.prefix);
  for (const n of scenario.networks) for (const p of n.prefixes) out.set(formatPrefix(p), p);
  return [...out.values()];
}
