/**
 * Character tests of the regular-expression automaton, with Python `re` meanings: Unicode `\d \w
 * \s` for text, ASCII ones for bytes or under the `a` flag, simple case folding under `i`.
 */
import type { CharMatcher, ClassEscape } from './regex-ast.js';

const UNICODE_DIGIT = /^\p{Nd}$/u;
const UNICODE_WORD = /^[\p{L}\p{Nd}\p{Nl}\p{No}_]$/u;
// Python's str.isspace(): the ASCII separators \t-\r and \x1c-\x1f, plus Unicode spaces.
const UNICODE_SPACE = /^[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u;

/** True when `c` is a word character (for `\w` and `\b`). */
export function isWordChar(c: number, ascii: boolean): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  return !ascii && UNICODE_WORD.test(String.fromCodePoint(c));
}

function inClass(cls: ClassEscape, c: number, ascii: boolean): boolean {
  switch (cls) {
    case 'd':
      return c < 128 ? c >= 48 && c <= 57 : !ascii && UNICODE_DIGIT.test(String.fromCodePoint(c));
    case 'D':
      return !inClass('d', c, ascii);
    case 'w':
      return isWordChar(c, ascii);
    case 'W':
      return !isWordChar(c, ascii);
    case 's':
      return c < 128 ? (c >= 9 && c <= 13) || c === 32 || (!ascii && c >= 0x1c && c <= 0x1f) : !ascii && UNICODE_SPACE.test(String.fromCodePoint(c));
    case 'S':
      return !inClass('s', c, ascii);
  }
}

function rawMatch(m: CharMatcher, c: number, ascii: boolean): boolean {
  if (m.kind === 'any') return true;
  let hit = false;
  for (const [lo, hi] of m.ranges) {
    if (c >= lo && c <= hi) {
      hit = true;
      break;
    }
  }
  if (!hit) for (const cls of m.classes) if (inClass(cls, c, ascii)) hit = true;
  return hit !== m.negated;
}

/** The other-case forms of `c` (simple one-to-one mappings only). */
function caseVariants(c: number, ascii: boolean): number[] {
  if (ascii && c >= 128) return [];
  const s = String.fromCodePoint(c);
  const out: number[] = [];
  for (const v of [s.toLowerCase(), s.toUpperCase()]) {
    const code = v.codePointAt(0);
    if (code !== undefined && code !== c && [...v].length === 1 && (!ascii || code < 128)) out.push(code);
  }
  return out;
}

/** True when character `c` satisfies `m`. */
export function charMatches(m: CharMatcher, c: number, ascii: boolean, ignoreCase: boolean): boolean {
  if (rawMatch(m, c, ascii)) return true;
  if (!ignoreCase || m.kind === 'any') return false;
  // Under IGNORECASE a set matches when any case form of the character does (negation applies once).
  if (m.negated) {
    const positive: CharMatcher = { ...m, negated: false };
    return ![c, ...caseVariants(c, ascii)].some((v) => rawMatch(positive, v, ascii));
  }
  return caseVariants(c, ascii).some((v) => rawMatch(m, v, ascii));
}
