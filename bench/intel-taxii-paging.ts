/**
 * TAXII 2.1 paging benchmark, end to end: Sakimori's TAXII server (the real route plugin over the
 * SQL backend, SQLite) holding `SAKIMORI_BENCH_TAXII_OBJECTS` indicators (default 1 000 000), of
 * which `SAKIMORI_BENCH_TAXII_SHARED` (default 10 000) share one `date_added` across several page
 * boundaries, pulled by the feed client (`intel/feeds`, limit 1000) into a second SQLite store
 * while 100 new indicators are POSTed concurrently with every 10th page request. Prints the pull's
 * seconds and objects per second, and checks that every object arrived exactly once (no version
 * repeated, none missed, the first pull reading no duplicates).
 *
 * The server's store is seeded with direct batched inserts into `stix_objects` and
 * `stix_collection_objects` (not through `StixStore.ingest`, whose validation would make seeding a
 * million objects take minutes); the rows have the shape ingest writes. What is measured is the
 * pull: HTTP paging, the server's page reads, and the client's validation and storing.
 *
 * `SAKIMORI_BENCH_TAXII_STORE=0` pages only — the same client following `next`, every id checked
 * once, nothing stored — to tell the protocol's cost (server page reads, HTTP, JSON) from the
 * store's (validation, canonical JSON, SQLite writes).
 *
 * Run alone: `npx tsx bench/intel-taxii-paging.ts`; or import {@link benchTaxiiPaging}.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import type { Insertable } from 'kysely';
import { taxiiRoutes } from '../src/api/routes/taxii.js';
import { systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { createMetricsRegistry } from '../src/core/metrics.js';
import type { FeedConfig } from '../src/intel/config.js';
import { FeedStateStore } from '../src/intel/feeds/feed-state-store.js';
import { previousMicrosecond, pullFeed } from '../src/intel/feeds/pull-feed.js';
import { createTaxiiClient } from '../src/intel/feeds/taxii-client.js';
import { batchInsert } from '../src/intel/stix/batch-insert.js';
import { StixStore } from '../src/intel/stix/stix-store.js';
import type { StixCollectionObjectsTable, StixObjectsTable } from '../src/intel/tables.js';
import { indicator } from '../src/intel/stix/testing/stix-objects.js';
import { normaliseTimestamp } from '../src/intel/stix/version-key.js';
import { createSqlTaxiiBackend } from '../src/intel/taxii/sql/index.js';
import type { TaxiiTimestamp } from '../src/intel/taxii/timestamp.js';
import { PLATFORM_MIGRATIONS } from '../src/platform/platform.js';
import { TLP2_IDS } from '../src/stix/marking/index.js';
import { createStorage, type Storage } from '../src/storage/storage.js';
import { inTransaction } from '../src/storage/transaction.js';

/** Sizes of one run. */
export interface TaxiiPagingOptions {
  readonly objects: number;
  /** Objects sharing one `date_added`, starting mid-page. */
  readonly shared: number;
  /** Indicators POSTed with every 10th page request. */
  readonly postBatch: number;
  /**
   * True: the whole pull (`pullFeed`: paging and storing into the client's store). False: paging
   * only — the same client following `next`, each object id checked, nothing stored — to tell the
   * protocol's cost from the store's.
   */
  readonly store: boolean;
}

/** What one run measured. */
export interface TaxiiPagingResult {
  readonly seedSeconds: number;
  readonly pullSeconds: number;
  /**
   * CPU seconds (user + system) this process spent in the pull — server and client alike, both in
   * process: on a shared machine the wall-clock figure measures the neighbours too.
   */
  readonly cpuSeconds: number;
  /** Wall seconds of the pull spent in the client's `StixStore.ingest` (validation and writes). */
  readonly ingestSeconds: number;
  readonly pages: number;
  readonly posted: number;
  /** Objects the measured pull read (and, with `store`, stored). */
  readonly objects: number;
}

/** The object store, timing its ingests: how much of the pull is the client storing. */
class TimedStore extends StixStore {
  ingestSeconds = 0;
  override async ingest(...args: Parameters<StixStore['ingest']>): ReturnType<StixStore['ingest']> {
    const t = performance.now();
    try {
      return await super.ingest(...args);
    } finally {
      this.ingestSeconds += (performance.now() - t) / 1000;
    }
  }
}

const COLLECTION = 'bench-collection';
const TOKEN = 'bench-token';
const BASE = Date.UTC(2026, 0, 1);

async function openSqlite(dir: string, name: string): Promise<Storage> {
  const storage = createStorage(
    { url: `sqlite:${join(dir, name)}`, dataDir: dir, poolSize: 1, migrateOnStart: true },
    { clock: systemClock, logger: silentLogger(), metrics: createMetricsRegistry(), migrations: PLATFORM_MIGRATIONS },
  );
  await storage.start();
  return storage;
}

