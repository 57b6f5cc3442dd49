/**
 * RPM versions, `[epoch:]version[-release]`, ordered as rpm orders them: epochs as numbers, then
 * version and release each by `rpmvercmp` (rpm's rpmio/rpmvercmp.c, with `~` sorting before
 * everything and `^` after the version it extends but before anything longer).
 */
import { ok, type VulnsResult } from '../errors.js';
import { compareDigits, isDigit, isLetter, showChar, stripZeros } from './digits.js';
import { versionFailure } from './version-failure.js';

/** A version read in the `rpm` scheme. */
export interface RpmVersion {
  readonly scheme: 'rpm';
  /** The version as given. */
  readonly text: string;
  /** The epoch without leading zeros (`""` for 0 or none). */
  readonly epoch: string;
  /** The version (between the epoch and the last hyphen). */
  readonly version: string;
  /** The release, `""` when none is given. */
  readonly release: string;
}

/**
 * Reads `text` as an RPM EVR (epoch, version, release), splitting as rpm's `parseEVR` does (epoch
 * digits before a colon, release after the last hyphen), or fails with `SAKIMORI_ERR_VERSION_MALFORMED`:
 * an empty part, an epoch that is no number, a second colon, or a space, control or non-ASCII character.
 *
 * A missing release is read as an empty one. rpm's dependency matching skips the release when one
 * side has none (`>= 1.0` is met by `1.0-5`); an order must be total, so here `1.0` sorts before
 * `1.0-5` (and after `1.0-~1`, as rpmvercmp puts the empty string).
 *
 * @example
 * ```ts
 * parseRpm('1:2.4.6-90.el8'); // ok: epoch '1', version '2.4.6', release '90.el8'
 * parseRpm('2.4.6-'); // fails: release: empty (at offset 5)
 * ```
 */
export function parseRpm(text: string): VulnsResult<RpmVersion> {
  const fail = (problem: string, component: string, offset: number) => versionFailure('rpm', text, problem, { component, offset });
  if (text === '') return fail('empty version', 'version', 0);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f) return fail(`${showChar(text, i)} is not allowed (printable ASCII only)`, 'version', i);
  }
  const colon = text.indexOf(':');
  if (colon === 0) return fail('empty epoch before the colon', 'epoch', 0);
  for (let i = 0; i < colon; i++) if (!isDigit(text.charCodeAt(i))) return fail(`the epoch is a number; ${showChar(text, i)} is not a digit`, 'epoch', i);
  const start = colon + 1;
  const second = text.indexOf(':', start);
  if (second >= 0) return fail("a second ':' (only the epoch ends with one)", 'version', second);
  const hyphen = text.lastIndexOf('-');
  const end = hyphen >= start ? hyphen : text.length;
  if (end === start) return fail('empty', 'version', start);
  if (hyphen >= start && hyphen === text.length - 1) return fail('empty', 'release', hyphen);
  const release = end === text.length ? '' : text.slice(end + 1);
  return ok({ scheme: 'rpm', text, epoch: stripZeros(text.slice(0, Math.max(colon, 0))), version: text.slice(start, end), release });
}

/** Orders two RPM versions as rpm does: epoch, then version, then release (missing release as empty). */
export function compareRpm(a: RpmVersion, b: RpmVersion): number {
  return compareDigits(a.epoch, b.epoch) || rpmvercmp(a.version, b.version) || rpmvercmp(a.release, b.release);
}

function isAlnum(code: number): boolean {
  return isDigit(code) || isLetter(code);
}

/** rpm's `rpmvercmp`: alternating digit and letter segments, other characters only separating them. */
function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (i < a.length && !isAlnum(a.charCodeAt(i)) && a[i] !== '~' && a[i] !== '^') i++;
    while (j < b.length && !isAlnum(b.charCodeAt(j)) && b[j] !== '~' && b[j] !== '^') j++;
    // `~` sorts before everything, the end included.
    if (a[i] === '~' || b[j] === '~') {
      if (a[i] !== '~') return 1;
      if (b[j] !== '~') return -1;
      i++;
      j++;
      continue;
    }
    // `^` is like `~`, except that the end of the other string (the base version) sorts before it.
    if (a[i] === '^' || b[j] === '^') {
      if (i === a.length) return -1;
      if (j === b.length) return 1;
      if (a[i] !== '^') return 1;
      if (b[j] !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (i === a.length || j === b.length) break;
    const numeric = isDigit(a.charCodeAt(i));
    const endA = segmentEnd(a, i, numeric);
    const endB = segmentEnd(b, j, numeric);
    // Segments of different kinds: b's is empty here, and a number is newer than letters.
    if (endB === j) return numeric ? 1 : -1;
    const order = numeric ? compareNumbers(a, i, endA, b, j, endB) : compareText(a, i, endA, b, j, endB);
    if (order !== 0) return order;
    i = endA;
    j = endB;
  }
  if (i === a.length && j === b.length) return 0;
  return i === a.length ? -1 : 1;
}

/** End of the run of digits (or of letters) that starts at `from`. */
function segmentEnd(s: string, from: number, digits: boolean): number {
  let k = from;
  while (k < s.length && (digits ? isDigit(s.charCodeAt(k)) : isLetter(s.charCodeAt(k)))) k++;
  return k;
}

/** Two digit runs by value: leading zeros skipped, then more digits win, then the first differing digit. */
function compareNumbers(a: string, i: number, endA: number, b: string, j: number, endB: number): number {
  while (i < endA && a.charCodeAt(i) === 0x30) i++;
  while (j < endB && b.charCodeAt(j) === 0x30) j++;
  if (endA - i !== endB - j) return endA - i > endB - j ? 1 : -1;
  return compareText(a, i, endA, b, j, endB);
}

/** Two runs by character code, a run that is a prefix of the other first (`strcmp`). */
function compareText(a: string, i: number, endA: number, b: string, j: number, endB: number): number {
  for (; i < endA && j < endB; i++, j++) {
    const d = a.charCodeAt(i) - b.charCodeAt(j);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return i < endA ? 1 : j < endB ? -1 : 0;
}
