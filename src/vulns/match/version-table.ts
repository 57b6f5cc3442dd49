/**
 * For one key and one version scheme, the records whose criteria or statements name that product,
 * arranged so that an asset visits only those that could apply to its version: a coarse filter,
 * never too narrow, before the exact evaluation.
 *
 * A version range becomes an integer interval over the table's own sorted, distinct bound versions
 * (position 2i+1 is bound i itself, 2i the gap just below it), kept in typed arrays and scanned
 * without allocating; a name that pins a version is found by that version's text; anything else
 * (every version, wildcards, a bound the scheme cannot read) is visited for every asset.
 *
 * Each entry carries the generation its record slot had when filed; an entry whose slot has moved
 * on (the record was replaced or removed) is skipped, and dropped when the table is next rebuilt,
 * so removing a record costs nothing here even from a table of thousands.
 */
import type { VersionScheme } from '../record.js';
import { boundsReadable, type CachedRange, type CachedVersion, parsedVersion, parsesVersions, schemeIndexOf, UNREADABLE } from './version-cache.js';
import type { VersionComparator } from './version-comparator.js';

interface RangeEntry {
  readonly slot: number;
  readonly generation: number;
  readonly range: CachedRange;
}

/** The records of one key in one scheme, by the versions they could apply to. */
export class VersionTable {
  readonly #comparator: VersionComparator;
  readonly #scheme: number;
  /** The current generation of each record slot, kept by the owner of the tables. */
  readonly #generations: readonly number[];
  #ranges: RangeEntry[] = [];
  /** Slot and generation, flattened in pairs. */
  #always: number[] = [];
  readonly #exact = new Map<string, number[]>();
  #dirty = false;
  #points: unknown[] = [];
  #slots = new Int32Array(0);
  #slotGenerations = new Int32Array(0);
  #from = new Int32Array(0);
  #to = new Int32Array(0);

  constructor(comparator: VersionComparator, scheme: VersionScheme, generations: readonly number[]) {
    this.#comparator = comparator;
    this.#scheme = schemeIndexOf(scheme);
    this.#generations = generations;
  }

  /** Files record `slot` (at its current generation) for the versions inside `range`, of this table's scheme. */
  addRange(slot: number, range: CachedRange): void {
    if (!parsesVersions(this.#comparator) || !boundsReadable(this.#comparator, range)) return this.addAlways(slot);
    this.#ranges.push({ slot, generation: this.#generation(slot), range });
    this.#dirty = true;
  }

  /** Files record `slot` for the one version whose lowercase quoted CPE value is `value`. */
  addExact(slot: number, value: string): void {
    const list = this.#exact.get(value);
    if (list === undefined) this.#exact.set(value, [slot, this.#generation(slot)]);
    else list.push(slot, this.#generation(slot));
  }

  /** Files record `slot` for every version. */
  addAlways(slot: number): void {
    this.#always.push(slot, this.#generation(slot));
  }

  /** Notes that a record filed here has moved to a new generation: its entries go at the next rebuild. */
  stale(): void {
    this.#dirty = true;
  }

  /**
   * Calls `visit` with each record slot that could apply to an asset of `version` (undefined: ANY or
   * NA) whose CPE version value is `exactValue` (lowercase, quoted; undefined for a purl); a slot
   * may come more than once.
   */
  visit(version: CachedVersion | undefined, exactValue: string | undefined, visit: (slot: number) => void): void {
    if (this.#dirty) this.#rebuild();
    this.#visitPairs(this.#always, visit);
    // An asset version ANY or NA is inside no range and equal to no pinned version.
    if (version === undefined) return;
    const exact = exactValue === undefined ? undefined : this.#exact.get(exactValue);
    if (exact !== undefined) this.#visitPairs(exact, visit);
    const slots = this.#slots;
    if (slots.length === 0) return;
    const v = parsedVersion(this.#comparator, version, this.#scheme);
    // A version the scheme cannot read is undecided against every range: all are visited.
    const p = v === UNREADABLE ? -1 : this.#position(v);
    const [from, to, generations, current] = [this.#from, this.#to, this.#slotGenerations, this.#generations];
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i] as number;
      if (current[slot] !== generations[i]) continue;
      if (p < 0 || ((from[i] as number) <= p && p <= (to[i] as number))) visit(slot);
    }
  }

  #visitPairs(pairs: readonly number[], visit: (slot: number) => void): void {
    for (let i = 0; i < pairs.length; i += 2) {
      const slot = pairs[i] as number;
      if (this.#generations[slot] === pairs[i + 1]) visit(slot);
    }
  }

  #generation(slot: number): number {
    return this.#generations[slot] ?? 0;
  }

  #live(slot: number, generation: number): boolean {
    return this.#generations[slot] === generation;
  }

  /** Drops stale entries and lays the ranges out as intervals. */
  #rebuild(): void {
    this.#ranges = this.#ranges.filter((e) => this.#live(e.slot, e.generation));
    this.#always = livePairs(this.#always, (s, g) => this.#live(s, g));
    for (const [value, list] of this.#exact) {
      const kept = livePairs(list, (s, g) => this.#live(s, g));
      if (kept.length === 0) this.#exact.delete(value);
      else this.#exact.set(value, kept);
    }
    // Equal bound texts share one parsed form (the index's parse cache): sort each form once, and
    // give every form its position through a map rather than by searching.
    const forms = new Set<unknown>();
    for (const { range } of this.#ranges) {
      // Two bounds on one side (never seen in NVD) keep the inclusive one: wider, so still complete.
      forms.add(range.si ?? range.se);
      forms.add(range.ei ?? range.ee);
    }
    forms.delete(undefined);
    const sorted = [...forms].sort(this.#compare);
    const points: unknown[] = [];
    const positionOf = new Map<unknown, number>();
    for (const form of sorted) {
      if (points.length === 0 || this.#compare(points[points.length - 1], form) !== 0) points.push(form);
      positionOf.set(form, 2 * (points.length - 1) + 1);
    }
    this.#points = points;
    this.#layOut(positionOf);
    this.#dirty = false;
  }

  #layOut(positionOf: ReadonlyMap<unknown, number>): void {
    const n = this.#ranges.length;
    const end = 2 * this.#points.length;
    [this.#slots, this.#slotGenerations, this.#from, this.#to] = [new Int32Array(n), new Int32Array(n), new Int32Array(n), new Int32Array(n)];
    this.#ranges.forEach(({ slot, generation, range }, i) => {
      const lo = range.si ?? range.se;
      const hi = range.ei ?? range.ee;
      this.#slots[i] = slot;
      this.#slotGenerations[i] = generation;
      this.#from[i] = lo === undefined ? 0 : (positionOf.get(lo) as number) + (range.si !== undefined ? 0 : 1);
      this.#to[i] = hi === undefined ? end : (positionOf.get(hi) as number) - (range.ei !== undefined ? 0 : 1);
    });
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

function livePairs(pairs: readonly number[], live: (slot: number, generation: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < pairs.length; i += 2) if (live(pairs[i] as number, pairs[i + 1] as number)) out.push(pairs[i] as number, pairs[i + 1] as number);
  return out;
}
