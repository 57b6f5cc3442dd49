/**
 * Debian package versions, `[epoch:]upstream_version[-debian_revision]` (Debian Policy §5.6.12),
 * ordered as dpkg orders them (`verrevcmp` in dpkg's lib/dpkg/version.c): epochs as numbers, then
 * upstream version and revision alternately by non-digit runs — `~` before everything, even the end,
 * letters before every other character — and digit runs as numbers.
 */
import { ok, type VulnsResult } from '../errors.js';
import { compareDigits, isDigit, isLetter, showChar, stripZeros } from './digits.js';
import { versionFailure } from './version-failure.js';

/** A version read in the `debian` scheme. */
export interface DebianVersion {
  readonly scheme: 'debian';
  /** The version as given. */
  readonly text: string;
  /** The epoch without leading zeros (`""` for 0 or none). */
  readonly epoch: string;
  /** The upstream version (between the epoch and the last hyphen). */
  readonly upstream: string;
  /** The Debian revision, `""` when none is given (dpkg orders that as `0`). */
  readonly revision: string;
}

/**
 * Reads `text` as a Debian version, splitting as dpkg's `parseversion` does (the epoch before the
 * first colon, the revision after the last hyphen), or fails with `SAKIMORI_ERR_VERSION_MALFORMED`:
 * an empty part, an epoch that is no number, an upstream version that does not start with a digit,
 * or a character Policy does not allow in that part — what dpkg warns of as bad syntax is refused.
 *
 * @example
 * ```ts
 * parseDebian('1:2.30-1ubuntu1'); // ok: epoch '1', upstream '2.30', revision '1ubuntu1'
 * parseDebian('1.0-'); // fails: debian_revision: empty (at offset 3)
 * ```
 */
export function parseDebian(text: string): VulnsResult<DebianVersion> {
  const fail = (problem: string, component: string, offset: number) => versionFailure('debian', text, problem, { component, offset });
  if (text === '') return fail('empty version', 'upstream_version', 0);
  const colon = text.indexOf(':');
  const start = colon + 1;
  if (colon === 0) return fail('empty epoch before the colon', 'epoch', 0);
  for (let i = 0; i < colon; i++) if (!isDigit(text.charCodeAt(i))) return fail(`the epoch is a number; ${showChar(text, i)} is not a digit`, 'epoch', i);
  const hyphen = text.lastIndexOf('-');
  const end = hyphen >= start ? hyphen : text.length;
  if (end === start) return colon >= 0 && end === text.length ? fail('nothing after the epoch colon', 'upstream_version', colon) : fail('empty', 'upstream_version', start);
  if (hyphen >= start && hyphen === text.length - 1) return fail('empty', 'debian_revision', hyphen);
  if (!isDigit(text.charCodeAt(start))) return fail(`starts with ${showChar(text, start)}, not a digit`, 'upstream_version', start);
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    // Policy allows alphanumerics and . + - ~ (a hyphen only when there is a revision, which holds here
    // since the revision starts after the last one); dpkg also lets a colon through.
    if (!isDigit(c) && !isLetter(c) && c !== 0x2e && c !== 0x2b && c !== 0x2d && c !== 0x7e && c !== 0x3a)
      return fail(`${showChar(text, i)} is not allowed (alphanumerics and . + - ~)`, 'upstream_version', i);
  }
  for (let i = end + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c) && !isLetter(c) && c !== 0x2e && c !== 0x2b && c !== 0x7e) return fail(`${showChar(text, i)} is not allowed (alphanumerics and . + ~)`, 'debian_revision', i);
  }
  const revision = end === text.length ? '' : text.slice(end + 1);
  return ok({ scheme: 'debian', text, epoch: stripZeros(text.slice(0, Math.max(colon, 0))), upstream: text.slice(start, end), revision });
}

/** Orders two Debian versions as `dpkg --compare-versions` does: epoch, then upstream version, then revision. */
export function compareDebian(a: DebianVersion, b: DebianVersion): number {
  return compareDigits(a.epoch, b.epoch) || verrevcmp(a.upstream, b.upstream) || verrevcmp(a.revision, b.revision);
}

/** dpkg's `order`: the weight of one character in a non-digit run; `code` is -1 past the end. */
function order(code: number): number {
  if (code === -1 || isDigit(code)) return 0;
  if (isLetter(code)) return code;
  if (code === 0x7e) return -1;
  return code + 256;
}

/** dpkg's `verrevcmp`: non-digit runs by {@link order}, digit runs as numbers, alternately, to the end of both. */
function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const ac = order(i < a.length ? a.charCodeAt(i) : -1);
      const bc = order(j < b.length ? b.charCodeAt(j) : -1);
      if (ac !== bc) return ac < bc ? -1 : 1;
      i++;
      j++;
    }
    while (a.charCodeAt(i) === 0x30) i++;
    while (b.charCodeAt(j) === 0x30) j++;
    let firstDiff = 0;
    while (isDigit(a.charCodeAt(i)) && isDigit(b.charCodeAt(j))) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigit(a.charCodeAt(i))) return 1;
    if (isDigit(b.charCodeAt(j))) return -1;
    if (firstDiff !== 0) return firstDiff < 0 ? -1 : 1;
  }
  return 0;
}
