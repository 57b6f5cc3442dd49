/**
 * Benchmark of the safeguards' cryptographic cores (`npm run bench:audit`):
 *   1. audit appends per second, sustained, with a signed checkpoint every 10 000 entries;
 *   2. inclusion and consistency proof generation (and verification) in a 10 M-entry tree;
 *   3. offline verification of a 1 M-entry export, the path `sakimori audit verify` takes;
 *   4. Crypto-PAn pseudonyms per second, IPv4 and IPv6;
 *   5. audit appends with the SQL store on SQLite (a file in a temporary directory), the store
 *      `sakimori serve` uses by default;
 *   6. automatic selection: flow records filtered per second (two domestic-set look-ups and the
 *      in-place compaction of the batch).
 * Sizes: SAKIMORI_BENCH_APPENDS (default 1 000 000), SAKIMORI_BENCH_TREE (default 10 000 000),
 * SAKIMORI_BENCH_SQL_APPENDS (default 200 000), SAKIMORI_BENCH_SELECTION (default 50 000 000).
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { verifyExportFile } from '../src/oversight/commands/audit-command.js';
import { exportLines } from '../src/oversight/audit/export/export-format.js';
import { CompactRange } from '../src/oversight/audit/merkle/compact-range.js';
import { assemblePlan, assembleRoot, consistencyPlan, inclusionPlan, rootPlan } from '../src/oversight/audit/merkle/proof-plan.js';
import { verifyConsistency, verifyInclusion } from '../src/oversight/audit/merkle/verify.js';
import { nodeMerkleHasher } from '../src/oversight/audit/node-crypto.js';
import { verifierFromKey } from '../src/oversight/audit/note/ed25519.js';
import type { StoredNode } from '../src/oversight/audit/store/audit-store.js';
import { MemoryAuditStore } from '../src/oversight/audit/store/memory/memory-audit-store.js';
import { sampleEvent, startTestLog, TEST_ORIGIN } from '../src/oversight/audit/testing/fixtures.js';
import { nodeAes128 } from '../src/privacy/cryptopan/aes-node.js';
import { CryptoPan } from '../src/privacy/cryptopan/crypto-pan.js';
import { silentLogger } from '../src/core/logger.js';
import { createMetricsRegistry } from '../src/core/metrics.js';
import { systemClock } from '../src/core/clock.js';
import { SqlAuditStore } from '../src/oversight/audit/store/sql/sql-audit-store.js';
import { createStorage } from '../src/storage/storage.js';
import { ExporterTable } from '../src/collector/exporter-table.js';
import { FlowBatch } from '../src/flow/flow-batch.js';
import { DomesticSet } from '../src/oversight/selection/domestic-set.js';
import type { V4Range, V6Prefix } from '../src/oversight/selection/delegated-stats.js';
import { SelectionFilter } from '../src/oversight/selection/selection-filter.js';
import { PLATFORM_MIGRATIONS } from '../src/platform/platform.js';

const APPENDS = Number(process.env.SAKIMORI_BENCH_APPENDS ?? 1_000_000);
const TREE = Number(process.env.SAKIMORI_BENCH_TREE ?? 10_000_000);
const SQL_APPENDS = Number(process.env.SAKIMORI_BENCH_SQL_APPENDS ?? 200_000);
const SELECTION = Number(process.env.SAKIMORI_BENCH_SELECTION ?? 50_000_000);
const hasher = nodeMerkleHasher();
const rows: [string, string][] = [];

function report(what: string, figure: string): void {
  rows.push([what, figure]);
  process.stdout.write(`  ${what.padEnd(58)} ${figure}\n`);
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const perSec = (count: number, ms: number): string => `${fmt((count / ms) * 1000)} /s`;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

async function benchAppends(): Promise<{ dir: string; file: string; verifierKey: string }> {
  process.stdout.write(`\n1. audit appends (in-memory store, checkpoint every 10 000 entries)\n`);
  const { log, store, signer } = await startTestLog({ config: { checkpointEveryEntries: 10_000 } });
  const wave = 1000;
  let t = performance.now();
  for (let n = 0; n < APPENDS; n += wave) {
    const pending: Promise<unknown>[] = [];
    for (let i = n; i < Math.min(APPENDS, n + wave); i++) pending.push(log.append(sampleEvent(i)));
    await Promise.all(pending);
  }
  await log.checkpoint();
  const ms = performance.now() - t;
  report(`${fmt(APPENDS)} appends, 1000 concurrent callers`, perSec(APPENDS, ms));
  report('  checkpoints signed meanwhile', fmt((await store.checkpoints()).length));
  const seq = 50_000;
  t = performance.now();
  for (let i = 0; i < seq; i++) await log.append(sampleEvent(i));
  report(`${fmt(seq)} appends, one caller awaiting each`, perSec(seq, performance.now() - t));
  await log.stop();

  const dir = mkdtempSync(join(tmpdir(), 'sakimori-bench-'));
  const file = join(dir, 'export.jsonl');
  const out = createWriteStream(file);
  t = performance.now();
  for await (const line of exportLines(store, log.hasher, TEST_ORIGIN)) {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  report(`export of ${fmt(log.size)} entries written`, `${fmt(performance.now() - t)} ms, ${fmt(statSync(file).size / 2 ** 20)} MiB`);
  return { dir, file, verifierKey: signer.verifierKey };
}

async function benchVerify(file: string, verifierKey: string): Promise<void> {
  process.stdout.write(`\n3. offline verification of the export (sakimori audit verify)\n`);
  const t = performance.now();
  const r = await verifyExportFile(file, [verifierFromKey(verifierKey)]);
  const ms = performance.now() - t;
  if (!r.ok) throw new Error(`export did not verify: ${r.problem}`);
  report(`verified ${fmt(r.entries)} entries and ${fmt(r.checkpoints)} checkpoints`, `${fmt(ms / 1000, 2)} s (${perSec(r.entries, ms)})`);
}

async function benchProofs(): Promise<void> {
  process.stdout.write(`\n2. proofs in a ${fmt(TREE)}-entry tree (in-memory store)\n`);
  const store = new MemoryAuditStore();
  const range = new CompactRange(hasher);
  const leafData = new Uint8Array(8);
  const view = new DataView(leafData.buffer);
  let t = performance.now();
  for (let start = 0; start < TREE; start += 65_536) {
    const entries = [];
    const nodes: StoredNode[] = [];
    for (let seq = start; seq < Math.min(TREE, start + 65_536); seq++) {
      view.setFloat64(0, seq);
      const data = leafData.slice();
      entries.push({ seq, data });
      range.append(hasher.leaf(data), (level, index, hash) => nodes.push({ level, index, hash }));
    }
    await store.append({ entries, nodes });
  }
  report('tree built (leaf hash + node hashes + store)', `${fmt((performance.now() - t) / 1000, 1)} s, ${perSec(TREE, performance.now() - t)}`);
  const root = assembleRoot(hasher, TREE, await store.nodes(rootPlan(TREE).nodes));
  const samples = 2000;
  const incl: number[] = [];
  const cons: number[] = [];
  const verifyTimes: number[] = [];
  let x = 7;
  const rand = (n: number): number => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), x % n);
  for (let i = 0; i < samples; i++) {
    const index = rand(TREE);
    t = performance.now();
    const plan = inclusionPlan(index, TREE);
    const proof = assemblePlan(hasher, plan, await store.nodes(plan.nodes));
    incl.push(performance.now() - t);
    view.setFloat64(0, index);
    t = performance.now();
    const ok = verifyInclusion(hasher, index, TREE, hasher.leaf(leafData), proof, root).ok;
    verifyTimes.push(performance.now() - t);
    if (!ok) throw new Error(`inclusion proof for ${index} failed`);
    const first = 1 + rand(TREE - 1);
    t = performance.now();
    const cplan = consistencyPlan(first, TREE);
    const cproof = assemblePlan(hasher, cplan, await store.nodes(cplan.nodes));
    cons.push(performance.now() - t);
    if (i < 50 && !verifyConsistency(hasher, first, TREE, assembleRoot(hasher, first, await store.nodes(rootPlan(first).nodes)), root, cproof).ok) {
      throw new Error(`consistency proof from ${first} failed`);
    }
  }
  for (const [name, times] of [
    ['inclusion proof generation', incl],
    ['consistency proof generation', cons],
    ['inclusion proof verification', verifyTimes],
  ] as const) {
    const sorted = [...times].sort((a, b) => a - b);
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    report(`${name} (${fmt(samples)} random)`, `mean ${fmt(mean * 1000)} µs, p99 ${fmt(percentile(sorted, 0.99) * 1000)} µs`);
  }
}

function benchCryptoPan(): void {
  process.stdout.write(`\n4. Crypto-PAn (AES-128 through OpenSSL)\n`);
  const key = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 3);
  let t = performance.now();
  const pan = new CryptoPan(key, nodeAes128);
  report('key setup (65 535 AES blocks for bits 0–15)', `${fmt(performance.now() - t, 1)} ms`);
  const n = 4_000_000;
  let x = 12345;
  const uniform = Uint32Array.from({ length: n }, () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0));
  const out = new Uint32Array(n);
  t = performance.now();
  pan.anonymizeV4Batch(uniform, out);
  report(`IPv4, ${fmt(n)} uniform random, cold (fills all 65 536 /16s)`, perSec(n, performance.now() - t));
  t = performance.now();
  pan.anonymizeV4Batch(uniform, out);
  report(`IPv4, ${fmt(n)} uniform random, warm`, perSec(n, performance.now() - t));
  const pan2 = new CryptoPan(
    key.map((b) => b ^ 0x5a),
    nodeAes128,
  );
  const skewed = Uint32Array.from({ length: n }, () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), (((x % 2000) * 31) << 16) | (x >>> 16)) >>> 0);
  t = performance.now();
  pan2.anonymizeV4Batch(skewed, out);
  report(`IPv4, ${fmt(n)} in 2 000 /16s, new key (cold)`, perSec(n, performance.now() - t));
  const m = 400_000;
  const v6 = Uint32Array.from({ length: m * 4 }, () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0));
  const o6 = new Uint32Array(m * 4);
  pan.anonymizeV6Batch(v6.subarray(0, 4 * 1000), o6);
  t = performance.now();
  pan.anonymizeV6Batch(v6, o6);
  report(`IPv6, ${fmt(m)} random (104 AES blocks each)`, perSec(m, performance.now() - t));
}

async function benchSqlAppends(): Promise<void> {
  process.stdout.write(`\n5. audit appends (SQL store on SQLite, WAL, checkpoint every 10 000 entries)\n`);
  const dir = mkdtempSync(join(tmpdir(), 'sakimori-bench-sql-'));
  const deps = { clock: systemClock, logger: silentLogger(), metrics: createMetricsRegistry(), migrations: PLATFORM_MIGRATIONS };
  const storage = createStorage({ url: `sqlite:${join(dir, 'bench.db')}`, dataDir: dir, poolSize: 1, migrateOnStart: true }, deps);
  await storage.start();
  const { log, store } = await startTestLog({ store: new SqlAuditStore(storage.db), config: { checkpointEveryEntries: 10_000 } });
  const wave = 1000;
  let t = performance.now();
  for (let n = 0; n < SQL_APPENDS; n += wave) {
    const pending: Promise<unknown>[] = [];
    for (let i = n; i < Math.min(SQL_APPENDS, n + wave); i++) pending.push(log.append(sampleEvent(i)));
    await Promise.all(pending);
  }
  await log.checkpoint();
  const ms = performance.now() - t;
  report(`${fmt(SQL_APPENDS)} appends, 1000 concurrent callers`, perSec(SQL_APPENDS, ms));
  report('  checkpoints signed meanwhile', fmt((await store.checkpoints()).length));
  const seq = 5_000;
  t = performance.now();
  for (let i = 0; i < seq; i++) await log.append(sampleEvent(i));
  report(`${fmt(seq)} appends, one caller awaiting each (one transaction each)`, perSec(seq, performance.now() - t));
  const samples = 500;
  const times: number[] = [];
  let x = 3;
  for (let i = 0; i < samples; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const start = performance.now();
    await log.inclusionProof(x % log.size, log.size);
    times.push(performance.now() - start);
  }
  const sorted = [...times].sort((a, b) => a - b);
  report(`inclusion proof from SQLite at ${fmt(log.size)} entries (${samples} random)`, `p50 ${fmt(percentile(sorted, 0.5) * 1000)} µs, p99 ${fmt(percentile(sorted, 0.99) * 1000)} µs`);
  await log.stop();
  await storage.stop();
  report('  database file', `${fmt(statSync(join(dir, 'bench.db')).size / 2 ** 20)} MiB`);
  rmSync(dir, { recursive: true, force: true });
}

/** A country-sized domestic set: ~3 000 IPv4 ranges and ~2 000 IPv6 prefixes, like JP's delegations. */
function syntheticDomesticSet(rand: () => number): DomesticSet {
  const v4: V4Range[] = [];
  for (let i = 0; i < 3000; i++) {
    const size = 2 ** (8 + (rand() % 12));
    const start = (Math.floor((rand() % 2 ** 32) / size) * size) >>> 0;
    v4.push({ start, end: Math.min(2 ** 32 - 1, start + size - 1) });
  }
  const v6: V6Prefix[] = [];
  for (let i = 0; i < 2000; i++) v6.push({ w0: (0x24000000 | (rand() & 0x000fffff)) >>> 0, w1: 0, length: 32 });
  return new DomesticSet(v4, v6);
}

