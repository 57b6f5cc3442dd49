/** Errors of the operator registry; every refusal leaves the registry unchanged. */
import { defineError } from '../core/errors.js';

/** A name (organisation, network) is empty, too long or holds control characters. */
export const ERR_REGISTRY_INVALID_NAME = defineError<[string, string]>('SAKIMORI_ERR_REGISTRY_INVALID_NAME', 'invalid %s: %s', 400);
/** The sector is not one of the designated sectors. */
export const ERR_REGISTRY_INVALID_SECTOR = defineError<[string, string]>('SAKIMORI_ERR_REGISTRY_INVALID_SECTOR', 'unknown sector %s (one of: %s)', 400);
/** The designation status is not a known one. */
export const ERR_REGISTRY_INVALID_STATUS = defineError<[string, string]>('SAKIMORI_ERR_REGISTRY_INVALID_STATUS', 'unknown designation status %s (one of: %s)', 400);
/** A contact field is malformed. */
export const ERR_REGISTRY_INVALID_CONTACT = defineError<[string, string]>('SAKIMORI_ERR_REGISTRY_INVALID_CONTACT', 'invalid %s: %s', 400);
/** A prefix is not a strict network prefix (host bits set, bad length, IPv4-mapped…). */
export const ERR_REGISTRY_INVALID_PREFIX = defineError<[string, string]>('SAKIMORI_ERR_REGISTRY_INVALID_PREFIX', 'invalid prefix %s: %s', 400);
/** Per-network thresholds do not match the schema in `thresholds.ts`. */
export const ERR_REGISTRY_INVALID_THRESHOLDS = defineError<[string, string]>('SAKIMORI_ERR_REGISTRY_INVALID_THRESHOLDS', 'invalid thresholds at %s: %s', 400);
/** Another organisation already has this name. */
export const ERR_REGISTRY_DUPLICATE_ORGANIZATION = defineError<[string]>('SAKIMORI_ERR_REGISTRY_DUPLICATE_ORGANIZATION', 'an organization named %s already exists', 409);
/** No organisation has this id (or name). */
export const ERR_REGISTRY_ORGANIZATION_NOT_FOUND = defineError<[string]>('SAKIMORI_ERR_REGISTRY_ORGANIZATION_NOT_FOUND', 'no organization %s', 404);
/** The organisation still has protected networks and removal was not asked to include them. */
export const ERR_REGISTRY_ORGANIZATION_HAS_NETWORKS = defineError<[string, string]>(
  'SAKIMORI_ERR_REGISTRY_ORGANIZATION_HAS_NETWORKS',
  'organization %s still has %s protected network(s); remove them first or remove with networks',
  409,
);
/** The exact prefix is already registered. */
export const ERR_REGISTRY_DUPLICATE_NETWORK = defineError<[string]>('SAKIMORI_ERR_REGISTRY_DUPLICATE_NETWORK', 'prefix %s is already registered', 409);
/** The prefix overlaps a prefix of a different organisation. */
export const ERR_REGISTRY_PREFIX_OVERLAP = defineError<[string, string, string]>('SAKIMORI_ERR_REGISTRY_PREFIX_OVERLAP', 'prefix %s overlaps %s registered by organization %s', 409);
/** No protected network has this id. */
export const ERR_REGISTRY_NETWORK_NOT_FOUND = defineError<[string]>('SAKIMORI_ERR_REGISTRY_NETWORK_NOT_FOUND', 'no protected network %s', 404);
