/**
 * Versions read once. Each bound of a criterion or statement range is parsed the first time it is
 * compared, each asset version the first time per scheme, and the parsed forms are kept on the
 * compiled objects themselves, so that comparing allocates nothing and looks nothing up by string.
 * Without `parseVersion`/`compareParsed` on the comparator, every test goes to its `inRange`.
 */
import type { VersionRange, VersionScheme } from '../record.js';
import type { VersionComparator } from './version-comparator.js';

/** Every scheme, in the order of the per-scheme slots. */
export const SCHEMES: readonly VersionScheme[] = ['generic', 'semver', 'debian', 'rpm'];
/** What a version or bound the scheme cannot read is cached as. */
export const UNREADABLE: unique symbol = Symbol('unreadable');

/** A version of an asset, with its parsed form per scheme once read. */
export interface CachedVersion {
  readonly text: string;
  /** By position in SCHEMES: undefined until read, UNREADABLE when the scheme cannot read it. */
  readonly parsed: unknown[];
}

/** A range to compare in one scheme, with its bounds' parsed forms once read (fields, not an array: one object per range). */
export interface CachedRange {
  readonly range: VersionRange;
  readonly scheme: VersionScheme;
  readonly schemeIndex: number;
  /** {@link UNPARSED} until first compared, then {@link READABLE} or {@link UNREADABLE_BOUNDS}. */
  state: number;
  /** Parsed start including, start excluding, end including, end excluding; undefined when absent. */
  si: unknown;
  se: unknown;
  ei: unknown;
  ee: unknown;
}

/** {@link CachedRange.state}: bounds not read yet. */
export const UNPARSED = 0;
/** {@link CachedRange.state}: every given bound was read. */
export const READABLE = 1;
/** {@link CachedRange.state}: a given bound cannot be read in the scheme. */
export const UNREADABLE_BOUNDS = 2;

/** Wraps `text` for caching. */
export function cachedVersion(text: string): CachedVersion {
  return { text, parsed: [] };
}

/** Wraps `range` in `scheme` for caching. */
export function cachedRange(range: VersionRange, scheme: VersionScheme): CachedRange {
  return { range, scheme, schemeIndex: schemeIndexOf(scheme), state: UNPARSED, si: undefined, se: undefined, ei: undefined, ee: undefined };
}

/**
 * Whether `version` is inside `range`, or undefined when that cannot be decided, exactly as
 * `comparator.inRange` says, through the parsed forms when the comparator gives them.
 */
export function versionInRange(comparator: VersionComparator, version: CachedVersion, range: CachedRange): boolean | undefined {
  if (comparator.parseVersion === undefined || comparator.compareParsed === undefined) return comparator.inRange(version.text, range.range, range.scheme);
  const v = parsedVersion(comparator, version, range.schemeIndex);
  if (v === UNREADABLE || !boundsReadable(comparator, range)) return undefined;
  const { si, se, ei, ee } = range;
  return (
    (si === undefined || comparator.compareParsed(v, si) >= 0) &&
    (se === undefined || comparator.compareParsed(v, se) > 0) &&
    (ei === undefined || comparator.compareParsed(v, ei) <= 0) &&
    (ee === undefined || comparator.compareParsed(v, ee) < 0)
  );
}

/** True when the comparator can parse versions once and compare the parsed forms. */
export function parsesVersions(comparator: VersionComparator): boolean {
  return comparator.parseVersion !== undefined && comparator.compareParsed !== undefined;
}

/** The parsed form of `version` in the scheme at `schemeIndex` (see {@link schemeIndexOf}), read once; {@link UNREADABLE} when it cannot be read. */
export function parsedVersion(comparator: VersionComparator, version: CachedVersion, schemeIndex: number): unknown {
  let v = version.parsed[schemeIndex];
  if (v === undefined) {
    const r = comparator.parseVersion?.(version.text, SCHEMES[schemeIndex] as VersionScheme);
    v = r?.ok ? r.value : UNREADABLE;
    version.parsed[schemeIndex] = v;
  }
  return v;
}

/** Reads the bounds of `range` the first time; true when every given bound could be read. */
export function boundsReadable(comparator: VersionComparator, range: CachedRange): boolean {
  if (range.state === UNPARSED) range.state = parseBounds(comparator, range) ? READABLE : UNREADABLE_BOUNDS;
  return range.state === READABLE;
}

/** Position of `scheme` in the per-scheme slots of a {@link CachedVersion}. */
export function schemeIndexOf(scheme: VersionScheme): number {
  return SCHEMES.indexOf(scheme);
}

function parseBounds(comparator: VersionComparator, cached: CachedRange): boolean {
  const { range, scheme } = cached;
  const read = (text: string | undefined): unknown => {
    if (text === undefined) return undefined;
    const r = comparator.parseVersion?.(text, scheme);
    return r?.ok ? r.value : UNREADABLE;
  };
  cached.si = read(range.startIncluding);
  cached.se = read(range.startExcluding);
  cached.ei = read(range.endIncluding);
  cached.ee = read(range.endExcluding);
  return cached.si !== UNREADABLE && cached.se !== UNREADABLE && cached.ei !== UNREADABLE && cached.ee !== UNREADABLE;
}

/**
 * Wraps `comparator` so that each distinct version text is parsed once per scheme: NVD repeats the
 * same bounds across thousands of criteria, and sharing their parsed forms saves both the parsing
 * and the memory. Looked up by text only when a range or version is first read, never per comparison.
 */
export function withParseCache(comparator: VersionComparator): VersionComparator {
  const { parseVersion, compareParsed } = comparator;
  if (parseVersion === undefined || compareParsed === undefined) return comparator;
  const caches = SCHEMES.map(() => new Map<string, ReturnType<typeof parseVersion>>());
  return {
    inRange: (version, range, scheme) => comparator.inRange(version, range, scheme),
    schemeFor: (hint) => comparator.schemeFor(hint),
    parseVersion: (text, scheme) => {
      const cache = caches[schemeIndexOf(scheme)] as Map<string, ReturnType<typeof parseVersion>>;
      let parsed = cache.get(text);
      if (parsed === undefined) {
        parsed = comparator.parseVersion?.(text, scheme) ?? { ok: false };
        cache.set(text, parsed);
      }
      return parsed;
    },
    compareParsed: (a, b) => compareParsed.call(comparator, a, b),
  };
}
