/**
 * Special-purpose address space no countermeasure may name, from the IANA IPv4 and IPv6
 * Special-Purpose Address Registries (RFC 6890 and its updates) and the multicast and reserved
 * blocks of the address-space registries, and the IPv4 address embedded in the IPv6 forms that
 * carry one (NAT64 RFC 6052, 6to4 RFC 3056), so that an allowlisted resolver cannot be named as
 * `64:ff9b::808:808` or `2002:808:808::/48`.
 *
 * Blocks that are not globally reachable but carry real traffic stay usable, because operators
 * register them as protected networks and test installations attack from them: private space
 * (RFC 1918, RFC 4193), shared address space (RFC 6598), documentation (RFC 5737, RFC 3849) and
 * benchmarking (RFC 2544). An installation that wants them refused too adds them to
 * `operations.guards.extraAllowlist`.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { parsePrefix, V4_MAPPED_WORD, type Prefix } from '../../core/ip.js';
import { prefixesOverlap } from './prefixes.js';

/** One refused block and what it is. */
export interface SpecialBlock {
  readonly prefix: Prefix;
  readonly text: string;
  readonly name: string;
}

const BLOCKS: readonly (readonly [string, string])[] = [
  ['0.0.0.0/8', '"this network", RFC 791'],
  ['127.0.0.0/8', 'loopback, RFC 1122'],
  ['169.254.0.0/16', 'link-local, RFC 3927'],
  ['192.0.0.0/24', 'IETF protocol assignments, RFC 6890'],
  ['192.88.99.0/24', 'deprecated 6to4 relay anycast, RFC 7526'],
  ['224.0.0.0/4', 'multicast, RFC 5771'],
  ['240.0.0.0/4', 'reserved, RFC 1112'],
  ['255.255.255.255/32', 'limited broadcast, RFC 919'],
  ['::/128', 'unspecified, RFC 4291'],
  ['::1/128', 'loopback, RFC 4291'],
  ['::/96', 'deprecated IPv4-compatible, RFC 4291'],
  ['64:ff9b:1::/48', 'local-use IPv4/IPv6 translation, RFC 8215'],
  ['100::/64', 'discard-only, RFC 6666'],
  ['fe80::/10', 'link-local, RFC 4291'],
  ['ff00::/8', 'multicast, RFC 4291'],
];

/** The refused blocks, parsed once. */
export const SPECIAL_PURPOSE: readonly SpecialBlock[] = BLOCKS.map(([text, name]) => ({ prefix: parsePrefix(text, { strict: true }), text, name }));

/** The first refused block `p` overlaps, or undefined. */
export function specialPurposeBlock(p: Prefix): SpecialBlock | undefined {
  return SPECIAL_PURPOSE.find((b) => prefixesOverlap(b.prefix, p));
}

const NAT64 = parsePrefix('64:ff9b::/96', { strict: true });
const SIX_TO_FOUR = parsePrefix('2002::/16', { strict: true });
/** Every IPv4 address: what a prefix covering a whole translation prefix stands for. */
const ANY_IPV4: Prefix = { family: 4, words: [0, 0, V4_MAPPED_WORD, 0], length: 96 };

/**
 * The IPv4 prefix an IPv6 prefix stands for when it embeds one: the NAT64 well-known prefix
 * `64:ff9b::/96` (RFC 6052 §2.1) and 6to4 `2002::/16` (RFC 3056 §2); every IPv4 address for a
 * prefix that covers one of them whole. Undefined for every other prefix.
 */
export function embeddedIPv4(p: Prefix): Prefix | undefined {
  if (p.family !== 6) return undefined;
  const [w0, w1, , w3] = p.words;
  if (prefixesOverlap(p, NAT64)) return p.length > 96 ? { family: 4, words: [0, 0, V4_MAPPED_WORD, w3], length: p.length } : ANY_IPV4;
  if (prefixesOverlap(p, SIX_TO_FOUR)) {
    if (p.length <= 16) return ANY_IPV4;
    const v4 = (((w0 & 0xffff) << 16) | (w1 >>> 16)) >>> 0;
    const bits = Math.min(32, p.length - 16);
    const mask = bits === 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
    return { family: 4, words: [0, 0, V4_MAPPED_WORD, (v4 & mask) >>> 0], length: 96 + bits };
  }
  return undefined;
}
