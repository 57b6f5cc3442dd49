/**
 * Version ordering per scheme (`semver`, `debian`, `rpm`, `generic`) for range matching. Pure
 * functions; a version its scheme cannot read gives `SAKIMORI_ERR_VERSION_MALFORMED` from
 * {@link parseVersion} and `undefined` from the comparisons.
 */
export { schemeFor } from './scheme.js';
export { compareParsed, compareVersions, inRange, type ParsedVersion, parseVersion } from './version.js';
