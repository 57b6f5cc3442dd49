/**
 * Tokens of the STIX patterning language (STIX 2.1 §9, the STIXPattern ANTLR grammar), enough to
 * check a pattern's syntax and list the object types and properties it compares.
 */

/** Kind of a pattern token. */
export type PatternTokenKind = 'punct' | 'op' | 'string' | 'typed' | 'number' | 'word' | 'end';

/** One token with its offset in the pattern. */
export interface PatternToken {
  readonly kind: PatternTokenKind;
  readonly text: string;
  readonly at: number;
}

const OPERATORS = ['==', '!=', '<>', '<=', '>=', '=', '<', '>'];

function readQuoted(src: string, start: number): number {
  // `start` points at the opening quote; backslash escapes \' and \\ only (§9.2).
  let i = start + 1;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') {
      const n = src[i + 1];
      if (n !== "'" && n !== '\\') throw new Error(`invalid escape at offset ${i}`);
      i += 2;
      continue;
    }
    if (c === "'") return i + 1;
    i++;
  }
  throw new Error(`unterminated string starting at offset ${start}`);
}

/** Splits `src` into tokens, or throws with the offset of the first character it cannot read. */
export function tokenizePattern(src: string): PatternToken[] {
  const out: PatternToken[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? '';
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if ('[]():,.*'.includes(c)) {
      out.push({ kind: 'punct', text: c, at: i });
      i++;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (op !== undefined) {
      out.push({ kind: 'op', text: op, at: i });
      i += op.length;
      continue;
    }
    if (c === "'") {
      const end = readQuoted(src, i);
      out.push({ kind: 'string', text: src.slice(i, end), at: i });
      i = end;
      continue;
    }
    if (/[hbt]/.test(c) && src[i + 1] === "'") {
      const end = readQuoted(src, i + 1);
      out.push({ kind: 'typed', text: src.slice(i, end), at: i });
      i = end;
      continue;
    }
    const num = /^[+-]?(?:\d+\.\d*|\.\d+|\d+)/.exec(src.slice(i));
    if (num !== null && (/[\d+-]/.test(c) || c === '.')) {
      out.push({ kind: 'number', text: num[0], at: i });
      i += num[0].length;
      continue;
    }
    const word = /^[a-zA-Z_][a-zA-Z0-9_-]*/.exec(src.slice(i));
    if (word !== null) {
      out.push({ kind: 'word', text: word[0], at: i });
      i += word[0].length;
      continue;
    }
    throw new Error(`unexpected character ${JSON.stringify(c)} at offset ${i}`);
  }
  out.push({ kind: 'end', text: '', at: src.length });
  return out;
}
