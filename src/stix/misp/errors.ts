/**
 * Coded errors of the MISP part: malformed MISP JSON (naming the JSON path), input over its bounds,
 * an attribute that cannot become STIX, and feeds whose files or hashes do not agree.
 */
import { defineError } from '../../core/errors.js';

/**
 * MISP JSON that is not what MISP writes at the given JSON path.
 *
 * @example
 * ```ts
 * throw new ERR_MISP_MALFORMED('$.Event.Attribute[3].uuid', 'a UUID');
 * ```
 */
export const ERR_MISP_MALFORMED = defineError('SAKIMORI_ERR_STIX_MISP_MALFORMED', 'malformed MISP JSON at %s: expected %s', 400);

/**
 * MISP input over a size or depth bound (text length, nesting, number of items).
 *
 * @example
 * ```ts
 * throw new ERR_MISP_TOO_LARGE('$.Event.Attribute', 'more than 2000000 items');
 * ```
 */
export const ERR_MISP_TOO_LARGE = defineError('SAKIMORI_ERR_STIX_MISP_TOO_LARGE', 'MISP input too large at %s: %s', 413);

/**
 * A MISP feed whose manifest, hashes.csv and event files do not agree: an event file missing from the
 * manifest, a listed event without its file, or an attribute whose feed hash is not in hashes.csv.
 *
 * @example
 * ```ts
 * throw new ERR_MISP_FEED_HASH_MISMATCH('5a3c2fcd-…', '5a3c2fda-…');
 * ```
 */
export const ERR_MISP_FEED_HASH_MISMATCH = defineError('SAKIMORI_ERR_STIX_MISP_FEED_HASH_MISMATCH', 'MISP feed event %s: attribute %s has no matching hash in hashes.csv', 422);

/**
 * An event file of a feed that the manifest does not list (or a listed event without its file).
 *
 * @example
 * ```ts
 * throw new ERR_MISP_FEED_NOT_IN_MANIFEST('5a3c2fcd-8328-42bb-a95e-4f4402de0b81');
 * ```
 */
export const ERR_MISP_FEED_NOT_IN_MANIFEST = defineError('SAKIMORI_ERR_STIX_MISP_FEED_NOT_IN_MANIFEST', 'MISP feed event %s is not listed in manifest.json (or is listed without its file)', 422);

/**
 * A STIX pattern produced from a MISP attribute or object that the STIX pattern parser refuses: a
 * conversion bug, never silently exported.
 *
 * @example
 * ```ts
 * throw new ERR_MISP_PATTERN_INVALID('5a3c2fda-…', 'unexpected token');
 * ```
 */
export const ERR_MISP_PATTERN_INVALID = defineError('SAKIMORI_ERR_STIX_MISP_PATTERN_INVALID', 'STIX pattern made from MISP %s does not parse: %s', 500);
