/**
 * The asset table as CSV: a header row naming the columns, one asset per row. Reads the document
 * into located inputs (validation follows in the store); a document that cannot be read as the
 * table is refused whole. Pure.
 *
 * Columns (any order, names case-insensitive, `-` or spaces for `_`): `vendor`, `product`,
 * `version`, `cpe`, `purl`, `role`, `site`, `network` (a protected network's id or prefix),
 * `addresses` (separated by spaces or semicolons), `introduced_on` (`YYYY-MM-DD` or `YYYY/M/D`),
 * `status`. At least one of `product`, `cpe`, `purl` must be present. Rows are numbered as a
 * spreadsheet shows them: the header is row 1. Rows whose every field is blank are skipped.
 */
import { ERR_ASSET_CSV_INVALID, ERR_ASSET_CSV_TOO_LARGE } from './errors.js';
import { decodeUtf8, isOverBytes, type LocatedInput, type LocatedProblem, refuseProblems } from './located-input.js';
import { parseCsv } from './parse-csv.js';
import type { AssetInput, AssetInputField } from './validate-asset.js';

/** The columns, keyed by name, with the input field each fills. */
export const ASSET_CSV_COLUMNS = {
  vendor: 'vendor',
  product: 'product',
  version: 'version',
  cpe: 'cpe',
  purl: 'purl',
  role: 'role',
  site: 'site',
  network: 'network',
  addresses: 'addresses',
  introduced_on: 'introducedOn',
  status: 'status',
} as const satisfies Record<string, AssetInputField>;

type Column = keyof typeof ASSET_CSV_COLUMNS;

const COLUMN_OF = Object.fromEntries(Object.entries(ASSET_CSV_COLUMNS).map(([column, field]) => [field, column])) as Record<AssetInputField, Column>;

/** Limits of {@link readAssetCsv}. */
export interface AssetCsvLimits {
  readonly maxBytes: number;
  readonly maxRows: number;
}

const isColumn = (name: string): name is Column => Object.hasOwn(ASSET_CSV_COLUMNS, name);
const normaliseHeader = (name: string): string =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
const label = (field: AssetInputField): string => `column ${COLUMN_OF[field]}`;

function readHeader(fields: readonly string[]): Column[] {
  const columns: Column[] = [];
  for (const [k, raw] of fields.entries()) {
    const name = normaliseHeader(raw);
    if (!isColumn(name)) {
      const hint = name === '' ? 'an empty column name' : `unknown column ${JSON.stringify(raw)}`;
      throw new ERR_ASSET_CSV_INVALID(`row 1, column ${k + 1}`, `${hint} (known: ${Object.keys(ASSET_CSV_COLUMNS).join(', ')})`);
    }
    if (columns.includes(name)) throw new ERR_ASSET_CSV_INVALID(`row 1, column ${k + 1}`, `column ${name} appears twice`);
    columns.push(name);
  }
  if (!columns.some((c) => c === 'product' || c === 'cpe' || c === 'purl')) {
    throw new ERR_ASSET_CSV_INVALID('row 1', 'the header names none of product, cpe, purl: is the first row the header?');
  }
  return columns;
}

/**
 * Reads an asset CSV into one located input per data row.
 *
 * @throws {@link ERR_ASSET_CSV_TOO_LARGE} over `maxBytes` or `maxRows`; {@link ERR_ASSET_CSV_INVALID}
 * for text that is not UTF-8, a CSV syntax error (naming its line), a bad header, or rows whose
 * number of fields differs from the header's (naming every such row).
 */
export function readAssetCsv(data: string | Uint8Array, limits: AssetCsvLimits): LocatedInput[] {
  if (isOverBytes(data, limits.maxBytes)) throw new ERR_ASSET_CSV_TOO_LARGE(`${limits.maxBytes} bytes`);
  const text = decodeUtf8(data);
  if (text === undefined) throw new ERR_ASSET_CSV_INVALID('the file', 'not UTF-8 text (save it as "CSV UTF-8")');
  const parsed = parseCsv(text, { maxRecords: limits.maxRows + 1 });
  if (!parsed.ok) {
    if (parsed.kind === 'too-many-records') throw new ERR_ASSET_CSV_TOO_LARGE(`${limits.maxRows} rows`);
    throw new ERR_ASSET_CSV_INVALID(`line ${parsed.line}`, parsed.message);
  }
  const [header, ...rows] = parsed.records;
  if (header === undefined) throw new ERR_ASSET_CSV_INVALID('row 1', 'the file is empty: a header row is expected');
  const columns = readHeader(header.fields);
  const out: LocatedInput[] = [];
  const problems: LocatedProblem[] = [];
  for (const [k, record] of rows.entries()) {
    if (record.fields.every((f) => f.trim() === '')) continue;
    const where = `row ${k + 2}`;
    if (record.fields.length !== columns.length) {
      problems.push({ where, error: ERR_ASSET_CSV_INVALID, message: `has ${record.fields.length} fields; the header has ${columns.length}` });
      continue;
    }
    const input: Partial<Record<AssetInputField, string>> = {};
    for (const [c, column] of columns.entries()) input[ASSET_CSV_COLUMNS[column]] = record.fields[c]!;
    out.push({ input: input as AssetInput, where, label });
  }
  refuseProblems(problems);
  return out;
}
