/**
 * The daily shape of benign traffic: lowest around 04:00 local time, highest around 16:00, never
 * below a quarter of the peak.
 *
 * Pure: no I/O.
 */

const FLOOR = 0.25;

/** Traffic level in (0, 1] at `timeMs` for a place `timezoneHours` east of UTC. */
export function diurnalFactor(timeMs: number, timezoneHours: number): number {
  const hour = (((timeMs / 3_600_000 + timezoneHours) % 24) + 24) % 24;
  const shape = 0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 4)) / 24);
  return FLOOR + (1 - FLOOR) * shape;
}
