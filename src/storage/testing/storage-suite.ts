/**
 * The storage contract harness: `describeStorage` runs one block of tests against every engine —
 * SQLite on a temporary file and PostgreSQL on `TEST_PG_URL` — each in a fresh, migrated database.
 * Every storage test in the project uses it, so a store written once is proven on both.
 *
 * PostgreSQL isolation: each `describeStorage` block gets its own schema (`sakimori_test_<random>`)
 * selected through the connection's `search_path`, dropped afterwards; blocks in parallel test
 * files never see each other's rows. Without a reachable PostgreSQL the PostgreSQL half is skipped
 * with a message, or fails under `SAKIMORI_REQUIRE_EXTERNAL=1` (CI).
 *
 * @example
 * ```ts
 * describeStorage('organization store', (ctx) => {
 *   beforeEach(() => ctx.reset());
 *   it('finds by name', async () => {
 *     const store = new OrganizationStore(ctx.db, ctx.clock);
 *     ...
 *     expect(rows).toEqual(ctx.expected({ sqlite: [...], postgres: [...] }));
 *   });
 * });
 * ```
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import { createMetricsRegistry } from '../../core/metrics.js';
import { describeExternal, TEST_PG_URL } from '../../testing/external.js';
import type { Database } from '../database.js';
import { createStorage, type Storage, type StorageDeps, type StorageOptions } from '../storage.js';
import { redactUrl, type StorageDialect } from '../url.js';
import { PLATFORM_MIGRATIONS } from '../../platform/platform.js';

/** What a test block sees; valid inside hooks and tests (not while the block is being collected). */
export interface StorageTestContext {
  /** Engine under test; fixed for the block, usable while collecting. */
  readonly dialect: StorageDialect;
  /** The started, migrated storage of this block. */
  readonly storage: Storage;
  /** Shorthand for `storage.db`. */
  readonly db: Kysely<Database>;
  /** Clock given to the storage deps; tests move it. */
  readonly clock: ManualClock;
  /** Options that open this block's database again (a second connection, a CLI run). */
  readonly options: StorageOptions;
  /** Dependencies used for the storage; reuse them for stores and second storages. */
  readonly deps: StorageDeps;
  /** Picks the expected value for the engine under test, where the engines legitimately differ. */
  expected<T>(byDialect: { readonly sqlite: T; readonly postgres: T }): T;
  /** Deletes every row of every table except Kysely's migration bookkeeping. */
  reset(): Promise<void>;
}

/** Options of {@link describeStorage}. */
export interface DescribeStorageOptions {
  /** Apply all migrations before the tests (default true); false to test migrations themselves. */
  readonly migrate?: boolean;
  /** Engines to run on (default both); for tests of one engine's own behaviour. */
  readonly dialects?: readonly StorageDialect[];
}

function reasonOf(e: unknown): string {
  const err = e as { message?: unknown; code?: unknown };
  return typeof err.message === 'string' && err.message !== '' ? err.message : String(err.code ?? e);
}

async function postgresMissing(): Promise<string[]> {
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return [];
  } catch (e) {
    return [`PostgreSQL at ${redactUrl(TEST_PG_URL)} (${reasonOf(e)}; set SAKIMORI_TEST_PG_URL)`];
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Checked once per test file that imports the harness. */
const PG_MISSING = await postgresMissing();

/** `TEST_PG_URL` with the connection's search_path set to `schema`. */
function urlWithSchema(schema: string): string {
  const u = new URL(TEST_PG_URL);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function resetRows(db: Kysely<Database>, dialect: StorageDialect): Promise<void> {
  if (dialect === 'sqlite') {
    const rows = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'`.execute(db);
    // Foreign keys off so the delete order does not matter; the pragma is a no-op inside a transaction.
    await sql`pragma foreign_keys = off`.execute(db);
    try {
      for (const r of rows.rows) await sql`delete from ${sql.table(r.name)}`.execute(db);
    } finally {
      await sql`pragma foreign_keys = on`.execute(db);
    }
    return;
  }
  // pg_catalog rather than information_schema: the latter checks privileges on every schema's
  // tables and can trip over another test file dropping its schema at the same moment.
  const rows = await sql<{ name: string }>`select c.relname as name from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind in ('r', 'p') and c.relname not like 'kysely_%'`.execute(db);
  if (rows.rows.length === 0) return;
  await sql`truncate table ${sql.join(rows.rows.map((r) => sql.table(r.name)))} cascade`.execute(db);
}

function suite(dialect: StorageDialect, name: string, fn: (ctx: StorageTestContext) => void, options: DescribeStorageOptions): () => void {
  return () => {
    let storage: Storage | undefined;
    let opts: StorageOptions | undefined;
    let cleanup: (() => Promise<void>) | undefined;
    const clock = new ManualClock();
    const deps: StorageDeps = { clock, logger: silentLogger(), metrics: createMetricsRegistry(), migrations: PLATFORM_MIGRATIONS };
    const need = <T>(v: T | undefined): T => {
      if (v === undefined) throw new Error(`${name} [${dialect}]: storage is used outside beforeAll…afterAll`);
      return v;
    };
    const ctx: StorageTestContext = {
      dialect,
      clock,
      deps,
      get storage() {
        return need(storage);
      },
      get db() {
        return need(storage).db;
      },
      get options() {
        return need(opts);
      },
      expected: (byDialect) => byDialect[dialect],
      reset: () => resetRows(need(storage).db, dialect),
    };

    beforeAll(async () => {
      // Each block has its own data directory, for the SQLite file and for files tests write.
      const dir = mkdtempSync(join(tmpdir(), 'sakimori-storage-'));
      const removeDir = async () => rmSync(dir, { recursive: true, force: true });
      if (dialect === 'sqlite') {
        opts = { url: `sqlite:${join(dir, 'test.db')}`, dataDir: dir, poolSize: 1, migrateOnStart: options.migrate !== false };
        cleanup = removeDir;
      } else {
        const schema = `sakimori_test_${randomBytes(6).toString('hex')}`;
        await withAdmin((c) => c.query(`create schema ${schema}`));
        opts = { url: urlWithSchema(schema), dataDir: dir, poolSize: 4, migrateOnStart: options.migrate !== false };
        cleanup = () => withAdmin((c) => c.query(`drop schema ${schema} cascade`)).then(removeDir);
      }
      storage = createStorage(opts, deps);
      await storage.start();
    });

    afterAll(async () => {
      await storage?.stop();
      storage = undefined;
      await cleanup?.();
    });

    fn(ctx);
  };
}

/**
 * Declares `fn`'s tests once per engine, as `<name> [sqlite]` and `<name> [postgres]`. Each block
 * shares one database across its tests; call `ctx.reset()` in `beforeEach` for isolation.
 */
export function describeStorage(name: string, fn: (ctx: StorageTestContext) => void, options: DescribeStorageOptions = {}): void {
  const dialects = options.dialects ?? ['sqlite', 'postgres'];
  if (dialects.includes('sqlite')) describe(`${name} [sqlite]`, suite('sqlite', name, fn, options));
  if (dialects.includes('postgres')) describeExternal(`${name} [postgres]`, PG_MISSING, suite('postgres', name, fn, options));
}
