/**
 * Counting periods the way each legal system does, and moving time limits off non-working days.
 *
 * - Hours (every regime): elapsed time from the anchor instant, `anchor + n × 3 600 000 ms`, so a
 *   daylight-saving change never lengthens or shortens them. Regulation 1182/71 Art. 3(1) first
 *   subparagraph excludes the event's own moment; reading "hours" as whole clock hours would only
 *   ever end a limit later, so elapsed time is the reading under which no entity is ever late.
 * - Days and months, `eu-1182/71`: Regulation (EEC, Euratom) No 1182/71 Art. 3(1) second
 *   subparagraph (the event's day is not counted) and Art. 3(2)(b)–(c) (the period starts at the
 *   beginning of the next day and ends with the expiry of the last hour of the last day; a month
 *   period ends on the same date in the last month, or on that month's last day if it has none).
 * - Days and months, `jp-civil-code`: Civil Code Art. 140 (the first day is not counted unless the
 *   period starts at 0:00), Art. 141 (the period ends at the end of its last day) and Art. 143
 *   (months by the calendar: the day before the day corresponding to the first day, or the last
 *   day of the month if there is none).
 *
 * Days are local days in the regime's time zone; every result is a UTC instant (epoch ms).
 *
 * Pure: no I/O, no `node:` imports.
 */
import { civilCodeMonthsEnd, DAY_MS, sameDateMonthsLater } from './civil-date.js';
import type { FixedPeriod, NonWorkingDayShift, PeriodRule } from './regime.js';
import { isNonWorkingDay, type NonWorkingDays, nextWorkingDay, type WorkingCalendar } from './working-calendar.js';
import type { ZoneClock } from './zone-clock.js';

const HOUR_MS = 3_600_000;

/**
 * The instant a period started at `anchorMs` ends: elapsed hours, or the end (local 24:00) of the
 * period's last day under `rule`. `firstDayIncluded` counts the anchor's day as day 1 (APPI
 * guideline 3-5-3-4); `checkRegime` allows it for `jp-civil-code` only.
 */
export function periodEnd(rule: PeriodRule, zone: ZoneClock, anchorMs: number, period: FixedPeriod, firstDayIncluded = false): number {
  if (period.unit === 'hours') return anchorMs + period.amount * HOUR_MS;
  const eventDay = zone.localDay(anchorMs);
  let lastDay: number;
  if (rule === 'jp-civil-code') {
    // Art. 140: a period that starts at 0:00 counts its first day.
    const first = firstDayIncluded || zone.isLocalMidnight(anchorMs) ? eventDay : eventDay + 1;
    lastDay = period.unit === 'days' ? first + period.amount - 1 : civilCodeMonthsEnd(first, period.amount);
  } else {
    // 1182/71 Art. 3(1)–(2): the event's day is excluded whatever the hour.
    lastDay = period.unit === 'days' ? eventDay + period.amount : sameDateMonthsLater(eventDay, period.amount);
  }
  return zone.startOfDay(lastDay + 1);
}

/** Where the time limit shifts to, if it falls on a non-working day; computed per call. */
export interface ShiftContext {
  readonly zone: ZoneClock;
  readonly fixed: NonWorkingDays;
  readonly calendar: WorkingCalendar | undefined;
}

/**
 * Moves a time limit that falls on a non-working day (its last day is the local day of the instant
 * just before it, so a limit ending at 24:00 falls on the day that ends there).
 *
 * - `end-of-next-working-day` (1182/71 Art. 3(4); 行政機関の休日に関する法律 Art. 2): only for
 *   periods in days or months; the limit becomes the end of the next working day.
 * - `noon-of-next-working-day` (DORA RTS 2025/301 Art. 5(4)): for any unit, unless `exempt`
 *   (the entity is excluded by Art. 5(5)–(6)); the limit becomes 12:00 of the next working day.
 */
export function shiftOffNonWorkingDay(shift: NonWorkingDayShift, unit: FixedPeriod['unit'], dueAt: number, exempt: boolean, ctx: ShiftContext): number {
  if (shift.kind === 'none' || exempt) return dueAt;
  if (shift.kind === 'end-of-next-working-day' && unit === 'hours') return dueAt;
  const lastDay = ctx.zone.localDay(dueAt - 1);
  if (!isNonWorkingDay(lastDay, ctx.fixed, ctx.calendar)) return dueAt;
  const working = nextWorkingDay(lastDay, ctx.fixed, ctx.calendar);
  return shift.kind === 'end-of-next-working-day' ? ctx.zone.startOfDay(working + 1) : ctx.zone.wallToInstant(working * DAY_MS + 12 * HOUR_MS);
}
