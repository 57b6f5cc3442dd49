/**
 * UPDATE messages (RFC 4271 §4.3) with multiprotocol reach and unreach (RFC 4760 §3–4):
 * building blocks for the encoder that packs routes, and a decoder for whatever a peer sends.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { formatAddress, formatIPv6Words, type Prefix } from '../../core/ip.js';
import { decodeFlowSpecNlriField } from '../flowspec/decode.js';
import type { FlowSpecRule } from '../flowspec/rule.js';
import { decodeAttributes, writeAttribute, type PathAttributes } from './attributes.js';
import { ByteWriter } from './byte-writer.js';
import { AttrFlag, AttrType, ErrorCode, FAMILY_AFI_SAFI, HEADER_LENGTH, MessageType, UpdateSubcode, familyOf, type RouteFamily } from './constants.js';
import { frameMessage } from './header.js';
import { prefixFromOctets, readPrefix } from './prefix.js';
import { fail, runDecoder, type DecodeResult, type WireError } from './wire-error.js';

/** Octets of an UPDATE that carry no routes: header plus the two length fields. */
export const UPDATE_OVERHEAD = HEADER_LENGTH + 4;
/** Octets MP_REACH_NLRI adds around its NLRI: extended attribute header, AFI, SAFI, next-hop length, reserved. */
export function mpReachOverhead(nextHopLength: number): number {
  return 4 + 5 + nextHopLength;
}
/** Octets MP_UNREACH_NLRI adds around its NLRI: extended attribute header, AFI, SAFI. */
export const MP_UNREACH_OVERHEAD = 4 + 3;

/** Frames an UPDATE from already encoded withdrawn routes, path attributes and IPv4 NLRI. */
export function encodeUpdate(parts: { withdrawn?: Uint8Array; attributes?: Uint8Array; nlri?: Uint8Array }): Uint8Array {
  const withdrawn = parts.withdrawn ?? new Uint8Array(0);
  const attributes = parts.attributes ?? new Uint8Array(0);
  const nlri = parts.nlri ?? new Uint8Array(0);
  const w = new ByteWriter(4 + withdrawn.length + attributes.length + nlri.length);
  w.u16(withdrawn.length).bytes(withdrawn).u16(attributes.length).bytes(attributes).bytes(nlri);
  return frameMessage(MessageType.Update, w.finish());
}

/** Encodes an MP_REACH_NLRI attribute (always with the extended length flag). */
export function mpReachAttribute(family: RouteFamily, nextHop: Uint8Array, nlri: Uint8Array): Uint8Array {
  const { afi, safi } = FAMILY_AFI_SAFI[family];
  const v = new ByteWriter(5 + nextHop.length + nlri.length).u16(afi).u8(safi).u8(nextHop.length).bytes(nextHop).u8(0).bytes(nlri);
  const w = new ByteWriter(4 + v.length);
  const value = v.finish();
  w.u8(AttrFlag.Optional | AttrFlag.ExtendedLength)
    .u8(AttrType.MpReachNlri)
    .u16(value.length)
    .bytes(value);
  return w.finish();
}

/** Encodes an MP_UNREACH_NLRI attribute (always with the extended length flag). */
export function mpUnreachAttribute(family: RouteFamily, nlri: Uint8Array): Uint8Array {
  const { afi, safi } = FAMILY_AFI_SAFI[family];
  const value = new ByteWriter(3 + nlri.length).u16(afi).u8(safi).bytes(nlri).finish();
  const w = new ByteWriter(4 + value.length);
  w.u8(AttrFlag.Optional | AttrFlag.ExtendedLength)
    .u8(AttrType.MpUnreachNlri)
    .u16(value.length)
    .bytes(value);
  return w.finish();
}

/** The End-of-RIB marker of a family (RFC 4724 §2): an empty UPDATE, or an empty MP_UNREACH_NLRI. */
export function encodeEndOfRib(family: RouteFamily): Uint8Array {
  if (family === 'ipv4-unicast') return encodeUpdate({});
  const { afi, safi } = FAMILY_AFI_SAFI[family];
  const w = new ByteWriter(6);
  writeAttribute(w, AttrFlag.Optional, AttrType.MpUnreachNlri, Uint8Array.of(afi >>> 8, afi & 0xff, safi));
  return encodeUpdate({ attributes: w.finish() });
}

/** NLRI of one MP attribute, decoded for the families we know. */
export interface MpNlri {
  readonly afi: number;
  readonly safi: number;
  /** Undefined for an AFI/SAFI we do not speak (its NLRI is then left undecoded). */
  readonly family: RouteFamily | undefined;
  readonly prefixes: Prefix[];
  readonly rules: FlowSpecRule[];
}

/** A decoded UPDATE. */
export interface UpdateMessage {
  /** IPv4 unicast prefixes withdrawn in the classic field. */
  readonly withdrawn: Prefix[];
  readonly attributes: PathAttributes;
  /** IPv4 unicast prefixes announced in the classic field. */
  readonly nlri: Prefix[];
  readonly reach: (MpNlri & { readonly nextHop: string | undefined }) | undefined;
  readonly unreach: MpNlri | undefined;
  /** The family whose End-of-RIB marker this is (RFC 4724 §2), if it is one. */
  readonly endOfRib: RouteFamily | undefined;
  /** Set when the UPDATE must be treated as withdraw (RFC 7606); the session stays up. */
  readonly malformed: WireError | undefined;
}

