/**
 * Which sources talked to protected networks in ordinary times: a ring of time-sliced Bloom
 * filters (Bloom 1970), cache-line blocked (Putze, Sanders, Singler 2007): the hash picks a
 * 512-bit block and three bits inside it, so each insert costs one cache line rather than three.
 *
 * The detector inserts the source of every record towards a host or network that is not under
 * attack. When it lists the sources of an attack it leaves out those present in a slice that ended
 * at least `marginSeconds` before the attack started: clients that were already there are not the
 * botnet, even when their traffic looks like the attack (an ACK flood and a download are both ACKs).
 * The margin keeps out the attack's own first packets, seen before detection; slices that overlap
 * an attack on another network do not matter because traffic to attacked targets is never inserted.
 *
 * Memory: `slices × 2^bitsLog2 / 8` bytes, fixed.
 *
 * Pure: no I/O.
 */
import { hashWords } from './address-hash.js';

/** Sizing of a {@link SourceHistory}. */
export interface SourceHistoryOptions {
  readonly sliceSeconds: number;
  readonly slices: number;
  /** Bits per slice filter, as a power of two. */
  readonly bitsLog2: number;
  readonly marginSeconds: number;
}

const SEED = 0x3c6ef372;
/** Bits per block: one 64-byte cache line, so an insert or a test touches one line. */
const BLOCK_WORDS = 16;

/** Time-sliced membership of source addresses. */
export class SourceHistory {
  readonly #opts: SourceHistoryOptions;
  readonly #words: number;
  readonly #blockMask: number;
  readonly #bits: Uint32Array;
  readonly #sliceOf: Float64Array;
  readonly #sliceSeconds: number;
  /** Second range and base offset of the slice inserts go to, cached across calls. */
  #from = 0;
  #to = -1;
  #base = -1;
  /**
   * Hashes inserted into the current slice recently (direct-mapped, 16 KiB): the same sources send
   * record after record, and a hit here spares the filter's cache line.
   */
  readonly #recent = new Int32Array(4096);

  constructor(opts: SourceHistoryOptions) {
    this.#opts = opts;
    this.#words = 2 ** opts.bitsLog2 / 32;
    this.#blockMask = this.#words / BLOCK_WORDS - 1;
    this.#bits = new Uint32Array(this.#words * opts.slices);
    this.#sliceOf = new Float64Array(opts.slices).fill(-1);
    this.#sliceSeconds = opts.sliceSeconds;
  }

  /** Records that the address was a source at `second` (epoch seconds). */
  insert(w0: number, w1: number, w2: number, w3: number, second: number): void {
    if (second < this.#from || second > this.#to) {
      if (!this.#open(second)) return;
    }
    const h = hashWords(w0, w1, w2, w3, SEED);
    const r = h & 4095;
    if (this.#recent[r] === h) return;
    this.#recent[r] = h;
    const block = this.#base + (h & this.#blockMask) * BLOCK_WORDS;
    const bits = this.#bits;
    let g = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    g ^= g >>> 12;
    const a = g & 511;
    const b = (g >>> 9) & 511;
    const c = (g >>> 18) & 511;
    bits[block + (a >>> 5)]! |= 1 << (a & 31);
    bits[block + (b >>> 5)]! |= 1 << (b & 31);
    bits[block + (c >>> 5)]! |= 1 << (c & 31);
  }

  /** Makes the slice of `second` current, clearing its ring position; false for a stale slice. */
  #open(second: number): boolean {
    const slice = Math.floor(second / this.#sliceSeconds);
    const ring = slice % this.#opts.slices;
    const base = ring * this.#words;
    if (this.#sliceOf[ring] !== slice) {
      // Older data in this ring position, or a slice from the future after a clock step back.
      if (this.#sliceOf[ring]! > slice) return false;
      this.#bits.fill(0, base, base + this.#words);
      this.#sliceOf[ring] = slice;
    }
    this.#recent.fill(0);
    this.#from = slice * this.#sliceSeconds;
    this.#to = this.#from + this.#sliceSeconds - 1;
    this.#base = base;
    return true;
  }

  /** True when the address is in a slice that ended `marginSeconds` or more before `second`. */
  seenBefore(w0: number, w1: number, w2: number, w3: number, second: number): boolean {
    const h = hashWords(w0, w1, w2, w3, SEED);
    const offset = (h & this.#blockMask) * BLOCK_WORDS;
    let g = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    g ^= g >>> 12;
    const a = g & 511;
    const b = (g >>> 9) & 511;
    const c = (g >>> 18) & 511;
    const limit = second - this.#opts.marginSeconds;
    for (let ring = 0; ring < this.#opts.slices; ring++) {
      const slice = this.#sliceOf[ring]!;
      if (slice < 0 || (slice + 1) * this.#opts.sliceSeconds > limit) continue;
      const block = ring * this.#words + offset;
      if ((this.#bits[block + (a >>> 5)]! & (1 << (a & 31))) === 0) continue;
      if ((this.#bits[block + (b >>> 5)]! & (1 << (b & 31))) === 0) continue;
      if ((this.#bits[block + (c >>> 5)]! & (1 << (c & 31))) !== 0) return true;
    }
    return false;
  }

  /** Bytes held. */
  get byteLength(): number {
    return this.#bits.byteLength;
  }
}
