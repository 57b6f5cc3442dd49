/**
 * Checks a peer's OPEN against our configuration and works out what the session will use:
 * hold time (RFC 4271 §4.2), 4-octet AS (RFC 6793), the families both sides advertised
 * (RFC 4760 §8), route refresh (RFC 2918).
 *
 * Pure: no I/O, no `node:` imports.
 */
import { formatIPv4 } from '../../core/ip.js';
import { AS_TRANS, ErrorCode, FAMILY_AFI_SAFI, OpenSubcode, ROUTE_FAMILIES, type RouteFamily } from '../message/constants.js';
import { peerAsOf, type OpenMessage } from '../message/open.js';
import type { NotificationMessage } from '../message/notification.js';

/** What we expect of the peer. */
export interface LocalSide {
  readonly localAs: number;
  readonly routerId: number;
  readonly peerAs: number;
  readonly holdTimeSeconds: number;
  readonly families: readonly RouteFamily[];
}

/** The parameters of an agreed session. */
export interface NegotiatedSession {
  readonly holdTimeSeconds: number;
  /** 0 when the hold time is 0 (no keepalives, RFC 4271 §4.4). */
  readonly keepaliveMs: number;
  readonly fourOctetAs: boolean;
  readonly ibgp: boolean;
  /** Families both sides advertised and we are configured for. */
  readonly families: ReadonlySet<RouteFamily>;
  /** Families we are configured for that the peer did not advertise. */
  readonly missingFamilies: readonly RouteFamily[];
  readonly routeRefresh: boolean;
  readonly peerRouterId: string;
  readonly peerAs: number;
}

/** Outcome: the session parameters, or the NOTIFICATION to send. */
export type Negotiation = { readonly ok: true; readonly session: NegotiatedSession } | { readonly ok: false; readonly notification: NotificationMessage; readonly reason: string };

function refuse(subcode: number, reason: string, data: Uint8Array = new Uint8Array(0)): Negotiation {
  return { ok: false, notification: { code: ErrorCode.OpenMessage, subcode, data }, reason };
}

/** Families the peer advertised; none at all means IPv4 unicast only (RFC 4760 §8). */
export function peerFamilies(open: OpenMessage): Set<RouteFamily> {
  const mp = open.capabilities.multiprotocol;
  if (mp.length === 0) return new Set(['ipv4-unicast']);
  return new Set(ROUTE_FAMILIES.filter((f) => mp.some((x) => x.afi === FAMILY_AFI_SAFI[f].afi && x.safi === FAMILY_AFI_SAFI[f].safi)));
}

/** Checks the peer's OPEN and negotiates the session. */
export function negotiate(open: OpenMessage, local: LocalSide): Negotiation {
  const peerAs = peerAsOf(open);
  if (peerAs !== local.peerAs) {
    return refuse(OpenSubcode.BadPeerAs, `peer AS ${peerAs} is not the configured ${local.peerAs}`, Uint8Array.of(open.myAs >>> 8, open.myAs & 0xff));
  }
  if (open.capabilities.fourOctetAs === undefined && open.myAs === AS_TRANS && local.peerAs !== AS_TRANS) {
    return refuse(OpenSubcode.BadPeerAs, 'peer sent AS_TRANS without the 4-octet AS capability');
  }
  // RFC 4271 §6.2: a hold time of one or two seconds is unacceptable.
  if (open.holdTimeSeconds === 1 || open.holdTimeSeconds === 2) {
    return refuse(OpenSubcode.UnacceptableHoldTime, `hold time ${open.holdTimeSeconds} s is unacceptable`);
  }
  const ibgp = peerAs === local.localAs;
  // RFC 6286 §2.2: the identifier must be non-zero, and differ from ours within one AS.
  if (open.bgpId === 0 || (ibgp && open.bgpId === local.routerId)) {
    return refuse(OpenSubcode.BadBgpIdentifier, `bad BGP identifier ${formatIPv4(open.bgpId)}`);
  }
  const holdTimeSeconds = Math.min(open.holdTimeSeconds, local.holdTimeSeconds);
  const offered = peerFamilies(open);
  const families = new Set(local.families.filter((f) => offered.has(f)));
  return {
    ok: true,
    session: {
      holdTimeSeconds,
      keepaliveMs: holdTimeSeconds === 0 ? 0 : Math.floor((holdTimeSeconds * 1000) / 3),
      fourOctetAs: open.capabilities.fourOctetAs !== undefined,
      ibgp,
      families,
      missingFamilies: local.families.filter((f) => !offered.has(f)),
      routeRefresh: open.capabilities.routeRefresh,
      peerRouterId: formatIPv4(open.bgpId),
      peerAs,
    },
  };
}
