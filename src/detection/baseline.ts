/**
 * Learned baselines: per protected network and hour of the week, a high percentile of the
 * per-second rates of every series, for the busiest host (host scope) and for the network's
 * aggregate (prefix scope). Multiplied by a burst factor they replace thresholds nobody set.
 *
 * During an hour each network keeps a log-scale histogram per (scope, series) — 96 bins of half an
 * octave, so the percentile is known to within 41 % before the burst factor; when the hour ends the
 * percentile is folded into that hour-of-week cell with an exponentially weighted average (weeks
 * apart), and the histogram starts again. Seconds in which the network was under attack, or in
 * which the detector received no flow records at all, are not learned.
 *
 * Memory per network with traffic: 16 KiB of histograms and 28 KiB of learned cells, allocated at
 * the network's first observed second. Snapshots export and import the learned cells as plain data;
 * {@link Baselines.revision} tells whether they changed since a snapshot was taken (storage saves
 * them in `detection/store/baseline-keeper.ts`). The hour in progress is never in a snapshot.
 *
 * Pure: no I/O.
 */
import { ERR_DETECTION_INVALID_BASELINE } from './errors.js';
import { SERIES } from './traffic-class.js';

/** Hours in a week. */
export const HOURS_OF_WEEK = 168;
const BINS = 96;
const BINS_PER_OCTAVE = 2;
/** Scopes: 0 the busiest host, 1 the aggregate. */
const SCOPES = 2;

/** Learning settings. */
export interface BaselineOptions {
  /** Percentile of per-second rates learned, 0–1 (e.g. 0.99). */
  readonly percentile: number;
  /** Seconds an hour needs before it is learned. */
  readonly minSecondsPerHour: number;
  /** Weight of the newest week in a cell (exponential moving average). */
  readonly smoothing: number;
  /** Minutes added to UTC to find the local hour of the week. */
  readonly utcOffsetMinutes: number;
}

/** Learned cells of one network, as exported. */
export interface BaselineSnapshotNetwork {
  readonly networkId: string;
  readonly hours: readonly {
    /** 0 = Monday 00:00–01:00 local time. */
    readonly hourOfWeek: number;
    /** Hours learned into this cell (weeks). */
    readonly samples: number;
    /** Percentile per series for the busiest host, `SERIES` numbers. */
    readonly host: readonly number[];
    /** Percentile per series for the aggregate. */
    readonly prefix: readonly number[];
  }[];
}

/** Persistable learned baselines. */
export interface BaselineSnapshot {
  readonly version: 1;
  readonly percentile: number;
  readonly networks: readonly BaselineSnapshotNetwork[];
}

class NetworkBaseline {
  readonly hist = new Uint32Array(SCOPES * SERIES * BINS);
  seconds = 0;
  readonly learned = new Float32Array(HOURS_OF_WEEK * SCOPES * SERIES);
  readonly samples = new Uint16Array(HOURS_OF_WEEK);
  learnedHours = 0;
}

/** Bin of a rate: 0 below 1, then half-octaves. */
function bin(v: number): number {
  if (!(v >= 1)) return 0;
  const b = 1 + Math.floor(Math.log2(v) * BINS_PER_OCTAVE);
  return b < BINS ? b : BINS - 1;
}

/** Upper edge of a bin. */
function binTop(b: number): number {
  return 2 ** (b / BINS_PER_OCTAVE);
}

/** Hour of the week (0 = Monday 00:00) of an epoch second, at a UTC offset. */
export function hourOfWeek(second: number, utcOffsetMinutes: number): number {
  // 1970-01-01 was a Thursday: Monday 00:00 is 72 hours later in the week cycle.
  const hour = Math.floor((second + utcOffsetMinutes * 60) / 3600);
  return (((hour + 72) % HOURS_OF_WEEK) + HOURS_OF_WEEK) % HOURS_OF_WEEK;
}

/** Baselines for a set of networks, indexed like {@link ProtectedNetworks}. */
export class Baselines {
  readonly #opts: BaselineOptions;
  #nets: (NetworkBaseline | undefined)[];
  #ids: readonly string[];
  #hour = -1;
  #revision = 0;

  constructor(opts: BaselineOptions, networkIds: readonly string[]) {
    this.#opts = opts;
    this.#ids = networkIds;
    this.#nets = networkIds.map(() => undefined);
  }

