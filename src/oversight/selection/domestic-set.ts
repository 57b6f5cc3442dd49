/**
 * The "domestic" address set: longest-prefix membership over typed arrays, built once from the
 * delegations of a country, asked twice per flow record on the collector's hot path.
 *
 * IPv4: a 65 536-entry table says for each /16 whether it is outside (0), wholly inside (1) or
 * mixed (2); a mixed /16 points to 256 entries that say the same for each /24; a mixed /24 (a
 * delegation smaller than 256 addresses or not aligned, rare) falls back to a binary search over
 * the merged ranges. Most look-ups are one array read.
 *
 * IPv6: merged ranges over the top 64 address bits (RIR delegations are never longer than /64),
 * indexed by the top 16 bits — and, where one /16 holds many delegations (APNIC's 2400::/12), by
 * the next 8 — so a look-up is a binary search among a handful of ranges.
 *
 * Pure: no I/O, no `node:` imports.
 */
import type { V4Range, V6Prefix } from './delegated-stats.js';

/** Ranges in one /16 bucket above which it gets a second-level index. */
const DENSE = 8;
const FULL = 1;
const MIXED = 2;

function mergeV4(ranges: readonly V4Range[]): V4Range[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && r.start <= last.end + 1) last.end = Math.max(last.end, r.end);
    else out.push({ start: r.start, end: r.end });
  }
  return out;
}

/** A range over the top 64 address bits, inclusive, as 32-bit halves (a double cannot hold 64 bits exactly). */
interface Range64 {
  sHi: number;
  sLo: number;
  eHi: number;
  eLo: number;
}

const le = (aHi: number, aLo: number, bHi: number, bLo: number): boolean => aHi < bHi || (aHi === bHi && aLo <= bLo);

function v6Range(p: V6Prefix): Range64 {
  const hostHi = p.length >= 32 ? 0 : p.length === 0 ? 0xffffffff : 0xffffffff >>> p.length;
  const hostLo = p.length >= 64 ? 0 : p.length <= 32 ? 0xffffffff : 0xffffffff >>> (p.length - 32);
  return { sHi: p.w0 >>> 0, sLo: p.w1 >>> 0, eHi: (p.w0 | hostHi) >>> 0, eLo: (p.w1 | hostLo) >>> 0 };
}

function mergeV6(prefixes: readonly V6Prefix[]): Range64[] {
  const sorted = prefixes.map(v6Range).sort((a, b) => a.sHi - b.sHi || a.sLo - b.sLo);
  const out: Range64[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    // Adjacent when r starts right after last ends (carry from lo into hi).
    const nextHi = last === undefined ? 0 : last.eLo === 0xffffffff ? last.eHi + 1 : last.eHi;
    const nextLo = last === undefined ? 0 : (last.eLo + 1) >>> 0;
    if (last !== undefined && le(r.sHi, r.sLo, nextHi, nextLo)) {
      if (le(last.eHi, last.eLo, r.eHi, r.eLo)) {
        last.eHi = r.eHi;
        last.eLo = r.eLo;
      }
    } else {
      out.push({ ...r });
    }
  }
  return out;
}

/** Membership of addresses in the domestic set. */
export class DomesticSet {
  readonly #top = new Uint8Array(65536);
  readonly #midAt = new Int32Array(65536).fill(-1);
  readonly #mid: Uint8Array;
  readonly #v4Start: Uint32Array;
  readonly #v4End: Uint32Array;
  /** Per top-16-bit bucket of word 0: the interval `[lo, hi)` of ranges overlapping it. */
  readonly #bLo = new Uint32Array(65536);
  readonly #bHi = new Uint32Array(65536);
  /** Dense buckets are split again by the next 8 bits: offset of their 256 sub-intervals, or -1. */
  readonly #subAt = new Int32Array(65536).fill(-1);
  #subLo = new Uint32Array(0);
  #subHi = new Uint32Array(0);
  /** Merged ranges, 4 words each: start hi, start lo, end hi, end lo. */
  readonly #v6: Uint32Array;
  /** Merged IPv4 ranges and IPv6 ranges (for reports). */
  readonly v4Ranges: number;
  readonly v6Ranges: number;

