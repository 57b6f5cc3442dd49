/**
 * Detection throughput on the compiled build (`dist/`, what `sakimori serve` runs), without tsx's
 * loader in the process: `npm run bench:detection-compiled` builds, then runs this with plain node.
 * The same measurement as the throughput section of `npm run bench:detection` (decoded batches of a
 * scenario fed again to fresh detectors), printing the first pass and the median of three warm
 * passes after four warm-up passes. Running sources under tsx costs ~10 % here, so this is the
 * figure for a running server.
 *
 * Options: scenario names (default: busy-border and the built-in attack scenarios).
 */
import { validateConfig } from '../dist/config/load.js';
import { createCollector } from '../dist/collector/collector.js';
import { ManualClock } from '../dist/core/clock.js';
import { silentLogger } from '../dist/core/logger.js';
import { createMetricsRegistry } from '../dist/core/metrics.js';
import { CollectingAttackSink } from '../dist/detection/attack.js';
import { createDetector } from '../dist/detection/detector.js';
import { scenarioDetectionOverrides, scenarioNetworks } from '../dist/scoring/scenario-setup.js';
import { createDecoders } from '../dist/flow/decoders.js';
import { FlowBatch } from '../dist/flow/flow-batch.js';
import { fileURLToPath } from 'node:url';
import { createSimulation, loadScenarioFile } from '../dist/simulator/index.js';

/** The busy border shared with `bench/detection.ts`. */
const BUSY = fileURLToPath(new URL('./busy-border.yaml', import.meta.url));

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function copyBatch(b) {
  const c = new FlowBatch(Math.max(1, b.length));
  for (const [k, v] of Object.entries(b)) {
    if (!ArrayBuffer.isView(v)) continue;
    c[k].set(v.subarray(0, b.length * (v.length / b.capacity)));
  }
  c.length = b.length;
  return c;
}

function pipeline(s, g, extra) {
  const config = validateConfig({ collector: { exporters: g.addresses.map((address, i) => ({ address, samplingRate: g.samplingRates[i] })) }, detection: scenarioDetectionOverrides(s.thresholds) });
  const clock = new ManualClock(g.startMs);
  const deps = { clock, logger: silentLogger(), metrics: createMetricsRegistry() };
  const c = config.collector;
  const decoders = createDecoders({
    maxTemplatesPerExporter: c.templates.maxPerExporter,
    maxTemplatesTotal: c.templates.maxTotal,
    templateTimeoutMs: c.templates.timeoutSeconds * 1000,
    maxDatagramBytes: c.maxDatagramBytes,
  });
  const collector = createCollector({ ...c, enabled: false }, { ...deps, decoders });
  const sink = new CollectingAttackSink();
  const detector = createDetector(config.detection, { ...deps, sink, networks: scenarioNetworks(s) });
  if (extra !== undefined) collector.addConsumer(extra);
  return { clock, collector, detector, sink };
}

function measure(s) {
  const sim = createSimulation(s, {});
  const g = { datagrams: [...sim.datagrams()], addresses: sim.exporters.map((e) => e.address), samplingRates: sim.exporters.map((e) => e.samplingRate), startMs: sim.startMs };
  const batches = [];
  const keep = pipeline(s, g, { name: 'keep', consume: (b) => void batches.push({ batch: copyBatch(b), at: keep.clock.now() }) });
  let next = g.startMs + 100;
  let records = 0;
  for (const d of g.datagrams) {
    while (d.timeMs >= next) {
      keep.clock.set(next);
      keep.collector.flush();
      next += 100;
    }
    keep.clock.set(d.timeMs);
    records += Math.max(0, keep.collector.ingest(d.kind, d.payload, g.addresses[d.exporter], d.timeMs));
  }
  keep.collector.flush();
  const passes = [];
  let attacks = 0;
  for (let k = 0; k < 8; k++) {
    const p = pipeline(s, g);
    const t0 = cpu();
    for (const { batch, at } of batches) {
      p.clock.set(at);
      p.detector.consume(batch, p.collector.exporters);
    }
    passes.push(cpu() - t0);
    attacks = p.sink.of('attack.started').length;
  }
  const warm = passes.slice(5).sort((a, b) => a - b)[1];
  return { name: s.name, records, first: records / passes[0], warm: records / warm, attacks };
}

const names = process.argv.slice(2);
const scenarios = (names.length > 0 ? names : ['busy-border', 'carpet-bombing-22', 'botnet-mirai', 'udp-amplification']).map((n) => loadScenarioFile(n === 'busy-border' ? BUSY : n));
const m = (x) => `${(x / 1e6).toFixed(2)} M`;
process.stdout.write(`Node ${process.version}; detection alone on the compiled build, records per CPU-second\n`);
process.stdout.write('scenario           records   first pass   warm (median of 3 after 4 warm-up passes)   attacks\n');
for (const s of scenarios) {
  const r = measure(s);
  process.stdout.write(`${r.name.padEnd(18)} ${String(r.records).padStart(8)}   ${m(r.first).padStart(10)}   ${m(r.warm).padStart(10)}                                  ${r.attacks}\n`);
}
