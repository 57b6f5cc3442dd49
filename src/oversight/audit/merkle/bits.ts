/**
 * Bit arithmetic on tree sizes and indices held as JavaScript numbers.
 *
 * JavaScript bitwise operators work on 32 bits only, but a log outgrows 2^32 entries long before
 * it outgrows 2^53, so every helper here splits a safe integer into two 32-bit halves instead.
 * Callers must pass non-negative safe integers (see {@link isTreeSize}).
 */

const TWO_32 = 0x1_0000_0000;

/** True when `n` can be a tree size or leaf index: a non-negative safe integer. */
export function isTreeSize(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/** Number of bits needed to write `x` (0 for 0), like Go's `bits.Len64`. */
export function bitLength(x: number): number {
  if (x < TWO_32) return 32 - Math.clz32(x);
  return 64 - Math.clz32(Math.floor(x / TWO_32));
}

/** Number of trailing zero bits of `x` (64 for 0), like Go's `bits.TrailingZeros64`. */
export function trailingZeros(x: number): number {
  if (x === 0) return 64;
  const lo = x % TWO_32;
  if (lo !== 0) return 31 - Math.clz32(lo & -lo);
  const hi = Math.floor(x / TWO_32);
  return 63 - Math.clz32(hi & -hi);
}

function popCount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Number of set bits of `x`, like Go's `bits.OnesCount64`. */
export function popCount(x: number): number {
  return popCount32(x % TWO_32) + popCount32(Math.floor(x / TWO_32));
}

/** `x >> k` for safe integers. */
export function shr(x: number, k: number): number {
  return k === 0 ? x : Math.floor(x / 2 ** k);
}

/** True when the least significant bit of `x` is set. */
export function lsb(x: number): boolean {
  return x % 2 === 1;
}

/** True when `x` is an exact power of two (1, 2, 4…). */
export function isPowerOfTwo(x: number): boolean {
  return x > 0 && x === 2 ** (bitLength(x) - 1);
}

/** The largest power of two strictly smaller than `n` (RFC 9162 §2.1.1's `k`); requires n > 1. */
export function largestPowerOfTwoBelow(n: number): number {
  return 2 ** (bitLength(n - 1) - 1);
}

/** The smallest power of two greater than or equal to `n` (`BIT_CEIL`); 1 for n <= 1. */
export function bitCeil(n: number): number {
  return n <= 1 ? 1 : 2 ** bitLength(n - 1);
}

/** `a ^ b` for safe integers. */
export function xor(a: number, b: number): number {
  const hi = (Math.floor(a / TWO_32) ^ Math.floor(b / TWO_32)) >>> 0;
  const lo = ((a % TWO_32) ^ (b % TWO_32)) >>> 0;
  return hi * TWO_32 + lo;
}
