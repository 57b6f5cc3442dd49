/**
 * Communities in text and numbers: standard communities (RFC 1997) with the well-known names,
 * including BLACKHOLE (RFC 7999 §5) and GRACEFUL_SHUTDOWN (RFC 8326), and large communities
 * (RFC 8092).
 *
 * Pure: no I/O, no `node:` imports.
 */

/** Well-known standard communities by name (RFC 1997 §4, RFC 3765, RFC 7999, RFC 8326). */
export const WELL_KNOWN_COMMUNITIES: Readonly<Record<string, number>> = {
  'graceful-shutdown': 0xffff0000,
  blackhole: 0xffff029a,
  'no-export': 0xffffff01,
  'no-advertise': 0xffffff02,
  'no-export-subconfed': 0xffffff03,
  'no-peer': 0xffffff04,
};

/** BLACKHOLE, 65535:666 (RFC 7999 §5): ask the neighbour to discard traffic to the prefix. */
export const COMMUNITY_BLACKHOLE = '65535:666';
/** NO_EXPORT, 65535:65281 (RFC 1997): keep the route inside the receiving AS (RFC 7999 §3.2 asks for it on RTBH). */
export const COMMUNITY_NO_EXPORT = '65535:65281';

const COMMUNITY_RE = /^(\d{1,5}):(\d{1,5})$/;
const LARGE_RE = /^(\d{1,10}):(\d{1,10}):(\d{1,10})$/;

/** Parses `asn:value` or a well-known name into a 32-bit number, or undefined when invalid. */
export function parseCommunity(text: string): number | undefined {
  const named = WELL_KNOWN_COMMUNITIES[text.toLowerCase()];
  if (named !== undefined) return named;
  const m = COMMUNITY_RE.exec(text);
  if (m === null) return undefined;
  const hi = Number(m[1]);
  const lo = Number(m[2]);
  if (hi > 0xffff || lo > 0xffff) return undefined;
  return (hi * 0x10000 + lo) >>> 0;
}

/** Formats a 32-bit community as `asn:value`. */
export function formatCommunity(v: number): string {
  return `${v >>> 16}:${v & 0xffff}`;
}

/** A large community: global administrator and two local data parts, each 32 bits. */
export type LargeCommunity = readonly [number, number, number];

/** Parses `a:b:c` into a large community, or undefined when invalid. */
export function parseLargeCommunity(text: string): LargeCommunity | undefined {
  const m = LARGE_RE.exec(text);
  if (m === null) return undefined;
  const parts = [Number(m[1]), Number(m[2]), Number(m[3])] as const;
  return parts.every((p) => p <= 0xffffffff) ? parts : undefined;
}

/** Formats a large community as `a:b:c`. */
export function formatLargeCommunity(c: LargeCommunity): string {
  return `${c[0]}:${c[1]}:${c[2]}`;
}
