/**
 * A CSV reader after RFC 4180: fields separated by commas, records by line breaks; a field in
 * double quotes may hold commas, line breaks and doubled quotes (`""` is one `"`). Beyond the RFC,
 * as spreadsheets write it: a leading UTF-8 BOM is skipped, LF and lone CR end a record as CRLF
 * does, and a final line break does not start an empty record. A quote inside an unquoted field,
 * text after a closing quote and an unclosed quote are errors (RFC 4180 §2 rules 5–7), so a
 * malformed file is refused rather than read differently from how the spreadsheet showed it.
 * Pure, no dependency.
 */

/** One record: its fields and the line (1-based) it starts on. */
export interface CsvRecord {
  readonly fields: readonly string[];
  readonly line: number;
}

/** Why a text is not read: a syntax error at `line`, or more records than allowed. */
export interface CsvError {
  readonly kind: 'syntax' | 'too-many-records';
  readonly line: number;
  readonly message: string;
}

/** Records, or the first error. */
export type CsvResult = { readonly ok: true; readonly records: readonly CsvRecord[] } | ({ readonly ok: false } & CsvError);

/** Limits of {@link parseCsv}. */
export interface CsvOptions {
  /** Records (header included) read at most; one more is an error. Default unlimited. */
  readonly maxRecords?: number;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Reads CSV text into records.
 *
 * @example
 * ```ts
 * parseCsv('\uFEFFname,note\r\n"Kohaku, Bank","say ""hi""\nthere"\r\n');
 * // { ok: true, records: [{ fields: ['name', 'note'], line: 1 }, { fields: ['Kohaku, Bank', 'say "hi"\nthere'], line: 2 }] }
 * ```
 */
export function parseCsv(text: string, options: CsvOptions = {}): CsvResult {
  const max = options.maxRecords ?? Number.POSITIVE_INFINITY;
  const n = text.length;
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const fail = (kind: CsvError['kind'], at: number, message: string): CsvResult => ({ ok: false, kind, line: at, message });
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        const open = line;
        let buf = '';
        let from = ++i;
        for (;;) {
          if (i >= n) return fail('syntax', open, 'a quoted field is never closed');
          const ch = text.charCodeAt(i);
          if (ch === QUOTE) {
            buf += text.slice(from, i);
            if (text.charCodeAt(i + 1) !== QUOTE) break;
            buf += '"';
            i += 2;
            from = i;
            continue;
          }
          if (ch === LF || (ch === CR && text.charCodeAt(i + 1) !== LF)) line++;
          i++;
        }
        i++; // the closing quote
        const next = text.charCodeAt(i);
        if (i < n && next !== COMMA && next !== CR && next !== LF) return fail('syntax', line, 'text after a closing quote (a quote inside a quoted field is written "")');
        value = buf;
      } else {
        const from = i;
        for (; i < n; i++) {
          const ch = text.charCodeAt(i);
          if (ch === COMMA || ch === CR || ch === LF) break;
          if (ch === QUOTE) return fail('syntax', line, 'a quote inside an unquoted field (quote the whole field and write the quote as "")');
        }
        value = text.slice(from, i);
      }
      fields.push(value);
      if (i < n && text.charCodeAt(i) === COMMA) {
        i++;
        continue;
      }
      break;
    }
    records.push({ fields, line: start });
    if (records.length > max) return fail('too-many-records', start, `more than ${max} records`);
    if (i < n) {
      // A line break: CRLF, LF or a lone CR.
      i += text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
    }
  }
  return { ok: true, records };
}
