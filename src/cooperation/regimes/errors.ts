/**
 * Errors of the reporting-regime clocks. All are raised before any deadline is computed, so bad
 * input never yields a half-computed answer.
 */
import { defineError } from '../../core/errors.js';

/** No regime with this id. */
export const ERR_REPORTING_REGIME_UNKNOWN = defineError<[string]>('SAKIMORI_ERR_REPORTING_REGIME_UNKNOWN', 'no reporting regime %s', 404);
/** A regime table breaks the model's rules; the message lists the problems. */
export const ERR_REPORTING_REGIME_INVALID = defineError<[string, string]>('SAKIMORI_ERR_REPORTING_REGIME_INVALID', 'reporting regime %s is invalid: %s', 500);
/** The regime counts in the reporting entity's time zone and none was given, or the zone is unknown. */
export const ERR_REPORTING_TIME_ZONE = defineError<[string, string]>('SAKIMORI_ERR_REPORTING_TIME_ZONE', 'time zone for %s: %s', 400);
/** A public holiday is not a real `YYYY-MM-DD` date. */
export const ERR_REPORTING_CALENDAR_DATE = defineError<[string]>('SAKIMORI_ERR_REPORTING_CALENDAR_DATE', 'not a calendar date (YYYY-MM-DD): %s', 400);
