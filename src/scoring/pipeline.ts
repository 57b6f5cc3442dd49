/**
 * Builds the in-process pipeline a scored replay drives: the real collector (its decoders and
 * renormalisation) feeding the real detector, both on one manual clock, with a collecting sink,
 * the attack-traffic observer as a second consumer, and the simulated exporters registered with
 * their sampling rates as an operator would configure them.
 *
 * Pure: no I/O (the collector is never started, so it binds no socket).
 */
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createCollector } from '../collector/collector.js';
import { decoderLimits, type CollectorConfig } from '../collector/config.js';
import { ManualClock } from '../core/clock.js';
import { createDecoders } from '../flow/decoders.js';
import type { ExporterSpec } from '../simulator/exporter/exporter.js';
import { CollectingAttackSink } from '../detection/attack.js';
import type { DetectionConfig } from '../detection/config.js';
import { createDetector } from '../detection/detector.js';
import type { ProtectedNetworkInput } from '../detection/protected-networks.js';
import type { AttackTrafficObserver } from './attack-traffic-observer.js';
import type { ReplayPipeline } from './replay.js';

/** What {@link createReplayPipeline} needs. */
export interface PipelineSetup {
  readonly collector: CollectorConfig;
  readonly detection: DetectionConfig;
  readonly networks: readonly ProtectedNetworkInput[];
  readonly exporters: readonly Pick<ExporterSpec, 'address' | 'name' | 'samplingRate'>[];
  readonly observer: AttackTrafficObserver;
  readonly startMs: number;
}

/** Creates the collector → detector pipeline on a manual clock starting at `setup.startMs`. */
export function createReplayPipeline(setup: PipelineSetup, deps: { readonly logger: Logger; readonly metrics: Registry }): ReplayPipeline {
  const clock = new ManualClock(setup.startMs);
  const c = setup.collector;
  const collectorConfig: CollectorConfig = {
    ...c,
    enabled: false,
    exporters: [...c.exporters, ...setup.exporters.map((e) => ({ address: e.address, name: e.name, samplingRate: e.samplingRate }))],
  };
  const decoders = createDecoders(decoderLimits(c));
  const collector = createCollector(collectorConfig, { clock, logger: deps.logger, metrics: deps.metrics, decoders });
  const sink = new CollectingAttackSink();
  let n = 0;
  const detector = createDetector(setup.detection, { clock, logger: deps.logger, metrics: deps.metrics, sink, networks: setup.networks, newId: () => `attack-${++n}` });
  collector.addConsumer(setup.observer);
  collector.addConsumer(detector);
  const d = setup.detection;
  return { clock, collector, detector, sink, flushMs: c.batchFlushMs, tickMs: d.tickMs, drainSeconds: d.cooldownSeconds + d.settleSeconds + 3 };
}
