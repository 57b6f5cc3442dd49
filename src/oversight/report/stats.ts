/**
 * The statutory counts of the transparency report, computed from the tables the other parts
 * fill: countermeasure requests and approvals by type (mechanism), rejections and cancellations,
 * emergency actions and whether each was reviewed on time (both computed by operations and handed
 * over through its descriptor), the commission's withdrawal orders,
 * inspections and directives, data erased by automatic selection and by retention, the
 * excessive-monitoring flags, and the audit log's latest checkpoint.
 *
 * Each section names the tables it needs; when one is absent from this database the section is
 * marked unavailable with the missing tables, instead of reporting zeros that are not true.
 * Counts here are exact; suppression of small counts happens when the report is published.
 */
import type { Kysely } from 'kysely';
import { counted, type Counted } from '../../core/counted.js';
import type { TransparencySource } from '../../core/part.js';
import type { CountermeasureFigures, EmergencyFigures } from '../../core/transparency-figures.js';
import type { Database } from '../../storage/database.js';
// Brings oversight's tables into every program that type-checks this file (the console's too), so
// `Database` carries them there as well (declaration merging, see storage/database.ts).
import type {} from '../tables.js';
import { FLAG_KINDS } from '../flags/flag.js';
import type { ReportPeriod } from './period.js';

export type { Counted } from '../../core/counted.js';
export type { CountermeasureFigures, EmergencyFigures } from '../../core/transparency-figures.js';

/** A section, or why it could not be computed. */
export type Section<T> = ({ readonly available: true } & T) | { readonly available: false; readonly missing: readonly string[] };

/**
 * The sections other parts compute from their own tables and hand over through their descriptors
 * (operations' `transparency`): the report never reads another part's tables.
 */
export interface TransparencySources {
  readonly countermeasures: TransparencySource<CountermeasureFigures, Db>;
  readonly emergency: TransparencySource<EmergencyFigures, Db>;
}

/** The raw figures of one period. */
export interface TransparencyStats {
  readonly period: ReportPeriod;
  readonly generatedAt: number;
  readonly countermeasures: Section<CountermeasureFigures>;
  readonly emergency: Section<EmergencyFigures>;
  readonly commission: Section<{ inspectionsOpened: number; inspectionsClosed: number; directives: Counted; directivesImplemented: number; directivesOpen: number }>;
  readonly selection: Section<{ exporters: number; keptRecords: number; erasedRecords: number }>;
  readonly retention: Section<{ rows: Counted }>;
  readonly monitoring: Section<{ reads: number; refused: number; flags: Counted }>;
  readonly auditLog: Section<{ entries: number; checkpointSize: number | null; checkpoint: string | null }>;
}

type Db = Kysely<Database>;

async function countWhere(
  db: Db,
  table: 'oversight_inspections' | 'oversight_directives' | 'data_access',
  column: string,
  p: ReportPeriod,
  extra?: { column: string; op: '=' | '!=' | 'in' | 'not in'; value: unknown },
): Promise<number> {
  // Dynamic columns: the builder is typed loosely here; table and column names are constants.
  let q = (db as unknown as Kysely<Record<string, Record<string, unknown>>>)
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(column, '>=', p.from)
    .where(column, '<', p.to);
  if (extra !== undefined) q = q.where(extra.column, extra.op, extra.value);
  return Number((await q.executeTakeFirst())?.n ?? 0);
}

async function commission(db: Db, p: ReportPeriod): Promise<TransparencyStats['commission']> {
  const directives = counted(
    await db
      .selectFrom('oversight_directives')
      .select(['kind as key', (eb) => eb.fn.countAll<number>().as('n')])
      .where('issued_at', '>=', p.from)
      .where('issued_at', '<', p.to)
      .groupBy('kind')
      .execute(),
    ['notice', 'demand', 'recommendation'],
  );
  return {
    available: true,
    inspectionsOpened: await countWhere(db, 'oversight_inspections', 'opened_at', p),
    inspectionsClosed: await countWhere(db, 'oversight_inspections', 'closed_at', p),
    directives,
    directivesImplemented: await countWhere(db, 'oversight_directives', 'issued_at', p, { column: 'state', op: 'in', value: ['implemented', 'closed'] }),
    directivesOpen: await countWhere(db, 'oversight_directives', 'issued_at', p, { column: 'state', op: 'not in', value: ['implemented', 'closed', 'not_implemented'] }),
  };
}

