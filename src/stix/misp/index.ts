/**
 * MISP interoperability: MISP event JSON parsed into typed records, converted to STIX 2.1 as MISP's
 * own converter (MISP/misp-stix) does, MISP distribution and sharing groups mapped to the marking
 * module's release context, and MISP feeds read (with their hash checks) and written (with PyMISP's
 * distribution filtering, tags kept).
 *
 * Pure: no I/O; hashing is injected ({@link MispHashing}).
 *
 * @example
 * ```ts
 * import { createHash } from 'node:crypto';
 * const hashing = {
 *   md5: (t: string) => createHash('md5').update(t).digest('hex'),
 *   sha1: (b: Uint8Array) => new Uint8Array(createHash('sha1').update(b).digest()),
 * };
 * const feed = readMispFeed(files, { hashing }); // throws on a hash mismatch
 * const bundle = mispEventsToStix(feed.events, { hashing });
 * const community = writeMispFeed(feed.events, { hashing, validDistributions: [1, 2, 3, 5] });
 * ```
 */
export { type AttributeObservable, attributeObservable } from './attribute-mapping.js';
export { ERR_MISP_FEED_HASH_MISMATCH, ERR_MISP_FEED_NOT_IN_MANIFEST, ERR_MISP_MALFORMED, ERR_MISP_PATTERN_INVALID, ERR_MISP_TOO_LARGE } from './errors.js';
export { feedHashes } from './feed-hash.js';
export { galaxySdos, sdoTypeOfGalaxy } from './galaxy-mapping.js';
export { MISP_UUID_NAMESPACE, type MispHashing, uuidV5 } from './hashing.js';
export { DEFAULT_MISP_LIMITS, type MispLimits } from './json-reader.js';
export type { MispAttribute, MispEvent, MispGalaxy, MispGalaxyCluster, MispObject, MispObjectReference, MispOrganisation, MispSharingGroup, MispSighting, MispTag } from './misp-event.js';
export { mispAttributesToStix, mispEventsToStix, mispObjectsToStix, type StixBundle } from './misp-to-stix.js';
export { type ObjectObservable, objectObservable } from './object-mapping.js';
export { parseAttribute, parseGalaxy, parseGalaxyFile, parseMispEvent, parseObject, parseTags } from './parse-misp-event.js';
export { type MispFeed, type ReadMispFeedOptions, readMispFeed } from './read-misp-feed.js';
export { type MispReleaseOptions, mispReleaseContext, parseSharingGroup } from './release-context.js';
export type { MispToStixOptions } from './stix-builder.js';
export type { StixRecord } from './stix-common.js';
export { type MispFeedFiles, type MispFeedOptions, writeMispFeed } from './write-misp-feed.js';
