/**
 * Replays a simulation through the real pipeline — collector (decoders, renormalisation, batching)
 * and detector — on a manual clock that follows the datagrams' scenario times, faster than real
 * time. The collector's batch-flush timer and the detector's tick timer are replayed on the same
 * clock, so a record reaches detection when it would in a live process (up to `batchFlushMs` after
 * its datagram), not earlier.
 *
 * Pure: no I/O (the simulation, collector and detector are in-process components).
 */
import { ManualClock } from '../core/clock.js';
import type { Collector } from '../collector/collector.js';
import type { Simulation } from '../simulator/simulation.js';
import { CollectingAttackSink, type AttackerEntry, type DetectionEvent } from '../detection/attack.js';
import type { Detector } from '../detection/detector.js';
import type { AttackTrafficObserver } from './attack-traffic-observer.js';

/** The in-process pipeline a replay drives. */
export interface ReplayPipeline {
  readonly clock: ManualClock;
  readonly collector: Collector;
  readonly detector: Detector;
  readonly sink: CollectingAttackSink;
  /** Longest wait of a partly filled batch (the collector's `batchFlushMs`). */
  readonly flushMs: number;
  /** Detector tick period (`detection.tickMs`). */
  readonly tickMs: number;
  /** Seconds after the last datagram for attacks to end (cooldown, settling). */
  readonly drainSeconds: number;
}

/** What a replay produced. */
export interface ReplayResult {
  readonly events: readonly DetectionEvent[];
  /** Full attacker list of every attack, by attack id (read before the detector forgets them). */
  readonly attackers: ReadonlyMap<string, readonly AttackerEntry[]>;
  readonly datagrams: number;
  readonly records: number;
  /** Records the observer saw; equals `records` unless the collector lost some. */
  readonly recordsObserved: number;
  /** Scenario time of the last datagram and of the end of the drain. */
  readonly lastDatagramMs: number;
  readonly endMs: number;
  /** Wall time of the replay (generation, decoding and detection), ms. */
  readonly wallMs: number;
}

/** Replays `sim` to its end through `pipeline`; `observer` (already a collector consumer) sees every record. */
export function replaySimulation(sim: Simulation, pipeline: ReplayPipeline, observer: AttackTrafficObserver): ReplayResult {
  const { clock, collector, detector } = pipeline;
  const wall0 = performance.now();
  const addresses = sim.exporters.map((e) => e.address);
  let nextFlush = sim.startMs + pipeline.flushMs;
  let nextTick = sim.startMs + pipeline.tickMs;
  const runTimers = (until: number): void => {
    for (;;) {
      const t = Math.min(nextFlush, nextTick);
      if (t > until) return;
      clock.set(t);
      if (t === nextFlush) {
        collector.flush();
        nextFlush += pipeline.flushMs;
      }
      if (t === nextTick) {
        detector.tick();
        nextTick += pipeline.tickMs;
      }
    }
  };
  clock.set(sim.startMs);
  let datagrams = 0;
  let records = 0;
  let last = 0;
  let lastTime = sim.startMs;
  for (const d of sim.datagrams()) {
    // A datagram sent exactly on a timer tick is received after that tick has run.
    runTimers(d.timeMs);
    clock.set(d.timeMs);
    observer.datagram(d.timeMs, last);
    last = Math.max(0, collector.ingest(d.kind, d.payload, addresses[d.exporter]!, d.timeMs));
    records += last;
    datagrams++;
    lastTime = d.timeMs;
  }
  const endMs = Math.max(lastTime, sim.endMs) + pipeline.drainSeconds * 1000;
  runTimers(endMs);
  clock.set(endMs);
  collector.flush();
  detector.tick();
  const attackers = new Map<string, readonly AttackerEntry[]>();
  for (const e of pipeline.sink.events) {
    if (e.kind !== 'attack.started') continue;
    const list = detector.attackers(e.attackId);
    if (list !== undefined) attackers.set(e.attackId, list);
  }
  return {
    events: pipeline.sink.events,
    attackers,
    datagrams,
    records,
    recordsObserved: observer.totals(last).consumed,
    lastDatagramMs: lastTime,
    endMs,
    wallMs: performance.now() - wall0,
  };
}
