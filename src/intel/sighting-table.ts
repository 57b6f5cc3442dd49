/**
 * The in-memory aggregation of sightings: a fixed-capacity table keyed by (indicator id, host
 * address), in typed arrays — a dense slot store with a free list, and an open-addressing index
 * (linear probing, backward-shift deletion) over it. Recording a match allocates nothing once the
 * slot exists. Slots keep totals and the totals last handed to storage; the difference is what
 * the next flush writes. Slot numbers never move, so a flush in flight stays valid.
 *
 * Pure: no I/O.
 */
import { MAX_SIGHTING_PORTS } from './sighting.js';

/** Bits of a slot's flags. */
export const SlotFlag = {
  Live: 1,
  /** Handed to storage at least once. */
  Acked: 2,
  /** An infection report was made for this (indicator, host). */
  Reported: 4,
} as const;

const MAX_PROTOCOLS = 4;

/** Totals of a slot at one moment, as handed to storage. */
export interface SlotTotals {
  readonly count: number;
  readonly outbound: number;
  readonly inbound: number;
  readonly packets: number;
  readonly bytes: number;
}

/** The sighting table. */
export class SightingTable {
  readonly capacity: number;
  /** Matches not recorded because the table was full. */
  drops = 0;
  /** Live slots. */
  live = 0;
  readonly ref: Int32Array;
  readonly host: Uint32Array;
  readonly flags: Uint8Array;
  readonly first: Float64Array;
  readonly last: Float64Array;
  readonly count: Float64Array;
  readonly outbound: Float64Array;
  readonly inbound: Float64Array;
  readonly packets: Float64Array;
  readonly bytes: Float64Array;
  /** Totals last acknowledged by storage. */
  readonly acked: Float64Array;
  readonly ports: Uint16Array;
  readonly portCount: Uint8Array;
  readonly protocols: Uint8Array;
  readonly protocolCount: Uint8Array;
  /** Sighting id per slot once stored. */
  readonly ids: (string | undefined)[];
  readonly #index: Int32Array;
  readonly #mask: number;
  readonly #free: Int32Array;
  #freeTop: number;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.ref = new Int32Array(capacity);
    this.host = new Uint32Array(capacity * 4);
    this.flags = new Uint8Array(capacity);
    this.first = new Float64Array(capacity);
    this.last = new Float64Array(capacity);
    this.count = new Float64Array(capacity);
    this.outbound = new Float64Array(capacity);
    this.inbound = new Float64Array(capacity);
    this.packets = new Float64Array(capacity);
    this.bytes = new Float64Array(capacity);
    this.acked = new Float64Array(capacity * 5);
    this.ports = new Uint16Array(capacity * MAX_SIGHTING_PORTS);
    this.portCount = new Uint8Array(capacity);
    this.protocols = new Uint8Array(capacity * MAX_PROTOCOLS);
    this.protocolCount = new Uint8Array(capacity);
    this.ids = new Array<string | undefined>(capacity).fill(undefined);
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.#index = new Int32Array(size).fill(-1);
    this.#mask = size - 1;
    this.#free = new Int32Array(capacity);
    for (let i = 0; i < capacity; i++) this.#free[i] = capacity - 1 - i;
    this.#freeTop = capacity;
  }

  /**
   * Records one matching flow record; returns its slot, or -1 when the table is full (counted in
   * {@link drops}). `outbound` is true when the host sent to the indicator.
   */
  record(ref: number, w0: number, w1: number, w2: number, w3: number, outbound: boolean, port: number, protocol: number, packets: number, bytes: number, startMs: number, endMs: number): number {
    const s = this.#slotFor(ref, w0, w1, w2, w3, startMs);
    if (s < 0) return -1;
    if (startMs < this.first[s]!) this.first[s] = startMs;
    if (endMs > this.last[s]!) this.last[s] = endMs;
    this.count[s]!++;
    if (outbound) this.outbound[s]!++;
    else this.inbound[s]!++;
    this.packets[s]! += packets;
    this.bytes[s]! += bytes;
    addToSet(this.ports, this.portCount, s, MAX_SIGHTING_PORTS, port);
    addToSet(this.protocols, this.protocolCount, s, MAX_PROTOCOLS, protocol);
    return s;
  }

  /** True when the slot has counts storage has not acknowledged. */
  dirty(s: number): boolean {
    return this.count[s]! !== this.acked[s * 5]!;
  }

  /** The totals of a slot now. */
  totals(s: number): SlotTotals {
    return { count: this.count[s]!, outbound: this.outbound[s]!, inbound: this.inbound[s]!, packets: this.packets[s]!, bytes: this.bytes[s]! };
  }

  /** Totals not yet acknowledged: `totals(s)` minus the acknowledged ones. */
  pending(s: number): SlotTotals {
    const a = s * 5;
    const ack = this.acked;
    return {
      count: this.count[s]! - ack[a]!,
      outbound: this.outbound[s]! - ack[a + 1]!,
      inbound: this.inbound[s]! - ack[a + 2]!,
      packets: this.packets[s]! - ack[a + 3]!,
      bytes: this.bytes[s]! - ack[a + 4]!,
    };
  }

  /** Storage has the slot's counts up to `totals`, under sighting `id`. */
  ack(s: number, totals: SlotTotals, id: string): void {
    const a = s * 5;
    this.acked[a] = totals.count;
    this.acked[a + 1] = totals.outbound;
    this.acked[a + 2] = totals.inbound;
    this.acked[a + 3] = totals.packets;
    this.acked[a + 4] = totals.bytes;
    this.flags[s]! |= SlotFlag.Acked;
    this.ids[s] = id;
  }

  /** Sorted copy of the slot's ports. */
  portList(s: number): number[] {
    return Array.from(this.ports.subarray(s * MAX_SIGHTING_PORTS, s * MAX_SIGHTING_PORTS + this.portCount[s]!)).sort((a, b) => a - b);
  }

  /** Sorted copy of the slot's protocols. */
  protocolList(s: number): number[] {
    return Array.from(this.protocols.subarray(s * MAX_PROTOCOLS, s * MAX_PROTOCOLS + this.protocolCount[s]!)).sort((a, b) => a - b);
  }

  /** Frees slots whose counts are all acknowledged and whose last record is older than `before`. */
  evictIdle(before: number): number {
    let n = 0;
    for (let s = 0; s < this.capacity; s++) {
      if ((this.flags[s]! & SlotFlag.Live) === 0 || this.dirty(s) || this.last[s]! >= before) continue;
      this.#release(s);
      n++;
    }
    return n;
  }

  #hash(ref: number, w0: number, w1: number, w2: number, w3: number): number {
    let h = Math.imul(ref ^ 0x9e3779b9, 0x85ebca6b);
    h = Math.imul(h ^ w0 ^ (h >>> 15), 0xc2b2ae35);
    h = Math.imul(h ^ w1 ^ (h >>> 13), 0x85ebca6b);
    h = Math.imul(h ^ w2 ^ (h >>> 16), 0xc2b2ae35);
    h = Math.imul(h ^ w3 ^ (h >>> 13), 0x85ebca6b);
    return (h ^ (h >>> 16)) & this.#mask;
  }

  #slotFor(ref: number, w0: number, w1: number, w2: number, w3: number, startMs: number): number {
    const index = this.#index;
    const host = this.host;
    let i = this.#hash(ref, w0, w1, w2, w3);
    for (;;) {
      const s = index[i]!;
      if (s < 0) break;
      const o = s * 4;
      if (this.ref[s] === ref && host[o] === w0 && host[o + 1] === w1 && host[o + 2] === w2 && host[o + 3] === w3) return s;
      i = (i + 1) & this.#mask;
    }
    if (this.#freeTop === 0) {
      this.drops++;
      return -1;
    }
    const s = this.#free[--this.#freeTop]!;
    index[i] = s;
    this.#init(s, ref, w0, w1, w2, w3, startMs);
    return s;
  }

  #init(s: number, ref: number, w0: number, w1: number, w2: number, w3: number, startMs: number): void {
    this.ref[s] = ref;
    const o = s * 4;
    this.host[o] = w0;
    this.host[o + 1] = w1;
    this.host[o + 2] = w2;
    this.host[o + 3] = w3;
    this.flags[s] = SlotFlag.Live;
    this.first[s] = startMs;
    this.last[s] = startMs;
    this.count[s] = 0;
    this.outbound[s] = 0;
    this.inbound[s] = 0;
    this.packets[s] = 0;
    this.bytes[s] = 0;
    this.acked.fill(0, s * 5, s * 5 + 5);
    this.portCount[s] = 0;
    this.protocolCount[s] = 0;
    this.ids[s] = undefined;
    this.live++;
  }

  #release(s: number): void {
    const o = s * 4;
    let i = this.#hash(this.ref[s]!, this.host[o]!, this.host[o + 1]!, this.host[o + 2]!, this.host[o + 3]!);
    while (this.#index[i] !== s) i = (i + 1) & this.#mask;
    // Backward-shift deletion keeps every remaining key reachable from its home position.
    let j = i;
    for (;;) {
      j = (j + 1) & this.#mask;
      const t = this.#index[j]!;
      if (t < 0) break;
      const to = t * 4;
      const home = this.#hash(this.ref[t]!, this.host[to]!, this.host[to + 1]!, this.host[to + 2]!, this.host[to + 3]!);
      // Move t into the hole at i unless its home lies cyclically in (i, j].
      if (i <= j ? home <= i || home > j : home <= i && home > j) {
        this.#index[i] = t;
        i = j;
      }
    }
    this.#index[i] = -1;
    this.flags[s] = 0;
    this.ids[s] = undefined;
    this.#free[this.#freeTop++] = s;
    this.live--;
  }
}

function addToSet(values: Uint16Array | Uint8Array, counts: Uint8Array, s: number, max: number, v: number): void {
  const o = s * max;
  const n = counts[s]!;
  for (let k = 0; k < n; k++) if (values[o + k] === v) return;
  if (n < max) {
    values[o + n] = v;
    counts[s] = n + 1;
  }
}
