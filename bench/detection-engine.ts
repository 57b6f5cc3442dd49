/**
 * Detection engine benchmark: records per CPU-second through the engine on realistic batches,
 * memory per tracked destination, the heavy-hitter sketch against exact counting, and end-to-end
 * detection figures (time to detect, attacker-list recall and precision at 1:1000 sampling).
 *
 * Run: npm run bench:detection-engine
 */
import { ManualClock } from '../src/core/clock.js';
import { CollectingAttackSink } from '../src/detection/attack.js';
import { DetectionEngine } from '../src/detection/detection-engine.js';
import { HostTable } from '../src/detection/host-table.js';
import { SpaceSaving } from '../src/detection/space-saving.js';
import { DEMO_NETWORKS, F, nth, P, run, samplesPerStep, testConfig, testEngine, type RecordSpec } from '../src/detection/testing/flow-builder.js';
import { FlowBatch, FlowFormat } from '../src/flow/flow-batch.js';

const BATCH = 8192;

/** xorshift32 in [0, 1). */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

type Mix = 'sflow' | 'netflow' | 'netflow-long' | 'attack' | 'random-dst';

/** Fills a batch with records of a traffic mix, stamped at `nowMs`. */
function fill(b: FlowBatch, mix: Mix, nowMs: number, r: () => number): void {
  b.clear();
  for (let n = 0; n < BATCH; n++) {
    const i = b.begin();
    const o = i * 4;
    const x = r();
    const protectedDst = mix === 'random-dst' || x < 0.3;
    b.srcAddr[o + 2] = 0xffff;
    b.dstAddr[o + 2] = 0xffff;
    if (mix === 'attack' && x < 0.15) {
      b.srcAddr[o + 3] = (0x64400000 + Math.floor(r() * 20000)) >>> 0; // bots in 100.64/11
      b.dstAddr[o + 3] = 0xc000020a; // 192.0.2.10
      b.protocol[i] = P.TCP;
      b.tcpFlags[i] = F.SYN;
    } else {
      b.srcAddr[o + 3] = (0xac100000 + Math.floor(r() * 0x100000)) >>> 0; // 172.16/12
      if (mix === 'random-dst') {
        if (r() < 0.5)
          b.dstAddr[o + 3] = (0xc6120000 | Math.floor(r() * 1024)) >>> 0; // 198.18.0.0/22
        else {
          b.dstAddr[o] = 0x20010db8;
          b.dstAddr[o + 1] = 0x04000000 | Math.floor(r() * 65536);
          b.dstAddr[o + 2] = Math.floor(r() * 2 ** 32);
          b.dstAddr[o + 3] = Math.floor(r() * 2 ** 32);
        }
      } else if (protectedDst) b.dstAddr[o + 3] = ([0xc6336400, 0xcb007100, 0xc6120000, 0xc6130000][Math.floor(r() * 4)]! + Math.floor(r() * 256)) >>> 0;
      else b.dstAddr[o + 3] = Math.floor(r() * 2 ** 32) >>> 0;
      b.protocol[i] = r() < 0.8 ? P.TCP : P.UDP;
      b.tcpFlags[i] = F.ACK | F.PSH;
    }
    b.ipVersion[i] = 4;
    b.srcPort[i] = 1024 + Math.floor(r() * 60000);
    b.dstPort[i] = 443;
    if (mix === 'netflow' || mix === 'netflow-long') {
      b.packets[i] = 1 + Math.floor(r() * 200);
      b.bytes[i] = b.packets[i]! * 700;
      b.samplingRate[i] = 1;
      b.endMs[i] = nowMs - Math.floor(r() * 2000);
      // Most flows are short; long ones come as active-timeout records of up to 60 s.
      const d = r();
      const duration = mix === 'netflow-long' ? 60000 : d < 0.6 ? r() * 1000 : d < 0.85 ? 1000 + r() * 9000 : 10000 + r() * 50000;
      b.startMs[i] = b.endMs[i]! - Math.floor(duration);
      b.format[i] = FlowFormat.Ipfix;
    } else {
      b.packets[i] = 1;
      b.bytes[i] = 64 + Math.floor(r() * 1400);
      b.samplingRate[i] = 1000;
      b.startMs[i] = nowMs;
      b.endMs[i] = nowMs;
      b.format[i] = FlowFormat.Sflow;
    }
    b.commit();
  }
  b.scale(0, 1);
}

