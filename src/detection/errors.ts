/** Errors of the detection engine. Only configuration calls throw; the flow path counts instead. */
import { defineError } from '../core/errors.js';

/** A protected network given to the detector is malformed (bad prefix, missing id). */
export const ERR_DETECTION_INVALID_NETWORK = defineError<[string, string]>('SAKIMORI_ERR_DETECTION_INVALID_NETWORK', 'invalid protected network %s: %s', 400);
/** Two protected networks share an id or a prefix. */
export const ERR_DETECTION_DUPLICATE_NETWORK = defineError<[string]>('SAKIMORI_ERR_DETECTION_DUPLICATE_NETWORK', 'protected network %s is given twice', 409);
/** An allowlist entry is not an address or prefix. */
export const ERR_DETECTION_INVALID_ALLOWLIST = defineError<[string, string]>('SAKIMORI_ERR_DETECTION_INVALID_ALLOWLIST', 'invalid allowlist entry %s: %s', 400);
/** A baseline snapshot to import does not have the expected shape. */
export const ERR_DETECTION_INVALID_BASELINE = defineError<[string]>('SAKIMORI_ERR_DETECTION_INVALID_BASELINE', 'invalid baseline snapshot: %s', 400);
