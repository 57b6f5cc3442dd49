/**
 * Turns GoBGP's JSON paths into plain comparable values, so tests can assert whole expected
 * routes: origin, AS path, next hop, communities, extended and large communities.
 */
import { formatCommunity } from '../message/communities.js';
import type { GobgpPath } from './gobgpd.js';

/** A path as tests compare it. */
export interface PlainPath {
  readonly origin: number | undefined;
  readonly asPath: readonly number[];
  readonly nextHop: string | undefined;
  readonly communities: readonly string[];
  readonly med?: number;
  readonly localPref?: number;
  readonly extendedCommunities?: readonly Record<string, unknown>[];
  readonly largeCommunities?: readonly string[];
}

/** Flattens one GoBGP path. */
export function plainPath(p: GobgpPath): PlainPath {
  const attr = (type: number): Record<string, unknown> | undefined => p.attrs.find((a) => a.type === type);
  const asPath = ((attr(2)?.as_paths as { asns: number[] }[] | undefined) ?? []).flatMap((s) => s.asns);
  const nextHop = (attr(3)?.nexthop as string | undefined) ?? (attr(14)?.nexthop as string | undefined);
  const out: { -readonly [K in keyof PlainPath]: PlainPath[K] } = {
    origin: attr(1)?.value as number | undefined,
    asPath,
    nextHop,
    communities: ((attr(8)?.communities as number[] | undefined) ?? []).map(formatCommunity),
  };
  if (attr(4) !== undefined) out.med = attr(4)!.metric as number;
  if (attr(5) !== undefined) out.localPref = attr(5)!.value as number;
  if (attr(16) !== undefined) out.extendedCommunities = attr(16)!.value as Record<string, unknown>[];
  if (attr(32) !== undefined) out.largeCommunities = (attr(32)!.value as { ASN: number; LocalData1: number; LocalData2: number }[]).map((c) => `${c.ASN}:${c.LocalData1}:${c.LocalData2}`);
  return out;
}
