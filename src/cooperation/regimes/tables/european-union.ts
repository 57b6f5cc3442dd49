/**
 * What the EU tables share: days and months counted by Regulation (EEC, Euratom) No 1182/71 in the
 * reporting entity's time zone, Saturdays and Sundays non-working (public holidays come from the
 * caller's calendar for the Member State where the report is made).
 *
 * Pure: no I/O, no `node:` imports.
 */
import type { Regime } from '../regime.js';

/** Regulation 1182/71 Art. 3(1)–(2) (see `time-limits.ts`). */
export const EU_PERIOD_RULE_REF =
  'Regulation (EEC, Euratom) No 1182/71 Art. 3(1) (the day of the event is not counted), 3(2)(b) (days end with the expiry of the last hour of the last day), 3(2)(c) (months end on the same date, or the last day of the last month)';

/** 1182/71 Art. 2(2) and 3(4): Saturdays, Sundays and public holidays (caller calendar). */
export const EU_NON_WORKING_DAYS: Regime['nonWorkingDays'] = {
  weekdays: [0, 6],
  annual: [],
  legalRef: 'Regulation (EEC, Euratom) No 1182/71 Art. 2(2), 3(4) (Saturdays, Sundays, public holidays of the Member State — caller calendar)',
};

/** 1182/71 Art. 3(4): a period in days or months whose last day is non-working ends with the next working day. */
export const EU_SHIFT: Regime['shift'] = {
  kind: 'end-of-next-working-day',
  legalRef: 'Regulation (EEC, Euratom) No 1182/71 Art. 3(4)',
};
