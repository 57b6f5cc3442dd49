/**
 * A regulator's list of its sector's incidents as CSV (RFC 4180): a header row, every field
 * quoted, CRLF line ends, one row per incident in the order given.
 *
 * Security invariant: a cell a spreadsheet would read as a formula — starting with `=`, `+`, `-`,
 * `@`, tab or carriage return (OWASP "CSV injection") — is prefixed with `'`, so an incident title
 * written by an operator cannot run in a regulator's spreadsheet.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { formatLateness } from '../../regimes/index.js';
import type { IncidentSummary } from '../incident-view.js';
import { utcIso } from './report-parts.js';

/** The header row, in column order. */
export const SECTOR_CSV_COLUMNS = [
  'organisation',
  'organisation id',
  'incident id',
  'regime',
  'title',
  'category',
  'state',
  'next due for',
  'next due (UTC)',
  'next due (local)',
  'overdue by (s)',
  'overdue by',
  'non-compliant',
  'updated (UTC)',
] as const;

/** What the CSV needs besides the rows. */
export interface SectorCsvOptions {
  /** Start with a UTF-8 byte order mark, so that spreadsheet programs read Japanese text as UTF-8. */
  readonly bom?: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: formula-safe, quoted, inner quotes doubled (RFC 4180 §2.5–2.7). */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

function row(s: IncidentSummary, orgNames: ReadonlyMap<string, string>): string[] {
  return [
    orgNames.get(s.organizationId) ?? '',
    s.organizationId,
    s.id,
    s.regime,
    s.title,
    s.category,
    s.state,
    s.nextDue?.ref ?? '',
    utcIso(s.nextDue?.at) ?? '',
    s.nextDue?.local ?? '',
    s.overdueBySeconds === null ? '' : String(s.overdueBySeconds),
    s.overdueBySeconds === null ? '' : formatLateness(s.overdueBySeconds).replace(/ late$/, ''),
    s.nonCompliant ? 'yes' : 'no',
    utcIso(s.updatedAt) ?? '',
  ];
}

/**
 * The incidents `summaries` as CSV, naming each organisation from `orgNames` (id → name; an
 * unknown id leaves the name empty, its id is in the next column).
 *
 * @example
 * ```ts
 * sectorIncidentsCsv(list, new Map([['org-1', 'Kaminari Power']])).split('\r\n')[0];
 * // '"organisation","organisation id","incident id","regime",…'
 * ```
 */
export function sectorIncidentsCsv(summaries: readonly IncidentSummary[], orgNames: ReadonlyMap<string, string>, opts: SectorCsvOptions = {}): string {
  const lines = [SECTOR_CSV_COLUMNS.map(csvCell).join(','), ...summaries.map((s) => row(s, orgNames).map(csvCell).join(','))];
  return `${opts.bom === true ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
}
