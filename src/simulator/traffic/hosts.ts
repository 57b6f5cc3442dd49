/**
 * Addresses inside protected prefixes: a fixed host by offset (servers), a random host (clients,
 * random attack targets), or every host in turn (carpet bombing).
 *
 * Pure: no I/O.
 */
import type { Prefix } from '../../core/ip.js';
import type { Rng } from '../random.js';

/** Number of addresses in a prefix, capped at 2^32. */
export function prefixHosts(p: Prefix): number {
  const bits = 128 - p.length;
  return bits >= 32 ? 2 ** 32 : 2 ** bits;
}

/** Writes the address at `offset` (below 2^32) within `p` to `out[o..o+4)`. */
export function hostAt(p: Prefix, offset: number, out: Uint32Array, o: number): void {
  out[o] = p.words[0];
  out[o + 1] = p.words[1];
  out[o + 2] = p.words[2];
  out[o + 3] = (p.words[3] + offset) >>> 0;
}

/** Writes a uniformly random address within `p` to `out[o..o+4)`. */
export function randomHost(p: Prefix, rng: Rng, out: Uint32Array, o: number): void {
  for (let k = 0; k < 4; k++) {
    const bits = Math.max(0, Math.min(32, p.length - k * 32));
    const hostMask = bits >= 32 ? 0 : 0xffffffff >>> bits;
    out[o + k] = (p.words[k]! | (hostMask === 0 ? 0 : rng.u32() & hostMask)) >>> 0;
  }
}

/** Writes a random host of `p` avoiding the first `skip` addresses (network and servers) and the last one. */
export function randomClientHost(p: Prefix, rng: Rng, out: Uint32Array, o: number, skip: number): void {
  const hosts = prefixHosts(p);
  if (hosts < 2 ** 32 && hosts > skip + 2) {
    hostAt(p, skip + rng.int(hosts - skip - 1), out, o);
    return;
  }
  randomHost(p, rng, out, o);
}
