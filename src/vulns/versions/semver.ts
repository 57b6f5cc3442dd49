/**
 * Semantic Versioning 2.0.0: `MAJOR.MINOR.PATCH[-prerelease][+build]`, read strictly by the
 * grammar of semver.org (no leading zeros in numbers, no empty identifiers) except for a leading `v`,
 * which tags (`v1.2.3`) and Go modules carry. Precedence (§11) is folded into an order key, so two
 * parsed versions compare with one string comparison.
 */
import { ok, type VulnsResult } from '../errors.js';
import { isDigit, isLetter, MAX_DIGITS, numberKey, showChar } from './digits.js';
import { versionFailure } from './version-failure.js';

/** A version read in the `semver` scheme. */
export interface SemverVersion {
  readonly scheme: 'semver';
  /** The version as given. */
  readonly text: string;
  /** Order key: versions order as their keys do under `<` (§11 precedence; build metadata left out). */
  readonly key: string;
}

// Key layout: the three numbers (see numberKey), then RELEASE, or PRERELEASE followed by the
// identifiers and END. A version without prerelease outranks one with (§11.3); within the list END
// < numeric < alphanumeric identifier (§11.4.3, §11.4.4), and alphanumeric text ends with a unit
// below every identifier character so that a shorter identifier that is a prefix sorts first.
const PRERELEASE = '\u0001';
const RELEASE = '\u0002';
const END = '\u0001';
const NUMERIC = '\u0002';
const ALPHANUMERIC = '\u0003';
const TEXT_END = '\u0000';

const CORE = ['major', 'minor', 'patch'] as const;

/**
 * Reads `text` as a semantic version, or fails with `SAKIMORI_ERR_VERSION_MALFORMED` naming the
 * part (`major`, `prerelease`…) and the offset of the fault.
 *
 * @example
 * ```ts
 * parseSemver('v1.0.0-rc.1+build.5'); // ok; orders below '1.0.0'
 * parseSemver('1.02.3'); // fails: minor: a number has no leading zeros (at offset 2)
 * ```
 */
export function parseSemver(text: string): VulnsResult<SemverVersion> {
  const fail = (problem: string, component: string, offset: number) => versionFailure('semver', text, problem, { component, offset });
  if (text === '') return fail('empty version', 'major', 0);
  let i = text.charCodeAt(0) === 0x76 || text.charCodeAt(0) === 0x56 ? 1 : 0;
  let key = '';
  for (const [n, part] of CORE.entries()) {
    const start = i;
    while (i < text.length && isDigit(text.charCodeAt(i))) i++;
    if (i === start) return fail(i === text.length ? `the ${part} number is missing` : `expected a digit, found ${showChar(text, i)}`, part, i);
    if (i - start > 1 && text.charCodeAt(start) === 0x30) return fail('a number has no leading zeros', part, start);
    if (i - start > MAX_DIGITS) return fail(`a number of more than ${MAX_DIGITS} digits`, part, start);
    key += numberKey(text.slice(start, i));
    if (n < 2) {
      if (i === text.length) return fail(`ends after the ${part} number: a semantic version has three`, part, i);
      if (text.charCodeAt(i) !== 0x2e) return fail(`expected '.' after the ${part} number, found ${showChar(text, i)}`, part, i);
      i++;
    }
  }
  if (text.charCodeAt(i) === 0x2d) {
    const pre = readIdentifiers(text, i + 1, true);
    if ('problem' in pre) return fail(pre.problem, 'prerelease', pre.offset);
    key += PRERELEASE + pre.key + END;
    i = pre.end;
  } else {
    key += RELEASE;
  }
  if (text.charCodeAt(i) === 0x2b) {
    const build = readIdentifiers(text, i + 1, false);
    if ('problem' in build) return fail(build.problem, 'build', build.offset);
    i = build.end;
  }
  if (i < text.length) return fail(`unexpected ${showChar(text, i)} after the patch number: a semantic version has three numbers`, 'patch', i);
  return ok({ scheme: 'semver', text, key });
}

/**
 * Reads dot-separated identifiers from `start` up to `+` or the end: each non-empty, of `[0-9A-Za-z-]`;
 * in a prerelease, a numeric identifier has no leading zeros (§9). Returns the key part and where it
 * stopped, or the problem and its offset.
 */
function readIdentifiers(text: string, start: number, prerelease: boolean): { key: string; end: number } | { problem: string; offset: number } {
  let key = '';
  let i = start;
  for (;;) {
    const from = i;
    let digits = true;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x2e || (c === 0x2b && prerelease)) break;
      if (!isDigit(c) && !isLetter(c) && c !== 0x2d) return { problem: `${showChar(text, i)} is not allowed in an identifier (only 0-9, A-Z, a-z and -)`, offset: i };
      if (!isDigit(c)) digits = false;
    }
    if (i === from) return { problem: 'empty identifier', offset: from };
    if (prerelease) {
      if (digits && i - from > 1 && text.charCodeAt(from) === 0x30) return { problem: 'a numeric identifier has no leading zeros', offset: from };
      if (digits && i - from > MAX_DIGITS) return { problem: `a number of more than ${MAX_DIGITS} digits`, offset: from };
      key += digits ? NUMERIC + numberKey(text.slice(from, i)) : ALPHANUMERIC + text.slice(from, i) + TEXT_END;
    }
    if (text.charCodeAt(i) !== 0x2e) return { key, end: i };
    i++;
  }
}
