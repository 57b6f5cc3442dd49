/**
 * STIX pattern compilation benchmark (`npx tsx bench/intel-patterns.ts`): a million STIX network
 * indicators — single IPv4 addresses, IPv4 /24s, IPv6 addresses and /48s, and address + port +
 * protocol network-traffic patterns — read page by page from an in-memory STIX reader, compiled
 * and swapped into the live indicator set by the synchroniser (the same code the platform runs),
 * with the longest event-loop stall measured by a 1 ms timer (target: at most 50 ms). Then the
 * flow matcher's records per CPU-second before (the same addresses, address-only, loaded from an
 * indicator file) and after (the compiled set), on the no-hit path and with 1 % of records hitting.
 *
 * Sizes: SAKIMORI_BENCH_PATTERNS (default 1 000 000), --seconds per throughput figure (default 2).
 * CPU figures (process.cpuUsage) are this process only; wall figures include the neighbours on a
 * shared machine.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ManualClock } from '../src/core/clock.js';
import { formatIPv4, formatIPv6Words, parseAddress, writeAddressAt } from '../src/core/ip.js';
import { silentLogger } from '../src/core/logger.js';
import { createMetricsRegistry } from '../src/core/metrics.js';
import { FlowBatch } from '../src/flow/flow-batch.js';
import { IndicatorSet } from '../src/intel/indicator-set.js';
import { type IndicatorMatcher, MatchBuffer } from '../src/intel/indicator-matcher.js';
import { readIndicatorFile } from '../src/intel/read-indicator-file.js';
import { nextTurn, type Pacing } from '../src/intel/trie-builder.js';
import { SightingTracker } from '../src/intel/sighting-tracker.js';
import type { StixIndicatorReader } from '../src/intel/stix-indicators/c2-infrastructure.js';
import { createStixIndicatorSync } from '../src/intel/stix-indicators/stix-indicator-sync.js';
import type { StoredObject } from '../src/intel/stix/stix-store.js';

/** Figures of one run. */
export interface IntelPatternsReport {
  readonly patterns: number;
  /** Flow indicators in the compiled set, and STIX indicators compiled / skipped. */
  readonly compiled: { readonly stix: number; readonly skipped: number; readonly indicators: number };
  /** First load (empty set) and a refresh replacing the live million: wall and CPU seconds, longest stall. */
  readonly load: Phase;
  readonly reload: Phase;
  /** The blocking replace of the address-only file set, for comparison. */
  readonly fileReplace: Phase;
  /** The sightings tracker's listener on a million-indicator swap (runs in the swap's last turn). */
  readonly trackerSetMatcherMs: number;
  /** Records per CPU-second: address-only file set, then compiled STIX set. */
  readonly before: Throughput;
  readonly after: Throughput;
}

interface Phase {
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  /** Longest gap between the ticks of a 1 ms timer (wall clock: on a busy machine, neighbours too). */
  readonly maxStallMs: number;
  /**
   * Longest slice of the paced swap between two pauses, in process CPU time (GC threads included);
   * from the second slice on, as the first is measured from the start of the refresh.
   */
  readonly maxSliceCpuMs: number;
  readonly pauses: number;
}

interface Throughput {
  readonly noHit: number;
  readonly hits1pc: number;
}

const BATCH = 8192;
const CREATED = '2026-01-01T00:00:00.000Z';

/** A deterministic 32-bit hash of `i` and a salt. */
function hash(i: number, salt: number): number {
  let t = (Math.imul(i, 0x9e3779b1) + salt) >>> 0;
  t = Math.imul(t ^ (t >>> 16), 0x85ebca6b);
  t = Math.imul(t ^ (t >>> 13), 0xc2b2ae35);
  return (t ^ (t >>> 16)) >>> 0;
}

