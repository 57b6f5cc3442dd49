/**
 * The sightings component: a {@link FlowConsumer} that matches both ends of every flow record
 * against the live {@link IndicatorSet}, aggregates matches per (indicator, host) in memory, and
 * every `flushIntervalMs` writes what changed to storage and publishes `sighting.new` /
 * `sighting.updated` on the bus. A protected host that contacted a `c2` indicator is reported on
 * `detection.infection.reported`; detection judges the report, so `host.infected` has one shape
 * and one rate limit whatever the evidence.
 *
 * @example
 * ```ts
 * const indicators = new IndicatorSet();
 * await new IndicatorStore(storage.db, clock).loadInto(indicators);
 * const sightings = createSightings(config.intel, {
 *   clock, logger, metrics, bus, indicators,
 *   store: new SightingStore(storage.db, clock),
 *   networks: await registry.networks.listForDetection(),
 * });
 * collector.addConsumer(sightings);
 * lifecycle.add(sightings);
 * ```
 */
import type { Bus } from '../bus/bus.js';
import type { BaseDeps, Component } from '../core/component.js';
import { asId, type SightingId } from '../core/ids.js';
import type { DETECTION_SUBJECTS } from '../detection/event-schemas.js';
import type { ProtectedNetworkInput } from '../detection/protected-networks.js';
import type { FlowConsumer } from '../flow/consumer.js';
import type { FlowBatch } from '../flow/flow-batch.js';
import { newId } from '../storage/id.js';
import type { IntelConfig } from './config.js';
import { describeIndicator } from './indicator.js';
import type { IndicatorSet } from './indicator-set.js';
import { registerIntelMetrics, type SightingsCounters } from './metrics.js';
import { SIGHTING_SUBJECTS, type Sighting, type SightingEvent } from './sighting.js';
import type { AppliedSighting, SightingStore } from './sighting-store.js';
import { SightingTracker, type SightingDelta } from './sighting-tracker.js';
import type { INTEL_SUBJECTS } from './subjects.js';

/** What the sightings component publishes: its sightings, and infection reports for detection. */
export type SightingsSubjects = typeof INTEL_SUBJECTS & Pick<typeof DETECTION_SUBJECTS, 'detection.infection.reported'>;

/** Dependencies of the sightings component. */
export interface SightingsDeps extends BaseDeps {
  readonly bus: Pick<Bus<SightingsSubjects>, 'publish'>;
  /** The live indicator set; changes take effect on the next batch. */
  readonly indicators: IndicatorSet;
  /** Where sightings are kept; without it they live in memory only (tools, benchmarks). */
  readonly store?: SightingStore | undefined;
  /** Initial protected networks (the registry's detection list). */
  readonly networks?: readonly ProtectedNetworkInput[] | undefined;
}

/** The sightings component. */
export interface Sightings extends Component, FlowConsumer {
  readonly tracker: SightingTracker;
  readonly counters: Readonly<SightingsCounters>;
  /** Replaces the protected networks; throws on an invalid list and then changes nothing. */
  setNetworks(networks: readonly ProtectedNetworkInput[]): void;
  /** Writes and publishes what changed now; resolves when done (flushes never overlap). */
  flush(): Promise<void>;
  start(): Promise<void>;
  /** Stops the timer and flushes what is left. */
  stop(): Promise<void>;
}

