/**
 * The published transparency report: the figures of {@link TransparencyStats} with small counts
 * suppressed, as the JSON document the Markdown and SVG renderings are made from.
 *
 * Suppression: a count of cases, requests, actions or flags from 1 to `below - 1` is published as
 * `"<below"` (e.g. `"<5"`), so that no single person or operation can be singled out. Where a
 * breakdown has exactly one suppressed cell and a published total, the smallest other non-zero
 * cell is withheld too (`"*"`), so the suppressed one cannot be recovered by subtraction. Volumes
 * of records and rows (automatic selection, retention) and the audit log's size are not counts of
 * people or operations and are published exactly; zero is always published as 0.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { localTime } from './period.js';
import type { Counted, Section, TransparencyStats } from './stats.js';

/** A published count: exact, `"<N"` (suppressed) or `"*"` (withheld to protect a suppressed one). */
export type Published = number | string;

/** A published breakdown. */
export interface PublishedGroup {
  readonly total: Published;
  readonly by: Readonly<Record<string, Published>>;
}

/** A published section, or the tables that were missing. */
export type PublishedSection<T> = ({ readonly available: true } & T) | { readonly available: false; readonly missing: readonly string[] };

/** The report document (`--format json`). */
export interface TransparencyReport {
  readonly format: 'sakimori.transparency-report/v1';
  readonly period: { readonly label: string; readonly from: string; readonly to: string };
  readonly generatedAt: string;
  readonly suppression: { readonly below: number; readonly rule: string };
  readonly countermeasures: PublishedSection<{ requests: PublishedGroup; approvals: PublishedGroup; rejections: PublishedGroup; cancelled: PublishedGroup }>;
  readonly emergency: PublishedSection<{ actions: PublishedGroup; review: PublishedGroup; outcome: PublishedGroup }>;
  readonly commission: PublishedSection<{ inspectionsOpened: Published; inspectionsClosed: Published; directives: PublishedGroup; directivesImplemented: Published; directivesOpen: Published }>;
  readonly selection: PublishedSection<{ exporters: number; keptRecords: number; erasedRecords: number; erasedShare: number | null }>;
  readonly retention: PublishedSection<{ rowsErased: Readonly<Record<string, number>>; total: number }>;
  readonly monitoring: PublishedSection<{ reads: Published; refused: Published; flags: PublishedGroup }>;
  readonly auditLog: PublishedSection<{ entries: number; checkpointSize: number | null; checkpoint: string | null }>;
}

/** One count, suppressed when from 1 to `below - 1`. */
export function suppress(n: number, below: number): Published {
  return n >= 1 && n < below ? `<${below}` : n;
}

/** A breakdown with primary and complementary suppression. */
export function suppressGroup(c: Counted, below: number): PublishedGroup {
  const by: Record<string, Published> = {};
  for (const [k, v] of Object.entries(c.by)) by[k] = suppress(v, below);
  const total = suppress(c.total, below);
  const hidden = Object.keys(by).filter((k) => typeof by[k] === 'string');
  if (hidden.length === 1 && typeof total === 'number') {
    const next = Object.entries(c.by)
      .filter(([k, v]) => v > 0 && typeof by[k] === 'number')
      .sort((a, b) => a[1] - b[1])[0];
    if (next !== undefined) by[next[0]] = '*';
  }
  return { total, by };
}

function publishSection<T, U>(s: Section<T>, f: (v: T) => U): PublishedSection<U> {
  return s.available ? { available: true, ...f(s) } : { available: false, missing: s.missing };
}

/** Applies suppression and shapes the figures for publication. */
export function publishReport(s: TransparencyStats, below: number): TransparencyReport {
  const g = (c: Counted): PublishedGroup => suppressGroup(c, below);
  const n = (v: number): Published => suppress(v, below);
  const z = s.period.utcOffsetMinutes;
  return {
    format: 'sakimori.transparency-report/v1',
    period: { label: s.period.label, from: localTime(s.period.from, z), to: localTime(s.period.to, z) },
    generatedAt: localTime(s.generatedAt, z),
    suppression: { below, rule: `counts from 1 to ${below - 1} are published as "<${below}"; "*" marks a count withheld so that a suppressed one cannot be derived` },
    countermeasures: publishSection(s.countermeasures, (v) => ({ requests: g(v.requests), approvals: g(v.approvals), rejections: g(v.rejections), cancelled: g(v.cancelled) })),
    emergency: publishSection(s.emergency, (v) => ({
      actions: g(v.actions),
      review: g({ total: v.actions.total, by: { on_time: v.reviewedOnTime, late: v.reviewedLate, overdue_unreviewed: v.overdueUnreviewed, pending: v.pendingNotDue } }),
      outcome: g({ total: v.upheld + v.withdrawalOrdered, by: { upheld: v.upheld, withdrawal_ordered: v.withdrawalOrdered } }),
    })),
    commission: publishSection(s.commission, (v) => ({
      inspectionsOpened: n(v.inspectionsOpened),
      inspectionsClosed: n(v.inspectionsClosed),
      directives: g(v.directives),
      directivesImplemented: n(v.directivesImplemented),
      directivesOpen: n(v.directivesOpen),
    })),
    selection: publishSection(s.selection, (v) => {
      const all = v.keptRecords + v.erasedRecords;
      return { exporters: v.exporters, keptRecords: v.keptRecords, erasedRecords: v.erasedRecords, erasedShare: all === 0 ? null : Math.round((v.erasedRecords / all) * 10_000) / 10_000 };
    }),
    retention: publishSection(s.retention, (v) => ({ rowsErased: { ...v.rows.by }, total: v.rows.total })),
    monitoring: publishSection(s.monitoring, (v) => ({ reads: n(v.reads), refused: n(v.refused), flags: g(v.flags) })),
    auditLog: publishSection(s.auditLog, (v) => ({ entries: v.entries, checkpointSize: v.checkpointSize, checkpoint: v.checkpoint })),
  };
}
