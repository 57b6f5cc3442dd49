/**
 * FlowSpec actions as BGP extended communities (RFC 8955 §7): traffic-rate-bytes (a rate of 0
 * discards), traffic-rate-packets, traffic-action (sample / terminal), rt-redirect in its three
 * forms, and traffic-marking (DSCP).
 *
 * Pure: no I/O, no `node:` imports.
 */
import { parseIPv4, formatIPv4 } from '../../core/ip.js';
import { ERR_BGP_FLOWSPEC_INVALID } from '../errors.js';

/** One FlowSpec action. */
export type FlowSpecAction =
  /** Limit to `rate` bytes per second; 0 discards all matching traffic (RFC 8955 §7.1). */
  | { readonly kind: 'traffic-rate-bytes'; readonly rate: number; readonly asn?: number }
  /** Limit to `rate` packets per second (RFC 8955 §7.2). */
  | { readonly kind: 'traffic-rate-packets'; readonly rate: number; readonly asn?: number }
  /** Sample (log) and/or terminal: stop evaluating further rules (RFC 8955 §7.3). */
  | { readonly kind: 'traffic-action'; readonly sample: boolean; readonly terminal: boolean }
  /** Redirect into the VRF with this route target: `asn:n`, `a.b.c.d:n` (RFC 8955 §7.4). */
  | { readonly kind: 'redirect'; readonly target: string }
  /** Rewrite the DSCP of matching packets (RFC 8955 §7.5). */
  | { readonly kind: 'traffic-marking'; readonly dscp: number };

/** The discard action: traffic-rate-bytes with a rate of 0. */
export const DISCARD: FlowSpecAction = Object.freeze({ kind: 'traffic-rate-bytes', rate: 0 });

/** Extended community type/sub-type of each action (RFC 8955 §7, IANA registry). */
export const ACTION_TYPE = {
  trafficRateBytes: 0x8006,
  trafficAction: 0x8007,
  redirectAs2: 0x8008,
  trafficMarking: 0x8009,
  trafficRatePackets: 0x800c,
  redirectIpv4: 0x8108,
  redirectAs4: 0x8208,
} as const;

function community(type: number, fill: (v: DataView) => void): Uint8Array {
  const b = new Uint8Array(8);
  const v = new DataView(b.buffer);
  v.setUint16(0, type);
  fill(v);
  return b;
}

function redirectCommunity(target: string): Uint8Array | string {
  const colon = target.lastIndexOf(':');
  const admin = target.slice(0, colon);
  const local = Number(target.slice(colon + 1));
  if (colon <= 0 || !/^\d+$/.test(target.slice(colon + 1)) || !Number.isSafeInteger(local)) return `redirect target ${target} is not admin:number`;
  const ip = parseIPv4(admin);
  if (ip >= 0) {
    if (local > 0xffff) return `redirect ${target}: the local part of an IPv4 target is 16 bits`;
    return community(ACTION_TYPE.redirectIpv4, (v) => (v.setUint32(2, ip), v.setUint16(6, local)));
  }
  if (!/^\d{1,10}$/.test(admin)) return `redirect target ${target} is not admin:number`;
  const asn = Number(admin);
  if (asn <= 0xffff) {
    if (local > 0xffffffff) return `redirect ${target}: the local part is 32 bits`;
    return community(ACTION_TYPE.redirectAs2, (v) => (v.setUint16(2, asn), v.setUint32(4, local)));
  }
  if (asn > 0xffffffff || local > 0xffff) return `redirect ${target}: a 4-octet AS target has a 16-bit local part`;
  return community(ACTION_TYPE.redirectAs4, (v) => (v.setUint32(2, asn), v.setUint16(6, local)));
}

