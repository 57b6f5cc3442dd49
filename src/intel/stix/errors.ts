/**
 * Coded errors of the STIX object store and the `sakimori stix` commands. Invalid STIX content and
 * unknown markings keep the codes of `stix/object` and `stix/marking`; these cover what only the
 * store can tell.
 */
import { defineError } from '../../core/errors.js';

/** The input is larger than the store accepts in one ingest; nothing was stored. */
export const ERR_INTEL_STIX_TOO_LARGE = defineError<[string, string]>('SAKIMORI_ERR_INTEL_STIX_TOO_LARGE', 'STIX input of %s bytes refused: the limit is %s bytes', 413);
/** A version (id, modified) is already stored with other content; nothing of the input was stored. */
export const ERR_INTEL_STIX_CONFLICT = defineError<[string, string]>(
  'SAKIMORI_ERR_INTEL_STIX_CONFLICT',
  'STIX object %s version %s is already stored with different content; a changed object needs a new modified timestamp',
  409,
);
/** A list cursor is not one the store handed out. */
export const ERR_INTEL_STIX_CURSOR = defineError<[string]>('SAKIMORI_ERR_INTEL_STIX_CURSOR', 'invalid STIX list cursor %s', 400);
/** A collection named at ingest or in a list does not exist. */
export const ERR_INTEL_STIX_COLLECTION_UNKNOWN = defineError<[string]>('SAKIMORI_ERR_INTEL_STIX_COLLECTION_UNKNOWN', 'unknown STIX collection %s', 404);
/** A version selector of `get` is neither first, last, all nor a STIX timestamp. */
export const ERR_INTEL_STIX_VERSION = defineError<[string]>('SAKIMORI_ERR_INTEL_STIX_VERSION', 'invalid STIX version selector %s: use first, last, all or a timestamp', 400);
/** A file given to `sakimori stix` cannot be read or is not JSON. */
export const ERR_INTEL_STIX_FILE = defineError<[string, string]>('SAKIMORI_ERR_INTEL_STIX_FILE', 'cannot read STIX file %s: %s', 400);
/** A `--marking` value is not a TLP level. */
export const ERR_INTEL_STIX_MARKING_OPTION = defineError<[string]>(
  'SAKIMORI_ERR_INTEL_STIX_MARKING_OPTION',
  'unknown --marking %s: use tlp:clear, tlp:green, tlp:amber, tlp:amber+strict or tlp:red',
  400,
);
