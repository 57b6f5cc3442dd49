/**
 * Detection throughput on simulated export: records per CPU-second for decoding alone, detection
 * alone (decoded batches fed again to a fresh detector) and decode + detection (the collector
 * handing batches to the detector, as in `sakimori serve`), on the datagrams of a scenario, with
 * the detector clock following the datagrams' times and the collector's 100 ms flush replayed.
 */
import { validateConfig } from '../../src/config/load.js';
import { createCollector } from '../../src/collector/collector.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { createMetricsRegistry } from '../../src/core/metrics.js';
import { CollectingAttackSink } from '../../src/detection/attack.js';
import { createDetector } from '../../src/detection/detector.js';
import { scenarioDetectionOverrides, scenarioNetworks } from '../../src/scoring/scenario-setup.js';
import type { FlowConsumer } from '../../src/flow/consumer.js';
import { createDecoders } from '../../src/flow/decoders.js';
import { FlowBatch } from '../../src/flow/flow-batch.js';
import { createSimulation, type Scenario, type SimDatagram } from '../../src/simulator/index.js';
import { decoderLimits } from '../../src/collector/config.js';

/** Throughput of one scenario's export. */
export interface ThroughputResult {
  readonly scenario: string;
  readonly datagrams: number;
  readonly records: number;
  /** Scenario seconds the export covers. */
  readonly seconds: number;
  readonly decodePerCpuSecond: number;
  /** Detection alone, first pass: code not yet optimised, tables growing. */
  readonly detectPerCpuSecond: number;
  /**
   * Detection alone on a warm process, as a running server is: the median of three passes (each
   * on a fresh detector, so state starts empty) after four warm-up passes.
   */
  readonly detectWarmPerCpuSecond: number;
  readonly decodeDetectPerCpuSecond: number;
  readonly attacks: number;
}

function cpu(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** A deep copy of the first `length` records of a batch. */
function copyBatch(b: FlowBatch): FlowBatch {
  const c = new FlowBatch(Math.max(1, b.length));
  for (const [k, v] of Object.entries(b)) {
    if (!ArrayBuffer.isView(v)) continue;
    const per = (v as unknown as { length: number }).length / b.capacity;
    const dst = (c as unknown as Record<string, { set(a: ArrayLike<number>): void }>)[k]!;
    dst.set((v as unknown as { subarray(a: number, z: number): ArrayLike<number> }).subarray(0, b.length * per));
  }
  c.length = b.length;
  return c;
}

/** The scenario's datagrams, generated once. */
export function generate(s: Scenario, durationS?: number): { datagrams: SimDatagram[]; addresses: string[]; samplingRates: number[]; startMs: number; seconds: number } {
  const sim = createSimulation(s, durationS === undefined ? {} : { durationS });
  const datagrams = [...sim.datagrams()];
  return { datagrams, addresses: sim.exporters.map((e) => e.address), samplingRates: sim.exporters.map((e) => e.samplingRate), startMs: sim.startMs, seconds: (sim.endMs - sim.startMs) / 1000 };
}

function pipeline(s: Scenario, exporters: { addresses: string[]; samplingRates: number[] }, startMs: number, withDetector: boolean, extra?: FlowConsumer) {
  const config = validateConfig({
    collector: { exporters: exporters.addresses.map((address, i) => ({ address, samplingRate: exporters.samplingRates[i]! })) },
    detection: scenarioDetectionOverrides(s.thresholds),
  });
  const clock = new ManualClock(startMs);
  const deps = { clock, logger: silentLogger(), metrics: createMetricsRegistry() };
  const c = config.collector;
  const collector = createCollector(
    { ...c, enabled: false },
    {
      ...deps,
      decoders: createDecoders(decoderLimits(c)),
    },
  );
  const sink = new CollectingAttackSink();
  const detector = createDetector(config.detection, { ...deps, sink, networks: scenarioNetworks(s) });
  if (withDetector) collector.addConsumer(detector);
  if (extra !== undefined) collector.addConsumer(extra);
  return { clock, collector, detector, sink };
}

/** Feeds datagrams through a collector, replaying its 100 ms flush on the datagrams' clock; returns records decoded. */
function feed(p: ReturnType<typeof pipeline>, g: ReturnType<typeof generate>): number {
  let next = g.startMs + 100;
  let records = 0;
  for (const d of g.datagrams) {
    while (d.timeMs >= next) {
      p.clock.set(next);
      p.collector.flush();
      next += 100;
    }
    p.clock.set(d.timeMs);
    records += Math.max(0, p.collector.ingest(d.kind, d.payload, g.addresses[d.exporter]!, d.timeMs));
  }
  p.collector.flush();
  return records;
}

/** Measures the three throughputs on one scenario's export. */
export function measureThroughput(s: Scenario, g: ReturnType<typeof generate>): ThroughputResult {
  // Decoding alone, keeping copies of the batches (copying is not timed: it runs in a second pass).
  const decodeOnly = pipeline(s, g, g.startMs, false);
  let t0 = cpu();
  const records = feed(decodeOnly, g);
  const decodeCpu = cpu() - t0;

  const batches: { batch: FlowBatch; at: number }[] = [];
  const keep = pipeline(s, g, g.startMs, false, { name: 'keep', consume: (b) => void batches.push({ batch: copyBatch(b), at: keep.clock.now() }) });
  feed(keep, g);

  // Detection alone: the same batches, at the same detector times.
  const detectOnly = pipeline(s, g, g.startMs, false);
  t0 = cpu();
  for (const { batch, at } of batches) {
    detectOnly.clock.set(at);
    detectOnly.detector.consume(batch, detectOnly.collector.exporters);
  }
  const detectCpu = cpu() - t0;

  const passes: number[] = [];
  for (let k = 0; k < 7; k++) {
    const warm = pipeline(s, g, g.startMs, false);
    t0 = cpu();
    for (const { batch, at } of batches) {
      warm.clock.set(at);
      warm.detector.consume(batch, warm.collector.exporters);
    }
    if (k >= 4) passes.push(cpu() - t0);
  }
  passes.sort((a, b) => a - b);

  const both = pipeline(s, g, g.startMs, true);
  t0 = cpu();
  feed(both, g);
  const bothCpu = cpu() - t0;
  return {
    scenario: s.name,
    datagrams: g.datagrams.length,
    records,
    seconds: g.seconds,
    decodePerCpuSecond: Math.round(records / decodeCpu),
    detectPerCpuSecond: Math.round(records / detectCpu),
    detectWarmPerCpuSecond: Math.round(records / passes[1]!),
    decodeDetectPerCpuSecond: Math.round(records / bothCpu),
    attacks: both.sink.of('attack.started').length,
  };
}
