/**
 * Path attributes (RFC 4271 §4.3, §5): the outbound encoder for what the speaker originates, and
 * the inbound decoder with the RFC 7606 error handling classes (treat-as-withdraw versus session
 * reset). MP_REACH_NLRI / MP_UNREACH_NLRI are carried raw here and interpreted in `update.ts`.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { ByteWriter } from './byte-writer.js';
import { AS_TRANS, AsPathSegmentType, AttrFlag, AttrType, ErrorCode, UpdateSubcode, type Origin } from './constants.js';
import type { LargeCommunity } from './communities.js';
import { fail, type WireError } from './wire-error.js';

/** One AS_PATH segment. */
export interface AsPathSegment {
  readonly type: number;
  readonly asns: readonly number[];
}

/** Raw MP_REACH_NLRI contents (RFC 4760 §3). */
export interface MpReach {
  readonly afi: number;
  readonly safi: number;
  readonly nextHop: Uint8Array;
  readonly nlri: Uint8Array;
}

/** Raw MP_UNREACH_NLRI contents (RFC 4760 §4). */
export interface MpUnreach {
  readonly afi: number;
  readonly safi: number;
  readonly nlri: Uint8Array;
}

/** Path attributes as decoded from an UPDATE. */
export interface PathAttributes {
  origin?: Origin;
  asPath?: AsPathSegment[];
  /** NEXT_HOP as an unsigned 32-bit IPv4 address. */
  nextHop?: number;
  med?: number;
  localPref?: number;
  atomicAggregate?: boolean;
  communities?: number[];
  /** Extended communities, 8 octets each. */
  extendedCommunities?: Uint8Array[];
  largeCommunities?: LargeCommunity[];
  as4Path?: AsPathSegment[];
  mpReach?: MpReach;
  mpUnreach?: MpUnreach;
  /** Attributes we do not interpret (flags, type, value). */
  others?: { flags: number; type: number; value: Uint8Array }[];
}

/** Attributes the speaker puts on a route it originates. */
export interface OutboundAttributes {
  readonly origin: Origin;
  /** The AS_SEQUENCE to send: `[localAs]` towards eBGP peers, empty towards iBGP peers. */
  readonly asPath: readonly number[];
  /** True when both sides advertised the 4-octet AS capability (RFC 6793 §4.1). */
  readonly fourOctetAs: boolean;
  /** NEXT_HOP for IPv4 unicast (other families carry it in MP_REACH_NLRI). */
  readonly nextHopV4?: number | undefined;
  readonly med?: number | undefined;
  readonly localPref?: number | undefined;
  readonly communities?: readonly number[] | undefined;
  readonly extendedCommunities?: readonly Uint8Array[] | undefined;
  readonly largeCommunities?: readonly LargeCommunity[] | undefined;
}

/** Writes one attribute with the extended length flag when the value needs it. */
export function writeAttribute(w: ByteWriter, flags: number, type: number, value: Uint8Array): void {
  if (value.length > 255)
    w.u8(flags | AttrFlag.ExtendedLength)
      .u8(type)
      .u16(value.length);
  else
    w.u8(flags & ~AttrFlag.ExtendedLength)
      .u8(type)
      .u8(value.length);
  w.bytes(value);
}

function asPathValue(asns: readonly number[], fourOctet: boolean): Uint8Array {
  const w = new ByteWriter(2 + asns.length * 4);
  // A segment holds at most 255 ASNs (RFC 4271 §4.3); longer paths are split.
  for (let i = 0; i < asns.length; i += 255) {
    const seg = asns.slice(i, i + 255);
    w.u8(AsPathSegmentType.AsSequence).u8(seg.length);
    for (const a of seg) {
      if (fourOctet) w.u32(a);
      else w.u16(a > 0xffff ? AS_TRANS : a);
    }
  }
  return w.finish();
}

