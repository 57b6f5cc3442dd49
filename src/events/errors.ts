/** Errors of the event outputs. Only setting up an output throws; delivery failures are counted and logged. */
import { defineError } from '../core/errors.js';

/** The JSON lines file cannot be opened for appending. */
export const ERR_EVENTS_FILE_UNWRITABLE = defineError<[string, string]>('SAKIMORI_ERR_EVENTS_FILE_UNWRITABLE', 'cannot open event file %s for appending: %s', 400);
