/**
 * Heavy hitters by weight: the Space-Saving algorithm (Metwally, Agrawal, El Abbadi, "Efficient
 * computation of frequent and top-k elements in data streams", ICDT 2005) over addresses held as
 * four words, with per-entry bytes, first/last seen and flag bits.
 *
 * While fewer distinct keys than the capacity have been seen, counts are exact. The table grows by
 * doubling up to `maxCapacity` when the caller's budget allows; once it cannot grow, a new key
 * replaces the entry with the smallest count and inherits that count as its error bound, so every
 * key whose true weight exceeds total/capacity is guaranteed to be held.
 *
 * Typed arrays only: an `Int32Array` open-addressing index, a binary min-heap over counts. The
 * heap is only needed to find the entry to replace, so it is built (Floyd, O(n)) the first time a
 * replacement is due and maintained from then on; while the summary still has room — the usual
 * case, up to `maxCapacity` distinct sources — an offer costs a hash probe and nothing else.
 *
 * Pure: no I/O.
 */
import { hashWords, powerOfTwoAtLeast } from './address-hash.js';

const SEED = 0x27d4eb2f;

/** A Space-Saving summary keyed by four-word addresses. */
export class SpaceSaving {
  readonly maxCapacity: number;
  capacity: number;
  /** Entries held. */
  size = 0;
  /** Sum of all weights offered (packets). */
  total = 0;
  /** Sum of all bytes offered. */
  totalBytes = 0;
  /** Entries replaced because the summary was full. */
  replacements = 0;
  /** True when the last {@link offer} created or replaced an entry. */
  fresh = false;
  /**
   * Weight, bytes and time of the next {@link offerIn}: hot callers hand the doubles over in
   * fields, since doubles passed to a call that is not inlined are boxed (a heap number each).
   */
  weightIn = 0.5;
  bytesIn = 0.5;
  timeIn = 0.5;
  keys!: Uint32Array;
  count!: Float64Array;
  /** Overestimation bound of each count (0 while exact). */
  error!: Float64Array;
  bytes!: Float64Array;
  first!: Float64Array;
  last!: Float64Array;
  /** Caller-defined bits, OR-ed by {@link offer} and settable directly. */
  flags!: Uint32Array;
  #hash!: Int32Array;
  #heap!: Int32Array;
  #pos!: Int32Array;
  #index!: Int32Array;
  #mask = 0;
  /** Whether the heap is maintained (from the first replacement on). */
  #heapValid = false;
  readonly #canGrow: (by: number) => boolean;

  /**
   * @param canGrow asked before each doubling with the number of entries to add; return false to
   *   stay at the current capacity (a shared budget across summaries).
   */
  constructor(initialCapacity: number, maxCapacity: number, canGrow: (by: number) => boolean = () => true) {
    this.maxCapacity = Math.max(1, maxCapacity);
    this.capacity = Math.max(1, Math.min(initialCapacity, this.maxCapacity));
    this.#canGrow = canGrow;
    this.#allocate(this.capacity);
  }

  /** Bytes per entry held by the arrays (index included). */
  static readonly BYTES_PER_ENTRY = 16 + 8 * 5 + 4 + 4 + 4 + 4 + 16;

  /**
   * Adds `weight` packets and `bytes` for an address seen at `timeMs`, OR-ing `flags` into its
   * entry. Returns the entry index; {@link fresh} tells whether the entry is new.
   */
  offer(w0: number, w1: number, w2: number, w3: number, weight: number, bytes: number, timeMs: number, flags: number): number {
    this.weightIn = weight;
    this.bytesIn = bytes;
    this.timeIn = timeMs;
    return this.offerIn(w0, w1, w2, w3, flags);
  }