/** Encodes one action as an 8-octet extended community, or returns a problem. */
export function actionCommunity(a: FlowSpecAction): Uint8Array | string {
  switch (a.kind) {
    case 'traffic-rate-bytes':
    case 'traffic-rate-packets': {
      const asn = a.asn ?? 0;
      if (!Number.isFinite(a.rate) || a.rate < 0) return `${a.kind}: rate must be a non-negative number`;
      if (!Number.isInteger(asn) || asn < 0 || asn > 0xffff) return `${a.kind}: asn must be 0..65535`;
      const type = a.kind === 'traffic-rate-bytes' ? ACTION_TYPE.trafficRateBytes : ACTION_TYPE.trafficRatePackets;
      return community(type, (v) => (v.setUint16(2, asn), v.setFloat32(4, a.rate)));
    }
    case 'traffic-action':
      // Bit 47 (least significant) is Terminal, bit 46 is Sample (RFC 8955 §7.3).
      return community(ACTION_TYPE.trafficAction, (v) => v.setUint8(7, (a.sample ? 0x02 : 0) | (a.terminal ? 0x01 : 0)));
    case 'redirect':
      return redirectCommunity(a.target);
    case 'traffic-marking':
      if (!Number.isInteger(a.dscp) || a.dscp < 0 || a.dscp > 63) return 'traffic-marking: dscp must be 0..63';
      return community(ACTION_TYPE.trafficMarking, (v) => v.setUint8(7, a.dscp));
    default:
      return `unknown action ${String((a as { kind: unknown }).kind)}`;
  }
}

/**
 * Validates actions and encodes them as extended communities in the order given. At most one
 * action of each kind: two rates or two redirects would leave the router to pick one.
 */
export function encodeActions(actions: readonly FlowSpecAction[]): Uint8Array[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const out: Uint8Array[] = [];
  for (const a of actions) {
    if (seen.has(a.kind)) problems.push(`action ${a.kind} appears twice`);
    seen.add(a.kind);
    const c = actionCommunity(a);
    if (typeof c === 'string') problems.push(c);
    else out.push(c);
  }
  if (problems.length > 0) throw new ERR_BGP_FLOWSPEC_INVALID(problems.join('; '));
  return out;
}

/** Decodes an extended community into a FlowSpec action, or undefined when it is not one. */
export function decodeAction(c: Uint8Array): FlowSpecAction | undefined {
  if (c.length !== 8) return undefined;
  const v = new DataView(c.buffer, c.byteOffset, 8);
  switch (v.getUint16(0)) {
    case ACTION_TYPE.trafficRateBytes:
      return { kind: 'traffic-rate-bytes', rate: v.getFloat32(4), asn: v.getUint16(2) };
    case ACTION_TYPE.trafficRatePackets:
      return { kind: 'traffic-rate-packets', rate: v.getFloat32(4), asn: v.getUint16(2) };
    case ACTION_TYPE.trafficAction:
      return { kind: 'traffic-action', sample: (c[7]! & 0x02) !== 0, terminal: (c[7]! & 0x01) !== 0 };
    case ACTION_TYPE.redirectAs2:
      return { kind: 'redirect', target: `${v.getUint16(2)}:${v.getUint32(4)}` };
    case ACTION_TYPE.redirectIpv4:
      return { kind: 'redirect', target: `${formatIPv4(v.getUint32(2))}:${v.getUint16(6)}` };
    case ACTION_TYPE.redirectAs4:
      return { kind: 'redirect', target: `${v.getUint32(2)}:${v.getUint16(6)}` };
    case ACTION_TYPE.trafficMarking:
      return { kind: 'traffic-marking', dscp: c[7]! & 0x3f };
    default:
      return undefined;
  }
}

/** Text of an action: `discard`, `rate-bytes 1000`, `rate-packets 50`, `sample terminal`, `redirect 65000:100`, `mark 10`. */
export function formatAction(a: FlowSpecAction): string {
  switch (a.kind) {
    case 'traffic-rate-bytes':
      return a.rate === 0 ? 'discard' : `rate-bytes ${a.rate}`;
    case 'traffic-rate-packets':
      return `rate-packets ${a.rate}`;
    case 'traffic-action':
      return [a.sample ? 'sample' : '', a.terminal ? 'terminal' : ''].filter((s) => s !== '').join(' ') || 'action none';
    case 'redirect':
      return `redirect ${a.target}`;
    case 'traffic-marking':
      return `mark ${a.dscp}`;
  }
}
