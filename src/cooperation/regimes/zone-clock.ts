/**
 * Local time in an IANA time zone through `Intl` (full ICU in Node 20), fast enough to re-evaluate
 * tens of thousands of deadlines: one `Intl.DateTimeFormat` per zone, kept for the process, and per
 * zone and UTC year a table of the instants its offset changes, built once from ICU (one sample a
 * day, each change then located to the quarter hour: about 400 ICU calls, a millisecond or two).
 * After that an offset is a look-up in a table of one to three rows, with no call into ICU and no
 * allocation.
 *
 * Invariants of the table: a zone's offset changes at most once a day, and only on a quarter hour
 * of UTC — true of every transition in the tz database since 1972 (a test checks the table against
 * ICU for zones with half-hour DST and quarter-hour offsets).
 *
 * Pure: no I/O, no `node:` imports.
 */
import { DAY_MS, dayNumber, packedDate } from './civil-date.js';
import { ERR_REPORTING_TIME_ZONE } from './errors.js';

const QUARTER_MS = 900_000;
const SAMPLE_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The offsets of one UTC year: `offsets[i]` holds from `starts[i]` to the next start. */
interface YearTable {
  readonly year: number;
  readonly starts: readonly number[];
  readonly offsets: readonly number[];
}

const clocks = new Map<string, ZoneClock>();

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Local time in one zone. Get one with {@link ZoneClock.of}; instances are shared and cached. */
export class ZoneClock {
  readonly timeZone: string;
  readonly #format: Intl.DateTimeFormat;
  readonly #years = new Map<number, YearTable>();
  readonly #fields = new Int32Array(6);
  #last: YearTable | undefined;

