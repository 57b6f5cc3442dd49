/**
 * A small strict JSON scanner that records the line of every value, so errors in JSON indicator
 * files can name a line like errors in text files do — including syntax errors, whose position
 * `JSON.parse` does not always report. Paths are written `$`, `$.ipv4[2]`, `$.indicators[0].port`.
 *
 * Pure: no I/O.
 */

/** Lines of values by path, or where the text stops being JSON. */
export interface JsonScan {
  readonly lines: Map<string, number>;
  readonly error?: { readonly line: number; readonly reason: string };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

class Fail extends Error {}

/** Scans `text` as one JSON value; never throws. */
export function scanJson(text: string): JsonScan {
  const lines = new Map<string, number>();
  let pos = 0;
  let line = 1;
  const fail = (reason: string): never => {
    throw new Fail(reason);
  };
  const space = (): void => {
    for (; pos < text.length; pos++) {
      const c = text.charCodeAt(pos);
      if (c === 10) line++;
      else if (c !== 32 && c !== 9 && c !== 13) return;
    }
  };
  const token = (re: RegExp, what: string): string => {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (m === null) fail(`expected ${what}`);
    pos += m![0].length;
    return m![0];
  };
  const expect = (ch: string): void => {
    space();
    if (text[pos] !== ch) fail(pos >= text.length ? `unexpected end, expected ${JSON.stringify(ch)}` : `expected ${JSON.stringify(ch)}, found ${JSON.stringify(text[pos])}`);
    pos++;
  };
  const value = (path: string, depth: number): void => {
    if (depth > 64) fail('nested too deeply');
    space();
    lines.set(path, line);
    const c = text[pos];
    if (c === '{') {
      pos++;
      space();
      if (text[pos] === '}') return void pos++;
      for (;;) {
        space();
        const key = JSON.parse(token(STRING, 'a quoted member name')) as string;
        expect(':');
        value(/^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`, depth + 1);
        space();
        if (text[pos] === '}') return void pos++;
        expect(',');
      }
    }
    if (c === '[') {
      pos++;
      space();
      if (text[pos] === ']') return void pos++;
      for (let i = 0; ; i++) {
        value(`${path}[${i}]`, depth + 1);
        space();
        if (text[pos] === ']') return void pos++;
        expect(',');
      }
    }
    if (c === '"') return void token(STRING, 'a string');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return void token(NUMBER, 'a number');
    for (const lit of ['true', 'false', 'null']) if (text.startsWith(lit, pos)) return void (pos += lit.length);
    fail(c === undefined ? 'unexpected end of input' : `unexpected ${JSON.stringify(c)}`);
  };
  try {
    value('$', 0);
    space();
    if (pos < text.length) fail(`unexpected ${JSON.stringify(text[pos])} after the value`);
    return { lines };
  } catch (e) {
    if (!(e instanceof Fail)) throw e;
    return { lines, error: { line, reason: e.message } };
  }
}