/**
 * Encodes the attributes of an originated route in ascending type order (RFC 4271 §5), without
 * MP_REACH_NLRI (the caller places that first, RFC 7606 §5.1). Towards a 2-octet-only peer an
 * AS number above 65535 becomes AS_TRANS and the true path travels in AS4_PATH (RFC 6793 §4.2.2).
 */
export function encodeOutboundAttributes(a: OutboundAttributes): Uint8Array {
  const w = new ByteWriter(64);
  const wk = AttrFlag.Transitive;
  const optTrans = AttrFlag.Optional | AttrFlag.Transitive;
  writeAttribute(w, wk, AttrType.Origin, Uint8Array.of(a.origin));
  writeAttribute(w, wk, AttrType.AsPath, asPathValue(a.asPath, a.fourOctetAs));
  if (a.nextHopV4 !== undefined) writeAttribute(w, wk, AttrType.NextHop, new ByteWriter(4).u32(a.nextHopV4).finish());
  if (a.med !== undefined) writeAttribute(w, AttrFlag.Optional, AttrType.MultiExitDisc, new ByteWriter(4).u32(a.med).finish());
  if (a.localPref !== undefined) writeAttribute(w, wk, AttrType.LocalPref, new ByteWriter(4).u32(a.localPref).finish());
  if (a.communities !== undefined && a.communities.length > 0) {
    const v = new ByteWriter(a.communities.length * 4);
    for (const c of a.communities) v.u32(c);
    writeAttribute(w, optTrans, AttrType.Communities, v.finish());
  }
  if (a.extendedCommunities !== undefined && a.extendedCommunities.length > 0) {
    const v = new ByteWriter(a.extendedCommunities.length * 8);
    for (const c of a.extendedCommunities) v.bytes(c);
    writeAttribute(w, optTrans, AttrType.ExtendedCommunities, v.finish());
  }
  if (!a.fourOctetAs && a.asPath.some((x) => x > 0xffff)) writeAttribute(w, optTrans, AttrType.As4Path, asPathValue(a.asPath, true));
  if (a.largeCommunities !== undefined && a.largeCommunities.length > 0) {
    const v = new ByteWriter(a.largeCommunities.length * 12);
    for (const c of a.largeCommunities) v.u32(c[0]).u32(c[1]).u32(c[2]);
    writeAttribute(w, optTrans, AttrType.LargeCommunities, v.finish());
  }
  return w.finish();
}

/** Result of decoding the attributes field: the attributes and the first treat-as-withdraw error. */
export interface DecodedAttributes {
  readonly attributes: PathAttributes;
  /** Set when the UPDATE must be treated as a withdraw (RFC 7606 §2); the session stays up. */
  readonly malformed: WireError | undefined;
}

/** Well-known attributes and the flags RFC 4271 §5 gives them (optional bit, transitive bit). */
const EXPECTED_FLAGS: Readonly<Record<number, number>> = {
  [AttrType.Origin]: AttrFlag.Transitive,
  [AttrType.AsPath]: AttrFlag.Transitive,
  [AttrType.NextHop]: AttrFlag.Transitive,
  [AttrType.MultiExitDisc]: AttrFlag.Optional,
  [AttrType.LocalPref]: AttrFlag.Transitive,
  [AttrType.AtomicAggregate]: AttrFlag.Transitive,
  [AttrType.Communities]: AttrFlag.Optional | AttrFlag.Transitive,
  [AttrType.MpReachNlri]: AttrFlag.Optional,
  [AttrType.MpUnreachNlri]: AttrFlag.Optional,
  [AttrType.ExtendedCommunities]: AttrFlag.Optional | AttrFlag.Transitive,
  [AttrType.As4Path]: AttrFlag.Optional | AttrFlag.Transitive,
  [AttrType.LargeCommunities]: AttrFlag.Optional | AttrFlag.Transitive,
};

/**
 * Decodes the path attributes field. Framing errors and broken MP_REACH/MP_UNREACH fail the
 * whole message (session reset); errors inside other known attributes only mark the UPDATE
 * `malformed` (treat-as-withdraw), as RFC 7606 §3 and §7 prescribe.
 */