  private constructor(timeZone: string) {
    this.timeZone = timeZone;
    this.#format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** The clock of `timeZone`; throws `SAKIMORI_ERR_REPORTING_TIME_ZONE` for a zone ICU does not know. */
  static of(timeZone: string): ZoneClock {
    let clock = clocks.get(timeZone);
    if (clock === undefined) {
      try {
        clock = new ZoneClock(timeZone);
      } catch (cause) {
        throw new ERR_REPORTING_TIME_ZONE(timeZone, 'unknown IANA time zone', { cause });
      }
      clocks.set(timeZone, clock);
    }
    return clock;
  }

  /** Milliseconds to add to a UTC instant to read the local wall clock (+32 400 000 in Tokyo). */
  offsetAt(utcMs: number): number {
    let table = this.#last;
    const year = Math.floor(packedDate(Math.floor(utcMs / DAY_MS)) / 10_000);
    if (table === undefined || table.year !== year) {
      table = this.#years.get(year) ?? this.#build(year);
      this.#last = table;
    }
    let i = table.starts.length - 1;
    while (i > 0 && table.starts[i]! > utcMs) i -= 1;
    return table.offsets[i]!;
  }

  #build(year: number): YearTable {
    const from = dayNumber(year, 1, 1) * DAY_MS;
    const to = dayNumber(year + 1, 1, 1) * DAY_MS;
    const starts = [from];
    const offsets = [this.#compute(from)];
    let before = offsets[0]!;
    // Samples stay on the quarter-hour grid; the last one may fall past the year's end.
    for (let t = from + SAMPLE_MS; t - SAMPLE_MS < to; t += SAMPLE_MS) {
      const sample = this.#compute(t);
      if (sample === before) continue;
      // The one change in (t - SAMPLE_MS, t]: find its quarter hour.
      let lo = t - SAMPLE_MS;
      let hi = t;
      while (hi - lo > QUARTER_MS) {
        const mid = lo + Math.floor((hi - lo) / 2 / QUARTER_MS) * QUARTER_MS;
        if (this.#compute(mid) === before) lo = mid;
        else hi = mid;
      }
      if (hi >= to) break;
      starts.push(hi);
      offsets.push(sample);
      before = sample;
    }
    const table: YearTable = { year, starts, offsets };
    this.#years.set(year, table);
    return table;
  }

  /** The offset at one instant, from ICU: `format` gives `M/D/YYYY, HH:MM:SS`, read as its six numbers. */
  #compute(utcMs: number): number {
    const text = this.#format.format(utcMs);
    const f = this.#fields;
    let k = 0;
    let n = -1;
    for (let i = 0; i <= text.length; i += 1) {
      const c = i < text.length ? text.charCodeAt(i) : 0;
      if (c >= 48 && c <= 57) {
        n = (n < 0 ? 0 : n * 10) + (c - 48);
      } else if (n >= 0) {
        if (k < 6) f[k] = n;
        k += 1;
        n = -1;
      }
    }
    if (k !== 6) throw new Error(`unexpected ICU date format: ${text}`);
    return Date.UTC(f[2]!, f[0]! - 1, f[1]!, f[3]! % 24, f[4]!, f[5]!) - Math.floor(utcMs / 1000) * 1000;
  }

  /** The local day number (days since 1970-01-01) of an instant. */
  localDay(utcMs: number): number {
    return Math.floor((utcMs + this.offsetAt(utcMs)) / DAY_MS);
  }

  /** True when the instant is exactly local 00:00:00.000. */
  isLocalMidnight(utcMs: number): boolean {
    const wall = utcMs + this.offsetAt(utcMs);
    return wall - Math.floor(wall / DAY_MS) * DAY_MS === 0;
  }

  /**
   * The instant of a local wall-clock time given as ms since 1970-01-01 00:00 local. Ambiguous
   * times (clocks set back) resolve to the earlier instant; times skipped by a gap resolve as if
   * read with the offset before the gap, i.e. pushed forward by its length (Temporal's
   * `compatible` disambiguation).
   */
  wallToInstant(wallMs: number): number {
    const before = this.offsetAt(wallMs - DAY_MS);
    const after = this.offsetAt(wallMs + DAY_MS);
    const early = wallMs - before;
    if (before === after) return early;
    const late = wallMs - after;
    const earlyOk = this.offsetAt(early) === before;
    const lateOk = this.offsetAt(late) === after;
    if (earlyOk && lateOk) return Math.min(early, late);
    if (lateOk && !earlyOk) return late;
    return early;
  }

  /** The instant the local day `day` begins (its 00:00, or the end of a gap that swallowed it). */
  startOfDay(day: number): number {
    return this.wallToInstant(day * DAY_MS);
  }

  /**
   * ISO 8601 local time with offset (`2026-04-10T24:00:00+02:00`). With `endOfDay`, an instant at
   * local midnight is written as 24:00 of the day that ends there, as the law counts it.
   */
  iso(utcMs: number, endOfDay = false): string {
    const offset = this.offsetAt(utcMs);
    const wall = utcMs + offset;
    let day = Math.floor(wall / DAY_MS);
    let ms = wall - day * DAY_MS;
    if (endOfDay && ms === 0) {
      day -= 1;
      ms = DAY_MS;
    }
    const p = packedDate(day);
    const h = Math.floor(ms / HOUR_MS);
    const mi = Math.floor(ms / 60_000) % 60;
    const s = Math.floor(ms / 1000) % 60;
    const frac = ms % 1000;
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset) / 60_000;
    const date = `${pad(Math.floor(p / 10_000), 4)}-${pad(Math.floor(p / 100) % 100)}-${pad(p % 100)}`;
    const time = `${pad(h)}:${pad(mi)}:${pad(s)}${frac === 0 ? '' : `.${pad(frac, 3)}`}`;
    return `${date}T${time}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  }
}

/** ISO 8601 rendering of a UTC instant in `timeZone` (see {@link ZoneClock.iso}). */
export function localIso(utcMs: number, timeZone: string, endOfDay = false): string {
  return ZoneClock.of(timeZone).iso(utcMs, endOfDay);
}
