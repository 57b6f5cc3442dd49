/**
 * Indicator matcher benchmark: flow records per CPU-second (process.cpuUsage, user + system)
 * through the compiled indicator trie, both ends of every record, for indicator sets of growing
 * size; first the no-hit path (what almost all traffic takes), then the whole sightings tracker
 * with a share of records hitting indicators. Also the compile time and trie size of each set.
 *
 * Usage: npm run bench:indicators [-- --seconds 2]
 */
import { parseAddress, writeAddressAt } from '../src/core/ip.js';
import { FlowBatch } from '../src/flow/flow-batch.js';
import { IndicatorSet, type SourcedIndicatorInput } from '../src/intel/indicator-set.js';
import { MatchBuffer, type IndicatorMatcher } from '../src/intel/indicator-matcher.js';
import { SightingTracker } from '../src/intel/sighting-tracker.js';
import { DEMO_NETWORKS } from '../src/intel/testing/flows.js';

const argSeconds = process.argv.indexOf('--seconds');
const SECONDS = argSeconds > 0 ? Number(process.argv[argSeconds + 1]) : 2;
const BATCH = 8192;
const MIRRORFACE = ['5.8.95.174', '45.32.13.180', '103.175.16.39'];

let seed = 0x5eed;
function rnd(): number {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

function v4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** MirrorFace's three C2 addresses plus `hosts` random IPv4 /32s, `nets` /24s and `v6` IPv6 /48s. */
function indicatorSet(hosts: number, nets: number, v6: number): SourcedIndicatorInput[] {
  const out: SourcedIndicatorInput[] = MIRRORFACE.map((value) => ({ value, port: null, label: 'MirrorFace C2', source: 'bench' }));
  for (let i = 0; i < hosts; i++) out.push({ value: v4(rnd()), source: 'bench' });
  for (let i = 0; i < nets; i++) out.push({ value: `${v4(rnd() & 0xffffff00)}/24`, source: 'bench', port: i % 3 === 0 ? 443 : null });
  for (let i = 0; i < v6; i++) out.push({ value: `2a0${i % 10}:${(rnd() & 0xffff).toString(16)}:${(rnd() & 0xffff).toString(16)}::/48`, source: 'bench' });
  return out;
}

/**
 * A batch of records between random addresses (90 % IPv4, 10 % IPv6) none of which matches;
 * `hitEvery` > 0 makes every n-th record a flow from a protected host to a MirrorFace address.
 */
function trafficBatch(m: IndicatorMatcher, hitEvery: number): FlowBatch {
  const b = new FlowBatch(BATCH);
  const randomAddress = (): [number, number, number, number] => {
    for (;;) {
      const w: [number, number, number, number] = rnd() % 10 === 0 ? [0x2a000000 | (rnd() & 0xffffff), rnd(), rnd(), rnd()] : [0, 0, 0xffff, rnd()];
      if (m.match(w[0], w[1], w[2], w[3], -1, -1) < 0) return w;
    }
  };
  const protectedHost = parseAddress('192.0.2.10');
  for (let k = 0; k < BATCH; k++) {
    const i = b.begin();
    const hit = hitEvery > 0 && k % hitEvery === 0;
    writeAddressAt(b.srcAddr, i, hit ? protectedHost : randomAddress());
    writeAddressAt(b.dstAddr, i, hit ? parseAddress(MIRRORFACE[k % 3]!) : randomAddress());
    b.protocol[i] = 6;
    b.srcPort[i] = 1024 + (rnd() & 0x7fff);
    b.dstPort[i] = 443;
    b.packets[i] = 1;
    b.bytes[i] = 100;
    b.startMs[i] = b.endMs[i] = 1_767_225_600_000;
    b.commit();
  }
  b.scale(0, 1);
  return b;
}

/** Records per CPU-second of `fn` over one batch, measured for about SECONDS. */
function measure(fn: () => void): number {
  for (let k = 0; k < 50; k++) fn();
  let batches = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  while (performance.now() - t0 < SECONDS * 1000) {
    for (let k = 0; k < 20; k++) fn();
    batches += 20;
  }
  const c = process.cpuUsage(c0);
  return (batches * BATCH) / ((c.user + c.system) / 1e6);
}

const fmt = (n: number): string => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} M` : `${(n / 1e3).toFixed(0)} k`);
const rows: string[][] = [['indicators', 'compile ms', 'trie nodes v4/v6', 'no-hit scan rec/s', 'tracker 0.1% hits rec/s', 'tracker 1% hits rec/s']];
for (const [hosts, nets, v6] of [
  [0, 0, 0],
  [1000, 100, 100],
  [100_000, 10_000, 10_000],
  [1_000_000, 0, 0],
] as const) {
  const inputs = indicatorSet(hosts, nets, v6);
  const set = new IndicatorSet();
  const t0 = performance.now();
  set.replace(inputs);
  const compileMs = performance.now() - t0;
  const m = set.matcher();
  const buf = new MatchBuffer();
  const clean = trafficBatch(m, 0);
  const noHit = measure(() => {
    if (m.scan(clean, buf) !== 0) throw new Error('unexpected match');
  });
  const tracked = (every: number): number => {
    const tracker = new SightingTracker({ maxSightings: 65536, requireProtected: true }, m);
    tracker.setNetworks(DEMO_NETWORKS);
    const batch = trafficBatch(m, every);
    const r = measure(() => tracker.consume(batch, 1_767_225_601_000));
    if (tracker.table.live !== 3) throw new Error(`expected 3 sightings, found ${tracker.table.live}`);
    return r;
  };
  rows.push([String(set.size), compileMs.toFixed(0), `${m.nodes.v4}/${m.nodes.v6}`, fmt(noHit), fmt(tracked(1000)), fmt(tracked(100))]);
}

const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
process.stdout.write(`indicator matching, both ends of every record, ${BATCH}-record batches, ${SECONDS} s per figure (records per CPU-second)\n`);
for (const r of rows) process.stdout.write(`${r.map((c, i) => c.padStart(widths[i]!)).join('  ')}\n`);
process.stdout.write('target: >= 10 M records/s per core on the no-hit path\n');
