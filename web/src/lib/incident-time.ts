/**
 * Times of incident reports: a due time in the zone the regime counts in (Japan time for the
 * `jp-*` regimes, else the local rendering the API gives with its offset) beside UTC, how far past
 * a deadline something is over its full span, and the instants the forms read — in Japan time for
 * the Japanese regimes, in UTC for the others (a browser has no reliable way to enter a time in a
 * third zone; UTC is what the API stores).
 *
 * Pure: no DOM, no I/O.
 */
import { japanDue, parseJapanInput, japanInputValue } from './japan-time.js';

const pad = (n: number): string => String(n).padStart(2, '0');

/** `2026-12-06 14:05 UTC`; `–` for no time. */
export function utcDateTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/**
 * A due time in the regime's zone: `2026-12-06 24:00 JST` for the Japanese regimes (midnight
 * written as 24:00 of the day that ends, as the law counts), else `2026-12-07 17:00 (UTC+01:00)` read off the API's local ISO
 * rendering; falls back to UTC when there is none.
 */
export function regimeLocal(regime: string, local: string | null, at: number | null): string {
  if (regime.startsWith('jp-')) {
    // Midnight is written as the end of the day before (Civil Code Art. 141), as the stages' own due times are:
    // the incident's next due time comes from the API as `…T00:00:00+09:00`, the stage's as `…T24:00:00+09:00`.
    const midnight = local === null ? null : /^(\d{4}-\d{2}-\d{2})T00:00(?::00(?:\.0+)?)?\+09:00$/.exec(local);
    if (midnight !== null && at !== null) return `${japanDue(null, at - 1).slice(0, 10)} 24:00 JST`;
    return japanDue(local, at);
  }
  const m = local === null ? null : /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(local);
  if (m !== null) return `${m[1]} ${m[2]} (UTC${m[3] === 'Z' ? '' : m[3]})`;
  return utcDateTime(at);
}

/** A span in seconds over its whole length: `40 d 3 h 05 min 09 s`, `2 h 00 min 10 s`, `12 s`. */
export function fullDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (d > 0) return `${d} d ${h} h ${pad(m)} min ${pad(r)} s`;
  if (h > 0) return `${h} h ${pad(m)} min ${pad(r)} s`;
  if (m > 0) return `${m} min ${pad(r)} s`;
  return `${r} s`;
}

/** The value of a `datetime-local` input showing `ms` in the form's zone (Japan time or UTC). */
export function instantInputValue(ms: number, japan: boolean): string {
  if (japan) return japanInputValue(ms);
  return new Date(ms).toISOString().slice(0, 16);
}

/** Reads a `datetime-local` value meant in Japan time or UTC; undefined when it is not one. */
export function parseInstantInput(value: string, japan: boolean): number | undefined {
  if (japan) return parseJapanInput(value);
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2})?$/.exec(value.trim());
  if (m === null) return undefined;
  const ms = Date.parse(`${m[1]}${m[2] ?? ':00'}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** What the form's instants are entered in. */
export function inputZoneName(japan: boolean): string {
  return japan ? 'Japan time' : 'UTC';
}
