/**
 * Proleptic Gregorian dates as day numbers (days since 1970-01-01), so calendar arithmetic needs
 * neither `Date` objects nor strings. Dates are packed as `year * 10000 + month * 100 + day`.
 *
 * Pure: no I/O, no `node:` imports.
 */

/** Milliseconds in a calendar day of UTC (local days are found through the zone's offset). */
export const DAY_MS = 86_400_000;

/** The day number of a date (`month` 1–12). */
export function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** The packed date `yyyymmdd` of a day number (H. Hinnant's civil_from_days, allocation-free). */
export function packedDate(days: number): number {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 10_000 + m * 100 + d;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Days in `month` (1–12) of `year` (Gregorian leap years: 2028-02 has 29). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0)) return 29;
  return MONTH_DAYS[month - 1] ?? Number.NaN;
}

/** Day of the week of a day number: 0 = Sunday … 6 = Saturday. */
export function weekday(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

/** The day number of `YYYY-MM-DD`, or undefined when the text is not a real date. */
export function parseDate(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return dayNumber(y, mo, d);
}

/**
 * The last day of a month period counted from the day `from`: the day with the same date `months`
 * later, or the last day of that month when it has no such date (Jan 31 + 1 month → Feb 28/29).
 */
export function sameDateMonthsLater(from: number, months: number): number {
  const p = packedDate(from);
  const y = Math.floor(p / 10_000);
  const m = Math.floor(p / 100) % 100;
  const d = p % 100;
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = (total % 12) + 1;
  return dayNumber(ty, tm, Math.min(d, daysInMonth(ty, tm)));
}

/**
 * Civil Code (Japan) Art. 143: a month period whose first day is `start` expires on the day before
 * the day corresponding to `start` in the last month; when the last month has no such day, on that
 * month's last day. A period starting on the 1st therefore runs whole calendar months (143(1)).
 */
export function civilCodeMonthsEnd(start: number, months: number): number {
  const p = packedDate(start);
  const y = Math.floor(p / 10_000);
  const m = Math.floor(p / 100) % 100;
  const d = p % 100;
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = (total % 12) + 1;
  const dim = daysInMonth(ty, tm);
  return d > dim ? dayNumber(ty, tm, dim) : dayNumber(ty, tm, d) - 1;
}
