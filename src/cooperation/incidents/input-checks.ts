/**
 * Checks of untrusted values at the edge of the incident service, each naming the bad field with
 * {@link ERR_INCIDENT_INVALID}: objects with known keys only, free text, instants.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { ERR_INCIDENT_INVALID } from './errors.js';

// Control characters other than tab and newline, and the bidirectional overrides and isolates that
// make text read differently from what it is (CVE-2021-42574, "Trojan Source"): reports are read
// by officials and exported to other systems.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// Something a reader can see: a letter, digit, punctuation mark or symbol.
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;
// UTC or an explicit offset: an instant without one would be read in whichever zone the server has.
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})$/;
/** Instants before 2000 or after 2200 are typing mistakes, not incidents. */
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2200, 0, 1);

/** A plain object (not an array, not null); else the error names `where`. */
export function checkObject(value: unknown, where: string, keys: readonly string[]): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ERR_INCIDENT_INVALID(where, 'expected an object');
  for (const k of Object.keys(value)) {
    if (!keys.includes(k)) throw new ERR_INCIDENT_INVALID(where, `unknown key ${JSON.stringify(k)}`);
  }
  return value as Readonly<Record<string, unknown>>;
}

/** A plain object of any keys, for maps (anchors, conditions, items). */
export function checkMap(value: unknown, where: string): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ERR_INCIDENT_INVALID(where, 'expected an object');
  return value as Readonly<Record<string, unknown>>;
}

/**
 * Trimmed free text: refuses non-strings, empty or invisible text, text over `max` characters,
 * control characters (tab and newline only when `multiline`) and bidirectional overrides.
 */
export function checkText(value: unknown, where: string, max: number, multiline = false): string {
  if (typeof value !== 'string') throw new ERR_INCIDENT_INVALID(where, 'expected text');
  const t = value.trim();
  if (t.length === 0 || !VISIBLE.test(t)) throw new ERR_INCIDENT_INVALID(where, 'must contain visible text');
  if (t.length > max) throw new ERR_INCIDENT_INVALID(where, `must be at most ${max} characters`);
  if (CONTROL.test(t) || (!multiline && /[\n\t]/.test(t))) throw new ERR_INCIDENT_INVALID(where, 'contains control characters');
  return t;
}

/** One of `values`; else the error lists them. */
export function checkOneOf<T extends string>(value: unknown, where: string, values: readonly T[]): T {
  if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
  throw new ERR_INCIDENT_INVALID(where, `expected one of ${values.join(', ')}`);
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * An instant as UTC epoch ms, from an integer of epoch milliseconds or ISO 8601 text with `Z` or an
 * explicit offset (`2026-10-05T09:30:00+09:00`). Text without an offset is refused: it would be
 * read in the server's zone. Instants outside 2000–2200 are refused as typing mistakes.
 */
export function checkInstant(value: unknown, where: string): number {
  let ms: number;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new ERR_INCIDENT_INVALID(where, 'expected whole epoch milliseconds');
    ms = value;
  } else if (typeof value === 'string') {
    const m = ISO_INSTANT.exec(value.trim());
    if (m === null) throw new ERR_INCIDENT_INVALID(where, 'expected ISO 8601 with Z or an offset, e.g. 2026-10-05T09:30:00+09:00');
    const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
    if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) {
      throw new ERR_INCIDENT_INVALID(where, `${JSON.stringify(value)} is not a real date and time`);
    }
    ms = Date.parse(value.trim());
    if (Number.isNaN(ms)) throw new ERR_INCIDENT_INVALID(where, `${JSON.stringify(value)} is not a real date and time`);
  } else {
    throw new ERR_INCIDENT_INVALID(where, 'expected epoch milliseconds or ISO 8601 text');
  }
  if (ms < EARLIEST || ms >= LATEST) throw new ERR_INCIDENT_INVALID(where, 'must lie between 2000 and 2200');
  return ms;
}