/** Indicator `i`'s value (address or prefix) and pattern: 40 % IPv4 hosts, 20 % /24s, 20 % IPv6, 20 % host + 443/tcp. */
function indicatorAt(i: number): { value: string; pattern: string } {
  const a = hash(i, 1);
  const kind = i % 10;
  if (kind < 4) {
    const value = formatIPv4(a);
    return { value, pattern: `[ipv4-addr:value = '${value}']` };
  }
  if (kind < 6) {
    const value = `${formatIPv4(a & 0xffffff00)}/24`;
    return { value, pattern: `[ipv4-addr:value ISSUBSET '${value}']` };
  }
  if (kind < 8) {
    const w0 = (0x2a000000 | (a & 0xffffff)) >>> 0;
    const w1 = hash(i, 2);
    if (kind === 6) {
      const value = formatIPv6Words(w0, w1, hash(i, 3), hash(i, 4) | 1);
      return { value, pattern: `[ipv6-addr:value = '${value}']` };
    }
    const value = `${formatIPv6Words(w0, w1 & 0xffff0000, 0, 0)}/48`;
    return { value, pattern: `[ipv6-addr:value ISSUBSET '${value}']` };
  }
  const value = formatIPv4(a);
  return { value, pattern: `[network-traffic:dst_ref.value = '${value}' AND network-traffic:dst_port = 443 AND network-traffic:protocols[*] = 'tcp']` };
}