export function decodeAttributes(body: Uint8Array, start: number, end: number, fourOctetAs: boolean): DecodedAttributes {
  const attributes: PathAttributes = {};
  const seen = new Set<number>();
  let malformed: WireError | undefined;
  const soft = (subcode: number, reason: string, data: Uint8Array): void => {
    malformed ??= { code: ErrorCode.UpdateMessage, subcode, data, reason, treatAsWithdraw: true };
  };
  let o = start;
  while (o < end) {
    if (o + 2 > end) fail(ErrorCode.UpdateMessage, UpdateSubcode.MalformedAttributeList, 'truncated attribute header');
    const flags = body[o]!;
    const type = body[o + 1]!;
    const ext = (flags & AttrFlag.ExtendedLength) !== 0;
    const hdr = ext ? 4 : 3;
    if (o + hdr > end) fail(ErrorCode.UpdateMessage, UpdateSubcode.MalformedAttributeList, 'truncated attribute header');
    const len = ext ? (body[o + 2]! << 8) | body[o + 3]! : body[o + 2]!;
    const vStart = o + hdr;
    if (vStart + len > end) fail(ErrorCode.UpdateMessage, UpdateSubcode.AttributeLengthError, `attribute ${type} runs past the attributes field`, body.slice(o, end));
    const value = body.subarray(vStart, vStart + len);
    const whole = body.slice(o, vStart + len);
    o = vStart + len;
    const isMp = type === AttrType.MpReachNlri || type === AttrType.MpUnreachNlri;
    if (seen.has(type)) {
      // RFC 7606 §3 (g): repeated MP attributes reset the session; other repeats are discarded.
      if (isMp) fail(ErrorCode.UpdateMessage, UpdateSubcode.MalformedAttributeList, `MP attribute ${type} repeated`);
      continue;
    }
    seen.add(type);
    const expected = EXPECTED_FLAGS[type];
    if (expected !== undefined && (flags & (AttrFlag.Optional | AttrFlag.Transitive)) !== expected) {
      if (isMp) fail(ErrorCode.UpdateMessage, UpdateSubcode.AttributeFlagsError, `MP attribute ${type} has wrong flags`, whole);
      soft(UpdateSubcode.AttributeFlagsError, `attribute ${type} has wrong flags`, whole);
      continue;
    }
    decodeOne(attributes, flags, type, value, whole, fourOctetAs, soft);
  }
  return { attributes, malformed };
}

type Soft = (subcode: number, reason: string, data: Uint8Array) => void;

function u32s(value: Uint8Array, size: number): number[] {
  const v = new DataView(value.buffer, value.byteOffset, value.byteLength);
  const out: number[] = [];
  for (let i = 0; i + size <= value.length; i += size) out.push(v.getUint32(i));
  return out;
}