  /**
   * A number that changes whenever the learned cells may have changed (an hour folded, a snapshot
   * imported, the network list replaced): equal revisions mean equal exports.
   */
  get revision(): number {
    return this.#revision;
  }

  /** Re-indexes for a new network list, keeping what was learned for networks that remain. */
  remap(networkIds: readonly string[]): void {
    const old = new Map(this.#ids.map((id, i) => [id, this.#nets[i]]));
    this.#ids = networkIds;
    this.#nets = networkIds.map((id) => old.get(id));
    this.#revision++;
  }

  /**
   * Learns one second of network `net`: `host` and `prefix` hold `SERIES` rates at their offsets.
   * Call in increasing second order; an hour change folds the previous hour into its cell.
   */
  observe(net: number, second: number, host: ArrayLike<number>, hostOffset: number, prefix: ArrayLike<number>, prefixOffset: number): void {
    this.#roll(second);
    let nb = this.#nets[net];
    if (nb === undefined) this.#nets[net] = nb = new NetworkBaseline();
    nb.seconds++;
    const h = nb.hist;
    for (let k = 0; k < SERIES; k++) {
      h[k * BINS + bin(host[hostOffset + k]!)]!++;
      h[(SERIES + k) * BINS + bin(prefix[prefixOffset + k]!)]!++;
    }
  }

  /**
   * Writes learned percentiles for `net` at `second` into `host` and `prefix` (`SERIES` each) and
   * returns true; false (outputs untouched) when nothing usable was learned. Uses the cell of the
   * hour of the week when learned, else — once a full day is learned — the highest learned cell.
   */
  learned(net: number, second: number, host: Float64Array, prefix: Float64Array): boolean {
    const nb = this.#nets[net];
    if (nb === undefined || nb.learnedHours === 0) return false;
    const how = hourOfWeek(second, this.#opts.utcOffsetMinutes);
    if (nb.samples[how]! > 0) {
      const o = how * SCOPES * SERIES;
      for (let k = 0; k < SERIES; k++) {
        host[k] = nb.learned[o + k]!;
        prefix[k] = nb.learned[o + SERIES + k]!;
      }
      return true;
    }
    if (nb.learnedHours < 24) return false;
    host.fill(0);
    prefix.fill(0);
    for (let c = 0; c < HOURS_OF_WEEK; c++) {
      if (nb.samples[c] === 0) continue;
      const o = c * SCOPES * SERIES;
      for (let k = 0; k < SERIES; k++) {
        host[k] = Math.max(host[k]!, nb.learned[o + k]!);
        prefix[k] = Math.max(prefix[k]!, nb.learned[o + SERIES + k]!);
      }
    }
    return true;
  }

  /** Folds the current hour into its cells now (the hour is over, or for tests). */
  finishHour(): void {
    if (this.#hour < 0) return;
    const how = (((this.#hour + 72) % HOURS_OF_WEEK) + HOURS_OF_WEEK) % HOURS_OF_WEEK;
    let folded = false;
    for (const nb of this.#nets) {
      if (nb === undefined) continue;
      if (nb.seconds >= this.#opts.minSecondsPerHour) {
        this.#fold(nb, how);
        folded = true;
      }
      nb.hist.fill(0);
      nb.seconds = 0;
    }
    if (folded) this.#revision++;
  }

  /** The learned cells as plain data. */
  export(): BaselineSnapshot {
    const networks: BaselineSnapshotNetwork[] = [];
    this.#nets.forEach((nb, i) => {
      if (nb === undefined || nb.learnedHours === 0) return;
      const hours: BaselineSnapshotNetwork['hours'][number][] = [];
      for (let c = 0; c < HOURS_OF_WEEK; c++) {
        if (nb.samples[c] === 0) continue;
        const o = c * SCOPES * SERIES;
        hours.push({ hourOfWeek: c, samples: nb.samples[c]!, host: Array.from(nb.learned.subarray(o, o + SERIES)), prefix: Array.from(nb.learned.subarray(o + SERIES, o + 2 * SERIES)) });
      }
      networks.push({ networkId: this.#ids[i]!, hours });
    });
    return { version: 1, percentile: this.#opts.percentile, networks };
  }

  /**
   * Replaces learned cells with a snapshot's, for the networks it names that are known; returns
   * the number of networks imported. Validates the whole snapshot before changing anything.
   */
  import(snapshot: unknown): number {
    const s = validateSnapshot(snapshot);
    const index = new Map(this.#ids.map((id, i) => [id, i]));
    let n = 0;
    for (const net of s.networks) {
      const i = index.get(net.networkId);
      if (i === undefined) continue;
      const nb = this.#nets[i] ?? new NetworkBaseline();
      nb.learned.fill(0);
      nb.samples.fill(0);
      nb.learnedHours = 0;
      for (const h of net.hours) {
        const o = h.hourOfWeek * SCOPES * SERIES;
        nb.learned.set(h.host, o);
        nb.learned.set(h.prefix, o + SERIES);
        nb.samples[h.hourOfWeek] = h.samples;
        nb.learnedHours++;
      }
      this.#nets[i] = nb;
      n++;
    }
    if (n > 0) this.#revision++;
    return n;
  }

  #roll(second: number): void {
    const hour = Math.floor((second + this.#opts.utcOffsetMinutes * 60) / 3600);
    if (hour === this.#hour) return;
    if (hour > this.#hour) this.finishHour();
    this.#hour = hour;
  }

  #fold(nb: NetworkBaseline, how: number): void {
    const o = how * SCOPES * SERIES;
    const first = nb.samples[how] === 0;
    const a = this.#opts.smoothing;
    for (let sk = 0; sk < SCOPES * SERIES; sk++) {
      const p = this.#percentile(nb.hist, sk * BINS, nb.seconds);
      nb.learned[o + sk] = first ? p : (1 - a) * nb.learned[o + sk]! + a * p;
    }
    if (first) nb.learnedHours++;
    if (nb.samples[how]! < 0xffff) nb.samples[how]!++;
  }

  #percentile(hist: Uint32Array, offset: number, total: number): number {
    const want = Math.ceil(this.#opts.percentile * total);
    let acc = 0;
    for (let b = 0; b < BINS; b++) {
      acc += hist[offset + b]!;
      if (acc >= want) return b === 0 ? 0 : binTop(b);
    }
    return binTop(BINS - 1);
  }
}

const fail = (why: string): never => {
  throw new ERR_DETECTION_INVALID_BASELINE(why);
};

function validateSnapshot(v: unknown): BaselineSnapshot {
  if (typeof v !== 'object' || v === null) return fail('not an object');
  const s = v as Partial<BaselineSnapshot>;
  if (s.version !== 1) fail(`unsupported version ${JSON.stringify(s.version)}`);
  if (!Array.isArray(s.networks)) return fail('networks is not an array');
  s.networks.forEach((n, i) => validateBaselineNetwork(n, `networks[${i}]`));
  return s as BaselineSnapshot;
}

/**
 * Checks the learned cells of one network as a snapshot holds them (distinct hours 0–167, samples
 * 1–65535, `SERIES` non-negative finite numbers per scope) and returns them typed; throws
 * `SAKIMORI_ERR_DETECTION_INVALID_BASELINE` naming the first bad field under `where`.
 */
export function validateBaselineNetwork(n: unknown, where: string): BaselineSnapshotNetwork {
  const net = n as Partial<BaselineSnapshotNetwork> | null | undefined;
  if (typeof net?.networkId !== 'string' || !Array.isArray(net.hours)) return fail(`${where} needs networkId and hours`);
  const series = (a: unknown, at: string): void => {
    if (!Array.isArray(a) || a.length !== SERIES || !a.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0)) fail(`${at} needs ${SERIES} non-negative numbers`);
  };
  const seen = new Set<number>();
  (net.hours as readonly unknown[]).forEach((hv, j) => {
    const h = hv as BaselineSnapshotNetwork['hours'][number];
    const at = `${where}.hours[${j}]`;
    if (!Number.isInteger(h?.hourOfWeek) || h.hourOfWeek < 0 || h.hourOfWeek >= HOURS_OF_WEEK || seen.has(h.hourOfWeek)) fail(`${at}.hourOfWeek must be a distinct integer 0–167`);
    seen.add(h.hourOfWeek);
    if (!Number.isInteger(h.samples) || h.samples < 1 || h.samples > 0xffff) fail(`${at}.samples must be 1–65535`);
    series(h.host, `${at}.host`);
    series(h.prefix, `${at}.prefix`);
  });
  return net as BaselineSnapshotNetwork;
}
