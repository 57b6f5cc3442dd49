/**
 * Retention purges: for every registered table whose data class has a retention period, delete
 * the rows older than the cutoff, in batches, each batch one transaction, and write a deletion
 * receipt — class, table, cutoff, count, SHA-256 of the deleted rows' ids, oldest and newest time —
 * to the audit log and the `retention_receipts` table. A run ends with a `retention.purge` summary
 * entry, so even a run that deleted nothing leaves evidence that it ran.
 *
 * The ids hash lets an auditor holding a backup check exactly which rows were erased: the ids,
 * tab-separated per row, one row per line in deletion order (time, then ids), hashed.
 *
 * Security invariants enforced here:
 * - rows cited as evidence by a case that is not closed are kept (legal hold);
 * - a receipt is written for whatever was deleted, even when the run fails half-way;
 * - a dry run reads only: no deletion, no receipt, no audit entry.
 */
import { createHash, type Hash } from 'node:crypto';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Clock } from '../../core/clock.js';
import type { Database } from '../../storage/database.js';
import { newId } from '../../storage/id.js';
import type { AppendReceipt } from '../audit/audit-log.js';
import type { AuditActor, AuditEventInput } from '../../core/audit-event.js';
import type { RetentionConfig } from '../config.js';
import type { RetentionRegistry, RetentionTarget } from './registry.js';

const DAY = 86_400_000;

/** What happened to one table (or to a class without tables). */
export interface PurgeResult {
  readonly dataClass: string;
  /** Null for a configured class no table is registered for. */
  readonly table: string | null;
  /**
   * `purged` (rows deleted, or none were due), `would_purge` (dry run), `absent` (table not in
   * this database), `misconfigured` (columns missing), `kept` (class kept forever or without a
   * configured period), `no_tables`, or `failed`.
   */
  readonly status: 'purged' | 'would_purge' | 'absent' | 'misconfigured' | 'kept' | 'no_tables' | 'failed';
  readonly retentionDays: number | null;
  readonly cutoff: number | null;
  readonly count: number;
  readonly idsSha256: string | null;
  readonly oldest: number | null;
  readonly newest: number | null;
  /** Audit log position of the receipt. */
  readonly auditSeq: number | null;
  readonly message?: string;
}

/** Dependencies of a run. */
export interface RetentionDeps {
  readonly db: Kysely<Database>;
  readonly audit: { append(event: AuditEventInput): Promise<AppendReceipt> };
  readonly clock: Clock;
  readonly registry: RetentionRegistry;
  /** Who runs it: the platform's timer, or the `sakimori retention run` command. */
  readonly actor: AuditActor;
}

type Row = Record<string, unknown> & { readonly t: number };

interface Progress {
  count: number;
  oldest: number | null;
  newest: number | null;
  readonly hash: Hash;
}

function holdClause(t: RetentionTarget, holdable: boolean): RawBuilder<unknown> {
  if (t.holdEvidenceKind === undefined || !holdable) return sql``;
  return sql` and not exists (select 1 from case_evidence e join cases c on c.id = e.case_id
    where e.kind = ${t.holdEvidenceKind} and e.ref = ${sql.ref(`${t.table}.${t.idColumns[0]!}`)} and c.state <> 'closed')`;
}

function selectDue(t: RetentionTarget, cutoff: number, limit: number, holdable: boolean): RawBuilder<Row> {
  const ids = sql.join(t.idColumns.map((c) => sql.ref(c)));
  const time = sql.ref(t.timeColumn);
  return sql<Row>`select ${ids}, ${time} as t from ${sql.table(t.table)} where ${time} < ${cutoff}${holdClause(t, holdable)} order by ${time}, ${ids} limit ${limit}`;
}

function deleteRows(t: RetentionTarget, rows: readonly Row[]): RawBuilder<unknown> {
  // OR of per-row equalities: typed by the columns on both engines, unlike row-value IN lists.
  const match = rows.map(
    (r) =>
      sql`(${sql.join(
        t.idColumns.map((c) => sql`${sql.ref(c)} = ${r[c]}`),
        sql` and `,
      )})`,
  );
  return sql`delete from ${sql.table(t.table)} where ${sql.join(match, sql` or `)}`;
}

/** Purges one table; `progress` holds what was deleted even when a later batch fails. */
async function purgeTable(db: Kysely<Database>, t: RetentionTarget, cutoff: number, batchRows: number, holdable: boolean, progress: Progress): Promise<void> {
  for (;;) {
    const rows = await db.transaction().execute(async (trx) => {
      const due = (await selectDue(t, cutoff, batchRows, holdable).execute(trx)).rows;
      if (due.length > 0) await deleteRows(t, due).execute(trx);
      return due;
    });
    for (const r of rows) {
      progress.hash.update(`${t.idColumns.map((c) => String(r[c])).join('\t')}\n`);
      const time = Number(r.t);
      progress.oldest = progress.oldest === null ? time : Math.min(progress.oldest, time);
      progress.newest = progress.newest === null ? time : Math.max(progress.newest, time);
    }
    progress.count += rows.length;
    if (rows.length < batchRows) return;
  }
}

