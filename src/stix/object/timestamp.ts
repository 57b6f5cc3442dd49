/**
 * STIX timestamps (§3.2 "timestamp"): RFC 3339 in UTC with a literal `Z`, any number of fraction
 * digits, and a real calendar date. Comparison is by instant, not by string: `…54.984123Z` is
 * later than `…54.984Z` although it sorts first as text.
 */

const TIMESTAMP_RE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):([0-5]\d):([0-5]\d|60)(?:\.(\d+))?Z$/;

/** True when `value` is a STIX timestamp naming a real date (no 31 November, no 29 February 2017). */
export function isTimestamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = TIMESTAMP_RE.exec(value);
  if (m === null) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * A sortable key for a valid timestamp: the date and time with the fraction padded to 12 digits,
 * so that string order equals time order. Undefined for anything that is not a timestamp.
 */
export function timestampKey(value: unknown): string | undefined {
  if (!isTimestamp(value)) return undefined;
  const dot = value.indexOf('.');
  const whole = dot < 0 ? value.slice(0, -1) : value.slice(0, dot);
  const fraction = dot < 0 ? '' : value.slice(dot + 1, -1);
  return `${whole}.${fraction.padEnd(12, '0').slice(0, 12)}`;
}

/** Compares two timestamps by instant: negative, zero or positive; undefined if either is invalid. */
export function compareTimestamps(a: unknown, b: unknown): number | undefined {
  const ka = timestampKey(a);
  const kb = timestampKey(b);
  if (ka === undefined || kb === undefined) return undefined;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