/**
 * Ordinary traffic goes to the networks other than Aozora's, with thresholds set above it (the
 * synthetic load describes more packets per host than any real one); the attack mix floods 192.0.2.10.
 */
const BENCH_NETWORKS = DEMO_NETWORKS.map((n) => (n.id === 'net-aozora-4' ? n : { ...n, thresholds: { total: { pps: 1e12, bps: 1e15 } }, prefixThresholds: { total: { pps: 1e12, bps: 1e15 } } }));

function throughput(mix: Mix): { recordsPerCpuSecond: number; nsPerRecord: number; attacks: number; trackedHosts: number } {
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 9));
  const sink = new CollectingAttackSink();
  const engine = new DetectionEngine(testConfig(), { sink, newId: () => `a${sink.events.length}` }, clock.now());
  engine.setNetworks(BENCH_NETWORKS, clock.now());
  const r = rng(7);
  // Pre-generate a second's worth of batches per 100 ms step, reused with fresh timestamps.
  const batches = Array.from({ length: 8 }, () => new FlowBatch(BATCH));
  batches.forEach((b) => fill(b, mix, clock.now(), r));
  let records = 0;
  const t0 = cpuSeconds();
  const deadline = t0 + 3;
  let k = 0;
  while (cpuSeconds() < deadline) {
    const b = batches[k++ % batches.length]!;
    const now = clock.now();
    const shift = now - b.endMs[0]!;
    if (shift !== 0) for (let i = 0; i < b.length; i++) (b.startMs[i]! += shift), (b.endMs[i]! += shift);
    engine.consume(b, now);
    records += b.length;
    clock.advance(25);
  }
  const cpu = cpuSeconds() - t0;
  return { recordsPerCpuSecond: Math.round(records / cpu), nsPerRecord: Math.round((cpu / records) * 1e9), attacks: sink.of('attack.started').length, trackedHosts: engine.state.hosts.live };
}

function memory(): Record<string, number> {
  const cfg = testConfig();
  const before = process.memoryUsage().arrayBuffers;
  const t = new HostTable(cfg.maxHosts, cfg.windowSeconds);
  const after = process.memoryUsage().arrayBuffers;
  return {
    windowSeconds: cfg.windowSeconds,
    bytesPerTrackedDestination: HostTable.bytesPerHost(cfg.windowSeconds),
    measuredBytesPerSlot: Math.round(t.byteLength / t.capacity),
    maxHosts: cfg.maxHosts,
    hostTableMiB: Math.round((t.byteLength / 2 ** 20) * 10) / 10,
    arrayBufferDeltaMiB: Math.round(((after - before) / 2 ** 20) * 10) / 10,
    bytesPerSketchEntry: SpaceSaving.BYTES_PER_ENTRY,
  };
}

