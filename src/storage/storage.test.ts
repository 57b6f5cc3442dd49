import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { isSakimoriError } from '../core/errors.js';
import { silentLogger } from '../core/logger.js';
import { createMetricsRegistry } from '../core/metrics.js';
import { createStorage, type StorageOptions } from './storage.js';
import { describeStorage } from './testing/storage-suite.js';
import { PLATFORM_MIGRATIONS } from '../platform/platform.js';

const deps = () => ({ clock: new ManualClock(), logger: silentLogger(), metrics: createMetricsRegistry(), migrations: PLATFORM_MIGRATIONS });
const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'sakimori-storage-test-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function codeOf(p: Promise<unknown>): Promise<[string | undefined, string]> {
  try {
    await p;
    return [undefined, ''];
  } catch (e) {
    return [isSakimoriError(e) ? e.code : undefined, (e as Error).message];
  }
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('SQLite storage', () => {
  it('creates the data directory and <dataDir>/sakimori.db when storage.url is empty', async () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const storage = createStorage({ url: '', dataDir, poolSize: 1, migrateOnStart: true }, deps());
    await storage.start();
    try {
      expect(storage.dialect).toBe('sqlite');
      expect(storage.location).toBe(`sqlite:${join(dataDir, 'sakimori.db')}`);
      expect(existsSync(join(dataDir, 'sakimori.db'))).toBe(true);
      const orgs = await storage.db.selectFrom('organizations').selectAll().execute();
      expect(orgs).toEqual([]);
    } finally {
      await storage.stop();
    }
  });

  it('opens the file in WAL mode with foreign keys, NORMAL sync and a busy timeout', async () => {
    const storage = createStorage({ url: 'sqlite:x.db', dataDir: tempDir(), poolSize: 1, migrateOnStart: false }, deps());
    await storage.start();
    try {
      const pragma = async (name: string) => (await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(storage.db)).rows[0];
      expect(await pragma('journal_mode')).toEqual({ journal_mode: 'wal' });
      expect(await pragma('foreign_keys')).toEqual({ foreign_keys: 1 });
      expect(await pragma('synchronous')).toEqual({ synchronous: 1 }); // 1 = NORMAL
      expect(await pragma('busy_timeout')).toEqual({ timeout: 5000 });
    } finally {
      await storage.stop();
    }
  });

  it('runs in memory for sqlite::memory:', async () => {
    const storage = createStorage({ url: 'sqlite::memory:', dataDir: '/nonexistent', poolSize: 1, migrateOnStart: true }, deps());
    await storage.start();
    const applied = await storage.migrationStatus();
    expect(applied.every((m) => m.appliedAt !== undefined)).toBe(true);
    await storage.stop();
  });

  it('refuses a file that is not a database with a coded error naming it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'junk.db'), 'this is not an SQLite database, just some text that is long enough '.repeat(20));
    const storage = createStorage({ url: 'sqlite:junk.db', dataDir: dir, poolSize: 1, migrateOnStart: true }, deps());
    const [code, message] = await codeOf(storage.start());
    expect(code).toBe('SAKIMORI_ERR_STORAGE_UNREACHABLE');
    expect(message).toContain(join(dir, 'junk.db'));
    expect(() => storage.db).toThrow(/not started/);
  });

  it('refuses a bad URL when created, before anything starts', () => {
    expect(() => createStorage({ url: 'redis://localhost', dataDir: '/tmp', poolSize: 1, migrateOnStart: true }, deps())).toThrow(/SAKIMORI_ERR_STORAGE_BAD_URL|invalid storage.url/);
  });

  it('refuses use before start and after stop', async () => {
    const storage = createStorage({ url: 'sqlite::memory:', dataDir: '/tmp', poolSize: 1, migrateOnStart: false }, deps());
    expect(() => storage.db).toThrow(/storage is not started/);
    await storage.start();
    await storage.stop();
    expect(() => storage.db).toThrow(/storage is not started/);
  });
});

describe('PostgreSQL storage errors', () => {
  it('names an unreachable server without its password', async () => {
    const port = await closedPort();
    const options: StorageOptions = { url: `postgres://sakimori:hunter2@127.0.0.1:${port}/sakimori`, dataDir: '/tmp', poolSize: 2, migrateOnStart: true };
    const storage = createStorage(options, deps());
    const [code, message] = await codeOf(storage.start());
    expect(code).toBe('SAKIMORI_ERR_STORAGE_UNREACHABLE');
    expect(message).toContain(`postgres://sakimori:***@127.0.0.1:${port}/sakimori`);
    expect(message).not.toContain('hunter2');
    expect(message).toMatch(/ECONNREFUSED/);
  });
});

