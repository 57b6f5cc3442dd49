/** Which version scheme applies to a package or an affected-product statement. */
import type { VersionScheme } from '../record.js';

/**
 * Package URL types whose scheme we know: Debian and RPM packages, and the ecosystems that order by
 * Semantic Versioning — npm, Cargo, Go modules (`v1.2.3`, pseudo-versions included), NuGet (SemVer
 * 2.0 since NuGet 4.3), Hex, Dart pub and Swift.
 */
const BY_PURL_TYPE: ReadonlyMap<string, VersionScheme> = new Map<string, VersionScheme>([
  ['deb', 'debian'],
  ['rpm', 'rpm'],
  ['npm', 'semver'],
  ['cargo', 'semver'],
  ['golang', 'semver'],
  ['nuget', 'semver'],
  ['hex', 'semver'],
  ['pub', 'semver'],
  ['swift', 'semver'],
]);

/** CVE JSON 5 `versionType` values that name one of our schemes. */
const BY_VERSION_TYPE: ReadonlyMap<string, VersionScheme> = new Map<string, VersionScheme>([
  ['semver', 'semver'],
  ['rpm', 'rpm'],
  ['deb', 'debian'],
  ['debian', 'debian'],
  ['dpkg', 'debian'],
]);

/**
 * Chooses the version scheme from what a source says of a product: the package URL type first (it
 * names the ecosystem), then the CVE 5 `versionType`, else `generic`. Matching is case-insensitive.
 *
 * `generic` is also what types with an order of their own get (PyPI's PEP 440, Maven, RubyGems) and
 * `versionType` values such as `git` or `custom`: generic reads most of their versions sensibly, but
 * a commit id read as a version orders by its digits and letters, which means nothing.
 *
 * @example
 * ```ts
 * schemeFor({ purlType: 'deb' }); // 'debian'
 * schemeFor({ versionType: 'semver' }); // 'semver'
 * schemeFor({ purlType: 'pypi', versionType: 'python' }); // 'generic'
 * ```
 */
export function schemeFor(hint: { purlType?: string; versionType?: string }): VersionScheme {
  const byPurl = hint.purlType === undefined ? undefined : BY_PURL_TYPE.get(hint.purlType.toLowerCase());
  if (byPurl !== undefined) return byPurl;
  const byType = hint.versionType === undefined ? undefined : BY_VERSION_TYPE.get(hint.versionType.toLowerCase());
  return byType ?? 'generic';
}