/** Space-Saving against exact counting on a heavy-tailed source stream. */
function sketch(): Array<Record<string, number | string>> {
  const out: Array<Record<string, number | string>> = [];
  const N = 2_000_000;
  const DISTINCT = 200_000;
  const r = rng(11);
  // Zipf-like weights: key = floor(DISTINCT^u) concentrates on small keys.
  const keys = new Uint32Array(N);
  for (let i = 0; i < N; i++) keys[i] = Math.floor(Math.pow(DISTINCT, r())) - 1;
  const exact = new Map<string, number>();
  let t0 = cpuSeconds();
  for (let i = 0; i < N; i++) {
    const k = `100.${(keys[i]! >>> 16) & 255}.${(keys[i]! >>> 8) & 255}.${keys[i]! & 255}`;
    exact.set(k, (exact.get(k) ?? 0) + 1);
  }
  const exactCpu = cpuSeconds() - t0;
  const truth = [...exact.entries()].sort((a, b) => b[1] - a[1]);
  out.push({ method: 'exact Map<string>', capacity: exact.size, updatesPerSecond: Math.round(N / exactCpu), top100Recall: 1, top100Precision: 1 });
  for (const cap of [1024, 4096, 16384, 262144]) {
    const s = new SpaceSaving(cap, cap, () => false);
    t0 = cpuSeconds();
    for (let i = 0; i < N; i++) s.offer(0, 0, 0xffff, (0x64000000 | keys[i]!) >>> 0, 1, 100, i, 1);
    const cpu = cpuSeconds() - t0;
    const top = new Set(
      s
        .ranked()
        .slice(0, 100)
        .map((e) => s.keys[e * 4 + 3]! & 0xffffff),
    );
    const trueTop = new Set(
      truth.slice(0, 100).map(([k]) =>
        k
          .split('.')
          .slice(1)
          .reduce((a, p) => a * 256 + Number(p), 0),
      ),
    );
    let hit = 0;
    for (const k of top) if (trueTop.has(k)) hit++;
    out.push({ method: 'Space-Saving', capacity: cap, updatesPerSecond: Math.round(N / cpu), top100Recall: hit / 100, top100Precision: hit / top.size, exact: cap >= exact.size ? 'yes' : 'no' });
  }
  // A botnet seen through 1:1000 sampling: 50 000 sources with about 6 samples each, no heavy hitters.
  // Listing every bot needs a summary at least as large as the botnet: the engine grows each
  // attack's summary up to `attackers.maxPerAttack` (131 072) within a global budget.
  const bots = 50_000;
  const stream = new Uint32Array(bots * 6);
  for (let i = 0; i < stream.length; i++) stream[i] = Math.floor(r() * bots);
  const seen = new Set(stream);
  for (const cap of [16384, 65536]) {
    const s = new SpaceSaving(cap, cap, () => false);
    t0 = cpuSeconds();
    for (let i = 0; i < stream.length; i++) s.offer(0, 0, 0xffff, (0x64400000 | stream[i]!) >>> 0, 1000, 60000, i, 1);
    const cpu = cpuSeconds() - t0;
    let held = 0;
    for (let e = 0; e < s.size; e++) if (seen.has(s.keys[e * 4 + 3]! & 0xfffff)) held++;
    out.push({ method: 'Space-Saving, uniform botnet', capacity: cap, updatesPerSecond: Math.round(stream.length / cpu), sourcesRecall: Math.round((held / seen.size) * 1000) / 1000 });
  }
  return out;
}

/** End-to-end: time to detect at multiples of the threshold, and the 93 k burst. */
function timeToDetect(): Array<Record<string, number | string>> {
  const out: Array<Record<string, number | string>> = [];
  for (const [label, pps, seconds] of [
    ['2× threshold (40 kpps)', 40000, 10],
    ['5× threshold (100 kpps)', 100000, 10],
    ['one-second burst of 93 k packets', 93000, 1],
  ] as const) {
    const samples: number[] = [];
    for (let phase = 0; phase < 10; phase++) {
      const h = testEngine();
      run(h, 3 + phase / 10, () => []);
      const start = h.clock.now();
      let at = -1;
      run(
        h,
        seconds,
        (now, k) => {
          if (at < 0 && h.sink.of('attack.started').length > 0) at = now;
          return Array.from({ length: samplesPerStep(pps, 1000, 20, k) }, (_, j) => ({
            src: nth('100.64.0.0', (k * 31 + j) % 5000),
            dst: '192.0.2.10',
            protocol: P.TCP,
            tcpFlags: F.SYN,
            bytes: 60,
            samplingRate: 1000,
            endMs: now,
          }));
        },
        20,
      );
      if (at < 0 && h.sink.of('attack.started').length > 0) at = h.clock.now();
      samples.push(at < 0 ? NaN : at - start);
    }
    const ok = samples.filter((x) => !Number.isNaN(x));
    out.push({ case: label, detected: `${ok.length}/10`, meanMs: Math.round(ok.reduce((a, b) => a + b, 0) / Math.max(1, ok.length)), maxMs: Math.max(...ok) });
  }
  return out;
}