function benchSelection(): void {
  process.stdout.write(`\n6. automatic selection filter (domestic-to-domestic flows erased in place)\n`);
  let x = 99;
  const rand = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
  let t = performance.now();
  const set = syntheticDomesticSet(rand);
  report(`domestic set built (${fmt(set.v4Ranges)} IPv4 ranges, ${fmt(set.v6Ranges)} IPv6 ranges)`, `${fmt(performance.now() - t, 1)} ms`);
  const domestic4: number[] = [];
  const foreign4: number[] = [];
  while (domestic4.length < 4096 || foreign4.length < 4096) {
    const a = rand();
    (set.hasV4(a) ? domestic4 : foreign4).push(a);
  }
  const exporters = new ExporterTable({ maxExporters: 16, defaultSamplingRate: 1, exporters: [] });
  for (let e = 0; e < 8; e++) exporters.lookup(`10.255.0.${e + 1}`);
  const batches: FlowBatch[] = [];
  const backups: FlowBatch[] = [];
  for (let k = 0; k < 32; k++) {
    const b = new FlowBatch(8192);
    for (let i = 0; i < 8192; i++) {
      b.begin();
      const v6 = i % 10 === 0;
      const domSrc = rand() % 100 < 60;
      const domDst = rand() % 100 < 60;
      for (const [col, dom] of [
        [b.srcAddr, domSrc],
        [b.dstAddr, domDst],
      ] as const) {
        if (v6) {
          col.set([dom ? 0x24000000 | (rand() & 0xfffff) : 0x2a000000 | (rand() & 0xffffff), rand(), rand(), rand()], i * 4);
        } else {
          const pool = dom ? domestic4 : foreign4;
          col.set([0, 0, 0xffff, pool[rand() % pool.length]!], i * 4);
        }
      }
      b.srcPort[i] = rand() & 0xffff;
      b.packets[i] = 1;
      b.exporter[i] = rand() % 8;
      b.commit();
    }
    batches.push(b);
    const copy = new FlowBatch(8192);
    copyBatch(b, copy);
    backups.push(copy);
  }
  const filter = new SelectionFilter(set);
  let records = 0;
  let ms = 0;
  for (let round = 0; records < SELECTION; round++) {
    const b = batches[round % batches.length]!;
    copyBatch(backups[round % backups.length]!, b);
    t = performance.now();
    filter.consume(b, exporters);
    ms += performance.now() - t;
    records += 8192;
  }
  const erased = filter.erasedTotal / (filter.erasedTotal + filter.keptTotal);
  report(`${fmt(records)} records (10 % IPv6, ${fmt(erased * 100)} % erased), batches of 8 192`, perSec(records, ms));
}

/** Copies every typed-array column of `from` into `to` (same capacity). */
function copyBatch(from: FlowBatch, to: FlowBatch): void {
  const src = from as unknown as Record<string, unknown>;
  const dst = to as unknown as Record<string, unknown>;
  for (const k of Object.keys(src)) {
    const v = src[k];
    if (ArrayBuffer.isView(v)) (dst[k] as { set(a: unknown): void }).set(v);
  }
  to.length = from.length;
}

process.stdout.write(`sakimori bench:audit — node ${process.versions.node}, ${process.platform}/${process.arch}\n`);
const { dir, file, verifierKey } = await benchAppends();
await benchVerify(file, verifierKey);
rmSync(dir, { recursive: true, force: true });
await benchProofs();
benchCryptoPan();
await benchSqlAppends();
benchSelection();
process.stdout.write(`\n${rows.length} figures.\n`);
