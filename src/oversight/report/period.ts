/**
 * Report periods: a year (`2026`), a half (`2026-H1`), a quarter (`2026-Q3`) or a month
 * (`2026-05`), in the time zone the report is published in (Japan Standard Time by default).
 *
 * Pure: no I/O, no `node:` imports.
 */
import { ERR_REPORT_PERIOD } from '../errors.js';

/** A report period as a half-open interval of epoch milliseconds. */
export interface ReportPeriod {
  readonly label: string;
  /** Inclusive start. */
  readonly from: number;
  /** Exclusive end. */
  readonly to: number;
  readonly utcOffsetMinutes: number;
}

/** Parses a period label; throws {@link ERR_REPORT_PERIOD}. */
export function parsePeriod(label: string, utcOffsetMinutes: number): ReportPeriod {
  const m = /^(\d{4})(?:-(H[12]|Q[1-4]|\d{2}))?$/.exec(label.trim());
  if (m === null) throw new ERR_REPORT_PERIOD(JSON.stringify(label));
  const year = Number(m[1]);
  const part = m[2];
  let first = 0;
  let months = 12;
  if (part?.startsWith('H')) [first, months] = [(Number(part[1]) - 1) * 6, 6];
  else if (part?.startsWith('Q')) [first, months] = [(Number(part[1]) - 1) * 3, 3];
  else if (part !== undefined) {
    const month = Number(part);
    if (month < 1 || month > 12) throw new ERR_REPORT_PERIOD(JSON.stringify(label));
    [first, months] = [month - 1, 1];
  }
  const shift = utcOffsetMinutes * 60_000;
  return { label: m[0], from: Date.UTC(year, first, 1) - shift, to: Date.UTC(year, first + months, 1) - shift, utcOffsetMinutes };
}

/** Formats epoch ms as a local RFC 3339 time in the period's zone (`2026-01-01T00:00:00+09:00`). */
export function localTime(ms: number, utcOffsetMinutes: number): string {
  const sign = utcOffsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(utcOffsetMinutes);
  const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${new Date(ms + utcOffsetMinutes * 60_000).toISOString().slice(0, 19)}${zone}`;
}
