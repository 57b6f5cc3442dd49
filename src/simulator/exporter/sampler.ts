/**
 * Random 1-in-N packet sampling: every packet is selected independently with probability 1/N, the
 * sampling that sFlow agents (sFlow v5 §4.2.2) and random-mode NetFlow samplers approximate. It is
 * implemented as a countdown to the next selected packet drawn from the geometric distribution, so
 * a row of `count` identical packets costs O(selected) rather than O(count), and the number of
 * packets selected from `n` is exactly Binomial(n, 1/N).
 *
 * Pure: no I/O.
 */
import type { Rng } from '../random.js';

/** Selects packets 1-in-N at random. */
export class PacketSampler {
  readonly rate: number;
  readonly #p: number;
  readonly #rng: Rng;
  /** Packets until (and including) the next selected one. */
  #skip: number;

  constructor(rate: number, rng: Rng) {
    this.rate = rate;
    this.#p = 1 / rate;
    this.#rng = rng;
    this.#skip = rate <= 1 ? 1 : rng.geometric(this.#p);
  }

  /** How many of the next `count` packets are selected. */
  take(count: number): number {
    if (this.rate <= 1) return count;
    let left = count;
    let selected = 0;
    while (this.#skip <= left) {
      left -= this.#skip;
      selected++;
      this.#skip = this.#rng.geometric(this.#p);
    }
    this.#skip -= left;
    return selected;
  }
}
