/** Errors of assembling the parts' descriptors. */
import { defineError } from '../core/errors.js';

/** Two parts declare the same configuration section, bus subject or retention table. */
export const ERR_PLATFORM_PART_CLASH = defineError<[string, string, string, string]>('SAKIMORI_ERR_PLATFORM_PART_CLASH', '%s %s is declared by %s and by %s', 500);
