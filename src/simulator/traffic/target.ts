/**
 * The destination of attack packets: one host, a random host of a prefix, or — for carpet
 * bombing — every host of the prefix in turn, so each receives the same share.
 *
 * Pure: no I/O.
 */
import type { Rng } from '../random.js';
import type { TargetDef } from '../scenario-types.js';
import { hostAt, randomHost } from './hosts.js';

/** Writes target addresses for successive packets. */
export class TargetCursor {
  readonly def: TargetDef;
  readonly #rng: Rng;
  readonly #roundRobin: boolean;
  #next = 0;

  constructor(def: TargetDef, rng: Rng, roundRobin: boolean) {
    this.def = def;
    this.#rng = rng;
    this.#roundRobin = roundRobin;
  }

  /** Writes the next packet's destination to `out[o..o+4)`. */
  write(out: Uint32Array, o: number): void {
    const d = this.def;
    if (d.isHost) {
      hostAt(d.prefix, 0, out, o);
    } else if (this.#roundRobin) {
      hostAt(d.prefix, this.#next, out, o);
      this.#next = this.#next + 1 === d.hosts ? 0 : this.#next + 1;
    } else {
      randomHost(d.prefix, this.#rng, out, o);
    }
  }

  /** Starts the round-robin at a random host (each tick), so no host is always first. */
  shuffle(): void {
    if (this.#roundRobin) this.#next = this.#rng.int(this.def.hosts);
  }
}