async function selection(db: Db, p: ReportPeriod): Promise<TransparencyStats['selection']> {
  const r = await db
    .selectFrom('selection_counters')
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>('kept'), eb.lit(0)).as('kept'),
      eb.fn.coalesce(eb.fn.sum<number>('erased'), eb.lit(0)).as('erased'),
      eb.fn.count<number>('exporter').distinct().as('exporters'),
    ])
    .where('period_start', '>=', p.from)
    .where('period_start', '<', p.to)
    .executeTakeFirst();
  return { available: true, exporters: Number(r?.exporters ?? 0), keptRecords: Number(r?.kept ?? 0), erasedRecords: Number(r?.erased ?? 0) };
}

async function retention(db: Db, p: ReportPeriod): Promise<TransparencyStats['retention']> {
  const rows = await db
    .selectFrom('retention_receipts')
    .select(['data_class as key', (eb) => eb.fn.sum<number>('count').as('n')])
    .where('run_at', '>=', p.from)
    .where('run_at', '<', p.to)
    .groupBy('data_class')
    .execute();
  return { available: true, rows: counted(rows, []) };
}

async function monitoring(db: Db, p: ReportPeriod): Promise<TransparencyStats['monitoring']> {
  const flags = await db
    .selectFrom('monitoring_flags')
    .select(['kind as key', (eb) => eb.fn.countAll<number>().as('n')])
    .where('raised_at', '>=', p.from)
    .where('raised_at', '<', p.to)
    .groupBy('kind')
    .execute();
  return {
    available: true,
    reads: await countWhere(db, 'data_access', 'at', p, { column: 'outcome', op: '=', value: 'success' }),
    refused: await countWhere(db, 'data_access', 'at', p, { column: 'outcome', op: '=', value: 'denied' }),
    flags: counted(flags, FLAG_KINDS),
  };
}

async function auditLog(db: Db, p: ReportPeriod): Promise<TransparencyStats['auditLog']> {
  const cp = await db.selectFrom('audit_checkpoints').select(['size', 'note']).where('created_at', '<', p.to).orderBy('size', 'desc').limit(1).executeTakeFirst();
  const top = await db
    .selectFrom('audit_entries')
    .select((eb) => eb.fn.max('seq').as('top'))
    .executeTakeFirst();
  return { available: true, entries: top?.top === null || top?.top === undefined ? 0 : Number(top.top) + 1, checkpointSize: cp === undefined ? null : Number(cp.size), checkpoint: cp?.note ?? null };
}

/** Which tables each section reads. */
const NEEDS = {
  commission: ['oversight_inspections', 'oversight_directives'],
  selection: ['selection_counters'],
  retention: ['retention_receipts'],
  monitoring: ['monitoring_flags', 'data_access'],
  auditLog: ['audit_entries', 'audit_checkpoints'],
} as const;

/**
 * Computes the figures of `period` from the database, oversight's own sections here and the others
 * through `sources`; `now` judges overdue reviews of a running period.
 */
export async function collectTransparencyStats(db: Db, sources: TransparencySources, period: ReportPeriod, now: number): Promise<TransparencyStats> {
  const present = new Set((await db.introspection.getTables()).map((t) => t.name));
  const section = async <T>(name: keyof typeof NEEDS, compute: () => Promise<Section<T>>): Promise<Section<T>> => {
    const missing = NEEDS[name].filter((t) => !present.has(t));
    return missing.length > 0 ? { available: false, missing } : compute();
  };
  const external = async <T>(source: TransparencySource<T, Db>): Promise<Section<T>> => {
    const missing = source.tables.filter((t) => !present.has(t));
    return missing.length > 0 ? { available: false, missing } : { available: true, ...(await source.compute(db, period, now)) };
  };
  return {
    period,
    generatedAt: now,
    countermeasures: await external(sources.countermeasures),
    emergency: await external(sources.emergency),
    commission: await section('commission', () => commission(db, period)),
    selection: await section('selection', () => selection(db, period)),
    retention: await section('retention', () => retention(db, period)),
    monitoring: await section('monitoring', () => monitoring(db, period)),
    auditLog: await section('auditLog', () => auditLog(db, period)),
  };
}
