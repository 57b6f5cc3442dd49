/**
 * Number, rate and time formatting for the console: SI prefixes for pps/bps (as routers and
 * FastNetMon print them), locale-independent timestamps in the viewer's time zone.
 */

const SI = ['', 'k', 'M', 'G', 'T', 'P'] as const;

/** Formats `n` with an SI prefix and three significant digits (`1.23 M`). */
export function si(n: number): string {
  if (!Number.isFinite(n)) return '–';
  let v = Math.abs(n);
  let i = 0;
  while (v >= 1000 && i < SI.length - 1) {
    v /= 1000;
    i++;
  }
  const digits = v >= 100 || i === 0 ? 0 : v >= 10 ? 1 : 2;
  return `${n < 0 ? '-' : ''}${v.toFixed(digits)}${i === 0 ? '' : ` ${SI[i]}`}`;
}

/** Packets per second, e.g. `1.20 Mpps`. */
export function pps(n: number): string {
  const s = si(n);
  return s.endsWith(' k') || s.endsWith(' M') || s.endsWith(' G') || s.endsWith(' T') ? `${s}pps` : `${s} pps`;
}

/** Bits per second, e.g. `9.60 Gbps`. */
export function bps(n: number): string {
  const s = si(n);
  return /\s[kMGTP]$/.test(s) ? `${s}bps` : `${s} bps`;
}

/** Bytes, e.g. `3.4 GB`. */
export function bytes(n: number): string {
  const s = si(n);
  return /\s[kMGTP]$/.test(s) ? `${s}B` : `${s} B`;
}

/** An integer with thousands separators. */
export function int(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A share 0–1 as a percentage. */
export function percent(share: number, digits = 1): string {
  return `${(share * 100).toFixed(digits)} %`;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `2025-01-02 13:04:05` in local time. */
export function dateTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** `13:04:05` in local time. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A duration in seconds as `1 h 02 min`, `4 min 05 s` or `12 s`. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 86400) return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
  return `${s} s`;
}

/** Time from `now` to `at`, as `in 3 h 10 min` or `12 min ago`. */
export function relative(at: number, now: number): string {
  const d = (at - now) / 1000;
  return d >= 0 ? `in ${duration(d)}` : `${duration(-d)} ago`;
}

/** `snake_case` or `kebab-case` enum value as words: `pending_approval` → `pending approval`. */
export function words(s: string): string {
  return s.replace(/[_-]+/g, ' ');
}
