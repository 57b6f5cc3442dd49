/**
 * Versions ordered per scheme: parse once into a {@link ParsedVersion}, compare parsed versions
 * cheaply, and decide whether a version falls in a {@link VersionRange}. Comparing and range tests
 * never throw: a version its scheme cannot order gives `undefined`, which a matcher must read as
 * "cannot decide", never as a match or a miss.
 */
import type { VulnsResult } from '../errors.js';
import type { VersionRange, VersionScheme } from '../record.js';
import { compareDebian, type DebianVersion, parseDebian } from './debian.js';
import { type GenericVersion, parseGeneric } from './generic.js';
import { compareRpm, parseRpm, type RpmVersion } from './rpm.js';
import { parseSemver, type SemverVersion } from './semver.js';
import { versionFailure } from './version-failure.js';

/** A version read in its scheme, ready to compare with {@link compareParsed}; worth caching where one version is compared often. */
export type ParsedVersion = SemverVersion | DebianVersion | RpmVersion | GenericVersion;

/**
 * Reads `text` as a version of `scheme`, or fails with `SAKIMORI_ERR_VERSION_MALFORMED` saying what is
 * wrong and at which offset. How `generic` reads the versions NVD writes, and what it cannot know,
 * is set out in generic.ts.
 *
 * @example
 * ```ts
 * parseVersion('1:2.30-1', 'debian'); // { ok: true, value: { scheme: 'debian', epoch: '1', … } }
 * parseVersion('10.0.20348..2762', 'generic'); // { ok: false, error: … empty segment between two separators (at offset 11) }
 * ```
 */
export function parseVersion(text: string, scheme: VersionScheme): VulnsResult<ParsedVersion> {
  if (typeof text !== 'string') return versionFailure(scheme, String(text), `a version is a string, not ${text === null ? 'null' : typeof text}`);
  switch (scheme) {
    case 'semver':
      return parseSemver(text);
    case 'debian':
      return parseDebian(text);
    case 'rpm':
      return parseRpm(text);
    case 'generic':
      return parseGeneric(text);
    default:
      return versionFailure(scheme, text, `unknown version scheme ${JSON.stringify(scheme satisfies never)}`);
  }
}

/**
 * Orders two parsed versions: negative when `a` is lower, 0 when they are equal in their scheme,
 * positive when `a` is higher. Versions of different schemes have no common order; they are ordered
 * by scheme name so that sorting a mixed list still terminates, and no caller should rely on that.
 */
export function compareParsed(a: ParsedVersion, b: ParsedVersion): number {
  if (a.scheme !== b.scheme) return a.scheme < b.scheme ? -1 : 1;
  switch (a.scheme) {
    case 'semver':
    case 'generic':
      return a.key < (b as SemverVersion | GenericVersion).key ? -1 : a.key > (b as SemverVersion | GenericVersion).key ? 1 : 0;
    case 'debian':
      return compareDebian(a, b as DebianVersion);
    case 'rpm':
      return compareRpm(a, b as RpmVersion);
  }
}

/**
 * Orders two version strings in `scheme` (negative, 0 or positive), or `undefined` when either cannot
 * be read in it. Parses both on every call; a caller comparing one version many times should keep
 * its {@link parseVersion} result and use {@link compareParsed}.
 *
 * @example
 * ```ts
 * compareVersions('1.0.2k', '1.0.2', 'generic'); // > 0
 * compareVersions('1.0~rc1', '1.0', 'debian'); // < 0
 * compareVersions('*', '1.0', 'generic'); // undefined
 * ```
 */
export function compareVersions(a: string, b: string, scheme: VersionScheme): number | undefined {
  const pa = parseVersion(a, scheme);
  if (!pa.ok) return undefined;
  const pb = parseVersion(b, scheme);
  return pb.ok ? compareParsed(pa.value, pb.value) : undefined;
}

/**
 * Whether `version` lies in `range` in `scheme` (absent bounds are open), or `undefined` when the
 * version or a bound that is given cannot be read: the caller cannot decide, which is neither a
 * match nor a miss.
 *
 * @example
 * ```ts
 * inRange('2.14.1', { startIncluding: '2.0', endExcluding: '2.15.0' }, 'generic'); // true
 * inRange('2.15.0', { startIncluding: '2.0', endExcluding: '2.15.0' }, 'generic'); // false
 * inRange('2.*', { endExcluding: '2.15.0' }, 'generic'); // undefined
 * ```
 */
export function inRange(version: string, range: VersionRange, scheme: VersionScheme): boolean | undefined {
  const v = parseVersion(version, scheme);
  if (!v.ok) return undefined;
  let inside = true;
  for (const [bound, holds] of BOUNDS) {
    const text = range[bound];
    if (text === undefined) continue;
    const b = parseVersion(text, scheme);
    if (!b.ok) return undefined;
    inside &&= holds(compareParsed(v.value, b.value));
  }
  return inside;
}

/** Each bound of a range with what the version's order against it must be. */
const BOUNDS: readonly (readonly [keyof VersionRange, (order: number) => boolean])[] = [
  ['startIncluding', (o) => o >= 0],
  ['startExcluding', (o) => o > 0],
  ['endIncluding', (o) => o <= 0],
  ['endExcluding', (o) => o < 0],
];