/** A STIX reader over `n` generated indicators, made page by page (no million objects held). */
function generatedReader(n: number): StixIndicatorReader {
  const stored = (i: number): StoredObject => {
    const id = `indicator--00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
    const { pattern } = indicatorAt(i);
    const object = {
      type: 'indicator',
      spec_version: '2.1',
      id,
      created: CREATED,
      modified: CREATED,
      name: `bench ${i}`,
      pattern,
      pattern_type: 'stix',
      valid_from: CREATED,
      indicator_types: i % 3 === 0 ? ['malicious-activity'] : ['anomalous-activity'],
    };
    return { id, type: 'indicator', version: CREATED, specVersion: '2.1', created: CREATED, modified: CREATED, revoked: false, isLast: true, markingRefs: [], source: 'bench', dateAdded: 0, object };
  };
  return {
    async list(options = {}) {
      if (options.types !== undefined && !options.types.includes('indicator')) return { objects: [] };
      const from = Number(options.after ?? 0);
      const to = Math.min(n, from + (options.limit ?? 100));
      const objects = Array.from({ length: to - from }, (_, k) => stored(from + k));
      return to < n ? { objects, next: String(to) } : { objects };
    },
    get: (async () => undefined) as unknown as StixIndicatorReader['get'],
    async references() {
      return [];
    },
  };
}

/** Longest gap between the ticks of a 1 ms timer, less the 1 ms. */
class StallMonitor {
  #max = 0;
  #last = 0;
  #timer: NodeJS.Timeout | undefined;

  start(): void {
    this.#max = 0;
    this.#last = performance.now();
    this.#timer = setInterval(() => {
      const now = performance.now();
      this.#max = Math.max(this.#max, now - this.#last - 1);
      this.#last = now;
    }, 1);
  }

  /** Stops and returns the longest stall, the one still running included. */
  stop(): number {
    clearInterval(this.#timer);
    return Math.max(this.#max, performance.now() - this.#last - 1);
  }
}

/** Pacing that records the CPU time of each slice of a paced swap. */
class SliceMonitor {
  maxCpuMs = 0;
  pauses = 0;
  #c0 = process.cpuUsage();

  readonly pacing: Pacing = {
    pause: async () => {
      const c = process.cpuUsage(this.#c0);
      if (this.pauses > 0) this.maxCpuMs = Math.max(this.maxCpuMs, (c.user + c.system) / 1000);
      this.pauses++;
      await nextTurn();
      this.#c0 = process.cpuUsage();
    },
  };

  reset(): void {
    this.maxCpuMs = 0;
    this.pauses = 0;
    this.#c0 = process.cpuUsage();
  }
}

async function phase(fn: () => Promise<unknown> | unknown, slices?: SliceMonitor): Promise<Phase> {
  slices?.reset();
  const monitor = new StallMonitor();
  // Let the timer tick once before the work starts.
  monitor.start();
  await new Promise((resolve) => setTimeout(resolve, 5));
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wallSeconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { wallSeconds, cpuSeconds: (c.user + c.system) / 1e6, maxStallMs: monitor.stop(), maxSliceCpuMs: slices?.maxCpuMs ?? 0, pauses: slices?.pauses ?? 0 };
}

/** Random traffic (90 % IPv4) matching neither matcher; every `hitEvery`-th record goes to indicator `k`'s address on 443/tcp. */
function trafficBatch(matchers: readonly IndicatorMatcher[], hitEvery: number, patterns: number): FlowBatch {
  const b = new FlowBatch(BATCH);
  let s = 7;
  const randomAddress = (): [number, number, number, number] => {
    for (;;) {
      s++;
      const w: [number, number, number, number] = hash(s, 9) % 10 === 0 ? [(0x2a000000 | (hash(s, 10) & 0xffffff)) >>> 0, hash(s, 11), hash(s, 12), hash(s, 13)] : [0, 0, 0xffff, hash(s, 14)];
      if (matchers.every((m) => m.match(w[0], w[1], w[2], w[3], -1, -1) < 0)) return w;
    }
  };
  for (let k = 0; k < BATCH; k++) {
    const i = b.begin();
    const hit = hitEvery > 0 && k % hitEvery === 0;
    writeAddressAt(b.srcAddr, i, randomAddress());
    writeAddressAt(b.dstAddr, i, hit ? parseAddress(indicatorAt((k * 7919) % patterns).value.replace(/\/\d+$/, '')) : randomAddress());
    b.protocol[i] = 6;
    b.srcPort[i] = 1024 + (hash(k, 15) & 0x7fff);
    b.dstPort[i] = 443;
    b.packets[i] = 1;
    b.bytes[i] = 100;
    b.startMs[i] = b.endMs[i] = 1_767_225_600_000;
    b.commit();
  }
  b.scale(0, 1);
  return b;
}

/** Records per CPU-second of scanning `batch` for about `seconds`. */
function recordsPerSecond(m: IndicatorMatcher, batch: FlowBatch, seconds: number): number {
  const buf = new MatchBuffer();
  for (let k = 0; k < 50; k++) m.scan(batch, buf);
  let batches = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    for (let k = 0; k < 20; k++) m.scan(batch, buf);
    batches += 20;
  }
  const c = process.cpuUsage(c0);
  return (batches * BATCH) / ((c.user + c.system) / 1e6);
}

/** Runs the benchmark; `log` gets one line per step. */
export async function benchIntelPatterns(options: { readonly patterns?: number; readonly seconds?: number; readonly log?: (line: string) => void } = {}): Promise<IntelPatternsReport> {
  const n = options.patterns ?? 1_000_000;
  const seconds = options.seconds ?? 2;
  const log = options.log ?? (() => undefined);

  // Before: the same addresses, address-only, from an indicator file.
  const dir = mkdtempSync(join(tmpdir(), 'sakimori-bench-patterns-'));
  let fileSet: IndicatorSet;
  let fileReplace: Phase;
  try {
    const path = join(dir, 'indicators.txt');
    writeFileSync(path, `${Array.from({ length: n }, (_, i) => indicatorAt(i).value).join('\n')}\n`);
    const contents = readIndicatorFile(path);
    fileSet = new IndicatorSet();
    const set = fileSet;
    fileReplace = await phase(() => set.replaceSource(`file:${path}`, contents.inputs));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  log(`file set: ${fileSet.size} indicators, blocking replace ${fileReplace.wallSeconds.toFixed(1)} s, stall ${fileReplace.maxStallMs.toFixed(0)} ms`);

  // After: the STIX patterns, through the synchroniser.
  const set = new IndicatorSet();
  const slices = new SliceMonitor();
  const sync = createStixIndicatorSync({ clock: new ManualClock(), logger: silentLogger(), metrics: createMetricsRegistry(), store: generatedReader(n), indicators: set, pacing: slices.pacing });
  let result: Awaited<ReturnType<typeof sync.refresh>>;
  const load = await phase(async () => {
    result = await sync.refresh();
  }, slices);
  log(`load: ${load.wallSeconds.toFixed(1)} s wall, ${load.cpuSeconds.toFixed(1)} s CPU, stall ${load.maxStallMs.toFixed(0)} ms, longest swap slice ${load.maxSliceCpuMs.toFixed(0)} ms CPU`);
  const reload = await phase(() => sync.refresh(), slices);
  log(`reload: ${reload.wallSeconds.toFixed(1)} s wall, ${reload.cpuSeconds.toFixed(1)} s CPU, stall ${reload.maxStallMs.toFixed(0)} ms, longest swap slice ${reload.maxSliceCpuMs.toFixed(0)} ms CPU`);
  if (result === undefined) throw new Error('refresh did not run');

  const tracker = new SightingTracker({ maxSightings: 65536, requireProtected: false }, fileSet.matcher());
  const t0 = performance.now();
  tracker.setMatcher(set.matcher());
  const trackerSetMatcherMs = performance.now() - t0;

  const before = fileSet.matcher();
  const after = set.matcher();
  const clean = trafficBatch([before, after], 0, n);
  const hits = trafficBatch([before, after], 100, n);
  const report: IntelPatternsReport = {
    patterns: n,
    compiled: { stix: result.compiled, skipped: result.skipped.length, indicators: set.size },
    load,
    reload,
    fileReplace,
    trackerSetMatcherMs,
    before: { noHit: recordsPerSecond(before, clean, seconds), hits1pc: recordsPerSecond(before, hits, seconds) },
    after: { noHit: recordsPerSecond(after, clean, seconds), hits1pc: recordsPerSecond(after, hits, seconds) },
  };
  return report;
}

const fmtRate = (r: number): string => `${(r / 1e6).toFixed(1)} M`;

async function main(): Promise<void> {
  const argSeconds = process.argv.indexOf('--seconds');
  const seconds = argSeconds > 0 ? Number(process.argv[argSeconds + 1]) : 2;
  const patterns = Number(process.env.SAKIMORI_BENCH_PATTERNS ?? 1_000_000);
  const r = await benchIntelPatterns({ patterns, seconds, log: (line) => process.stdout.write(`  ${line}\n`) });
  const out = process.stdout;
  out.write(`STIX network patterns into the flow matcher: ${r.patterns.toLocaleString('en-US')} indicators\n`);
  out.write(`compiled ${r.compiled.stix.toLocaleString('en-US')} STIX indicators (${r.compiled.skipped} skipped) into ${r.compiled.indicators.toLocaleString('en-US')} flow indicators\n`);
  const row = (name: string, p: Phase): string =>
    `${name.padEnd(44)} ${p.wallSeconds.toFixed(1).padStart(6)} s wall ${p.cpuSeconds.toFixed(1).padStart(6)} s CPU   max stall ${p.maxStallMs.toFixed(0).padStart(5)} ms` +
    (p.pauses > 0 ? `   swap: ${p.pauses} pauses, longest slice ${p.maxSliceCpuMs.toFixed(0)} ms CPU\n` : '\n');
  out.write(row('parse + compile + paced swap, empty set', r.load));
  out.write(row('parse + compile + paced swap, over 1 M live', r.reload));
  out.write(row('address-only file set, blocking replace', r.fileReplace));
  out.write(`sightings tracker listener on the swap (setMatcher): ${r.trackerSetMatcherMs.toFixed(0)} ms\n`);
  out.write(`target: max stall <= 50 ms during the paced swap\n`);
  out.write(`flow matcher, records per CPU-second (both ends)      no-hit    1 % hits   (target: >= 10 M no-hit, as bench:indicators; detection's is 3 M)\n`);
  out.write(`  before: address-only set from a file           ${fmtRate(r.before.noHit).padStart(10)}  ${fmtRate(r.before.hits1pc).padStart(10)}\n`);
  out.write(`  after:  compiled STIX set                      ${fmtRate(r.after.noHit).padStart(10)}  ${fmtRate(r.after.hits1pc).padStart(10)}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
