/**
 * The `generic` scheme: versions as NVD and vendors write them — dotted numbers with letters
 * (`1.1.4`, `1.0.2k`, `2.0-beta9`, `10.0.20348.2762`, `R2.1`). No vendor documents this order; it is
 * a best reading, chosen so that the common cases order as their vendors mean them and the order is
 * always total and consistent (antisymmetric, transitive), which range matching needs.
 *
 * A version is read as a sequence of items: runs of digits (numbers, any length) and runs of letters
 * (words, case ignored), split also at `.`, `-`, `_` and `+`. Items order as
 *
 *   pre-release word < 0 (or nothing) < other word < 1 < 2 < …
 *
 * where the pre-release words, themselves in this order, are `dev`; `alpha` (and `a` directly followed
 * by a digit); `beta` (`b` + digit); `milestone` (`m` + digit); `pre`, `preview`; `rc`, `cr`; and
 * `snapshot`. Other words (`k` in `1.0.2k`, `sp`, `p`, `patch`, `u` in `8u181`, `r` in `R2.1`) compare
 * alphabetically between 0 and 1: they mark a later build of the same number, so `1.0.2 < 1.0.2k <
 * 1.0.2l < 1.0.3`, and `1.0a < 1.0.1` as rpm has it. Sequences compare item by item, a missing item
 * counting as 0, so trailing zeros do not matter (`1.0 == 1.0.0`), and zeros just before a pre-release
 * word are dropped (`1.0.0-rc1 == 1.0rc1 < 1.0`).
 *
 * What this cannot know, and decides as said above: whether a lone trailing letter is a later build
 * (OpenSSL `1.0.2k`) or an alpha (`1.0a` is read as a later build; `1.0a1` as alpha 1); how a leading
 * word compares with a number (`R2.1` against `2.1`: the word is below every number but 0); how a
 * scheme's own words rank (`final`, `ga`, `release` are ordinary words, above the bare number).
 * Separators carry no weight (`1-0 == 1.0`), a leading `v` before a digit is ignored, and anything
 * else — spaces, `*`, `:`, `~`, `(` — is refused rather than guessed at.
 */
import { ok, type VulnsResult } from '../errors.js';
import { isDigit, isLetter, MAX_DIGITS, numberKey, showChar } from './digits.js';
import { versionFailure } from './version-failure.js';

/** A version read in the `generic` scheme. */
export interface GenericVersion {
  readonly scheme: 'generic';
  /** The version as given. */
  readonly text: string;
  /** Order key: versions order as their keys do under `<`. */
  readonly key: string;
}

// Key layout: one part per item, each starting with its class unit, in the item order above. A
// zero is its class unit alone; a number adds numberKey; a pre-release word its rank; another word
// its letters and WORD_END (below every letter, so `k` < `ka`). The key ends with ZERO: trailing
// zeros and zeros before a pre-release word are dropped, so the item after a common prefix is never
// a zero, and comparing it with this final ZERO is comparing it with the missing item (= 0).
const PRE = '\u0001';
const ZERO = '\u0002';
const WORD = '\u0003';
const NUMBER = '\u0004';
const WORD_END = '\u0000';

/** Rank of each pre-release word; a single letter counts only when a digit follows it (`a1`, not `1.0.2a`). */
const PRE_RELEASE: ReadonlyMap<string, string> = new Map([
  ['dev', '1'],
  ['alpha', '2'],
  ['beta', '3'],
  ['milestone', '4'],
  ['pre', '5'],
  ['preview', '5'],
  ['rc', '6'],
  ['cr', '6'],
  ['snapshot', '7'],
]);
const PRE_RELEASE_LETTER: ReadonlyMap<string, string> = new Map([
  ['a', '2'],
  ['b', '3'],
  ['m', '4'],
]);

/**
 * Reads `text` in the generic scheme, or fails with `SAKIMORI_ERR_VERSION_MALFORMED` naming the offset
 * and the fault: an empty version, `*` (ANY) or `-` (NA) given as a version, an empty segment
 * (`10.0.20348..2762`), a leading or trailing separator, or a character that no version is written with.
 *
 * @example
 * ```ts
 * parseGeneric('1.0.2k'); // ok; orders above '1.0.2' and below '1.0.3'
 * parseGeneric('10.0.20348..2762'); // fails: empty segment between two separators (at offset 11)
 * ```
 */
export function parseGeneric(text: string): VulnsResult<GenericVersion> {
  const fail = (problem: string, offset: number) => versionFailure('generic', text, problem, { offset });
  if (text === '') return fail('empty version', 0);
  if (text === '*' || text === '-') return fail(`${text} is the CPE logical value ${text === '*' ? 'ANY' : 'NA'}, not a version`, 0);
  const first = text.charCodeAt(0);
  let i = (first === 0x76 || first === 0x56) && isDigit(text.charCodeAt(1)) ? 1 : 0;
  let key = '';
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const start = i;
    if (isDigit(c)) {
      while (i < text.length && isDigit(text.charCodeAt(i))) i++;
      if (i - start > MAX_DIGITS) return fail(`a number of more than ${MAX_DIGITS} digits`, start);
      const n = numberKey(text.slice(start, i));
      key += n.length === 1 ? ZERO : NUMBER + n;
    } else if (isLetter(c)) {
      while (i < text.length && isLetter(text.charCodeAt(i))) i++;
      key = appendWord(key, text.slice(start, i).toLowerCase(), isDigit(text.charCodeAt(i)));
    } else if (isSeparator(c)) {
      if (i === 0) return fail(`starts with the separator ${showChar(text, i)}`, i);
      if (isSeparator(text.charCodeAt(i - 1))) return fail('empty segment between two separators', i);
      if (i === text.length - 1) return fail(`ends with the separator ${showChar(text, i)}`, i);
      i++;
    } else {
      return fail(`${showChar(text, i)} is not part of a version (digits, letters and the separators . - _ +)`, i);
    }
  }
  return ok({ scheme: 'generic', text, key: dropZeros(key) + ZERO });
}

function isSeparator(code: number): boolean {
  return code === 0x2e || code === 0x2d || code === 0x5f || code === 0x2b;
}

/** Appends a word item; a pre-release word first drops the zeros just before it (`1.0.0-rc1` reads as `1-rc1`). */
function appendWord(key: string, word: string, digitFollows: boolean): string {
  const rank = PRE_RELEASE.get(word) ?? (digitFollows ? PRE_RELEASE_LETTER.get(word) : undefined);
  return rank === undefined ? key + WORD + word + WORD_END : dropZeros(key) + PRE + rank;
}

/**
 * `key` without the zero items at its end. A ZERO unit at the end is always a whole item: a number
 * part ends with a digit, a word with WORD_END and a pre-release word with its rank digit.
 */
function dropZeros(key: string): string {
  let end = key.length;
  while (end > 0 && key[end - 1] === ZERO) end--;
  return end === key.length ? key : key.slice(0, end);
}