/** Seeds `objects` indicators (TLP:GREEN) into one collection, `shared` of them at one `date_added` (exported for probes of the server's page reads). */
export async function seed(storage: Storage, options: Pick<TaxiiPagingOptions, 'objects' | 'shared'>): Promise<void> {
  const sharedFrom = Math.floor(options.objects / 2) + 500;
  const db = storage.db;
  await db.insertInto('stix_collections').values({ id: COLLECTION, title: 'bench', description: null, alias: null, created_at: BASE }).execute();
  const version = normaliseTimestamp('2024-03-01T09:00:00.000Z') ?? '';
  const CHUNK = 20_000;
  for (let start = 0; start < options.objects; start += CHUNK) {
    const objects: Insertable<StixObjectsTable>[] = [];
    const members: Insertable<StixCollectionObjectsTable>[] = [];
    for (let i = start; i < Math.min(options.objects, start + CHUNK); i++) {
      const o: Record<string, unknown> = { ...indicator(i + 1), object_marking_refs: [TLP2_IDS.green] };
      const dateAdded = i >= sharedFrom && i < sharedFrom + options.shared ? BASE + sharedFrom : BASE + i;
      objects.push({
        id: String(o.id),
        version,
        type: 'indicator',
        spec_version: '2.1',
        created: String(o.created),
        modified: String(o.modified),
        revoked: 0,
        is_last: 1,
        marking_refs: JSON.stringify([TLP2_IDS.green]),
        source: 'bench',
        json: JSON.stringify(o),
        date_added: dateAdded,
        seq: i + 1,
      });
      members.push({ collection_id: COLLECTION, object_id: String(o.id), version, date_added: dateAdded, seq: i + 1 });
    }
    await inTransaction(db, async (trx) => {
      await batchInsert(trx, 'stix_objects', objects);
      await batchInsert(trx, 'stix_collection_objects', members);
    });
  }
}

type Measured = Pick<TaxiiPagingResult, 'pullSeconds' | 'cpuSeconds' | 'ingestSeconds' | 'pages' | 'objects'>;

