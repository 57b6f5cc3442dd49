/**
 * Working days: which local days a time limit may not end on, and the next day it may. A regime
 * names its fixed non-working days (weekends; Japan's administrative closure 12-29 to 01-03); the
 * public holidays of the place where the report is made are data the caller passes in as a
 * {@link WorkingCalendar}, since they vary by country, region and year (Japan's equinox days are
 * fixed each February; Easter moves).
 *
 * Pure: no I/O, no `node:` imports.
 */
import { packedDate, parseDate, weekday } from './civil-date.js';
import { ERR_REPORTING_CALENDAR_DATE } from './errors.js';
import type { Regime } from './regime.js';

/** Public holidays, as local day numbers. Build once per entity with {@link workingCalendar} and reuse. */
export interface WorkingCalendar {
  readonly holidays: ReadonlySet<number>;
}

/**
 * A calendar of public holidays from `YYYY-MM-DD` local dates; throws
 * `SAKIMORI_ERR_REPORTING_CALENDAR_DATE` for anything that is not a real date.
 *
 * @example
 * ```ts
 * const tokyo2026 = workingCalendar(['2026-04-29', '2026-05-04', '2026-05-05', '2026-05-06']);
 * computeDeadlines(regime('jp-act'), { anchors, calendar: tokyo2026 }, now);
 * ```
 */
export function workingCalendar(dates: Iterable<string>): WorkingCalendar {
  const holidays = new Set<number>();
  for (const text of dates) {
    const day = parseDate(text);
    if (day === undefined) throw new ERR_REPORTING_CALENDAR_DATE(text);
    holidays.add(day);
  }
  return { holidays };
}

/** A regime's fixed non-working days, compiled for look-up without strings. */
export interface NonWorkingDays {
  /** Bit `w` set when weekday `w` (0 = Sunday) is non-working. */
  readonly weekdayMask: number;
  /** `month * 100 + day` of every annual non-working date. */
  readonly annual: ReadonlySet<number>;
}

/** Compiles a regime's `nonWorkingDays`; entries are checked by `checkRegime` beforehand. */
export function compileNonWorkingDays(spec: Regime['nonWorkingDays']): NonWorkingDays {
  let weekdayMask = 0;
  for (const w of spec.weekdays) weekdayMask |= 1 << w;
  const annual = new Set<number>();
  for (const md of spec.annual) annual.add(Number(md.slice(0, 2)) * 100 + Number(md.slice(3, 5)));
  return { weekdayMask, annual };
}

/** True when no time limit may end on local day `day`. */
export function isNonWorkingDay(day: number, fixed: NonWorkingDays, calendar: WorkingCalendar | undefined): boolean {
  if ((fixed.weekdayMask >> weekday(day)) & 1) return true;
  if (fixed.annual.size > 0 && fixed.annual.has(packedDate(day) % 10_000)) return true;
  return calendar !== undefined && calendar.holidays.has(day);
}

/** The first working day after `day`. */
export function nextWorkingDay(day: number, fixed: NonWorkingDays, calendar: WorkingCalendar | undefined): number {
  let d = day + 1;
  // Bounded: a week has at least one working day unless a table makes all seven non-working,
  // which checkRegime refuses; holidays could only add a finite run.
  while (isNonWorkingDay(d, fixed, calendar)) d += 1;
  return d;
}