  constructor(v4: readonly V4Range[], v6: readonly V6Prefix[]) {
    const m4 = mergeV4(v4);
    this.v4Ranges = m4.length;
    this.#v4Start = Uint32Array.from(m4, (r) => r.start);
    this.#v4End = Uint32Array.from(m4, (r) => r.end);
    const mixed: number[] = [];
    for (const r of m4) this.#mark(r, mixed);
    this.#mid = new Uint8Array(mixed.length * 256);
    mixed.forEach((b, k) => (this.#midAt[b] = k * 256));
    for (const r of m4) this.#markMid(r);
    const m6 = mergeV6(v6);
    this.v6Ranges = m6.length;
    this.#v6 = this.#bucketV6(m6);
  }

  #mark(r: V4Range, mixed: number[]): void {
    for (let b = r.start >>> 16; b <= r.end >>> 16; b++) {
      const full = r.start <= b * 65536 && r.end >= b * 65536 + 65535;
      if (full) this.#top[b] = FULL;
      else if (this.#top[b] !== MIXED) {
        this.#top[b] = MIXED;
        mixed.push(b);
      }
    }
  }

  #markMid(r: V4Range): void {
    for (let c = r.start >>> 8; c <= r.end >>> 8; c++) {
      const at = this.#midAt[c >>> 8]!;
      if (at < 0) continue; // inside a FULL /16
      const full = r.start <= c * 256 && r.end >= c * 256 + 255;
      this.#mid[at + (c & 255)] = full ? FULL : MIXED;
    }
  }

  /** Indexes the sorted, disjoint ranges by the top 16 (and for dense buckets 24) bits of word 0. */
  #bucketV6(ranges: readonly Range64[]): Uint32Array {
    const flat = new Uint32Array(ranges.length * 4);
    ranges.forEach((r, i) => flat.set([r.sHi, r.sLo, r.eHi, r.eLo], i * 4));
    // Ranges overlapping word-0 keys [kLo, kHi]: contiguous in sorted order.
    const span = (kLo: number, kHi: number): [number, number] => {
      let a = 0;
      let b = ranges.length;
      while (a < b) {
        const m = (a + b) >>> 1;
        if (ranges[m]!.eHi < kLo) a = m + 1;
        else b = m;
      }
      let c = a;
      let d = ranges.length;
      while (c < d) {
        const m = (c + d) >>> 1;
        if (ranges[m]!.sHi <= kHi) c = m + 1;
        else d = m;
      }
      return [a, c];
    };
    const dense: number[] = [];
    for (let b = 0; b < 65536; b++) {
      const [lo, hi] = span(b * 65536, b * 65536 + 65535);
      this.#bLo[b] = lo;
      this.#bHi[b] = hi;
      if (hi - lo > DENSE) dense.push(b);
    }
    this.#subLo = new Uint32Array(dense.length * 256);
    this.#subHi = new Uint32Array(dense.length * 256);
    dense.forEach((b, k) => {
      this.#subAt[b] = k * 256;
      for (let s = 0; s < 256; s++) {
        const [lo, hi] = span(b * 65536 + s * 256, b * 65536 + s * 256 + 255);
        this.#subLo[k * 256 + s] = lo;
        this.#subHi[k * 256 + s] = hi;
      }
    });
    return flat;
  }

  /** True when the IPv4 address (unsigned 32-bit) is domestic. */
  hasV4(a: number): boolean {
    const t = this.#top[a >>> 16]!;
    if (t !== MIXED) return t === FULL;
    const m = this.#mid[this.#midAt[a >>> 16]! + ((a >>> 8) & 255)]!;
    if (m !== MIXED) return m === FULL;
    return this.#searchV4(a >>> 0);
  }

  #searchV4(a: number): boolean {
    let lo = 0;
    let hi = this.#v4Start.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#v4Start[mid]! <= a) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && a <= this.#v4End[lo - 1]!;
  }

  /** True when the IPv6 address whose top two words are `w0`, `w1` is domestic. */
  hasV6(w0: number, w1: number): boolean {
    const b = w0 >>> 16;
    let lo = this.#bLo[b]!;
    let hi = this.#bHi[b]!;
    const sub = this.#subAt[b]!;
    if (sub >= 0) {
      lo = this.#subLo[sub + ((w0 >>> 8) & 255)]!;
      hi = this.#subHi[sub + ((w0 >>> 8) & 255)]!;
    }
    const first = lo;
    const v = this.#v6;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const sHi = v[mid * 4]!;
      if (sHi < w0 || (sHi === w0 && v[mid * 4 + 1]! <= w1)) lo = mid + 1;
      else hi = mid;
    }
    if (lo === first) return false;
    const i = (lo - 1) * 4;
    const eHi = v[i + 2]!;
    return w0 < eHi || (w0 === eHi && w1 <= v[i + 3]!);
  }

  /** True when the address at record `i` of a words column (4 words per record) is domestic. */
  hasAt(words: Uint32Array, i: number): boolean {
    const o = i * 4;
    const w0 = words[o]!;
    const w1 = words[o + 1]!;
    // IPv4-mapped (::ffff:a.b.c.d, RFC 4291 §2.5.5.2): the IPv4 table answers.
    if (w0 === 0 && w1 === 0 && words[o + 2] === 0xffff) return this.hasV4(words[o + 3]!);
    return this.hasV6(w0, w1);
  }
}
