/**
 * Calendar days (`YYYY-MM-DD`) as the regime counts them: an asset is introduced on a day, and
 * "today" is the day in the register's time zone (Japan's by default), not in UTC — at 08:00 in
 * Tokyo it is already tomorrow's date there while UTC still has yesterday. Pure (uses `Intl`).
 */
import { ERR_ASSET_CONFIG } from './errors.js';

const DAY = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/;

/**
 * Reads a day written `YYYY-MM-DD` (or `YYYY/M/D`, as spreadsheets in Japan write it) and returns it
 * as `YYYY-MM-DD`; undefined when it is not a real date between 1900 and 9999.
 */
export function parseCalendarDay(text: string): string | undefined {
  const m = DAY.exec(text.trim());
  if (m === null) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || mo < 1 || mo > 12 || d < 1) return undefined;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined; // 2025-02-30
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Turns instants into calendar days of one time zone. */
export interface Calendar {
  readonly timeZone: string;
  /** The day (`YYYY-MM-DD`) `ms` falls on in the calendar's time zone. */
  dayOf(ms: number): string;
}

/**
 * A calendar of an IANA time zone.
 *
 * @throws {@link ERR_ASSET_CONFIG} when the time zone is unknown.
 */
export function createCalendar(timeZone: string): Calendar {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  } catch (e) {
    throw new ERR_ASSET_CONFIG(`unknown time zone ${JSON.stringify(timeZone)}`, { cause: e });
  }
  return {
    timeZone,
    dayOf(ms) {
      const parts = format.formatToParts(ms);
      const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
      return `${get('year')}-${get('month')}-${get('day')}`;
    },
  };
}