describeStorage('storage on both engines', (ctx) => {
  it('answers from the engine the URL names', async () => {
    expect(ctx.storage.dialect).toBe(ctx.dialect);
    const r = await sql<{ v: string }>`select ${ctx.expected({ sqlite: sql`sqlite_version()`, postgres: sql`version()` })} as v`.execute(ctx.db);
    expect(r.rows[0]?.v).toMatch(ctx.expected({ sqlite: /^3\./, postgres: /^PostgreSQL/ }));
  });

  it('introspects only its own tables, with their columns', async () => {
    const tables = await ctx.db.introspection.getTables();
    // Every table of every migration, and nothing from other schemas (PostgreSQL) or Kysely's own.
    expect(tables.map((t) => t.name).sort()).toEqual([
      'advisories',
      'advisory_assets',
      'advisory_recipients',
      'api_tokens',
      'attack_sources',
      'attack_timeline',
      'attacks',
      'audit_checkpoints',
      'audit_entries',
      'audit_outbox',
      'auth_counters',
      'case_access_scopes',
      'case_evidence',
      'case_notes',
      'cases',
      'countermeasure_requests',
      'data_access',
      'data_access_lookups',
      'detection_baselines',
      'execution_targets',
      'executions',
      'exporter_stats',
      'exporters',
      'exposure_findings',
      'incident_alerts',
      'incident_events',
      'incident_links',
      'incident_report_drafts',
      'incident_report_versions',
      'incident_requests',
      'incidents',
      'indicators',
      'intel_feed_state',
      'misp_events',
      'monitoring_flag_notes',
      'monitoring_flags',
      'operator_asset_history',
      'operator_assets',
      'organizations',
      'oversight_directive_events',
      'oversight_directives',
      'oversight_inspections',
      'protected_networks',
      'request_votes',
      'retention_receipts',
      'role_grants',
      'selection_counters',
      'sessions',
      'sightings',
      'stix_collection_objects',
      'stix_collections',
      'stix_objects',
      'stix_refs',
      'stix_release_contexts',
      'taxii_collection_grants',
      'taxii_statuses',
      'users',
      'vuln_facts',
      'vuln_import_runs',
      'vuln_sources',
    ]);
    const orgs = tables.find((t) => t.name === 'organizations');
    expect(orgs?.columns.map((c) => [c.name, c.isNullable])).toEqual([
      ['id', false],
      ['name', false],
      ['sector', false],
      ['status', false],
      ['contact_name', true],
      ['contact_email', true],
      ['contact_phone', true],
      ['created_at', false],
      ['updated_at', false],
    ]);
    const withKysely = await ctx.db.introspection.getTables({ withInternalKyselyTables: true });
    expect(withKysely.map((t) => t.name)).toContain('kysely_migration');
  });

  it('returns bigint columns, counts and sums as JS numbers', async () => {
    await ctx.reset();
    const t = Date.UTC(2026, 0, 1, 12);
    await ctx.db
      .insertInto('organizations')
      .values({ id: 'a', name: 'A', sector: 'gas', status: 'designated', contact_name: null, contact_email: null, contact_phone: null, created_at: t, updated_at: t })
      .execute();
    await ctx.db
      .insertInto('organizations')
      .values({ id: 'b', name: 'B', sector: 'gas', status: 'designated', contact_name: null, contact_email: null, contact_phone: null, created_at: 2 ** 52, updated_at: t })
      .execute();
    const rows = await ctx.db.selectFrom('organizations').select(['created_at']).orderBy('id').execute();
    expect(rows).toEqual([{ created_at: t }, { created_at: 2 ** 52 }]);
    const agg = await ctx.db
      .selectFrom('organizations')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('created_at').as('total')])
      .executeTakeFirstOrThrow();
    expect(agg).toEqual({ n: 2, total: t + 2 ** 52 });
  });

  it('enforces foreign keys', async () => {
    await ctx.reset();
    const t = ctx.clock.now();
    const insert = ctx.db
      .insertInto('protected_networks')
      .values({
        id: 'n',
        organization_id: 'missing',
        prefix: '192.0.2.0/24',
        family: 4,
        range_start: '0',
        range_end: '1',
        name: null,
        description: null,
        thresholds: null,
        created_at: t,
        updated_at: t,
      })
      .execute();
    await expect(insert).rejects.toMatchObject({ code: ctx.expected({ sqlite: 'SQLITE_CONSTRAINT_FOREIGNKEY', postgres: '23503' }) });
  });
});

describeStorage(
  'storage on PostgreSQL schemas',
  (ctx) => {
    it('refuses a search_path naming a schema that does not exist', async () => {
      const url = new URL(ctx.options.url);
      url.searchParams.set('options', '-c search_path=sakimori_no_such_schema');
      const storage = createStorage({ ...ctx.options, url: url.toString() }, ctx.deps);
      const [code, message] = await codeOf(storage.start());
      expect(code).toBe('SAKIMORI_ERR_STORAGE_UNREACHABLE');
      expect(message).toMatch(/no schema/);
    });
  },
  { dialects: ['postgres'] },
);
