/**
 * Coded errors of STIX object validation.
 */
import { defineError } from '../../core/errors.js';

/** A STIX document was refused: names the first invalid object and path; `details.findings` lists all errors. */
export const ERR_STIX_OBJECT_INVALID = defineError<[string, string, string, string]>('SAKIMORI_ERR_STIX_OBJECT_INVALID', 'invalid STIX content: %s at %s: %s (%s errors in all)', 400);
