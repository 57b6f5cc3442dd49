/** FIRST's daily EPSS file (epss_scores-YYYY-MM-DD.csv, already decompressed by the caller). */
import type { SakimoriError } from '../../../core/errors.js';
import { ERR_VULN_RECORD_MALFORMED, ERR_VULN_SOURCE_MALFORMED, type Failure, ok, type VulnsResult } from '../../errors.js';
import { asCveId, type CveId, type EpssScore } from '../../record.js';
import { type CsvRow, readCsv } from '../kev/read-csv.js';

/** A row left out of an EPSS file and why; `record` is `row N`, N the line of the file. */
export interface SkippedEpssRow {
  readonly record: string;
  readonly error: SakimoriError;
}

/** One EPSS file: the model and day that produced it, the scores that could be read, the rows skipped. */
export interface EpssFile {
  /** `v2025.03.14`: scores of different models do not compare. */
  readonly modelVersion: string;
  /** `YYYY-MM-DD`, the day the scores are for. */
  readonly scoreDate: string;
  /** The comment line's `score_date` as written (`2025-08-25T12:55:00Z`). */
  readonly scoredAt: string;
  readonly scores: readonly EpssScore[];
  readonly skipped: readonly SkippedEpssRow[];
}

const COLUMNS = ['cve', 'epss', 'percentile'] as const;
type Column = (typeof COLUMNS)[number];

// Plain decimals and scientific notation (`5e-05`, `1.2E-4`), nothing else `Number()` would take
// (hex, `Infinity`, empty text, spaces).
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SCORE_DATE = /^(\d{4}-\d{2}-\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Reads an EPSS file: the comment line `#model_version:v2025.03.14,score_date:2025-08-25T12:55:00Z`,
 * then the header `cve,epss,percentile` (columns in any order), then one row per CVE. Scores may be
 * in scientific notation and must lie in 0–1. A row with a bad CVE id or score is skipped with
 * `SAKIMORI_ERR_VULN_RECORD_MALFORMED` (`record: 'row N'`, `path` the column). A file without the
 * comment line (the model version is provenance that must not be lost), or whose header misses a
 * column or adds one, gives `SAKIMORI_ERR_VULN_SOURCE_MALFORMED`.
 *
 * @example
 * ```ts
 * const r = readEpssCsv('#model_version:v2025.03.14,score_date:2025-08-25T12:55:00Z\ncve,epss,percentile\nCVE-2024-0001,5e-05,0.0123\n');
 * if (r.ok) r.value.scores[0]; // { cve: 'CVE-2024-0001', epss: 0.00005, percentile: 0.0123, modelVersion: 'v2025.03.14', scoreDate: '2025-08-25' }
 * ```
 */
export function readEpssCsv(text: string): VulnsResult<EpssFile> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lineEnd = body.search(/\r\n|\n|\r/);
  const comment = readComment(lineEnd < 0 ? body : body.slice(0, lineEnd));
  if ('problem' in comment) return sourceFailure(comment.problem, { line: 1 });
  const csv = readCsv(lineEnd < 0 ? '' : body.slice(lineEnd + (body.startsWith('\r\n', lineEnd) ? 2 : 1)), 2);
  if (!csv.ok) return sourceFailure(`not CSV: ${csv.problem} (line ${csv.line})`, { line: csv.line });
  const [header, ...rows] = csv.rows;
  if (header === undefined) return sourceFailure('no header row after the comment line', { line: 2 });
  const columns = readHeader(header.fields);
  if (typeof columns === 'string') return sourceFailure(columns, { line: header.line });
  const scores: EpssScore[] = [];
  const skipped: SkippedEpssRow[] = [];
  const seen = new Set<CveId>();
  for (const row of rows) {
    const score = readRow(row, columns, comment);
    if ('path' in score) {
      skipped.push({ record: `row ${row.line}`, error: recordError(row.line, score.path, score.problem) });
    } else if (seen.has(score.cve)) {
      // One score per CVE a day; a second would make the result depend on row order.
      skipped.push({ record: `row ${row.line}`, error: recordError(row.line, 'cve', `${score.cve} is listed twice`) });
    } else {
      seen.add(score.cve);
      scores.push(score);
    }
  }
  return ok({ modelVersion: comment.modelVersion, scoreDate: comment.scoreDate, scoredAt: comment.scoredAt, scores, skipped });
}

