/**
 * A 32-bit hash of an address held as four words, shared by the detector's typed-array hash
 * tables, the heavy-hitter sketch, the distinct counters and the Bloom filters. IPv4-mapped
 * addresses differ only in the last word, so the finaliser must avalanche fully.
 *
 * Pure: no I/O.
 */

/**
 * Hashes four address words with a seed; uniform over 32 bits, as a **signed** 32-bit integer
 * (V8 keeps an int32 unboxed across calls, where an unsigned value of 2^31 or more would become a
 * heap number on every non-inlined call). Words may be given signed or unsigned: every operation
 * reads them as 32-bit patterns. Each word is multiplied by
 * its own odd constant (so equal words in different positions differ), then MurmurHash3's fmix32
 * finaliser spreads every input bit over the result.
 */
export function hashWords(w0: number, w1: number, w2: number, w3: number, seed: number): number {
  let h = Math.imul(w0 ^ seed, 0x9e3779b1) ^ Math.imul(w1, 0x85ebca77) ^ Math.imul(w2, 0xc2b2ae3d) ^ Math.imul(w3, 0x27d4eb2f);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** Smallest power of two ≥ `n` (and ≥ 2). */
export function powerOfTwoAtLeast(n: number): number {
  let p = 2;
  while (p < n) p *= 2;
  return p;
}
