/**
 * Times in Japan Standard Time, the calendar of the ACD Act's notification deadlines: shown as
 * `2026-11-02 24:00 JST` whatever the viewer's own zone, and read back from `datetime-local`
 * inputs filled in Japan time. JST is UTC+9 all year (no daylight saving), so a fixed offset is exact.
 *
 * Pure: no DOM, no I/O.
 */

const JST_OFFSET_MS = 9 * 3_600_000;
const pad = (n: number): string => String(n).padStart(2, '0');

/** The calendar fields of `ms` in Japan. */
function fields(ms: number): { day: string; time: string } {
  const d = new Date(ms + JST_OFFSET_MS);
  return { day: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`, time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` };
}

/** `2026-12-06 22:37 JST`; `–` for no time. */
export function japanDateTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  const f = fields(ms);
  return `${f.day} ${f.time} JST`;
}

/** Today's date in Japan, `YYYY-MM-DD` (the latest introduction date the register accepts). */
export function japanToday(now: number): string {
  return fields(now).day;
}

/**
 * A due time as the API gives it in Japan time (`2026-11-02T24:00:00+09:00`) for people:
 * `2026-11-02 24:00 JST`. A calendar period ends at 24:00 of its last day (Civil Code Art. 141),
 * which is kept as written rather than turned into 00:00 of the next day. Anything else falls back
 * to `dueAt`.
 */
export function japanDue(dueLocal: string | null, dueAt: number | null): string {
  const m = dueLocal === null ? null : /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?\+09:00$/.exec(dueLocal);
  if (m !== null) return `${m[1]} ${m[2]} JST`;
  return japanDateTime(dueAt);
}

/** The value of a `datetime-local` input showing `ms` in Japan time (`2026-12-06T22:37`). */
export function japanInputValue(ms: number): string {
  const f = fields(ms);
  return `${f.day}T${f.time}`;
}

/** Reads a `datetime-local` value meant in Japan time; undefined when it is not one. */
export function parseJapanInput(value: string): number | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2})?$/.exec(value.trim());
  if (m === null) return undefined;
  const ms = Date.parse(`${m[1]}${m[2] ?? ':00'}+09:00`);
  return Number.isNaN(ms) ? undefined : ms;
}
