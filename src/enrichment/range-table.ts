/**
 * Address-range tables for offline enrichment: disjoint ranges of IPv4 and of IPv6 addresses,
 * each labelled with a value, sorted in typed arrays and searched by binary search. IPv4 is held
 * as 32-bit numbers (addresses arrive IPv4-mapped and are looked up by their last word), IPv6 as
 * four words. Ranges need not be prefixes: RIR files delegate IPv4 blocks of any size.
 *
 * Pure: no I/O.
 */
import { ERR_ENRICHMENT_FILE } from './errors.js';

/** Where a range came from, for error messages. */
export interface RangeOrigin {
  readonly file: string;
  readonly line: number;
}

/** An immutable table of disjoint labelled ranges. */
export class RangeTable {
  readonly #v4Start: Uint32Array;
  readonly #v4End: Uint32Array;
  readonly #v4Value: Int32Array;
  readonly #v6Start: Uint32Array;
  readonly #v6End: Uint32Array;
  readonly #v6Value: Int32Array;

  /** Use {@link RangeTableBuilder}. */
  constructor(v4: { start: Uint32Array; end: Uint32Array; value: Int32Array }, v6: { start: Uint32Array; end: Uint32Array; value: Int32Array }) {
    this.#v4Start = v4.start;
    this.#v4End = v4.end;
    this.#v4Value = v4.value;
    this.#v6Start = v6.start;
    this.#v6End = v6.end;
    this.#v6Value = v6.value;
  }

  /** Number of IPv4 and IPv6 ranges. */
  get size(): { readonly v4: number; readonly v6: number } {
    return { v4: this.#v4Value.length, v6: this.#v6Value.length };
  }

  /** The value of the range holding the address (four words, IPv4 mapped), or -1. */
  lookup(w0: number, w1: number, w2: number, w3: number): number {
    if (w0 === 0 && w1 === 0 && w2 === 0xffff) {
      const s = this.#v4Start;
      let lo = 0;
      let hi = s.length;
      // Last range starting at or before the address.
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (s[mid]! <= w3) lo = mid + 1;
        else hi = mid;
      }
      return lo > 0 && this.#v4End[lo - 1]! >= w3 ? this.#v4Value[lo - 1]! : -1;
    }
    const s = this.#v6Start;
    let lo = 0;
    let hi = this.#v6Value.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(s, mid, w0, w1, w2, w3) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && compare(this.#v6End, lo - 1, w0, w1, w2, w3) >= 0 ? this.#v6Value[lo - 1]! : -1;
  }
}

function compare(words: Uint32Array, i: number, w0: number, w1: number, w2: number, w3: number): number {
  const o = i * 4;
  return words[o]! - w0 || words[o + 1]! - w1 || words[o + 2]! - w2 || words[o + 3]! - w3;
}

/** Collects ranges, then sorts them and checks they do not overlap. */
export class RangeTableBuilder {
  readonly #v4: number[] = [];
  readonly #v6: number[] = [];
  readonly #origins: RangeOrigin[] = [];

  /** Adds an IPv4 range `[start, end]` (32-bit numbers). */
  addV4(start: number, end: number, value: number, origin: RangeOrigin): void {
    this.#v4.push(start, end, value, this.#origins.push(origin) - 1);
  }

  /** Adds an IPv6 range `[start, end]` (four words each). */
  addV6(start: readonly number[], end: readonly number[], value: number, origin: RangeOrigin): void {
    this.#v6.push(...start, ...end, value, this.#origins.push(origin) - 1);
  }

  /**
   * Builds the table.
   *
   * @throws {@link ERR_ENRICHMENT_FILE} naming the later of two overlapping ranges.
   */
  build(): RangeTable {
    return new RangeTable(this.#buildV4(), this.#buildV6());
  }

  #buildV4(): { start: Uint32Array; end: Uint32Array; value: Int32Array } {
    const r = this.#v4;
    const n = r.length / 4;
    const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => r[a * 4]! - r[b * 4]! || r[a * 4 + 1]! - r[b * 4 + 1]!);
    const out = { start: new Uint32Array(n), end: new Uint32Array(n), value: new Int32Array(n) };
    order.forEach((i, k) => {
      out.start[k] = r[i * 4]!;
      out.end[k] = r[i * 4 + 1]!;
      out.value[k] = r[i * 4 + 2]!;
      if (k > 0 && out.start[k]! <= out.end[k - 1]!) this.#overlap(r[i * 4 + 3]!, r[order[k - 1]! * 4 + 3]!);
    });
    return out;
  }

  #buildV6(): { start: Uint32Array; end: Uint32Array; value: Int32Array } {
    const r = this.#v6;
    const n = r.length / 10;
    const cmp = (a: number, b: number, offA: number, offB: number): number => {
      for (let k = 0; k < 4; k++) {
        const d = r[a * 10 + offA + k]! - r[b * 10 + offB + k]!;
        if (d !== 0) return d;
      }
      return 0;
    };
    const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => cmp(a, b, 0, 0) || cmp(a, b, 4, 4));
    const out = { start: new Uint32Array(n * 4), end: new Uint32Array(n * 4), value: new Int32Array(n) };
    order.forEach((i, k) => {
      for (let w = 0; w < 4; w++) {
        out.start[k * 4 + w] = r[i * 10 + w]!;
        out.end[k * 4 + w] = r[i * 10 + 4 + w]!;
      }
      out.value[k] = r[i * 10 + 8]!;
      if (k > 0 && cmp(i, order[k - 1]!, 0, 4) <= 0) this.#overlap(r[i * 10 + 9]!, r[order[k - 1]! * 10 + 9]!);
    });
    return out;
  }

  /** Reports two overlapping ranges at the one added last (later line, or later file). */
  #overlap(x: number, y: number): never {
    const first = this.#origins[Math.min(x, y)]!;
    const second = this.#origins[Math.max(x, y)]!;
    throw new ERR_ENRICHMENT_FILE(second.file, second.line, 'range', `overlaps the range of ${first.file === second.file ? '' : `${first.file} `}line ${first.line}`);
  }
}
