import { createHash } from 'node:crypto';
import { beforeEach, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/database.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { ExportVerifier } from '../audit/export/verify-export.js';
import { exportLines } from '../audit/export/export-format.js';
import { nodeMerkleHasher } from '../audit/node-crypto.js';
import { verifierFromKey } from '../audit/note/ed25519.js';
import { SqlAuditStore } from '../audit/store/sql/sql-audit-store.js';
import { startTestLog, TEST_ORIGIN } from '../audit/testing/fixtures.js';
import { oversightConfig } from '../testing/oversight-config.js';
import { auditEntries, insertCase } from '../testing/fixtures.js';
import { runRetention } from './purge.js';
import { retentionRegistry } from './registry.js';
import { PLATFORM_RETENTION_TARGETS } from '../../platform/platform.js';

const DAY = 86_400_000;

async function insertAttack(db: Kysely<Database>, id: string, endedAt: number | null): Promise<void> {
  const t = endedAt ?? Date.UTC(2026, 0, 1);
  await db
    .insertInto('attacks')
    .values({
      id,
      scope: 'host',
      target: '192.0.2.10',
      family: 4,
      network_id: 'net',
      organization_id: 'org',
      network_prefix: '192.0.2.0/24',
      state: endedAt === null ? 'active' : 'ended',
      started_at: t - 60_000,
      detected_at: t - 55_000,
      updated_at: t,
      ended_at: endedAt,
      end_reason: null,
      trigger: '{}',
      vectors: '[]',
      current_pps: 0,
      current_bps: 0,
      peak_pps: 1,
      peak_bps: 1,
      rates: '{}',
      peak: '{}',
      thresholds: '{}',
      top_sources: '[]',
      source_count: 1,
      target_count: 1,
      total_packets: 1,
      total_bytes: 1,
    })
    .execute();
  await db
    .insertInto('attack_sources')
    .values({ attack_id: id, address: '100.64.0.1', packets: 1, bytes: 1, packet_share: 1, byte_share: 1, first_seen: t, last_seen: t, vectors: '[]', error_bound: 0, country: null, asn: null })
    .execute();
}

async function insertSighting(db: Kysely<Database>, id: string, lastSeen: number): Promise<void> {
  await db
    .insertInto('sightings')
    .values({
      id,
      indicator_key: `ip:${id}`,
      indicator_value: '203.0.113.66',
      indicator_label: null,
      indicator_kind: 'ipv4',
      indicator_source: 'test',
      host: '192.0.2.44',
      family: 4,
      network_id: null,
      organization_id: null,
      network_prefix: null,
      first_seen: lastSeen - 1000,
      last_seen: lastSeen,
      records: 1,
      outbound_records: 1,
      inbound_records: 0,
      packets: 1,
      bytes: 1,
      ports: '[]',
      protocols: '[]',
      created_at: lastSeen,
      updated_at: lastSeen,
    })
    .execute();
}

const sha = (lines: string[]): string =>
  createHash('sha256')
    .update(lines.map((l) => `${l}\n`).join(''))
    .digest('hex');

describeStorage('retention', (ctx) => {
  // Batches of two rows (below what the configuration allows) so the purge crosses batch boundaries.
  const config = { ...oversightConfig({ retention: { days: { attacks: 30, sightings: 10, exporter_stats: 0 } } }).retention, batchRows: 2 };

  beforeEach(async () => {
    await ctx.reset();
    ctx.clock.set(Date.UTC(2026, 5, 1));
    const now = ctx.clock.now();
    await insertAttack(ctx.db, 'A1', now - 40 * DAY);
    await insertAttack(ctx.db, 'A2', now - 35 * DAY);
    await insertAttack(ctx.db, 'A3', now - 31 * DAY);
    await insertAttack(ctx.db, 'A4', now - 29 * DAY);
    await insertAttack(ctx.db, 'A5', null); // still active
    await insertAttack(ctx.db, 'A6', now - 90 * DAY); // evidence of an open case: held
    await insertAttack(ctx.db, 'A7', now - 95 * DAY); // evidence of a closed case: purged
    const open = await insertCase(ctx.db, ctx.clock);
    const closed = await insertCase(ctx.db, ctx.clock, 'closed');
    for (const [caseId, ref] of [
      [open, 'A6'],
      [closed, 'A7'],
    ] as const) {
      await ctx.db
        .insertInto('case_evidence')
        .values({ id: `${caseId}-${ref}`, case_id: caseId, kind: 'attack', ref, note: null, added_by: 'usr', added_at: now })
        .execute();
    }
    await insertSighting(ctx.db, 'S1', now - 11 * DAY);
    await insertSighting(ctx.db, 'S2', now - 9 * DAY);
  });

  it('reports what a dry run would erase and erases nothing', async () => {
    const { log, store } = await startTestLog({ clock: ctx.clock });
    const results = await runRetention(
      config,
      { db: ctx.db, audit: log, clock: ctx.clock, registry: retentionRegistry(PLATFORM_RETENTION_TARGETS), actor: { kind: 'service', id: 'cli' } },
      { dryRun: true },
    );
    expect(results.find((r) => r.table === 'attacks')).toMatchObject({ status: 'would_purge', count: 4, oldest: ctx.clock.now() - 95 * DAY, newest: ctx.clock.now() - 31 * DAY });
    expect(results.find((r) => r.table === 'sightings')).toMatchObject({ status: 'would_purge', count: 1 });
    expect(results.find((r) => r.table === 'exporter_stats')).toMatchObject({ status: 'kept' });
    expect(results.find((r) => r.dataClass === 'flows')).toMatchObject({ status: 'no_tables' });
    expect(await ctx.db.selectFrom('attacks').select('id').execute()).toHaveLength(7);
    expect(await store.size()).toBe(0);
  });

  it('erases in batches, keeps held and recent rows, and writes receipts that verify in an export', async () => {
    const { log, signer } = await startTestLog({ clock: ctx.clock, store: new SqlAuditStore(ctx.db) });
    const results = await runRetention(config, { db: ctx.db, audit: log, clock: ctx.clock, registry: retentionRegistry(PLATFORM_RETENTION_TARGETS), actor: { kind: 'service', id: 'cli' } });
    const attacks = results.find((r) => r.table === 'attacks')!;
    expect(attacks).toMatchObject({ status: 'purged', count: 4, idsSha256: sha(['A7', 'A1', 'A2', 'A3']), cutoff: ctx.clock.now() - 30 * DAY });
    expect((await ctx.db.selectFrom('attacks').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual(['A4', 'A5', 'A6']);
    expect((await ctx.db.selectFrom('attack_sources').select('attack_id').orderBy('attack_id').execute()).map((r) => r.attack_id)).toEqual(['A4', 'A5', 'A6']);
    expect((await ctx.db.selectFrom('sightings').select('id').execute()).map((r) => r.id)).toEqual(['S2']);

    const entries = await auditEntries(new SqlAuditStore(ctx.db));
    const receipts = entries.filter((e) => e.action === 'retention.receipt');
    expect(receipts.map((e) => [e.subjects[1]!.id, e.details.count, e.details.ids_sha256])).toEqual([
      ['attacks', 4, sha(['A7', 'A1', 'A2', 'A3'])],
      ['sightings', 1, sha(['S1'])],
    ]);
    expect(receipts[0]!.details).toMatchObject({ retention_days: 30, cutoff: '2026-05-02T00:00:00.000Z', oldest: '2026-02-26T00:00:00.000Z', cascades: ['attack_timeline', 'attack_sources'] });
    expect(entries.at(-1)).toMatchObject({ action: 'retention.purge', details: { deleted: 5 } });
    const stored = await ctx.db.selectFrom('retention_receipts').selectAll().orderBy('table_name').execute();
    expect(stored.map((r) => [r.table_name, Number(r.count), Number(r.audit_seq)])).toEqual([
      ['attacks', 4, receipts[0]!.seq],
      ['sightings', 1, receipts[1]!.seq],
    ]);

    await log.checkpoint();
    const verifier = new ExportVerifier({ hasher: nodeMerkleHasher(), verifiers: [verifierFromKey(signer.verifierKey)] });
    for await (const line of exportLines(new SqlAuditStore(ctx.db), log.hasher, TEST_ORIGIN)) verifier.line(line);
    expect(verifier.finish()).toMatchObject({ ok: true, entries: 3 });

    // A second run finds nothing more to erase and writes no receipt.
    const again = await runRetention(config, { db: ctx.db, audit: log, clock: ctx.clock, registry: retentionRegistry(PLATFORM_RETENTION_TARGETS), actor: { kind: 'service', id: 'cli' } });
    expect(again.filter((r) => r.count > 0)).toEqual([]);
    expect((await auditEntries(new SqlAuditStore(ctx.db))).filter((e) => e.action === 'retention.receipt')).toHaveLength(2);
    await log.stop();
  });

  it('purges tables keyed by several columns, hashing every id column', async () => {
    const { log } = await startTestLog({ clock: ctx.clock });
    const now = ctx.clock.now();
    await ctx.db.insertInto('exporters').values({ id: 'EXP1', address: '10.255.0.1', name: null, sampling_rate: null, first_seen: 0, last_seen: now }).execute();
    const stats = { datagrams: 1, records: 1, bytes: 1, decode_errors: '{}', template_misses: 0, sequence_gaps: 0, lost_records: 0, drops: 0 };
    for (const days of [500, 450, 10])
      await ctx.db
        .insertInto('exporter_stats')
        .values({ exporter_id: 'EXP1', period_start: now - days * DAY, ...stats })
        .execute();
    await ctx.db
      .insertInto('selection_counters')
      .values({ exporter: '::1', period_start: now - 401 * DAY, period_end: now - 401 * DAY + 1, kept: 1, erased: 2 })
      .execute();
    const results = await runRetention(
      { ...config, days: { ...config.days, exporter_stats: 400 } },
      { db: ctx.db, audit: log, clock: ctx.clock, registry: retentionRegistry(PLATFORM_RETENTION_TARGETS), actor: { kind: 'system', id: 'sakimori' } },
    );
    expect(results.find((r) => r.table === 'exporter_stats')).toMatchObject({ status: 'purged', count: 2, idsSha256: sha([`EXP1\t${now - 500 * DAY}`, `EXP1\t${now - 450 * DAY}`]) });
    expect(results.find((r) => r.table === 'selection_counters')).toMatchObject({ status: 'purged', count: 1, idsSha256: sha([`::1\t${now - 401 * DAY}`]) });
    expect((await ctx.db.selectFrom('exporter_stats').select('period_start').execute()).map((r) => Number(r.period_start))).toEqual([now - 10 * DAY]);
  });

  it('skips tables this database lacks and names columns that do not fit', async () => {
    const { log } = await startTestLog({ clock: ctx.clock });
    const registry = retentionRegistry(PLATFORM_RETENTION_TARGETS)
      .register({ dataClass: 'flows', table: 'flow_aggregates', timeColumn: 'period_start', idColumns: ['id'] })
      .register({ dataClass: 'reports', table: 'organizations', timeColumn: 'submitted_at', idColumns: ['id'] });
    const results = await runRetention(config, { db: ctx.db, audit: log, clock: ctx.clock, registry, actor: { kind: 'system', id: 'sakimori' } });
    expect(results.find((r) => r.table === 'flow_aggregates')).toMatchObject({ status: 'absent' });
    expect(results.find((r) => r.table === 'organizations')).toMatchObject({ status: 'misconfigured', message: 'table organizations has no column submitted_at' });
    expect(() => registry.register({ dataClass: 'flows', table: 'x; drop table cases', timeColumn: 't', idColumns: ['id'] })).toThrow(/identifiers/);
  });
});
