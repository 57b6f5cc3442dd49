/**
 * The routes the speaker announces — unicast routes (RTBH: a /32 or /128 with BLACKHOLE) and
 * FlowSpec routes — and their preparation: validation, normalisation, a stable key, and the
 * peer-independent parts of their encoding.
 *
 * Pure: no I/O, no `node:` imports.
 *
 * @example
 * ```ts
 * speaker.announce(rtbhRoute('203.0.113.7'));
 * speaker.announce({
 *   kind: 'flowspec',
 *   rule: { family: 'ipv4', components: [{ kind: 'destination', prefix: '203.0.113.7/32' }, { kind: 'protocol', terms: numeric.anyOf(17) }] },
 *   actions: [DISCARD],
 * });
 * ```
 */
import { formatPrefix, parsePrefix, tryParseAddress, type AddressWords, type Prefix } from '../core/ip.js';
import { ERR_BGP_ROUTE_INVALID } from './errors.js';
import { encodeActions, type FlowSpecAction } from './flowspec/actions.js';
import { encodeFlowSpecNlri } from './flowspec/encode.js';
import type { FlowSpecRule } from './flowspec/rule.js';
import { formatFlowSpecRule } from './flowspec/text.js';
import { normaliseFlowSpecRule } from './flowspec/validate.js';
import { ByteWriter, toHex } from './message/byte-writer.js';
import { COMMUNITY_BLACKHOLE, COMMUNITY_NO_EXPORT, formatCommunity, formatLargeCommunity, parseCommunity, parseLargeCommunity, type LargeCommunity } from './message/communities.js';
import type { RouteFamily } from './message/constants.js';
import { writePrefix } from './message/prefix.js';

/** An IPv4 or IPv6 unicast route. */
export interface UnicastRoute {
  readonly kind: 'unicast';
  /** `addr/len`; host bits must be zero. */
  readonly prefix: string;
  /** Next hop of the prefix's family; default: the peer's configured next hop for that family. */
  readonly nextHop?: string;
  /** Standard communities: `asn:value` or a well-known name (`blackhole`, `no-export`, …). */
  readonly communities?: readonly string[];
  /** Large communities `a:b:c` (RFC 8092). */
  readonly largeCommunities?: readonly string[];
  readonly med?: number;
  /** LOCAL_PREF, sent to iBGP peers only (default 100 there). */
  readonly localPref?: number;
}

/** A FlowSpec route: a match rule and its actions. */
export interface FlowSpecRoute {
  readonly kind: 'flowspec';
  readonly rule: FlowSpecRule;
  /** Actions; empty means "accept". */
  readonly actions: readonly FlowSpecAction[];
  readonly communities?: readonly string[];
  readonly largeCommunities?: readonly string[];
}

/** Any route the speaker announces. */
export type BgpRoute = UnicastRoute | FlowSpecRoute;

/** A validated route with everything about its encoding that does not depend on the peer. */
export interface PreparedRoute {
  /** Stable identity within a family: `ipv4-unicast 203.0.113.7/32`, `ipv4-flowspec [destination: …]`. */
  readonly key: string;
  readonly family: RouteFamily;
  /** The normalised route (frozen). */
  readonly route: BgpRoute;
  /** The encoded NLRI (prefix, or FlowSpec NLRI with its length field). */
  readonly nlri: Uint8Array;
  /** Explicit next hop (unicast only), as 4 or 16 octets. */
  readonly nextHop: Uint8Array | undefined;
  readonly communities: readonly number[];
  readonly largeCommunities: readonly LargeCommunity[];
  readonly extendedCommunities: readonly Uint8Array[];
  readonly med: number | undefined;
  readonly localPref: number | undefined;
  /** Equal for routes whose path attributes are identical, so they can share one UPDATE. */
  readonly attributeSignature: string;
}

/** Builds an RTBH route (RFC 7999): the host prefix of `address` with BLACKHOLE and NO_EXPORT. */
export function rtbhRoute(address: string, options: { nextHop?: string; communities?: readonly string[] } = {}): UnicastRoute {
  const prefix = address.includes('/') ? address : address.includes(':') ? `${address}/128` : `${address}/32`;
  const communities = [COMMUNITY_BLACKHOLE, COMMUNITY_NO_EXPORT, ...(options.communities ?? [])];
  return options.nextHop === undefined ? { kind: 'unicast', prefix, communities } : { kind: 'unicast', prefix, nextHop: options.nextHop, communities };
}

function invalid(msg: string): never {
  throw new ERR_BGP_ROUTE_INVALID(msg);
}

/** Octets of an address in its family (4 for IPv4, 16 for IPv6). */
export function addressOctets(w: Readonly<AddressWords>, family: 4 | 6): Uint8Array {
  const b = new ByteWriter(16);
  if (family === 6) b.u32(w[0]).u32(w[1]).u32(w[2]);
  return b.u32(w[3]).finish();
}

/**
 * Checks a next hop for `family`. Unspecified and loopback addresses are refused: a router cannot
 * forward to them, and GoBGP even takes a 127.0.0.1 next hop as a withdraw. RTBH next hops are
 * usually a discard address such as 192.0.2.1 or 100::1 (RFC 6666).
 */
