/**
 * A small RFC 4180 CSV reader for the vulnerability feeds (KEV, EPSS). `vulns` may import only
 * `core`, so it cannot share the cooperation part's reader; this one is strict instead of forgiving:
 * a stray quote is an error, not a guess at what the writer meant.
 */

/** One CSV record and the line of the text on which it starts (from `firstLine`), for error messages. */
export interface CsvRow {
  readonly line: number;
  readonly fields: readonly string[];
}

/** The records of a CSV text, or why it cannot be read and the line where the faulty record starts. */
export type CsvResult = { readonly ok: true; readonly rows: readonly CsvRow[] } | { readonly ok: false; readonly line: number; readonly problem: string };

const COMMA = 44;
const LF = 10;
const CR = 13;
const QUOTE = 34;

/**
 * Reads `text` as RFC 4180 CSV: fields separated by commas, records by CRLF, LF or CR, double
 * quotes around fields that hold commas, quotes or line breaks (a quote inside doubled). A leading
 * byte-order mark, a final line break and blank lines are ignored. A quote inside an unquoted field,
 * text after a closing quote or a quoted field never closed makes the whole text unreadable: after
 * such a fault the reader cannot know where the next record starts.
 *
 * @example
 * ```ts
 * readCsv('a,b\r\n"x, y","say ""hi"""\n'); // rows: [{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['x, y', 'say "hi"'] }]
 * ```
 */
export function readCsv(text: string, firstLine = 1): CsvResult {
  const rows: CsvRow[] = [];
  const cursor = { at: text.charCodeAt(0) === 0xfeff ? 1 : 0, line: firstLine };
  while (cursor.at < text.length) {
    const start = cursor.line;
    const record = readRecord(text, cursor);
    if (typeof record === 'string') return { ok: false, line: start, problem: record };
    // An empty unquoted line is no record (a final or doubled line break), not a row of one empty field.
    if (!(record.fields.length === 1 && record.fields[0] === '' && !record.quoted)) rows.push({ line: start, fields: record.fields });
    const c = text.charCodeAt(cursor.at);
    if (c === CR) cursor.at += text.charCodeAt(cursor.at + 1) === LF ? 2 : 1;
    else if (c === LF) cursor.at += 1;
    cursor.line++;
  }
  return { ok: true, rows };
}

/** Reads fields up to the end of a record (left on its line break); a string is the problem found. */
function readRecord(text: string, cursor: { at: number; line: number }): { fields: string[]; quoted: boolean } | string {
  const fields: string[] = [];
  let quoted = false;
  for (;;) {
    let field: string | undefined;
    if (text.charCodeAt(cursor.at) === QUOTE) {
      quoted = true;
      field = readQuoted(text, cursor);
      if (field === undefined) return 'a quoted field is never closed';
      const next = text.charCodeAt(cursor.at);
      if (cursor.at < text.length && next !== COMMA && next !== LF && next !== CR) return 'text after the closing quote of a field';
    } else {
      let end = cursor.at;
      for (let c = text.charCodeAt(end); end < text.length && c !== COMMA && c !== LF && c !== CR; c = text.charCodeAt(++end)) {
        if (c === QUOTE) return 'a quote inside an unquoted field';
      }
      field = text.slice(cursor.at, end);
      cursor.at = end;
    }
    fields.push(field);
    if (text.charCodeAt(cursor.at) !== COMMA) return { fields, quoted };
    cursor.at++;
  }
}

/** Reads a quoted field starting at its opening quote; `undefined` when the text ends inside it. */
function readQuoted(text: string, cursor: { at: number; line: number }): string | undefined {
  let value = '';
  let from = cursor.at + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return undefined;
    const part = text.slice(from, quote);
    cursor.line += countLineBreaks(part);
    value += part;
    if (text.charCodeAt(quote + 1) !== QUOTE) {
      cursor.at = quote + 1;
      return value;
    }
    value += '"';
    from = quote + 2;
  }
}

/** Line breaks in `s`, counting CRLF once, so that row numbers match what an editor shows. */
function countLineBreaks(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === LF || (c === CR && s.charCodeAt(i + 1) !== LF)) n++;
  }
  return n;
}
