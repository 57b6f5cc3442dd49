/** The CSV form of the CISA KEV catalogue (known_exploited_vulnerabilities.csv). */
import { ok, type VulnsResult } from '../../errors.js';
import type { KevEntry } from '../../record.js';
import { dropDuplicates, KEV_MEMBERS, KEV_REQUIRED, type KevCatalogue, kevRecordError, kevSourceFailure, readKevEntry, type SkippedKevEntry } from './kev-entry.js';
import { readCsv } from './read-csv.js';

/**
 * Reads the CSV form of the KEV catalogue: a header naming the catalogue's members (any order), then
 * one row per entry, the CWE ids joined by `, ` in one `cwes` column. Entries are checked exactly as
 * {@link readKevJson} checks them, so both forms of one release give the same entries; the CSV form
 * has no catalogue version or release date. A row that fails is skipped with
 * `SAKIMORI_ERR_VULN_RECORD_MALFORMED` (`record: 'row N'`, N the line where the row starts, `path`
 * the column). Text that is not CSV, or a header with a column missing or one the catalogue does not
 * define, gives `SAKIMORI_ERR_VULN_SOURCE_MALFORMED` naming them.
 */
export function readKevCsv(text: string): VulnsResult<KevCatalogue> {
  const csv = readCsv(text);
  if (!csv.ok) return kevSourceFailure(`not CSV: ${csv.problem} (line ${csv.line})`, { line: csv.line });
  const [header, ...rows] = csv.rows;
  if (header === undefined) return kevSourceFailure('no header row');
  const columns = checkHeader(header.fields);
  if (typeof columns === 'string') return kevSourceFailure(columns, { line: header.line });
  const skipped: SkippedKevEntry[] = [];
  const read: { entry: KevEntry; record: string }[] = [];
  for (const row of rows) {
    const record = `row ${row.line}`;
    if (row.fields.length !== columns.length) {
      const problem = `${row.fields.length} fields where the header names ${columns.length}`;
      skipped.push({ record, error: kevRecordError(record, { path: 'columns', problem }) });
      continue;
    }
    const r = readKevEntry(toMembers(columns, row.fields));
    if (r.ok) read.push({ entry: r.entry, record });
    // The column, not the JSON path: `cwes[1]` is the `cwes` column.
    else skipped.push({ record, error: kevRecordError(record, { path: r.path.replace(/\[\d+\]$/, ''), problem: r.problem }) });
  }
  return ok({ entries: dropDuplicates(read, skipped), skipped });
}

/** The header's column names, or the problem with them: missing required columns, unknown or repeated ones. */
function checkHeader(fields: readonly string[]): readonly string[] | string {
  const missing = KEV_REQUIRED.filter((c) => !fields.includes(c));
  const unknown = fields.filter((c) => !KEV_MEMBERS.includes(c));
  const repeated = fields.filter((c, i) => fields.indexOf(c) !== i);
  const problems = [
    missing.length > 0 ? `missing column(s) ${missing.join(', ')}` : '',
    unknown.length > 0 ? `unexpected column(s) ${unknown.map((c) => JSON.stringify(c)).join(', ')}` : '',
    repeated.length > 0 ? `repeated column(s) ${repeated.join(', ')}` : '',
  ].filter((p) => p !== '');
  return problems.length === 0 ? fields : `header: ${problems.join('; ')}`;
}

/** One row as catalogue members; the `cwes` column becomes a list (empty column, no CWEs). */
function toMembers(columns: readonly string[], fields: readonly string[]): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [i, column] of columns.entries()) raw[column] = fields[i];
  if (typeof raw.cwes === 'string') raw.cwes = raw.cwes.trim() === '' ? [] : raw.cwes.split(',').map((c) => c.trim());
  return raw;
}
