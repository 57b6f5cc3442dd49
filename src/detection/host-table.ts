/**
 * A bounded table of tracked addresses (destination hosts inside protected networks, or outbound
 * sources) with, per address, a ring of per-second rate buckets.
 *
 * Open addressing with linear probing over an `Int32Array` index (twice the capacity, a power of
 * two) whose entries point at fixed slots; slots never move, so deletion shifts index entries only
 * (backward-shift deletion keeps probe chains short without tombstones). Keys are the four address
 * words; nothing allocates per record.
 *
 * Memory is fixed at construction: {@link HostTable.bytesPerHost} bytes per slot. When the table
 * is full, a new address takes the slot the CLOCK algorithm (second chance) picks: every lookup
 * sets a slot's reference bit, the sweeping hand clears it, and the first unpinned slot found
 * without it is reused. Under a flood of random destinations the hand cycles through addresses
 * seen once, while a host that keeps receiving traffic — the real target — keeps its slot. Slots
 * holding an attack are never reused. When a bounded sweep finds nothing, the record is not
 * tracked per host and counted in {@link HostTable.drops}; per-prefix counting still sees it.
 *
 * Pure: no I/O.
 */
import { hashWords, powerOfTwoAtLeast } from './address-hash.js';
import { BUCKET } from './traffic-class.js';

const SEED = 0x5bd1e995;
/** Slots examined per insertion when looking for one to reuse. */
const SWEEP = 64;

/** Tracked addresses with per-second buckets. */
export class HostTable {
  readonly capacity: number;
  /** Seconds in the ring. */
  readonly window: number;
  /** Numbers per slot: `window × BUCKET`. */
  readonly stride: number;
  /** Address words, four per slot. */
  readonly keys: Uint32Array;
  /** Protected network index of each slot. */
  readonly network: Int32Array;
  /** Last second (epoch seconds) that data was added to each slot; -1 when free. */
  readonly lastSecond: Float64Array;
  /** Detection (attack or episode) slot holding this address, or -1; such slots are never evicted. */
  readonly pinned: Int32Array;
  /** CLOCK reference bits: set on every lookup, cleared by the sweeping hand. */
  readonly #referenced: Uint8Array;
  /** Per-second buckets: slot × window × BUCKET; bucket of second `s` is `s mod window`. */
  readonly data: Float32Array;
  /** Addresses currently tracked. */
  live = 0;
  /** One past the highest slot ever used; iteration bound. */
  highWater = 0;
  /** Addresses evicted (idle at tick, or displaced when full). */
  evictions = 0;
  /** Records not tracked per host because the table was full of active addresses. */
  drops = 0;
  readonly #hash: Int32Array;
  readonly #index: Int32Array;
  readonly #mask: number;
  readonly #free: Int32Array;
  #freeTop: number;
  #hand = 0;

  constructor(capacity: number, window: number) {
    this.capacity = capacity;
    this.window = window;
    this.stride = window * BUCKET;
    this.keys = new Uint32Array(capacity * 4);
    this.network = new Int32Array(capacity).fill(-1);
    this.lastSecond = new Float64Array(capacity).fill(-1);
    this.pinned = new Int32Array(capacity).fill(-1);
    this.#referenced = new Uint8Array(capacity);
    this.data = new Float32Array(capacity * this.stride);
    this.#hash = new Int32Array(capacity);
    const size = powerOfTwoAtLeast(capacity * 2);
    this.#index = new Int32Array(size).fill(-1);
    this.#mask = size - 1;
    this.#free = new Int32Array(capacity);
    // LIFO free list holding low slots on top, so the live slots stay dense near zero.
    for (let i = 0; i < capacity; i++) this.#free[i] = capacity - 1 - i;
    this.#freeTop = capacity;
  }

  /**
   * Bytes of memory per slot: the buckets (`window × BUCKET` 32-bit floats) plus key (16), network
   * (4), last second (8), pin (4), reference bit (1), hash (4), free list (4) and two index entries
   * (8). With the default 10-second window: 969 bytes. The index rounds up to a power of two,
   * adding at most 8.
   */
  static bytesPerHost(window: number): number {
    return window * BUCKET * 4 + 16 + 4 + 8 + 4 + 1 + 4 + 4 + 2 * 4;
  }

  /** Bytes held by all of the table's arrays. */
  get byteLength(): number {
    return (
      this.keys.byteLength +
      this.network.byteLength +
      this.lastSecond.byteLength +
      this.pinned.byteLength +
      this.#referenced.byteLength +
      this.data.byteLength +
      this.#hash.byteLength +
      this.#index.byteLength +
      this.#free.byteLength
    );
  }

