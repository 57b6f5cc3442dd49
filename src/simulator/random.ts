/**
 * A small, fast, seedable pseudo-random generator for the simulator (xoshiro128**, seeded through
 * SplitMix32). Every traffic model and exporter draws from its own stream derived from the scenario
 * seed and a label, so adding a model never shifts the numbers another model sees: a run is fully
 * determined by the scenario and its seed.
 *
 * Not for cryptography. Pure: no I/O.
 */

/** 32-bit FNV-1a of a string, used to turn stream labels into seeds. */
export function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** One SplitMix32 step: a well-mixed 32-bit value from a counter. */
function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Mixes a 32-bit value into a well-distributed 32-bit hash (the SplitMix32 finaliser). */
export function mix32(x: number): number {
  return splitmix32(x);
}

const TWO_POW_32 = 4294967296;

/** A seeded xoshiro128** generator. */
export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  /** Creates a generator from a seed and an optional stream label. */
  constructor(seed: number, label = '') {
    let s = (splitmix32(seed >>> 0) ^ hashLabel(label)) >>> 0;
    this.#a = s = splitmix32(s);
    this.#b = s = splitmix32(s);
    this.#c = s = splitmix32(s);
    this.#d = splitmix32(s) | 1; // never the all-zero state
  }

  /** A generator for a sub-stream: independent of how much this one has been used. */
  derive(label: string): Rng {
    return new Rng((this.#a ^ Math.imul(this.#b, 31)) >>> 0, label);
  }

  /** Next unsigned 32-bit value. */
  u32(): number {
    const result = Math.imul(rotl(Math.imul(this.#b, 5), 7), 9);
    const t = this.#b << 9;
    this.#c ^= this.#a;
    this.#d ^= this.#b;
    this.#b ^= this.#c;
    this.#a ^= this.#d;
    this.#c ^= t;
    this.#d = rotl(this.#d, 11);
    return result >>> 0;
  }

  /** Uniform float in [0, 1). */
  float(): number {
    return this.u32() / TWO_POW_32;
  }

  /** Uniform integer in [0, n) for 1 <= n <= 2^32. */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [lo, hi] (inclusive). */
  range(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** Exponentially distributed value with the given mean. */
  exp(mean: number): number {
    return -Math.log(1 - this.float()) * mean;
  }

  /**
   * Number of trials up to and including the next success of a Bernoulli(p) process: the gap
   * between sampled packets under independent 1-in-N sampling (p = 1/N). Always >= 1.
   */
  geometric(p: number): number {
    if (p >= 1) return 1;
    const u = 1 - this.float(); // (0, 1]
    return 1 + Math.floor(Math.log(u) / Math.log1p(-p));
  }

  /** Picks an index from cumulative weights (last entry is the total). */
  pickCumulative(cumulative: Float64Array | readonly number[]): number {
    const total = cumulative[cumulative.length - 1]!;
    const x = this.float() * total;
    for (let i = 0; i < cumulative.length; i++) if (x < cumulative[i]!) return i;
    return cumulative.length - 1;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
