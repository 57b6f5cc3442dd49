/**
 * Coded errors of the marking part: an unknown marking at ingest, a PAP marking that forbids a
 * network action, and a release policy configured with a default that is not a TLP marking.
 */
import { defineError } from '../../core/errors.js';

/**
 * A marking ref that is neither a built-in definition (TLP 2.0, TLP 1.0, PAP) nor among the supplied
 * custom definitions, or a MISP `tlp:`/`PAP:` tag whose value is not a known level. Raised at ingest;
 * the release policy never throws it but denies (fails closed).
 *
 * @example
 * ```ts
 * throw new ERR_MARKING_UNKNOWN('marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ec');
 * ```
 */
export const ERR_MARKING_UNKNOWN = defineError('SAKIMORI_ERR_STIX_MARKING_UNKNOWN', 'unknown marking %s: not a known marking definition and not among the supplied custom definitions', 422);

/**
 * Evidence marked PAP:AMBER or PAP:RED (or with a marking that cannot be resolved) may not feed a
 * network action (RTBH, FlowSpec, RPZ, block list). Thrown by the operations part.
 *
 * @example
 * ```ts
 * throw new ERR_PAP_FORBIDS_ACTION('PAP:RED', 'rtbh');
 * ```
 */
export const ERR_PAP_FORBIDS_ACTION = defineError('SAKIMORI_ERR_STIX_MARKING_PAP_FORBIDS_ACTION', 'evidence marked %s forbids the network action %s', 403);

/** The class of {@link ERR_PAP_FORBIDS_ACTION}, under the name the operations part imports. */
export const PapForbidsActionError = ERR_PAP_FORBIDS_ACTION;

/**
 * A release policy's default marking must be a TLP marking: an object without one is treated as if it
 * carried the default, and only a TLP level says who may receive it.
 */
export const ERR_DEFAULT_NOT_TLP = defineError('SAKIMORI_ERR_STIX_MARKING_DEFAULT_NOT_TLP', 'default marking %s is not a TLP marking definition', 500);
