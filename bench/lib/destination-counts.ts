/**
 * Per-destination packet and byte counts in an open-addressing typed-array hash table keyed by the
 * four address words — the shape of the detection stage's hot loop, used by the ingest benchmarks
 * as the "counting" half of decode-and-count.
 */
import type { FlowBatch } from '../../src/flow/flow-batch.js';

/** Per-destination packet counts: open addressing, linear probing, 4 key words per slot. */
export class DestinationCounts {
  readonly #mask: number;
  readonly #keys: Uint32Array;
  readonly #used: Uint8Array;
  readonly #packets: Float64Array;
  readonly #bytes: Float64Array;
  size = 0;
  constructor(slots: number) {
    this.#mask = slots - 1;
    this.#keys = new Uint32Array(slots * 4);
    this.#used = new Uint8Array(slots);
    this.#packets = new Float64Array(slots);
    this.#bytes = new Float64Array(slots);
  }
  /** Adds every record of a batch. */
  addBatch(b: FlowBatch): void {
    const a = b.dstAddr;
    const keys = this.#keys;
    const used = this.#used;
    for (let i = 0; i < b.length; i++) {
      const o = i * 4;
      const w0 = a[o]!;
      const w1 = a[o + 1]!;
      const w2 = a[o + 2]!;
      const w3 = a[o + 3]!;
      let h = Math.imul(w0 ^ Math.imul(w1, 0x9e3779b1) ^ Math.imul(w2, 0x85ebca77) ^ Math.imul(w3, 0xc2b2ae3d), 0x27d4eb2f);
      h = (h ^ (h >>> 15)) & this.#mask;
      for (;;) {
        const k = h * 4;
        if (used[h] === 0) {
          used[h] = 1;
          keys[k] = w0;
          keys[k + 1] = w1;
          keys[k + 2] = w2;
          keys[k + 3] = w3;
          this.size++;
          break;
        }
        if (keys[k] === w0 && keys[k + 1] === w1 && keys[k + 2] === w2 && keys[k + 3] === w3) break;
        h = (h + 1) & this.#mask;
      }
      this.#packets[h]! += b.packets[i]! * (b.samplingRate[i]! || 1);
      this.#bytes[h]! += b.bytes[i]! * (b.samplingRate[i]! || 1);
    }
  }
}
