/**
 * Longest-prefix match over IPv4 and IPv6 prefixes in typed arrays: a sorted table of disjoint
 * address ranges, each labelled with the value of the most specific prefix covering it, plus a
 * first-level index on the top 16 bits (of the IPv4 address for IPv4-mapped addresses, of the
 * IPv6 address otherwise) that narrows every search to the few ranges of one /16.
 *
 * An address outside every prefix — most of the traffic a collector sees — costs one index read.
 * Nested prefixes are allowed (a /24 inside a /16 wins for its addresses). Building uses BigInt
 * and runs when the prefixes change; lookups allocate nothing.
 *
 * Pure: no I/O.
 */
import type { Prefix } from '../core/ip.js';

/** A prefix and the value a lookup returns for addresses it covers most specifically. */
export interface PrefixEntry {
  readonly prefix: Prefix;
  /** Non-negative; `-1` is reserved for "no match". */
  readonly value: number;
}

const INDEX = 65536;
const MAPPED_START = 0xffffn << 32n;
const MAPPED_END = MAPPED_START | 0xffffffffn;
const ALL = (1n << 128n) - 1n;

/** An immutable longest-prefix-match table. */
export class PrefixTable {
  /** Number of distinct prefixes the table was built from. */
  readonly prefixes: number;
  /** Number of disjoint ranges. */
  readonly ranges: number;
  readonly #starts: Uint32Array;
  readonly #ends: Uint32Array;
  readonly #values: Int32Array;
  readonly #v4Lo: Int32Array;
  readonly #v4Hi: Int32Array;
  readonly #v6Lo: Int32Array;
  readonly #v6Hi: Int32Array;

  constructor(entries: readonly PrefixEntry[]) {
    const ranges = disjointRanges(entries);
    this.prefixes = new Set(entries.map((e) => `${e.prefix.words.join('.')}/${e.prefix.length}`)).size;
    this.ranges = ranges.length;
    this.#starts = new Uint32Array(ranges.length * 4);
    this.#ends = new Uint32Array(ranges.length * 4);
    this.#values = new Int32Array(ranges.length);
    this.#v4Lo = new Int32Array(INDEX).fill(-1);
    this.#v4Hi = new Int32Array(INDEX);
    this.#v6Lo = new Int32Array(INDEX).fill(-1);
    this.#v6Hi = new Int32Array(INDEX);
    ranges.forEach((r, i) => {
      writeBig(this.#starts, i, r.start);
      writeBig(this.#ends, i, r.end);
      this.#values[i] = r.value;
      if (r.start <= MAPPED_END && r.end >= MAPPED_START) {
        const lo = r.start > MAPPED_START ? r.start : MAPPED_START;
        const hi = r.end < MAPPED_END ? r.end : MAPPED_END;
        mark(this.#v4Lo, this.#v4Hi, Number((lo & 0xffffffffn) >> 16n), Number((hi & 0xffffffffn) >> 16n), i);
      }
      mark(this.#v6Lo, this.#v6Hi, Number(r.start >> 112n), Number(r.end >> 112n), i);
    });
  }

  /** The value of the most specific prefix containing the address, or -1. */
  lookup(w0: number, w1: number, w2: number, w3: number): number {
    // Callers pass words signed (unboxed) or unsigned; ranges compare unsigned.
    w0 >>>= 0;
    w1 >>>= 0;
    w2 >>>= 0;
    w3 >>>= 0;
    let lo: number;
    let hi: number;
    if (w0 === 0 && w1 === 0 && w2 === 0xffff) {
      const b = w3 >>> 16;
      lo = this.#v4Lo[b]!;
      hi = this.#v4Hi[b]!;
    } else {
      const b = w0 >>> 16;
      lo = this.#v6Lo[b]!;
      hi = this.#v6Hi[b]!;
    }
    if (lo < 0) return -1;
    const first = lo;
    const s = this.#starts;
    // Last range whose start is <= the address.
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(s, mid, w0, w1, w2, w3) <= 0) lo = mid + 1;
      else hi = mid;
    }
    const i = lo - 1;
    if (i < first) return -1;
    return compare(this.#ends, i, w0, w1, w2, w3) >= 0 ? this.#values[i]! : -1;
  }

  /** Convenience form of {@link lookup} for an address in words. */
  lookupWords(w: Readonly<[number, number, number, number]>): number {
    return this.lookup(w[0], w[1], w[2], w[3]);
  }

  /** Bytes held by the table's arrays. */
  get byteLength(): number {
    return this.#starts.byteLength + this.#ends.byteLength + this.#values.byteLength + 4 * this.#v4Lo.byteLength;
  }
}

/** Compares range bound `i` with an address: negative, zero or positive. */
function compare(words: Uint32Array, i: number, w0: number, w1: number, w2: number, w3: number): number {
  const o = i * 4;
  let d = words[o]! - w0;
  if (d !== 0) return d;
  d = words[o + 1]! - w1;
  if (d !== 0) return d;
  d = words[o + 2]! - w2;
  if (d !== 0) return d;
  return words[o + 3]! - w3;
}

function mark(lo: Int32Array, hi: Int32Array, from: number, to: number, i: number): void {
  for (let b = from; b <= to; b++) {
    if (lo[b]! < 0) lo[b] = i;
    hi[b] = i + 1;
  }
}

function toBig(words: Readonly<[number, number, number, number]>): bigint {
  return (BigInt(words[0] >>> 0) << 96n) | (BigInt(words[1] >>> 0) << 64n) | (BigInt(words[2] >>> 0) << 32n) | BigInt(words[3] >>> 0);
}

function writeBig(out: Uint32Array, i: number, v: bigint): void {
  out[i * 4] = Number((v >> 96n) & 0xffffffffn);
  out[i * 4 + 1] = Number((v >> 64n) & 0xffffffffn);
  out[i * 4 + 2] = Number((v >> 32n) & 0xffffffffn);
  out[i * 4 + 3] = Number(v & 0xffffffffn);
}

interface Range {
  start: bigint;
  end: bigint;
  value: number;
}

/**
 * Splits possibly nested prefixes into disjoint ranges labelled with the innermost prefix. Prefixes
 * either nest or are disjoint, so a sweep in (start, length) order with a stack of open prefixes
 * suffices. For two entries with the same prefix the later one wins.
 */
function disjointRanges(entries: readonly PrefixEntry[]): Range[] {
  const items = entries
    .map((e, order) => {
      const start = toBig(e.prefix.words as [number, number, number, number]);
      const end = start | (ALL >> BigInt(e.prefix.length));
      return { start, end, value: e.value, order };
    })
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.end > b.end ? -1 : a.end < b.end ? 1 : a.order - b.order));
  const out: Range[] = [];
  const stack: Range[] = [];
  let cursor = 0n;
  const emit = (start: bigint, end: bigint, value: number): void => {
    if (start <= end) out.push({ start, end, value });
  };
  const closeBefore = (pos: bigint): void => {
    while (stack.length > 0 && stack[stack.length - 1]!.end < pos) {
      const top = stack.pop()!;
      emit(cursor, top.end, top.value);
      if (cursor <= top.end) cursor = top.end + 1n;
    }
  };
  for (const it of items) {
    closeBefore(it.start);
    const top = stack[stack.length - 1];
    if (top !== undefined && top.start === it.start && top.end === it.end) {
      top.value = it.value;
      continue;
    }
    if (top !== undefined) emit(cursor, it.start - 1n, top.value);
    cursor = it.start;
    stack.push({ start: it.start, end: it.end, value: it.value });
  }
  closeBefore(ALL + 1n);
  return out;
}