interface Provenance {
  readonly modelVersion: string;
  readonly scoreDate: string;
  readonly scoredAt: string;
}

/** The first line's `key:value` pairs; only `model_version` and `score_date` matter, others are ignored. */
function readComment(line: string): Provenance | { readonly problem: string } {
  if (!line.startsWith('#')) return { problem: 'no #model_version:…,score_date:… comment line: the model version is required provenance' };
  const pairs = new Map<string, string>();
  for (const pair of line.slice(1).split(',')) {
    const colon = pair.indexOf(':');
    // score_date's own colons stay in the value: split at the first colon only.
    if (colon > 0) pairs.set(pair.slice(0, colon).trim(), pair.slice(colon + 1).trim());
  }
  const modelVersion = pairs.get('model_version');
  const scoredAt = pairs.get('score_date');
  if (modelVersion === undefined || modelVersion === '') return { problem: 'the comment line has no model_version' };
  const date = SCORE_DATE.exec(scoredAt ?? '');
  if (scoredAt === undefined || date?.[1] === undefined) return { problem: `the comment line has no ISO 8601 score_date (${JSON.stringify(scoredAt ?? '')})` };
  return { modelVersion, scoreDate: date[1], scoredAt };
}

/** Where each column is, or the problem with the header (columns missing, unexpected or repeated). */
function readHeader(fields: readonly string[]): Readonly<Record<Column, number>> | string {
  const missing = COLUMNS.filter((c) => !fields.includes(c));
  const unexpected = fields.filter((f) => !(COLUMNS as readonly string[]).includes(f));
  const repeated = fields.filter((f, i) => fields.indexOf(f) !== i);
  const problems = [
    missing.length > 0 ? `missing column(s) ${missing.join(', ')}` : '',
    unexpected.length > 0 ? `unexpected column(s) ${unexpected.map((c) => JSON.stringify(c)).join(', ')}` : '',
    repeated.length > 0 ? `repeated column(s) ${repeated.join(', ')}` : '',
  ].filter((p) => p !== '');
  if (problems.length > 0) return `header: ${problems.join('; ')}`;
  return { cve: fields.indexOf('cve'), epss: fields.indexOf('epss'), percentile: fields.indexOf('percentile') };
}

function readRow(row: CsvRow, columns: Readonly<Record<Column, number>>, provenance: Provenance): EpssScore | { readonly path: string; readonly problem: string } {
  if (row.fields.length !== COLUMNS.length) return { path: 'columns', problem: `${row.fields.length} fields where the header names ${COLUMNS.length}` };
  const cveText = row.fields[columns.cve] ?? '';
  const cve = asCveId(cveText);
  if (cve === undefined) return { path: 'cve', problem: `not a CVE id (${show(cveText)})` };
  const epss = readProbability(row.fields[columns.epss] ?? '');
  if (typeof epss === 'string') return { path: 'epss', problem: epss };
  const percentile = readProbability(row.fields[columns.percentile] ?? '');
  if (typeof percentile === 'string') return { path: 'percentile', problem: percentile };
  return { cve, epss, percentile, modelVersion: provenance.modelVersion, scoreDate: provenance.scoreDate };
}

/** A number in 0–1, or what is wrong with the text. */
function readProbability(text: string): number | string {
  if (!NUMBER.test(text)) return `not a number (${show(text)})`;
  const n = Number(text);
  return n >= 0 && n <= 1 ? n : `outside 0–1 (${show(text)})`;
}

function show(text: string): string {
  const s = JSON.stringify(text);
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

function recordError(line: number, path: string, problem: string): SakimoriError {
  const record = `row ${line}`;
  return new ERR_VULN_RECORD_MALFORMED(`epss ${record}: ${path}: ${problem}`, { details: { source: 'epss', record, path } });
}

function sourceFailure(problem: string, details: Record<string, unknown>): Failure {
  return { ok: false, error: new ERR_VULN_SOURCE_MALFORMED(`epss: ${problem}`, { details: { source: 'epss', ...details } }) };
}