export function checkNextHop(text: string, family: 4 | 6): Uint8Array | string {
  const w = tryParseAddress(text);
  if (w === undefined) return `next hop ${text} is not an IP address`;
  const isV4 = !text.includes(':');
  if (isV4 !== (family === 4)) return `next hop ${text} is not IPv${family}`;
  const v4 = w[3] >>> 24;
  if (isV4 && (w[3] === 0 || v4 === 127)) return `next hop ${text} is unspecified or loopback; use a discard address such as 192.0.2.1`;
  if (!isV4 && w[0] === 0 && w[1] === 0 && w[2] === 0 && (w[3] === 0 || w[3] === 1)) return `next hop ${text} is unspecified or loopback; use a discard address such as 100::1`;
  return addressOctets(w, family);
}

function parseCommunities(list: readonly string[] | undefined): number[] {
  const out = new Set<number>();
  for (const c of list ?? []) {
    const v = parseCommunity(c);
    if (v === undefined) invalid(`community ${JSON.stringify(c)} is not asn:value or a well-known name`);
    out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

function parseLargeCommunities(list: readonly string[] | undefined): LargeCommunity[] {
  const out = new Map<string, LargeCommunity>();
  for (const c of list ?? []) {
    const v = parseLargeCommunity(c);
    if (v === undefined) invalid(`large community ${JSON.stringify(c)} is not a:b:c`);
    out.set(formatLargeCommunity(v), v);
  }
  return [...out.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
}

function u32(name: string, v: number | undefined): number | undefined {
  if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > 0xffffffff)) invalid(`${name} must be an integer 0..4294967295`);
  return v;
}

function prepareUnicast(r: UnicastRoute): PreparedRoute {
  let p: Prefix;
  try {
    p = parsePrefix(r.prefix, { strict: true });
  } catch (e) {
    invalid((e as Error).message);
  }
  const family: RouteFamily = p.family === 4 ? 'ipv4-unicast' : 'ipv6-unicast';
  const nh = r.nextHop === undefined ? undefined : checkNextHop(r.nextHop, p.family);
  if (typeof nh === 'string') invalid(nh);
  const communities = parseCommunities(r.communities);
  const largeCommunities = parseLargeCommunities(r.largeCommunities);
  const med = u32('med', r.med);
  const localPref = u32('localPref', r.localPref);
  const route: UnicastRoute = Object.freeze({
    kind: 'unicast',
    prefix: formatPrefix(p),
    ...(r.nextHop === undefined ? {} : { nextHop: r.nextHop }),
    ...(communities.length === 0 ? {} : { communities: communities.map(formatCommunity) }),
    ...(largeCommunities.length === 0 ? {} : { largeCommunities: largeCommunities.map(formatLargeCommunity) }),
    ...(med === undefined ? {} : { med }),
    ...(localPref === undefined ? {} : { localPref }),
  });
  const w = new ByteWriter(17);
  writePrefix(w, p);
  const sig = [nh === undefined ? '' : toHex(nh), communities.join(','), largeCommunities.map(formatLargeCommunity).join(','), med ?? '', localPref ?? ''].join('|');
  return { key: `${family} ${route.prefix}`, family, route, nlri: w.finish(), nextHop: nh, communities, largeCommunities, extendedCommunities: [], med, localPref, attributeSignature: sig };
}

function prepareFlowSpec(r: FlowSpecRoute): PreparedRoute {
  const rule = normaliseFlowSpecRule(r.rule);
  // Rates travel as IEEE single precision; normalising here keeps status and wire in agreement.
  const actions = (r.actions ?? []).map((a) => (a.kind === 'traffic-rate-bytes' || a.kind === 'traffic-rate-packets' ? { ...a, rate: Math.fround(a.rate) } : { ...a }));
  const ext = encodeActions(actions);
  const communities = parseCommunities(r.communities);
  const largeCommunities = parseLargeCommunities(r.largeCommunities);
  const family: RouteFamily = rule.family === 'ipv4' ? 'ipv4-flowspec' : 'ipv6-flowspec';
  const route: FlowSpecRoute = Object.freeze({
    kind: 'flowspec',
    rule,
    actions,
    ...(communities.length === 0 ? {} : { communities: communities.map(formatCommunity) }),
    ...(largeCommunities.length === 0 ? {} : { largeCommunities: largeCommunities.map(formatLargeCommunity) }),
  });
  const sig = ['', communities.join(','), largeCommunities.map(formatLargeCommunity).join(','), '', '', ext.map(toHex).join(',')].join('|');
  const nlri = encodeFlowSpecNlri(rule);
  return {
    key: `${family} ${formatFlowSpecRule(rule)}`,
    family,
    route,
    nlri,
    nextHop: undefined,
    communities,
    largeCommunities,
    extendedCommunities: ext,
    med: undefined,
    localPref: undefined,
    attributeSignature: sig,
  };
}

/**
 * Validates and normalises a route. Throws {@link ERR_BGP_ROUTE_INVALID} or
 * `ERR_BGP_FLOWSPEC_INVALID` with every problem found; nothing is changed anywhere on error.
 */
export function prepareRoute(route: BgpRoute): PreparedRoute {
  if (route === null || typeof route !== 'object') invalid('a route must be an object');
  switch (route.kind) {
    case 'unicast':
      return prepareUnicast(route);
    case 'flowspec':
      return prepareFlowSpec(route);
    default:
      return invalid(`unknown route kind ${String((route as { kind: unknown }).kind)}`);
  }
}

/** The stable key of a route (what announce/withdraw match on). */
export function routeKey(route: BgpRoute): string {
  return prepareRoute(route).key;
}
