/** The comparator the matcher's tests use: the real `versions/` module. */
import * as versions from '../../versions/index.js';
import type { VersionComparator } from '../version-comparator.js';

/** `versions/` as a {@link VersionComparator}, with its parse-once path. */
export const realVersions: VersionComparator = versions;

/** `versions/` without `parseVersion`/`compareParsed`: every test through `inRange`, to check the cached path agrees. */
export const uncachedVersions: VersionComparator = { inRange: versions.inRange, schemeFor: versions.schemeFor };
