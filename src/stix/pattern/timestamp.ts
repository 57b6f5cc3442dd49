/**
 * STIX timestamps (RFC 3339, UTC, `Z` suffix, optional fraction) as exact epoch nanoseconds.
 *
 * The grammar only shapes a `t'…'` literal; calendar checks (30 February, second 60) happen here,
 * where the reference matcher makes them, and fractions keep up to nanosecond precision.
 */

const FORMAT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;
const NANOS_PER_SECOND = 1_000_000_000n;

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Epoch nanoseconds of a STIX timestamp, or `undefined` when it is not one (wrong form or date). */
export function parseTimestamp(text: string): bigint | undefined {
  const m = FORMAT.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const fraction = BigInt((m[7] ?? '').padEnd(9, '0'));
  const seconds = BigInt(daysFromCivil(year, month, day)) * 86_400n + BigInt(hour * 3600 + minute * 60 + second);
  return seconds * NANOS_PER_SECOND + fraction;
}

/** Nanoseconds in a WITHIN literal such as `300` or `1.5` (fractions past nanoseconds are dropped). */
export function secondsToNanos(text: string): bigint {
  const [whole = '0', fraction = ''] = text.split('.');
  return BigInt(whole === '' ? '0' : whole) * NANOS_PER_SECOND + BigInt(fraction.slice(0, 9).padEnd(9, '0'));
}
