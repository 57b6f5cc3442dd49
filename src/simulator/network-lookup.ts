/** Finding the protected network an address or prefix belongs to. Pure: no I/O. */
import { prefixContains, type Prefix } from '../core/ip.js';
import type { NetworkDef } from './scenario-types.js';

/** Index of the protected network containing `words`, or -1. */
export function networkOf(networks: readonly NetworkDef[], words: readonly number[]): number {
  for (const n of networks) {
    for (const p of n.prefixes) if (prefixContains(p, words[0]!, words[1]!, words[2]!, words[3]!)) return n.index;
  }
  return -1;
}

/** True when `inner` lies entirely within some prefix of network `n`. */
export function prefixWithin(n: NetworkDef, inner: Prefix): boolean {
  return n.prefixes.some((p) => p.family === inner.family && p.length <= inner.length && prefixContains(p, ...(inner.words as [number, number, number, number])));
}
