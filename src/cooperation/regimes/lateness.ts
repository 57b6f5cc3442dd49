/**
 * Lateness of a report as one figure over its full span. The bug this file exists to prevent: a
 * difference taken field by field (only the seconds, or only the hours, of a duration) makes a
 * report 25 h late read as 1 h late. Here lateness is always `at - dueAt` in whole seconds, and
 * the days, hours and minutes are derived from that single number.
 *
 * Pure: no I/O, no `node:` imports.
 */

/**
 * Seconds from `dueAt` to `at` (both UTC epoch ms), rounded up so that any lateness counts as at
 * least one second; zero or negative means on time. A submission exactly at `dueAt` is on time:
 * the period ends with the expiry of its last instant.
 *
 * @example
 * ```ts
 * lateBySeconds(Date.parse('2026-03-31T15:00:00Z'), Date.parse('2026-04-01T16:00:00Z')); // 90000
 * ```
 */
export function lateBySeconds(dueAt: number, at: number): number {
  return Math.ceil((at - dueAt) / 1000) || 0;
}

/**
 * Lateness for people: `"1 d 1 h 0 min 0 s late"` for 90 000 s, from the largest non-zero unit
 * down, or `"on time"` when `seconds` is zero or negative.
 */
export function formatLateness(seconds: number): string {
  if (!(seconds > 0)) return 'on time';
  const s = Math.ceil(seconds);
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const secs = s % 60;
  const parts: string[] = [];
  if (days > 0) parts.push(`${days} d`);
  if (parts.length > 0 || hours > 0) parts.push(`${hours} h`);
  if (parts.length > 0 || minutes > 0) parts.push(`${minutes} min`);
  parts.push(`${secs} s`);
  return `${parts.join(' ')} late`;
}
