/**
 * The detector component: a {@link FlowConsumer} that runs the detection engine on every batch the
 * collector hands over, completes seconds from `deps.clock` on a timer (so attacks are reported and
 * ended even when no traffic arrives), publishes events to an {@link AttackSink} and exports
 * Prometheus metrics.
 *
 * @example
 * ```ts
 * const detector = createDetector(config.detection, { clock, logger, metrics, sink: busSink(bus, onError), networks });
 * collector.addConsumer(detector);
 * lifecycle.add(detector);
 * ```
 */
import type { BaseDeps, Component } from '../core/component.js';
import type { FlowConsumer } from '../flow/consumer.js';
import type { FlowBatch } from '../flow/flow-batch.js';
import type { AttackSink, AttackUpdated } from './attack.js';
import type { EnrichFunction } from './attack-accumulator.js';
import type { BaselineSnapshot } from './baseline.js';
import type { DetectionConfig } from './config.js';
import { DetectionEngine, type InfectionReport } from './detection-engine.js';
import { registerDetectionMetrics } from './metrics.js';
import { networkRateWindow, type DetectionReadPort } from './read-port.js';
import type { ProtectedNetworkInput } from './protected-networks.js';

/** Dependencies of the detector. */
export interface DetectorDeps extends BaseDeps {
  readonly sink: AttackSink;
  /** Initial protected networks (the registry's list); replace later with `setNetworks`. */
  readonly networks?: readonly ProtectedNetworkInput[];
  /** Country/ASN enrichment of attacker addresses. */
  readonly enrich?: EnrichFunction;
  /** Attack id generator; random UUIDs by default. */
  readonly newId?: () => string;
}

/** The detector; other parts read it only through its {@link DetectionReadPort}. */
export interface Detector extends Component, FlowConsumer, DetectionReadPort {
  /** The engine, for detection's own tools and tests. */
  readonly engine: DetectionEngine;
  /** Replaces the protected networks; throws on an invalid list and then changes nothing. */
  setNetworks(networks: readonly ProtectedNetworkInput[]): void;
  /** Replaces the allowlist of addresses and prefixes. */
  setAllowlist(entries: readonly string[]): void;
  /** Completes the seconds that have passed on the clock (the timer calls this). */
  tick(): void;
  /**
   * Indicator hook: reports a host inside a protected network as infected (e.g. it talked to a
   * known C2 address). Returns false when the address is not protected or was reported for an
   * indicator within `outbound.reportIntervalSeconds`.
   */
  reportInfection(report: InfectionReport): boolean;
  /** Every active attack as `attack.updated` would describe it now. */
  activeAttacks(): AttackUpdated[];
  exportBaselines(): BaselineSnapshot;
  /** Restores baselines exported earlier; returns networks restored. */
  importBaselines(snapshot: unknown): number;
  /** Changes whenever the learned baselines may have changed: equal revisions mean equal exports. */
  baselineRevision(): number;
}

/** Creates the detector. */
export function createDetector(config: DetectionConfig, deps: DetectorDeps): Detector {
  const engine = new DetectionEngine(config, { sink: deps.sink, enrich: deps.enrich, newId: deps.newId }, deps.clock.now());
  if (deps.networks !== undefined) engine.setNetworks(deps.networks, deps.clock.now());
  registerDetectionMetrics(deps.metrics, engine);
  let timer: NodeJS.Timeout | undefined;
  const tick = (): void => {
    try {
      engine.advance(deps.clock.now());
    } catch (err) {
      // Telemetry never crashes its host: log and carry on with the next tick.
      deps.logger.error({ err }, 'detection tick failed');
    }
  };
  return {
    name: 'detector',
    engine,
    consume(batch: FlowBatch) {
      if (!config.enabled) return;
      const t0 = performance.now();
      engine.consume(batch, deps.clock.now());
      engine.state.counters.processingSeconds += (performance.now() - t0) / 1000;
    },
    setNetworks: (networks) => engine.setNetworks(networks, deps.clock.now()),
    setAllowlist: (entries) => engine.setAllowlist(entries),
    tick,
    reportInfection: (report) => engine.reportInfection(report, deps.clock.now()),
    attackers: (id) => engine.attackers(id),
    networkRates: () => networkRateWindow(engine.state),
    activeAttacks: () => engine.activeAttacks(deps.clock.now()),
    exportBaselines: () => engine.exportBaselines(),
    importBaselines: (snapshot) => engine.importBaselines(snapshot),
    baselineRevision: () => engine.baselineRevision(),
    async start() {
      if (!config.enabled) return;
      timer = setInterval(tick, config.tickMs);
      timer.unref();
    },
    async stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      engine.shutdown(deps.clock.now());
    },
  };
}
