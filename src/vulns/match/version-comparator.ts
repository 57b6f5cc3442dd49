/**
 * The version comparison the matcher needs, as an interface: `versions/` implements it, tests may
 * pass a small stand-in. Injected so that matching depends on no particular version module.
 */
import type { VersionRange, VersionScheme } from '../record.js';

/** What says which {@link VersionScheme} a product's versions follow: a purl type, a CVE 5 `versionType`. */
export interface VersionHint {
  readonly purlType?: string;
  readonly versionType?: string;
}

/**
 * Orders versions. `undefined` always means "cannot decide" (a version its scheme cannot read, such
 * as `10.0.20348..2762`): the matcher never takes it for a yes or a no, and reports it instead.
 *
 * `parseVersion` and `compareParsed`, when both are given, let the matcher read each version once
 * (every bound of every criterion, every asset version per scheme) and compare the parsed forms; they
 * must agree with `inRange`: a version is in a range when every given bound holds, and the answer is
 * undefined when the version or any given bound cannot be read.
 *
 * @example
 * ```ts
 * import * as versions from '../versions/index.js';
 * const index = createExposureIndex(versions); // the module's functions fit this interface
 * ```
 */
export interface VersionComparator {
  /** Whether `version` lies inside `range` (absent bounds are open), compared in `scheme`. */
  inRange(version: string, range: VersionRange, scheme: VersionScheme): boolean | undefined;
  /** The scheme that fits a hint; the scheme for no hint at all is `generic`. */
  schemeFor(hint: VersionHint): VersionScheme;
  /** Reads a version once for many comparisons; `ok: false` when the scheme cannot read it. */
  parseVersion?(text: string, scheme: VersionScheme): { readonly ok: true; readonly value: unknown } | { readonly ok: false };
  /** Orders two results of `parseVersion` of one scheme: negative, 0 or positive. */
  compareParsed?(a: unknown, b: unknown): number;
}
