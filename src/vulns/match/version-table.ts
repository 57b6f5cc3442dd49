/**
 * For one key and one version scheme, the records whose criteria or statements name that product,
 * arranged so that an asset visits only those that could apply to its version: a coarse filter,
 * never too narrow, before the exact evaluation.
 *
 * A version range becomes an integer interval over the table's own sorted, distinct bound versions
 * (position 2i+1 is bound i itself, 2i the gap just below it), kept in typed arrays and scanned
 * without allocating; a name that pins a version is found by that version's text; anything else
 * (every version, wildcards, a bound the scheme cannot read) is visited for every asset. The
 * intervals are rebuilt, after the table's records change, by the next query.
 */
import { boundsReadable, type CachedRange, type CachedVersion, parsedVersion, parsesVersions, schemeIndexOf, UNREADABLE } from './version-cache.js';
import type { VersionComparator } from './version-comparator.js';
import type { VersionScheme } from '../record.js';

interface RangeRow {
  readonly slot: number;
  readonly range: CachedRange;
}

/** The records of one key in one scheme, by the versions they could apply to. */
export class VersionTable {
  readonly #comparator: VersionComparator;
  readonly #scheme: number;
  #ranges: RangeRow[] = [];
  #always: number[] = [];
  readonly #exact = new Map<string, number[]>();
  #dirty = false;
  #points: unknown[] = [];
  #slots = new Int32Array(0);
  #from = new Int32Array(0);
  #to = new Int32Array(0);

  constructor(comparator: VersionComparator, scheme: VersionScheme) {
    this.#comparator = comparator;
    this.#scheme = schemeIndexOf(scheme);
  }

  /** Files record `slot` for the versions inside `range` (of this table's scheme). */
  addRange(slot: number, range: CachedRange): void {
    if (!parsesVersions(this.#comparator) || !boundsReadable(this.#comparator, range)) return this.addAlways(slot);
    this.#ranges.push({ slot, range });
    this.#dirty = true;
  }

  /** Files record `slot` for the one version whose lowercase quoted CPE value is `value`. */
  addExact(slot: number, value: string): void {
    const list = this.#exact.get(value);
    if (list === undefined) this.#exact.set(value, [slot]);
    else list.push(slot);
  }

  /** Files record `slot` for every version. */
  addAlways(slot: number): void {
    this.#always.push(slot);
  }

  /** Takes record `slot` out. */
  remove(slot: number): void {
    const before = this.#ranges.length;
    this.#ranges = this.#ranges.filter((row) => row.slot !== slot);
    this.#dirty ||= this.#ranges.length !== before;
    this.#always = this.#always.filter((s) => s !== slot);
    for (const [value, list] of this.#exact) {
      const kept = list.filter((s) => s !== slot);
      if (kept.length === 0) this.#exact.delete(value);
      else if (kept.length !== list.length) this.#exact.set(value, kept);
    }
  }

  /** True when nothing is filed. */
  get empty(): boolean {
    return this.#ranges.length === 0 && this.#always.length === 0 && this.#exact.size === 0;
  }

  /**
   * Calls `visit` with each record slot that could apply to an asset of `version` (undefined: ANY or
   * NA) whose CPE version value is `exactValue` (lowercase, quoted; undefined for a purl); a slot
   * may come more than once.
   */
  visit(version: CachedVersion | undefined, exactValue: string | undefined, visit: (slot: number) => void): void {
    for (const slot of this.#always) visit(slot);
    // An asset version ANY or NA is inside no range and equal to no pinned version.
    if (version === undefined) return;
    const exact = exactValue === undefined ? undefined : this.#exact.get(exactValue);
    if (exact !== undefined) for (const slot of exact) visit(slot);
    if (this.#ranges.length === 0) return;
    if (this.#dirty) this.#rebuild();
    const v = parsedVersion(this.#comparator, version, this.#scheme);
    const slots = this.#slots;
    if (v === UNREADABLE) {
      // Every range is undecided for this version: each record must be evaluated.
      for (let i = 0; i < slots.length; i++) visit(slots[i] as number);
      return;
    }
    const p = this.#position(v);
    const from = this.#from;
    const to = this.#to;
    for (let i = 0; i < slots.length; i++) if ((from[i] as number) <= p && p <= (to[i] as number)) visit(slots[i] as number);
  }

  #rebuild(): void {
    const points: unknown[] = [];
    for (const { range } of this.#ranges) {
      // Two bounds on one side (never seen in NVD) keep the inclusive one: wider, so still complete.
      const lo = range.si ?? range.se;
      const hi = range.ei ?? range.ee;
      if (lo !== undefined) points.push(lo);
      if (hi !== undefined) points.push(hi);
    }
    points.sort(this.#compare);
    this.#points = points.filter((x, i) => i === 0 || this.#compare(points[i - 1], x) !== 0);
    const n = this.#ranges.length;
    const end = 2 * this.#points.length;
    [this.#slots, this.#from, this.#to] = [new Int32Array(n), new Int32Array(n), new Int32Array(n)];
    this.#ranges.forEach(({ slot, range }, i) => {
      const lo = range.si ?? range.se;
      const hi = range.ei ?? range.ee;
      this.#slots[i] = slot;
      this.#from[i] = lo === undefined ? 0 : this.#position(lo) + (range.si !== undefined ? 0 : 1);
      this.#to[i] = hi === undefined ? end : this.#position(hi) - (range.ei !== undefined ? 0 : 1);
    });
    this.#dirty = false;
  }

  /** Position of `v` among the points: 2i+1 when it equals point i, else 2i where i points are below it. */
  #position(v: unknown): number {
    let lo = 0;
    let hi = this.#points.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const order = this.#compare(this.#points[mid], v);
      if (order === 0) return 2 * mid + 1;
      if (order < 0) lo = mid + 1;
      else hi = mid;
    }
    return 2 * lo;
  }

  // Only reached when the comparator parses (a range is filed only then).
  readonly #compare = (a: unknown, b: unknown): number => this.#comparator.compareParsed?.(a, b) ?? 0;
}