/** Creates the sightings component. */
export function createSightings(config: IntelConfig, deps: SightingsDeps): Sightings {
  const tracker = new SightingTracker({ maxSightings: config.maxSightings, requireProtected: config.requireProtected }, deps.indicators.matcher());
  if (deps.networks !== undefined) tracker.setNetworks(deps.networks);
  const unsubscribe = deps.indicators.onChange((m) => tracker.setMatcher(m));
  const counters: SightingsCounters = { published: { new: 0, updated: 0 }, flushFailures: 0, infectionsReported: 0, scanSeconds: 0 };
  registerIntelMetrics(deps.metrics, deps.indicators, tracker, counters);
  const logger = deps.logger.child({ component: 'sightings' });
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();

  const publish = (event: SightingEvent): void => {
    deps.bus.publish(event.kind, event).catch((err: unknown) => logger.error({ err, subject: event.kind }, 'publishing a sighting failed'));
  };

  const report = (d: SightingDelta, s: Sighting): void => {
    if (d.reported || d.indicator.kind !== 'c2' || s.outboundCount === 0 || s.networkId === null) return;
    tracker.markReported(d);
    const details = { sightingId: s.id, indicatorKey: s.indicator.key, direction: s.direction, ports: s.ports, protocols: s.protocols, firstSeen: s.firstSeen, lastSeen: s.lastSeen, count: s.count };
    counters.infectionsReported++;
    deps.bus
      .publish('detection.infection.reported', { address: s.host, indicator: describeIndicator(d.indicator), details, observedAt: s.lastSeen })
      .catch((err: unknown) => logger.error({ err, host: s.host }, 'reporting an infection failed'));
  };

  const flushOnce = async (): Promise<void> => {
    const deltas = tracker.collect();
    if (deltas.length > 0) {
      let applied: AppliedSighting[];
      if (deps.store === undefined) applied = deltas.map((d) => ({ sighting: inMemory(d, deps.clock.now()), created: d.fresh }));
      else {
        try {
          applied = await deps.store.apply(deltas);
        } catch (err) {
          // The slots stay dirty: the next flush writes the same counts plus whatever came since.
          counters.flushFailures++;
          logger.error({ err, sightings: deltas.length }, 'storing sightings failed; will retry');
          return;
        }
      }
      deltas.forEach((d, i) => {
        const a = applied[i]!;
        tracker.ack(d, a.sighting.id);
        const kind = a.created ? SIGHTING_SUBJECTS.new : SIGHTING_SUBJECTS.updated;
        counters.published[a.created ? 'new' : 'updated']++;
        publish({ kind, ...a.sighting });
        report(d, a.sighting);
      });
    }
    tracker.evictIdle(deps.clock.now() - config.idleSeconds * 1000);
  };

  const flush = (): Promise<void> => {
    chain = chain.then(flushOnce, flushOnce);
    return chain;
  };

  return {
    name: 'sightings',
    tracker,
    counters,
    consume(batch: FlowBatch) {
      if (!config.enabled) return;
      const t0 = performance.now();
      tracker.consume(batch, deps.clock.now());
      counters.scanSeconds += (performance.now() - t0) / 1000;
    },
    setNetworks: (networks) => tracker.setNetworks(networks),
    flush,
    async start() {
      if (!config.enabled) return;
      // Telemetry never crashes its host: a failing flush is logged and the next one tries again.
      timer = setInterval(() => void flush().catch((err: unknown) => logger.error({ err }, 'sightings flush failed')), config.flushIntervalMs);
      timer.unref();
    },
    async stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      unsubscribe();
      await flush();
    },
  };
}

/** A sighting from in-memory totals, when no storage is configured. */
function inMemory(d: SightingDelta, nowMs: number): Sighting {
  const t = d.totals;
  return {
    id: asId<SightingId>(d.id ?? newId(nowMs)),
    indicator: { key: d.indicator.key, value: d.indicator.value, label: d.indicator.label, kind: d.indicator.kind, source: d.indicator.source },
    host: d.host,
    family: d.family,
    networkId: d.networkId,
    organizationId: d.organizationId,
    networkPrefix: d.networkPrefix,
    direction: d.direction,
    firstSeen: d.firstSeen,
    lastSeen: d.lastSeen,
    count: t.count,
    outboundCount: t.outbound,
    inboundCount: t.inbound,
    packets: Math.round(t.packets),
    bytes: Math.round(t.bytes),
    ports: d.ports,
    protocols: d.protocols,
  };
}