/** Botnet attack at 1:1000 sampling with ordinary clients around: attacker-list recall and precision. */
function botnet(bots: number, ppsPerBot: number, attackSeconds: number): Record<string, number> {
  const h = testEngine({}, DEMO_NETWORKS);
  const r = rng(99);
  const victim = '198.51.100.10';
  const benign = (now: number, k: number): RecordSpec[] =>
    Array.from({ length: samplesPerStep(8000, 1000, 100, k) }, () => ({
      src: nth('172.16.0.0', Math.floor(r() * 800)),
      dst: victim,
      protocol: P.TCP,
      tcpFlags: F.ACK | F.PSH,
      bytes: 900,
      samplingRate: 1000,
      endMs: now,
    }));
  const flags = [F.SYN, F.ACK, F.ACK | F.PSH];
  const attack = (now: number, k: number): RecordSpec[] =>
    Array.from({ length: samplesPerStep(bots * ppsPerBot, 1000, 100, k) }, () => {
      const v = Math.floor(r() * 4);
      return v === 3
        ? { src: nth('100.64.0.0', Math.floor(r() * bots)), dst: victim, protocol: P.GRE, bytes: 590, samplingRate: 1000, endMs: now }
        : { src: nth('100.64.0.0', Math.floor(r() * bots)), dst: victim, protocol: P.TCP, tcpFlags: flags[v]!, bytes: 80, samplingRate: 1000, endMs: now };
    });
  run(h, 300, benign);
  run(h, attackSeconds, (now, k) => [...benign(now, k), ...attack(now, k)]);
  run(h, 30, benign);
  const ended = h.sink.of('attack.ended')[0];
  const listed = ended?.attackers ?? [];
  const truePositives = listed.filter((a) => a.address.startsWith('100.64.')).length;
  return {
    bots,
    ppsPerBot,
    attackSeconds,
    expectedSamplesPerBot: (ppsPerBot * attackSeconds) / 1000,
    listed: listed.length,
    recall: truePositives / bots,
    precision: listed.length === 0 ? 0 : truePositives / listed.length,
  };
}

const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const section = (name: string): boolean => only === undefined || only === name;
if (section('throughput')) {
  console.log('== throughput (records per CPU-second through the engine; decoding not included) ==');
  const mixes = (process.argv
    .find((a) => a.startsWith('--mix='))
    ?.slice(6)
    .split(',') ?? ['sflow', 'netflow', 'netflow-long', 'attack', 'random-dst']) as Mix[];
  for (const mix of mixes) console.log(mix.padEnd(11), JSON.stringify(throughput(mix)));
}
if (section('memory')) {
  console.log('== memory ==');
  console.log(JSON.stringify(memory()));
}
if (section('sketch')) {
  console.log('== heavy hitters: Space-Saving vs exact, 2 M updates over 200 k Zipf-distributed sources ==');
  for (const row of sketch()) console.log(JSON.stringify(row));
}
if (section('detect')) {
  console.log('== time to detect (20 kpps default threshold, sFlow 1:1000, 20 ms batches, 10 phases) ==');
  for (const row of timeToDetect()) console.log(JSON.stringify(row));
}
if (section('botnet')) {
  console.log('== attacker list at sFlow 1:1000 (SYN/ACK/stomp/GRE botnet, 800 ordinary clients) ==');
  console.log(JSON.stringify(botnet(2000, 100, 60)));
  console.log(JSON.stringify(botnet(10000, 50, 120)));
}
