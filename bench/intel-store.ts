/**
 * STIX object store ingest benchmark (`npm run bench:intel-store`): bundles of indicators, malware,
 * `indicates` relationships and sightings stored through `StixStore.ingest` — validation, default
 * marking, canonical JSON, then one transaction per bundle with multi-row inserts — into SQLite (a
 * file in a temporary directory, WAL) and, when `SAKIMORI_BENCH_PG_URL` is set, PostgreSQL (in a
 * schema of its own, dropped afterwards). Prints objects per second for the whole ingest, and its
 * two halves measured on their own: validation and preparation (no database), and the database
 * writes of prepared input (one transaction per bundle).
 *
 * Sizes: SAKIMORI_BENCH_STIX_BUNDLES (default 40), SAKIMORI_BENCH_STIX_INDICATORS per bundle
 * (default 2000; every fourth indicator brings a malware, a relationship and a sighting).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { createMetricsRegistry } from '../src/core/metrics.js';
import { type PreparedObject, prepareInput } from '../src/intel/stix/prepare-input.js';
import { writeVersions } from '../src/intel/stix/write-versions.js';
import { inTransaction } from '../src/storage/transaction.js';
import { StixStore } from '../src/intel/stix/stix-store.js';
import { threatBundle } from '../src/intel/stix/testing/stix-objects.js';
import { PLATFORM_MIGRATIONS } from '../src/platform/platform.js';
import { TLP2_IDS } from '../src/stix/marking/index.js';
import { createStorage, type Storage, type StorageOptions } from '../src/storage/storage.js';

const BUNDLES = Number(process.env.SAKIMORI_BENCH_STIX_BUNDLES ?? 40);
const INDICATORS = Number(process.env.SAKIMORI_BENCH_STIX_INDICATORS ?? 2000);

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/**
 * Objects per CPU-second of this process since `since` (user + system): on a shared machine the
 * wall-clock figure measures the neighbours too. For SQLite this is the whole cost (the engine runs
 * in process); for PostgreSQL it leaves out the server's share.
 */
function cpuFigure(objects: number, since: NodeJS.CpuUsage): string {
  const used = process.cpuUsage(since);
  return `; ${fmt(objects / ((used.user + used.system) / 1e6))} per CPU-s`;
}
function row(what: string, figure: string): void {
  process.stdout.write(`  ${what.padEnd(58)} ${figure}\n`);
}

const bundles = Array.from({ length: BUNDLES }, (_, b) => threatBundle(b + 1, b * INDICATORS, INDICATORS));
const objectsPerBundle = ((bundles[0]?.objects ?? []) as unknown[]).length;

const prepare = (b: unknown): PreparedObject[] => prepareInput(b, { defaultMarkingRef: TLP2_IDS.amber, maxBytes: 1 << 30, sha256Hex: (t) => createHash('sha256').update(t).digest('hex') });

/** Validation and preparation alone; returns the prepared bundles for the write-only runs. */
function preparation(): PreparedObject[][] {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const out = bundles.map(prepare);
  const s = (performance.now() - started) / 1000;
  const n = out.flat().length;
  row('validation + marking + canonical JSON only (no database)', `${fmt(n / s)} objects/s${cpuFigure(n, cpu)}`);
  return out;
}

async function withStorage(options: StorageOptions, fn: (db: Storage['db']) => Promise<void>): Promise<void> {
  const deps = { clock: systemClock, logger: silentLogger(), metrics: createMetricsRegistry(), migrations: PLATFORM_MIGRATIONS };
  const storage = createStorage(options, deps);
  await storage.start();
  try {
    await fn(storage.db);
  } finally {
    await storage.stop();
  }
}

/** The database half alone: prepared bundles written in one transaction each. */
async function writeOnly(name: string, options: StorageOptions, prepared: readonly PreparedObject[][]): Promise<void> {
  await withStorage(options, async (db) => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    let stored = 0;
    for (const p of prepared) stored += (await inTransaction(db, (trx) => writeVersions(trx, p, { source: 'bench', now: Date.now() }))).stored.length;
    const s = (performance.now() - started) / 1000;
    row(`${name}: database writes only (prepared input)`, `${fmt(stored / s)} objects/s (${s.toFixed(2)} s)${cpuFigure(stored, cpu)}`);
  });
}

async function ingest(name: string, options: StorageOptions): Promise<void> {
  await withStorage(options, async (db) => {
    const store = new StixStore(db);
    const started = performance.now();
    const cpu = process.cpuUsage();
    let stored = 0;
    for (const b of bundles) stored += (await store.ingest(b, { source: 'bench', defaultMarkingRef: TLP2_IDS.amber, now: Date.now() })).stored.length;
    const s = (performance.now() - started) / 1000;
    row(`${name}: ${fmt(stored)} objects in ${BUNDLES} bundles`, `${fmt(stored / s)} objects/s (${s.toFixed(2)} s)${cpuFigure(stored, cpu)}`);
    const again = performance.now();
    const skipped = (await store.ingest(bundles[0], { source: 'bench', defaultMarkingRef: TLP2_IDS.amber, now: Date.now() })).skipped.length;
    row(`${name}: re-ingest of one bundle (${fmt(skipped)} duplicates)`, `${fmt(skipped / ((performance.now() - again) / 1000))} objects/s`);
    const paged = performance.now();
    let listed = 0;
    let after: string | undefined;
    do {
      const page = await store.list({ limit: 1000, ...(after === undefined ? {} : { after }) });
      listed += page.objects.length;
      after = page.next;
    } while (after !== undefined);
    row(`${name}: list every version, pages of 1 000`, `${fmt(listed / ((performance.now() - paged) / 1000))} objects/s`);
  });
}

process.stdout.write(`sakimori bench:intel-store — node ${process.versions.node}, ${process.platform}/${process.arch}\n`);
process.stdout.write(`${BUNDLES} bundles of ${fmt(objectsPerBundle)} objects (indicators, malware, relationships, sightings)\n\n`);
const prepared = preparation();
const dir = mkdtempSync(join(tmpdir(), 'sakimori-bench-stix-'));
try {
  await ingest('SQLite', { url: `sqlite:${join(dir, 'bench.db')}`, dataDir: dir, poolSize: 1, migrateOnStart: true });
  await writeOnly('SQLite', { url: `sqlite:${join(dir, 'write.db')}`, dataDir: dir, poolSize: 1, migrateOnStart: true }, prepared);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const pgUrl = process.env.SAKIMORI_BENCH_PG_URL;
if (pgUrl !== undefined && pgUrl !== '') {
  const schema = `sakimori_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(q).finally(() => c.end());
  };
  await admin(`create schema ${schema}`);
  const url = (s: string): string => {
    const u = new URL(pgUrl);
    u.searchParams.set('options', `-c search_path=${s}`);
    return u.toString();
  };
  await admin(`create schema ${schema}_w`);
  try {
    await ingest('PostgreSQL', { url: url(schema), dataDir: tmpdir(), poolSize: 2, migrateOnStart: true });
    await writeOnly('PostgreSQL', { url: url(`${schema}_w`), dataDir: tmpdir(), poolSize: 2, migrateOnStart: true }, prepared);
  } finally {
    await admin(`drop schema ${schema} cascade`);
    await admin(`drop schema ${schema}_w cascade`);
  }
} else process.stdout.write('  (PostgreSQL skipped: set SAKIMORI_BENCH_PG_URL)\n');
