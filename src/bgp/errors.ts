/**
 * Errors of the BGP speaker, with stable codes. Wire-level decode failures are values
 * ({@link WireError}), not these: these are for bad input from our own callers and configuration.
 */
import { defineError } from '../core/errors.js';

/** A FlowSpec rule or action list is not valid; the message lists every problem. */
export const ERR_BGP_FLOWSPEC_INVALID = defineError<[string]>('SAKIMORI_ERR_BGP_FLOWSPEC_INVALID', 'invalid FlowSpec rule: %s', 400);
/** A route given to announce() or withdraw() is not valid. */
export const ERR_BGP_ROUTE_INVALID = defineError<[string]>('SAKIMORI_ERR_BGP_ROUTE_INVALID', 'invalid BGP route: %s', 400);
/** The BGP configuration is inconsistent (beyond what the schema checks). */
export const ERR_BGP_CONFIG_INVALID = defineError<[string]>('SAKIMORI_ERR_BGP_CONFIG_INVALID', 'invalid BGP configuration: %s', 400);
/** A named peer does not exist. */
export const ERR_BGP_UNKNOWN_PEER = defineError<[string]>('SAKIMORI_ERR_BGP_UNKNOWN_PEER', 'unknown BGP peer %s', 404);
/** The speaker is not running (announce or withdraw before start or after stop). */
export const ERR_BGP_NOT_RUNNING = defineError<[]>('SAKIMORI_ERR_BGP_NOT_RUNNING', 'the BGP speaker is not running', 503);