  /** The slot of an address, or -1. */
  find(w0: number, w1: number, w2: number, w3: number): number {
    const h = hashWords(w0, w1, w2, w3, SEED);
    // Callers pass words signed (unboxed) or unsigned; keys are compared unsigned.
    w0 >>>= 0;
    w1 >>>= 0;
    w2 >>>= 0;
    w3 >>>= 0;
    const index = this.#index;
    const keys = this.keys;
    for (let i = h & this.#mask; ; i = (i + 1) & this.#mask) {
      const s = index[i]!;
      if (s < 0) return -1;
      const o = s * 4;
      if (this.#hash[s] === h && keys[o + 3] === w3 && keys[o + 2] === w2 && keys[o + 1] === w1 && keys[o] === w0) return s;
    }
  }

  /**
   * The slot of an address, inserting it (for `network`) when absent; -1 when the table is full
   * and no idle slot can be reclaimed.
   */
  acquire(w0: number, w1: number, w2: number, w3: number, network: number, nowSecond: number): number {
    const h = hashWords(w0, w1, w2, w3, SEED);
    w0 >>>= 0;
    w1 >>>= 0;
    w2 >>>= 0;
    w3 >>>= 0;
    const index = this.#index;
    const keys = this.keys;
    let i = h & this.#mask;
    for (; ; i = (i + 1) & this.#mask) {
      const s = index[i]!;
      if (s < 0) break;
      const o = s * 4;
      if (this.#hash[s] === h && keys[o + 3] === w3 && keys[o + 2] === w2 && keys[o + 1] === w1 && keys[o] === w0) {
        this.#referenced[s] = 1;
        return s;
      }
    }
    if (this.#freeTop === 0) {
      if (!this.#reclaim()) {
        this.drops++;
        return -1;
      }
      // Reclaiming shifted index entries; find the empty position again.
      for (i = h & this.#mask; index[i]! >= 0; i = (i + 1) & this.#mask);
    }
    const s = this.#free[--this.#freeTop]!;
    index[i] = s;
    this.#hash[s] = h;
    const o = s * 4;
    keys[o] = w0;
    keys[o + 1] = w1;
    keys[o + 2] = w2;
    keys[o + 3] = w3;
    this.network[s] = network;
    this.lastSecond[s] = nowSecond;
    this.#referenced[s] = 0;
    this.live++;
    if (s >= this.highWater) this.highWater = s + 1;
    return s;
  }

  /** Frees a slot: removes its key and zeroes its buckets. */
  release(slot: number): void {
    if (this.lastSecond[slot]! < 0) return;
    const index = this.#index;
    const mask = this.#mask;
    let i = this.#hash[slot]! & mask;
    while (index[i] !== slot) i = (i + 1) & mask;
    // Backward-shift deletion (Knuth 6.4, algorithm R): move later entries of the chain into the hole.
    for (let j = i; ; ) {
      j = (j + 1) & mask;
      const s = index[j]!;
      if (s < 0) break;
      const home = this.#hash[s]! & mask;
      const stays = i <= j ? home > i && home <= j : home > i || home <= j;
      if (stays) continue;
      index[i] = s;
      i = j;
    }
    index[i] = -1;
    this.data.fill(0, slot * this.stride, (slot + 1) * this.stride);
    this.lastSecond[slot] = -1;
    this.network[slot] = -1;
    this.pinned[slot] = -1;
    this.#free[this.#freeTop++] = slot;
    this.live--;
  }

  /** True when the slot holds an address. */
  used(slot: number): boolean {
    return this.lastSecond[slot]! >= 0;
  }

  /** Releases every slot; used when the protected networks change. */
  clear(): void {
    for (let s = 0; s < this.highWater; s++) if (this.used(s)) this.release(s);
  }

  /** Reuses the slot the CLOCK hand finds first without its reference bit; false if none nearby. */
  #reclaim(): boolean {
    const n = this.highWater;
    const ref = this.#referenced;
    for (let k = 0; k < SWEEP && k < 2 * n; k++) {
      const s = this.#hand;
      this.#hand = s + 1 >= n ? 0 : s + 1;
      if (this.pinned[s]! >= 0 || this.lastSecond[s]! < 0) continue;
      if (ref[s] === 1) {
        ref[s] = 0;
        continue;
      }
      this.release(s);
      this.evictions++;
      return true;
    }
    return false;
  }
}