function readPrefixes(b: Uint8Array, start: number, end: number, family: 4 | 6): Prefix[] {
  const out: Prefix[] = [];
  let o = start;
  while (o < end) {
    const r = readPrefix(b, o, end, family);
    out.push(r.prefix);
    o = r.next;
  }
  return out;
}

function nextHopText(nh: Uint8Array): string | undefined {
  if (nh.length === 4) return formatAddress(0, 0, 0xffff, ((nh[0]! << 24) | (nh[1]! << 16) | (nh[2]! << 8) | nh[3]!) >>> 0);
  if (nh.length === 16 || nh.length === 32) {
    const p = prefixFromOctets(6, 128, nh.subarray(0, 16)); // the global address; a link-local may follow
    return formatIPv6Words(...(p.words as [number, number, number, number]));
  }
  return undefined; // FlowSpec carries a zero-length next hop (RFC 8955 §4)
}

function decodeMpNlri(afi: number, safi: number, nlri: Uint8Array, soft: (e: WireError) => void): MpNlri {
  const family = familyOf(afi, safi);
  let prefixes: Prefix[] = [];
  let rules: FlowSpecRule[] = [];
  if (family === 'ipv4-unicast' || family === 'ipv6-unicast') prefixes = readPrefixes(nlri, 0, nlri.length, family === 'ipv4-unicast' ? 4 : 6);
  else if (family !== undefined) {
    const d = decodeFlowSpecNlriField(nlri, family === 'ipv4-flowspec' ? 'ipv4' : 'ipv6');
    rules = d.rules;
    if (d.malformed !== undefined) soft(d.malformed);
  }
  return { afi, safi, family, prefixes, rules };
}

/** Decodes an UPDATE body (after the header). Never throws. */
export function decodeUpdate(body: Uint8Array, options: { fourOctetAs: boolean }): DecodeResult<UpdateMessage> {
  return runDecoder(() => decodeUpdateBody(body, options.fourOctetAs), { code: ErrorCode.UpdateMessage, subcode: UpdateSubcode.MalformedAttributeList });
}

function decodeUpdateBody(body: Uint8Array, fourOctetAs: boolean): UpdateMessage {
  const bad = (reason: string): never => fail(ErrorCode.UpdateMessage, UpdateSubcode.MalformedAttributeList, reason);
  if (body.length < 4) bad('UPDATE shorter than 4 octets');
  const wLen = (body[0]! << 8) | body[1]!;
  if (2 + wLen + 2 > body.length) bad('withdrawn routes length exceeds the message');
  const aStart = 2 + wLen + 2;
  const aLen = (body[2 + wLen]! << 8) | body[2 + wLen + 1]!;
  if (aStart + aLen > body.length) bad('total path attribute length exceeds the message');
  const withdrawn = readPrefixes(body, 2, 2 + wLen, 4);
  const { attributes, malformed: attrMalformed } = decodeAttributes(body, aStart, aStart + aLen, fourOctetAs);
  let malformed = attrMalformed;
  const soft = (e: WireError): void => {
    malformed ??= e;
  };
  const nlri = readPrefixes(body, aStart + aLen, body.length, 4);
  const r = attributes.mpReach;
  const u = attributes.mpUnreach;
  const reach = r === undefined ? undefined : { ...decodeMpNlri(r.afi, r.safi, r.nlri, soft), nextHop: nextHopText(r.nextHop) };
  const unreach = u === undefined ? undefined : decodeMpNlri(u.afi, u.safi, u.nlri, soft);
  // RFC 4271 §6.3 / RFC 7606 §3 (d): reachable routes need ORIGIN and AS_PATH (and NEXT_HOP for IPv4 NLRI).
  if (nlri.length > 0 || r !== undefined) {
    const need = [AttrType.Origin, AttrType.AsPath, ...(nlri.length > 0 ? [AttrType.NextHop] : [])];
    const has: Record<number, boolean> = { 1: attributes.origin !== undefined, 2: attributes.asPath !== undefined, 3: attributes.nextHop !== undefined };
    const missing = need.find((t) => !has[t]);
    if (missing !== undefined)
      soft({ code: ErrorCode.UpdateMessage, subcode: UpdateSubcode.MissingWellKnownAttribute, data: Uint8Array.of(missing), reason: `missing well-known attribute ${missing}`, treatAsWithdraw: true });
  }
  let endOfRib: RouteFamily | undefined;
  if (body.length === 4) endOfRib = 'ipv4-unicast';
  else if (u !== undefined && u.nlri.length === 0 && r === undefined && nlri.length === 0 && withdrawn.length === 0) endOfRib = familyOf(u.afi, u.safi);
  return { withdrawn, attributes, nlri, reach, unreach, endOfRib, malformed };
}