function decodeOne(a: PathAttributes, flags: number, type: number, value: Uint8Array, whole: Uint8Array, fourOctetAs: boolean, soft: Soft): void {
  const v = new DataView(value.buffer, value.byteOffset, value.byteLength);
  const lengthError = (): void => soft(UpdateSubcode.AttributeLengthError, `attribute ${type} has a bad length ${value.length}`, whole);
  switch (type) {
    case AttrType.Origin:
      if (value.length !== 1) return lengthError();
      if (value[0]! > 2) return soft(UpdateSubcode.InvalidOrigin, `invalid ORIGIN ${value[0]}`, whole);
      a.origin = value[0] as Origin;
      return;
    case AttrType.AsPath:
    case AttrType.As4Path: {
      const segs = decodeAsPath(value, type === AttrType.As4Path || fourOctetAs);
      if (segs === undefined) return soft(UpdateSubcode.MalformedAsPath, `malformed ${type === AttrType.AsPath ? 'AS_PATH' : 'AS4_PATH'}`, new Uint8Array(0));
      if (type === AttrType.AsPath) a.asPath = segs;
      else a.as4Path = segs;
      return;
    }
    case AttrType.NextHop:
      if (value.length !== 4) return lengthError();
      a.nextHop = v.getUint32(0);
      return;
    case AttrType.MultiExitDisc:
    case AttrType.LocalPref:
      if (value.length !== 4) return lengthError();
      if (type === AttrType.MultiExitDisc) a.med = v.getUint32(0);
      else a.localPref = v.getUint32(0);
      return;
    case AttrType.AtomicAggregate:
      a.atomicAggregate = true; // RFC 7606 §7.6: a bad length only discards this attribute
      return;
    case AttrType.Communities:
      if (value.length % 4 !== 0) return lengthError();
      a.communities = u32s(value, 4);
      return;
    case AttrType.ExtendedCommunities:
      if (value.length % 8 !== 0) return lengthError();
      a.extendedCommunities = [];
      for (let i = 0; i < value.length; i += 8) a.extendedCommunities.push(value.slice(i, i + 8));
      return;
    case AttrType.LargeCommunities:
      if (value.length % 12 !== 0) return lengthError();
      a.largeCommunities = [];
      for (let i = 0; i < value.length; i += 12) a.largeCommunities.push([v.getUint32(i), v.getUint32(i + 4), v.getUint32(i + 8)]);
      return;
    case AttrType.MpReachNlri:
      a.mpReach = decodeMpReach(value, v);
      return;
    case AttrType.MpUnreachNlri:
      if (value.length < 3) fail(ErrorCode.UpdateMessage, UpdateSubcode.OptionalAttributeError, 'MP_UNREACH_NLRI shorter than 3 octets', whole);
      a.mpUnreach = { afi: v.getUint16(0), safi: value[2]!, nlri: value.slice(3) };
      return;
    default:
      // RFC 4271 §6.3: an unrecognised well-known (non-optional) attribute is an error.
      if ((flags & AttrFlag.Optional) === 0) return soft(UpdateSubcode.UnrecognizedWellKnownAttribute, `unrecognised well-known attribute ${type}`, whole);
      (a.others ??= []).push({ flags, type, value: value.slice() });
  }
}

function decodeMpReach(value: Uint8Array, v: DataView): MpReach {
  // RFC 7606 §5.3: an MP_REACH_NLRI we cannot parse leaves no way to find its NLRI: session reset.
  if (value.length < 5) fail(ErrorCode.UpdateMessage, UpdateSubcode.OptionalAttributeError, 'MP_REACH_NLRI shorter than 5 octets');
  const nhLen = value[3]!;
  if (4 + nhLen + 1 > value.length) fail(ErrorCode.UpdateMessage, UpdateSubcode.OptionalAttributeError, 'MP_REACH_NLRI next hop runs past the attribute');
  return { afi: v.getUint16(0), safi: value[2]!, nextHop: value.slice(4, 4 + nhLen), nlri: value.slice(4 + nhLen + 1) };
}

function decodeAsPath(value: Uint8Array, fourOctet: boolean): AsPathSegment[] | undefined {
  const size = fourOctet ? 4 : 2;
  const v = new DataView(value.buffer, value.byteOffset, value.byteLength);
  const segs: AsPathSegment[] = [];
  let o = 0;
  while (o < value.length) {
    if (o + 2 > value.length) return undefined;
    const type = value[o]!;
    const count = value[o + 1]!;
    // RFC 7606 §7.2: unknown segment types and zero-length segments make the path malformed.
    if (type < 1 || type > 4 || count === 0 || o + 2 + count * size > value.length) return undefined;
    const asns: number[] = [];
    for (let i = 0; i < count; i++) asns.push(fourOctet ? v.getUint32(o + 2 + i * 4) : v.getUint16(o + 2 + i * 2));
    segs.push({ type, asns });
    o += 2 + count * size;
  }
  return segs;
}
