/**
 * The Internet checksum (RFC 1071) and the pseudo-header sums TCP, UDP and ICMPv6 need
 * (RFC 793 §3.1, RFC 768, RFC 8200 §8.1).
 *
 * Pure: no I/O.
 */

/** Adds the 16-bit big-endian words of `bytes[from, to)` to `sum` (an odd tail is zero-padded). */
export function sum16(bytes: Uint8Array, from: number, to: number, sum = 0): number {
  let i = from;
  for (; i + 1 < to; i += 2) sum += (bytes[i]! << 8) | bytes[i + 1]!;
  if (i < to) sum += bytes[i]! << 8;
  return sum;
}

/** Adds the two 16-bit halves of each address word `words[off, off + n)` to `sum`. */
export function sumWords(words: Uint32Array, off: number, n: number, sum = 0): number {
  for (let k = 0; k < n; k++) {
    const w = words[off + k]!;
    sum += (w >>> 16) + (w & 0xffff);
  }
  return sum;
}

/** Folds a running sum into the one's-complement checksum value. */
export function fold(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 65536);
  return ~sum & 0xffff;
}
