/**
 * TAXII timestamps with microsecond precision, normalised to one fixed-width text form
 * (`YYYY-MM-DDTHH:MM:SS.ffffffZ`) so that comparing two of them as strings compares the instants.
 */

/** A timestamp in the normalised form `YYYY-MM-DDTHH:MM:SS.ffffffZ` (UTC, six fraction digits). */
export type TaxiiTimestamp = string & { readonly __brand: 'TaxiiTimestamp' };

const RFC3339_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

/**
 * Parses an RFC 3339 UTC timestamp (as STIX and TAXII write them) into the normalised form, or
 * returns undefined. Fractions beyond microseconds are truncated: TAXII's precision is the
 * microsecond (TAXII 2.1 §3.2).
 */
export function parseTaxiiTimestamp(text: string): TaxiiTimestamp | undefined {
  const m = RFC3339_UTC.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 60) return undefined;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCDate() !== d) return undefined;
  const fraction = (m[7] ?? '').padEnd(6, '0').slice(0, 6);
  return `${text.slice(0, 19)}.${fraction}Z` as TaxiiTimestamp;
}

/** The normalised timestamp of a millisecond instant plus extra microseconds (0–999). */
export function taxiiTimestampOf(millis: number, micros = 0): TaxiiTimestamp {
  const iso = new Date(millis).toISOString();
  return `${iso.slice(0, 23)}${String(micros).padStart(3, '0')}Z` as TaxiiTimestamp;
}

/** The timestamp one microsecond after `t` (keeps `date_added` strictly increasing). */
export function nextMicrosecond(t: TaxiiTimestamp): TaxiiTimestamp {
  const millis = Date.parse(`${t.slice(0, 23)}Z`);
  const micros = Number(t.slice(23, 26)) + 1;
  return micros > 999 ? taxiiTimestampOf(millis + 1, 0) : taxiiTimestampOf(millis, micros);
}