async function countDue(db: Kysely<Database>, t: RetentionTarget, cutoff: number, holdable: boolean): Promise<{ count: number; oldest: number | null; newest: number | null }> {
  const time = sql.ref(t.timeColumn);
  const r = await sql<{ n: number; oldest: number | null; newest: number | null }>`select count(*) as n, min(${time}) as oldest, max(${time}) as newest
    from ${sql.table(t.table)} where ${time} < ${cutoff}${holdClause(t, holdable)}`.execute(db);
  const row = r.rows[0];
  return { count: Number(row?.n ?? 0), oldest: row?.oldest == null ? null : Number(row.oldest), newest: row?.newest == null ? null : Number(row.newest) };
}

/** The receipt of one table's purge: audit entry first (the evidence), then the receipts table. */
async function writeReceipt(deps: RetentionDeps, t: RetentionTarget, days: number, cutoff: number, p: Progress, idsSha256: string): Promise<number> {
  const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
  const receipt = await deps.audit.append({
    actor: deps.actor,
    action: 'retention.receipt',
    subjects: [
      { type: 'data_class', id: t.dataClass },
      { type: 'table', id: t.table },
    ],
    details: { retention_days: days, cutoff: new Date(cutoff).toISOString(), count: p.count, ids_sha256: idsSha256, oldest: iso(p.oldest), newest: iso(p.newest), cascades: [...(t.cascades ?? [])] },
  });
  await deps.db
    .insertInto('retention_receipts')
    .values({
      id: newId(deps.clock.now()),
      data_class: t.dataClass,
      table_name: t.table,
      cutoff,
      count: p.count,
      ids_sha256: idsSha256,
      oldest: p.oldest,
      newest: p.newest,
      audit_seq: receipt.seq,
      run_at: deps.clock.now(),
    })
    .execute();
  return receipt.seq;
}

async function runTarget(deps: RetentionDeps, config: RetentionConfig, t: RetentionTarget, columns: ReadonlyMap<string, ReadonlySet<string>>, dryRun: boolean): Promise<PurgeResult> {
  const days = (config.days as Readonly<Record<string, number | undefined>>)[t.dataClass];
  const base = { dataClass: t.dataClass, table: t.table, retentionDays: days ?? null, cutoff: null, count: 0, idsSha256: null, oldest: null, newest: null, auditSeq: null };
  if (days === undefined || days === 0) return { ...base, status: 'kept', message: days === 0 ? 'kept forever (0 days)' : 'no retention period configured' };
  const have = columns.get(t.table);
  if (have === undefined) return { ...base, status: 'absent' };
  const missing = [t.timeColumn, ...t.idColumns].filter((c) => !have.has(c));
  if (missing.length > 0) return { ...base, status: 'misconfigured', message: `table ${t.table} has no column ${missing.join(', ')}` };
  const holdable = columns.has('case_evidence') && columns.has('cases');
  const cutoff = deps.clock.now() - days * DAY;
  if (dryRun) return { ...base, cutoff, status: 'would_purge', ...(await countDue(deps.db, t, cutoff, holdable)) };
  const progress: Progress = { count: 0, oldest: null, newest: null, hash: createHash('sha256') };
  let failure: unknown;
  try {
    await purgeTable(deps.db, t, cutoff, config.batchRows, holdable, progress);
  } catch (e) {
    failure = e;
  }
  const idsSha256 = progress.hash.digest('hex');
  const auditSeq = progress.count > 0 ? await writeReceipt(deps, t, days, cutoff, progress, idsSha256) : null;
  const done = { ...base, cutoff, count: progress.count, idsSha256: progress.count > 0 ? idsSha256 : null, oldest: progress.oldest, newest: progress.newest, auditSeq };
  return failure === undefined ? { ...done, status: 'purged' } : { ...done, status: 'failed', message: (failure as Error).message };
}

/** Runs retention over every registered target (and reports configured classes without tables). */
export async function runRetention(config: RetentionConfig, deps: RetentionDeps, options: { readonly dryRun?: boolean } = {}): Promise<PurgeResult[]> {
  const dryRun = options.dryRun === true;
  const tables = await deps.db.introspection.getTables();
  const columns = new Map(tables.map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));
  const results: PurgeResult[] = [];
  for (const t of deps.registry.targets()) results.push(await runTarget(deps, config, t, columns, dryRun));
  for (const [dataClass, days] of Object.entries(config.days)) {
    if (!deps.registry.targets().some((t) => t.dataClass === dataClass)) {
      results.push({ dataClass, table: null, status: 'no_tables', retentionDays: days ?? null, cutoff: null, count: 0, idsSha256: null, oldest: null, newest: null, auditSeq: null });
    }
  }
  if (!dryRun) {
    await deps.audit.append({
      actor: deps.actor,
      action: 'retention.purge',
      details: {
        deleted: results.reduce((n, r) => n + r.count, 0),
        tables: results.filter((r) => r.status === 'purged').map((r) => `${r.dataClass}:${r.table}:${r.count}`),
        skipped: results.filter((r) => r.status !== 'purged').map((r) => `${r.dataClass}:${r.table ?? '-'}:${r.status}`),
      },
    });
  }
  return results;
}