  /** {@link offer} with the weight, bytes and time in {@link weightIn}, {@link bytesIn}, {@link timeIn}. */
  offerIn(w0: number, w1: number, w2: number, w3: number, flags: number): number {
    const weight = this.weightIn;
    const bytes = this.bytesIn;
    const timeMs = this.timeIn;
    this.total += weight;
    this.totalBytes += bytes;
    const h = hashWords(w0, w1, w2, w3, SEED);
    // Callers pass words signed (unboxed) or unsigned; keys are held unsigned.
    w0 >>>= 0;
    w1 >>>= 0;
    w2 >>>= 0;
    w3 >>>= 0;
    const keys = this.keys;
    let i = h & this.#mask;
    const index = this.#index;
    for (; ; i = (i + 1) & this.#mask) {
      const e = index[i << 1]!;
      if (e < 0) break;
      const o = e * 4;
      // The hash sits next to the entry in the index: a mismatch costs no further memory access.
      if (index[(i << 1) + 1] === h && keys[o + 3] === w3 && keys[o + 2] === w2 && keys[o + 1] === w1 && keys[o] === w0) {
        this.fresh = false;
        this.count[e]! += weight;
        this.bytes[e]! += bytes;
        if (timeMs > this.last[e]!) this.last[e] = timeMs;
        if (timeMs < this.first[e]!) this.first[e] = timeMs;
        this.flags[e]! |= flags;
        if (this.#heapValid) this.#siftDown(this.#pos[e]!);
        return e;
      }
    }
    this.fresh = true;
    if (this.size === this.capacity && this.capacity < this.maxCapacity) {
      const next = Math.min(this.capacity * 2, this.maxCapacity);
      if (this.#canGrow(next - this.capacity)) {
        this.#grow(next);
        for (i = h & this.#mask; this.#index[i << 1]! >= 0; i = (i + 1) & this.#mask);
      }
    }
    let e: number;
    let base = 0;
    let baseBytes = 0;
    if (this.size < this.capacity) {
      e = this.size++;
      this.#heap[e] = e;
      this.#pos[e] = e;
      this.error[e] = 0;
    } else {
      if (!this.#heapValid) this.#heapify();
      e = this.#heap[0]!;
      base = this.count[e]!;
      baseBytes = this.bytes[e]!;
      this.#unindex(e);
      for (i = h & this.#mask; this.#index[i << 1]! >= 0; i = (i + 1) & this.#mask);
      this.error[e] = base;
      this.replacements++;
    }
    this.#index[i << 1] = e;
    this.#index[(i << 1) + 1] = h;
    this.#hash[e] = h;
    const o = e * 4;
    // Growing replaced the arrays: write to the current ones.
    const k = this.keys;
    k[o] = w0;
    k[o + 1] = w1;
    k[o + 2] = w2;
    k[o + 3] = w3;
    this.count[e] = base + weight;
    this.bytes[e] = baseBytes + bytes;
    this.first[e] = timeMs;
    this.last[e] = timeMs;
    this.flags[e] = flags;
    if (this.#heapValid) {
      if (base === 0) this.#siftUp(this.#pos[e]!);
      else this.#siftDown(this.#pos[e]!);
    }
    return e;
  }

  /** Builds the min-heap over all entries (positions are a permutation of the entries). */
  #heapify(): void {
    for (let p = (this.size >> 1) - 1; p >= 0; p--) this.#siftDown(p);
    this.#heapValid = true;
  }

  /** Entry indices sorted by count, largest first. */
  ranked(): number[] {
    const out: number[] = [];
    for (let e = 0; e < this.size; e++) out.push(e);
    return out.sort((a, b) => this.count[b]! - this.count[a]!);
  }

  /**
   * The `limit` largest entries that `accept`, largest first, ties in entry order — what
   * `ranked().filter(accept).slice(0, limit)` gives, in O(n log limit) with a bounded heap instead
   * of sorting every entry.
   */
  top(limit: number, accept: (e: number) => boolean): number[] {
    const k = Math.min(limit, this.size);
    if (k <= 0) return [];
    const count = this.count;
    // `a` ranks below `b`: smaller count, or equal count and later entry.
    const below = (a: number, b: number): boolean => count[a]! < count[b]! || (count[a] === count[b] && a > b);
    const heap = new Int32Array(k);
    let n = 0;
    for (let e = 0; e < this.size; e++) {
      if (!accept(e)) continue;
      if (n < k) {
        let p = n++;
        while (p > 0) {
          const parent = (p - 1) >> 1;
          if (!below(e, heap[parent]!)) break;
          heap[p] = heap[parent]!;
          p = parent;
        }
        heap[p] = e;
      } else if (below(heap[0]!, e)) {
        let p = 0;
        for (;;) {
          const l = 2 * p + 1;
          if (l >= n) break;
          const r = l + 1;
          const m = r < n && below(heap[r]!, heap[l]!) ? r : l;
          if (!below(heap[m]!, e)) break;
          heap[p] = heap[m]!;
          p = m;
        }
        heap[p] = e;
      }
    }
    const out = Array.from(heap.subarray(0, n));
    return out.sort((a, b) => (below(a, b) ? 1 : below(b, a) ? -1 : 0));
  }

  /** Bytes held by this summary's arrays. */
  get byteLength(): number {
    return this.capacity * SpaceSaving.BYTES_PER_ENTRY;
  }

  #allocate(cap: number): void {
    this.keys = new Uint32Array(cap * 4);
    this.count = new Float64Array(cap);
    this.error = new Float64Array(cap);
    this.bytes = new Float64Array(cap);
    this.first = new Float64Array(cap);
    this.last = new Float64Array(cap);
    this.flags = new Uint32Array(cap);
    this.#hash = new Int32Array(cap);
    this.#heap = new Int32Array(cap);
    this.#pos = new Int32Array(cap);
    const size = powerOfTwoAtLeast(cap * 2);
    // Pairs (entry or -1, hash of the entry) per slot.
    this.#index = new Int32Array(size * 2).fill(-1);
    this.#mask = size - 1;
  }

  #grow(cap: number): void {
    const old = { keys: this.keys, count: this.count, error: this.error, bytes: this.bytes, first: this.first, last: this.last, flags: this.flags, hash: this.#hash, heap: this.#heap, pos: this.#pos };
    this.#allocate(cap);
    this.keys.set(old.keys);
    this.count.set(old.count);
    this.error.set(old.error);
    this.bytes.set(old.bytes);
    this.first.set(old.first);
    this.last.set(old.last);
    this.flags.set(old.flags);
    this.#hash.set(old.hash);
    this.#heap.set(old.heap);
    this.#pos.set(old.pos);
    this.capacity = cap;
    for (let e = 0; e < this.size; e++) {
      let i = this.#hash[e]! & this.#mask;
      while (this.#index[i << 1]! >= 0) i = (i + 1) & this.#mask;
      this.#index[i << 1] = e;
      this.#index[(i << 1) + 1] = this.#hash[e]!;
    }
  }

  /** Removes entry `e` from the index (backward-shift deletion). */
  #unindex(e: number): void {
    const index = this.#index;
    const mask = this.#mask;
    let i = this.#hash[e]! & mask;
    while (index[i << 1] !== e) i = (i + 1) & mask;
    for (let j = i; ; ) {
      j = (j + 1) & mask;
      const s = index[j << 1]!;
      if (s < 0) break;
      const home = index[(j << 1) + 1]! & mask;
      if (i <= j ? home > i && home <= j : home > i || home <= j) continue;
      index[i << 1] = s;
      index[(i << 1) + 1] = index[(j << 1) + 1]!;
      i = j;
    }
    index[i << 1] = -1;
  }

  #siftUp(p: number): void {
    const heap = this.#heap;
    const count = this.count;
    const e = heap[p]!;
    const c = count[e]!;
    while (p > 0) {
      const parent = (p - 1) >> 1;
      const pe = heap[parent]!;
      if (count[pe]! <= c) break;
      heap[p] = pe;
      this.#pos[pe] = p;
      p = parent;
    }
    heap[p] = e;
    this.#pos[e] = p;
  }

  #siftDown(p: number): void {
    const heap = this.#heap;
    const count = this.count;
    const n = this.size;
    const e = heap[p]!;
    const c = count[e]!;
    for (;;) {
      const l = 2 * p + 1;
      if (l >= n) break;
      const r = l + 1;
      const m = r < n && count[heap[r]!]! < count[heap[l]!]! ? r : l;
      const me = heap[m]!;
      if (count[me]! >= c) break;
      heap[p] = me;
      this.#pos[me] = p;
      p = m;
    }
    heap[p] = e;
    this.#pos[e] = p;
  }
}
