/**
 * Coarsening of addresses that are personal data (attack sources, infected hosts) for views that
 * are not purpose-bound: an IPv4 address becomes its /24, an IPv6 address its /48. The full
 * address is only ever returned through the access guard (attackers and sighting hosts routes).
 *
 * Pure: no I/O, no `node:` imports.
 */
import { formatPrefix, maskWords, tryParseAddress } from '../../core/ip.js';

/** The /24 (IPv4) or /48 (IPv6) containing `address`; `null` for something that is not an address. */
export function coarsen(address: string): string | null {
  const w = tryParseAddress(address);
  if (w === undefined) return null;
  const v4 = !address.includes(':');
  const length = v4 ? 96 + 24 : 48;
  return formatPrefix({ words: maskWords(w, length), length, family: v4 ? 4 : 6 });
}
