/** Errors of offline enrichment data. Loading throws; lookups never do. */
import { defineError } from '../core/errors.js';

/** An enrichment data file has an error; the message names the file, the line and the field. */
export const ERR_ENRICHMENT_FILE = defineError<[string, number, string, string]>('SAKIMORI_ERR_ENRICHMENT_FILE', '%s line %s, field %s: %s', 400);
/** An enrichment data file could not be read. */
export const ERR_ENRICHMENT_FILE_UNREADABLE = defineError<[string, string]>('SAKIMORI_ERR_ENRICHMENT_FILE_UNREADABLE', 'cannot read enrichment file %s: %s', 400);
