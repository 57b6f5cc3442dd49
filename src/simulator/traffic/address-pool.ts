/**
 * Deterministic sets of distinct outside addresses: the bots of a botnet (lower half of the bot
 * ranges) and open reflectors (upper half). Addresses are a keyed permutation of the range, so
 * every member is distinct without a hash set, and a set of any size is built in linear time.
 * Each set tracks which members an attack actually used, for the ground truth.
 *
 * Pure: no I/O.
 */
import { formatAddress } from '../../core/ip.js';
import { DOC_V6_WORD0, OUTSIDE } from '../networks.js';
import { mix32, Rng } from '../random.js';

/** Device classes of bot sources (Mirai-like botnets: ~80 % home routers, ~15 % IP cameras). */
export const SourceCategory = { HomeRouter: 0, Camera: 1, Other: 2, Reflector: 3 } as const;
export type SourceCategory = (typeof SourceCategory)[keyof typeof SourceCategory];

/** Names of {@link SourceCategory} values, as written in the ground truth. */
export const SOURCE_CATEGORY_NAMES: readonly string[] = ['home-router', 'ip-camera', 'other-iot', 'reflector'];

/** A keyed bijection on `bits`-bit integers (multiply by odd, add, xorshift: each step invertible). */
export function permute(i: number, bits: number, key: number): number {
  const mask = bits >= 32 ? 0xffffffff : (1 << bits) - 1;
  const shift = Math.max(1, bits >>> 1);
  let x = i & mask;
  for (let r = 0; r < 3; r++) {
    const k = mix32(key + r);
    x = (Math.imul(x, k | 1) + (k >>> 7)) & mask;
    x = (x ^ (x >>> shift)) & mask;
  }
  return x >>> 0;
}

/** A set of distinct source addresses. */
export class SourceSet {
  readonly size: number;
  readonly family: 4 | 6;
  /** Four words per member. */
  readonly words: Uint32Array;
  readonly category: Uint8Array;
  readonly #used: Uint8Array;
  #usedCount = 0;

  private constructor(size: number, family: 4 | 6) {
    this.size = size;
    this.family = family;
    this.words = new Uint32Array(size * 4);
    this.category = new Uint8Array(size);
    this.#used = new Uint8Array(size);
  }

  /**
   * Bots: `size` members, the first 80 % home routers, the next 15 % IP cameras, the rest other
   * IoT devices (their addresses are scattered by the permutation, not grouped).
   */
  static bots(size: number, family: 4 | 6, key: number): SourceSet {
    const s = new SourceSet(size, family);
    const routers = Math.round(size * 0.8);
    const cameras = Math.round(size * 0.95);
    for (let i = 0; i < size; i++) {
      s.#place(i, permute(i, OUTSIDE.halfBits, key), false, key);
      s.category[i] = i < routers ? SourceCategory.HomeRouter : i < cameras ? SourceCategory.Camera : SourceCategory.Other;
    }
    return s;
  }

  /** Reflectors: members `offset .. offset + size` of the reflector permutation (disjoint ranges stay disjoint). */
  static reflectors(size: number, family: 4 | 6, key: number, offset: number): SourceSet {
    const s = new SourceSet(size, family);
    for (let i = 0; i < size; i++) {
      s.#place(i, permute(offset + i, OUTSIDE.halfBits, key), true, key);
      s.category[i] = SourceCategory.Reflector;
    }
    return s;
  }

  /** Members marked used since the last {@link resetUsage}. */
  get usedCount(): number {
    return this.#usedCount;
  }

  /** Marks member `i` as used. */
  mark(i: number): void {
    if (this.#used[i] === 0) {
      this.#used[i] = 1;
      this.#usedCount++;
    }
  }

  /** Forgets usage (a new attack occurrence starts). */
  resetUsage(): void {
    this.#used.fill(0);
    this.#usedCount = 0;
  }

  /** Addresses (text) and categories of the used members, in member order. */
  usedMembers(): { addresses: string[]; categories: number[] } {
    const addresses: string[] = [];
    const categories: number[] = [];
    for (let i = 0; i < this.size; i++) {
      if (this.#used[i] === 0) continue;
      const o = i * 4;
      addresses.push(formatAddress(this.words[o]!, this.words[o + 1]!, this.words[o + 2]!, this.words[o + 3]!));
      categories.push(this.category[i]!);
    }
    return { addresses, categories };
  }

  #place(i: number, x: number, reflector: boolean, key: number): void {
    const o = i * 4;
    if (this.family === 4) {
      this.words[o + 2] = 0xffff;
      this.words[o + 3] = ((reflector ? OUTSIDE.reflectorsV4 : OUTSIDE.botsV4) | x) >>> 0;
      return;
    }
    this.words[o] = DOC_V6_WORD0;
    this.words[o + 1] = ((reflector ? OUTSIDE.reflectorsV6Word1 : OUTSIDE.botsV6Word1) | (x << 6)) >>> 0;
    // Interface identifiers look random, as SLAAC privacy addresses do.
    this.words[o + 2] = mix32(x ^ key);
    this.words[o + 3] = mix32(x + key * 31) | 1;
  }
}

/** Writes a random benign internet address of `family` into `words` at word offset `o`. */
export function randomClient(rng: Rng, family: 4 | 6, words: Uint32Array, o: number): void {
  if (family === 4) {
    words[o] = 0;
    words[o + 1] = 0;
    words[o + 2] = 0xffff;
    words[o + 3] = (OUTSIDE.clientsV4 | rng.int(1 << OUTSIDE.clientsV4Bits)) >>> 0;
    return;
  }
  words[o] = DOC_V6_WORD0;
  words[o + 1] = (OUTSIDE.clientsV6Word1 | (rng.u32() & 0x0fffffff)) >>> 0;
  words[o + 2] = rng.u32();
  words[o + 3] = rng.u32();
}
