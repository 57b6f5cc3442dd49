/**
 * Errors of the indicator matcher and sightings. Only loading and changing indicators throws; the
 * flow path counts what it cannot handle instead.
 */
import { defineError } from '../core/errors.js';

/** An indicator (address or prefix, port, protocol, label) is malformed. */
export const ERR_INTEL_INVALID_INDICATOR = defineError<[string, string]>('SAKIMORI_ERR_INTEL_INVALID_INDICATOR', 'invalid indicator %s: %s', 400);
/** An indicator file has an error; the message names the file, the line and the field. */
export const ERR_INTEL_INDICATOR_FILE = defineError<[string, number, string, string]>('SAKIMORI_ERR_INTEL_INDICATOR_FILE', '%s line %s, field %s: %s', 400);
/** An indicator file could not be read. */
export const ERR_INTEL_INDICATOR_FILE_UNREADABLE = defineError<[string, string]>('SAKIMORI_ERR_INTEL_INDICATOR_FILE_UNREADABLE', 'cannot read indicator file %s: %s', 400);
/** An analysis for an operator carries a marking the operator may not receive. */
export const ERR_INTEL_ANALYSIS_NOT_RELEASABLE = defineError<[string, string, string]>(
  'SAKIMORI_ERR_INTEL_ANALYSIS_NOT_RELEASABLE',
  'an analysis marked %s cannot be released to %s (%s): choose a marking the organisation may receive',
  400,
);
