/**
 * What the Japanese tables share: local time is Asia/Tokyo, days and months are counted by the
 * Civil Code, and a time limit in days or months that falls on an administrative holiday moves to
 * the end of the next working day.
 *
 * Pure: no I/O, no `node:` imports.
 */
import type { Regime } from '../regime.js';

/** Civil Code Arts. 140, 141 and 143 (see `time-limits.ts`). */
export const JP_PERIOD_RULE_REF = '民法 (Civil Code) 140条 (first day not counted unless the period starts at 0:00), 141条 (ends at the end of the last day), 143条 (months by the calendar)';

/**
 * 行政機関の休日に関する法律 (Act on Holidays of Administrative Organs) Art. 1(1): Saturdays,
 * Sundays, national holidays (passed in as a calendar) and 12-29 to 01-03.
 */
export const JP_NON_WORKING_DAYS: Regime['nonWorkingDays'] = {
  weekdays: [0, 6],
  annual: ['12-29', '12-30', '12-31', '01-01', '01-02', '01-03'],
  legalRef: '行政機関の休日に関する法律 1条1項 (土日, 国民の祝日に関する法律の休日 (caller calendar), 12月29日〜1月3日)',
};

/**
 * 行政機関の休日に関する法律 Art. 2: a time limit for a filing with an administrative authority,
 * set by law or order as a period (other than in hours), that falls on an administrative holiday
 * is deemed to be the next day that is not one.
 */
export const JP_SHIFT: Regime['shift'] = {
  kind: 'end-of-next-working-day',
  legalRef: '行政機関の休日に関する法律 2条 (期限が行政機関の休日に当たるときは、その翌日)',
};