/** Wall and CPU seconds since `start`. */
function since(start: { readonly wall: number; readonly cpu: NodeJS.CpuUsage }): { pullSeconds: number; cpuSeconds: number } {
  const used = process.cpuUsage(start.cpu);
  return { pullSeconds: (performance.now() - start.wall) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}
const now = () => ({ wall: performance.now(), cpu: process.cpuUsage() });

/** The whole pull into the client's store, then a second pull for POSTs that came after its last page; checks the store. */
async function pullAndCheck(feed: FeedConfig, client: Storage, racing: typeof fetch, expected: () => number): Promise<Measured> {
  const store = new TimedStore(client.db);
  const deps = { store, state: new FeedStateStore(client.db), clock: systemClock };
  const start = now();
  const first = await pullFeed(feed, { ...deps, clientDeps: { fetch: racing } });
  const times = since(start);
  const ingestSeconds = store.ingestSeconds;
  if (first.error !== undefined) throw first.error;
  const second = await pullFeed(feed, deps);
  if (second.error !== undefined) throw second.error;
  const counts = await client.db
    .selectFrom('stix_objects')
    .select((eb) => [eb.fn.countAll<number>().as('rows'), eb.fn.count<number>('id').distinct().as('ids')])
    .executeTakeFirstOrThrow();
  const want = expected();
  check([
    Number(counts.rows) === want || `${counts.rows} versions stored, ${want} expected`,
    Number(counts.ids) === want || `${counts.ids} distinct ids stored, ${want} expected`,
    first.counts.duplicates === 0 || `the first pull read ${first.counts.duplicates} objects twice`,
    first.counts.stored + second.counts.stored === want || `${first.counts.stored} + ${second.counts.stored} stored by the pulls, ${want} expected`,
  ]);
  return { ...times, ingestSeconds, pages: first.counts.pages, objects: first.counts.stored };
}

/** Pages with the feed's client only, checking that no id comes twice; then reads the tail after the last page for POSTs that came later. */
async function pageAndCheck(feed: FeedConfig, racing: typeof fetch, expected: () => number): Promise<Measured> {
  const client = createTaxiiClient(feed, { fetch: racing });
  const budget = { remaining: Number.MAX_SAFE_INTEGER, total: Number.MAX_SAFE_INTEGER };
  const seen = new Set<string>();
  const repeated: string[] = [];
  const start = now();
  let pages = 0;
  let last: TaxiiTimestamp | undefined;
  let page = await client.objects({ limit: feed.pageLimit, budget });
  for (;;) {
    pages++;
    for (const o of page.objects) {
      if (seen.has(o.id)) repeated.push(o.id);
      else seen.add(o.id);
    }
    last = page.dateAddedLast ?? last;
    if (!page.more || page.next === undefined) break;
    page = await client.objects({ limit: feed.pageLimit, budget, next: page.next });
  }
  const times = since(start);
  const objects = seen.size + repeated.length;
  let tail = await plainClient(feed).objects({ limit: feed.pageLimit, budget, ...(last === undefined ? {} : { addedAfter: previousMicrosecond(last) }) });
  for (;;) {
    for (const o of tail.objects) seen.add(o.id);
    if (!tail.more || tail.next === undefined) break;
    tail = await plainClient(feed).objects({ limit: feed.pageLimit, budget, next: tail.next });
  }
  check([
    repeated.length === 0 || `${repeated.length} objects came twice (${repeated.slice(0, 3).join(', ')})`,
    seen.size === expected() || `${seen.size} distinct objects read, ${expected()} expected`,
  ]);
  return { ...times, ingestSeconds: 0, pages, objects };
}

const plainClient = (feed: FeedConfig) => createTaxiiClient(feed);

function check(results: readonly (true | string)[]): void {
  const failures = results.filter((f): f is string => f !== true);
  if (failures.length > 0) throw new Error(`paging lost or repeated objects: ${failures.join('; ')}`);
}

/** Runs the benchmark once; the temporary stores are removed afterwards. */
export async function benchTaxiiPaging(options: TaxiiPagingOptions): Promise<TaxiiPagingResult> {
  const dir = mkdtempSync(join(tmpdir(), 'sakimori-bench-taxii-'));
  const server = await openSqlite(dir, 'server.db');
  const client = await openSqlite(dir, 'client.db');
  const app = Fastify({ logger: false });
  try {
    const t = performance.now();
    await seed(server, options);
    const seedSeconds = (performance.now() - t) / 1000;
    const backend = createSqlTaxiiBackend(server.db, {
      discovery: { title: 'bench' },
      baseUrl: 'http://127.0.0.1/',
      roots: [{ name: 'bench', title: 'bench', collections: 'all' }],
      defaultMarkingRef: TLP2_IDS.amber,
      administratorRoles: ['admin'],
      now: () => Date.now(),
      identify: () => ({ organizationId: undefined, roles: ['admin'] }),
    });
    await app.register(taxiiRoutes({ backend, authenticate: async (h) => (h.authorization === `Bearer ${TOKEN}` ? { id: 'bench' } : undefined), maxPageSize: 1000, maxBodyBytes: 64 * 1024 * 1024 }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/bench/collections/${COLLECTION}/`;

    let requests = 0;
    let posted = 0;
    const post = async () => {
      const batch = Array.from({ length: options.postBatch }, (_, i) => indicator(options.objects + posted + i + 1));
      posted += batch.length;
      const res = await fetch(`${url}objects/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/taxii+json;version=2.1', 'content-type': 'application/taxii+json;version=2.1' },
        body: JSON.stringify({ objects: batch }),
      });
      if (res.status !== 202) throw new Error(`POST answered ${res.status}`);
      await res.arrayBuffer();
    };
    const racing: typeof fetch = async (input, init) => {
      const get = fetch(input, init);
      if (++requests % 10 === 0) await post();
      return get;
    };
    const feed: FeedConfig = {
      name: 'bench',
      url,
      token: TOKEN,
      username: null,
      password: null,
      defaultMarking: 'amber',
      intervalSeconds: 3600,
      pageLimit: 1000,
      maxPages: 1_000_000,
      maxBytes: 16 * 1024 * 1024 * 1024,
      timeoutMs: 120_000,
      retries: 0,
      backoffMs: 1000,
      maxBackoffMs: 1000,
      enabled: true,
    };
    const measured = options.store ? await pullAndCheck(feed, client, racing, () => options.objects + posted) : await pageAndCheck(feed, racing, () => options.objects + posted);
    return { seedSeconds, ...measured, posted };
  } finally {
    await app.close();
    await client.stop();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const options = {
    objects: Number(process.env.SAKIMORI_BENCH_TAXII_OBJECTS ?? 1_000_000),
    shared: Number(process.env.SAKIMORI_BENCH_TAXII_SHARED ?? 10_000),
    postBatch: 100,
    store: process.env.SAKIMORI_BENCH_TAXII_STORE !== '0',
  };
  const r = await benchTaxiiPaging(options);
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const what = options.store ? 'pull (paging and storing)' : 'paging only (nothing stored)';
  process.stdout.write(
    [
      `TAXII paging: ${fmt(options.objects)} objects (${fmt(options.shared)} sharing one date_added), ${fmt(r.posted)} POSTed while paging, limit 1000`,
      `  seeded (direct batched inserts) in ${r.seedSeconds.toFixed(1)} s`,
      `  ${what}: ${fmt(r.objects)} objects in ${r.pages} pages, ${r.pullSeconds.toFixed(1)} s (${fmt(r.objects / r.pullSeconds)} objects/s; ${r.cpuSeconds.toFixed(1)} CPU s, server and client in this process)`,
      ...(options.store ? [`  of which the client storing (StixStore.ingest: validation, canonical JSON, SQLite writes): ${r.ingestSeconds.toFixed(1)} s`] : []),
      '  verified: every object arrived exactly once, none missed',
      `  target < 60 s: ${r.pullSeconds < 60 ? 'met' : 'missed'}`,
      '',
    ].join('\n'),
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
