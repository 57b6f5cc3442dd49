/**
 * Templates of the NetFlow v9 and IPFIX exporters, and the one writer that fills a data record from
 * a {@link FlowRecords} row by information element. NetFlow v9 field types 1–127 and IPFIX
 * information elements share their numbers (RFC 3954 §8, IANA "IPFIX Information Elements"), so
 * one writer serves both; only the time fields differ (v9: sysUptime-relative 21/22, IPFIX:
 * absolute milliseconds 152/153).
 *
 * Pure: no I/O.
 */
import type { FlowRecords } from './flow-records.js';

/** A field specifier: information element id and encoded length in octets. */
export interface FieldSpec {
  readonly id: number;
  readonly length: number;
}

/** Information elements used by the simulator's templates (IANA numbers). */
export const IE = {
  octetDeltaCount: 1,
  packetDeltaCount: 2,
  protocolIdentifier: 4,
  ipClassOfService: 5,
  tcpControlBits: 6,
  sourceTransportPort: 7,
  sourceIPv4Address: 8,
  sourceIPv4PrefixLength: 9,
  ingressInterface: 10,
  destinationTransportPort: 11,
  destinationIPv4Address: 12,
  destinationIPv4PrefixLength: 13,
  egressInterface: 14,
  ipNextHopIPv4Address: 15,
  bgpSourceAsNumber: 16,
  bgpDestinationAsNumber: 17,
  flowEndSysUpTime: 21,
  flowStartSysUpTime: 22,
  sourceIPv6Address: 27,
  destinationIPv6Address: 28,
  sourceIPv6PrefixLength: 29,
  destinationIPv6PrefixLength: 30,
  icmpTypeCodeIPv4: 32,
  samplingInterval: 34,
  samplingAlgorithm: 35,
  samplerId: 48,
  samplerMode: 49,
  samplerRandomInterval: 50,
  vlanId: 58,
  flowDirection: 61,
  ipNextHopIPv6Address: 62,
  fragmentOffset: 88,
  icmpTypeCodeIPv6: 139,
  observationDomainId: 149,
  flowStartMilliseconds: 152,
  flowEndMilliseconds: 153,
  fragmentFlags: 197,
  selectorId: 302,
  selectorAlgorithm: 304,
  samplingPacketInterval: 305,
  samplingPacketSpace: 306,
} as const;

const f = (id: number, length: number): FieldSpec => ({ id, length });

/** Fields common to every template after the addresses, in wire order. */
function tail(v6: boolean): FieldSpec[] {
  return [
    f(IE.ingressInterface, 4),
    f(IE.egressInterface, 4),
    f(IE.bgpSourceAsNumber, 4),
    f(IE.bgpDestinationAsNumber, 4),
    f(v6 ? IE.icmpTypeCodeIPv6 : IE.icmpTypeCodeIPv4, 2),
    f(IE.vlanId, 2),
    f(IE.flowDirection, 1),
    f(IE.fragmentOffset, 2),
    f(IE.fragmentFlags, 1),
  ];
}

/** NetFlow v9 data template fields (Cisco-like 4-octet counters); `sampled` adds FLOW_SAMPLER_ID. */
export function v9Fields(v6: boolean, sampled: boolean): FieldSpec[] {
  const fields = [
    f(IE.octetDeltaCount, 4),
    f(IE.packetDeltaCount, 4),
    f(IE.protocolIdentifier, 1),
    f(IE.ipClassOfService, 1),
    f(IE.tcpControlBits, 1),
    f(IE.sourceTransportPort, 2),
    f(IE.destinationTransportPort, 2),
    ...(v6
      ? [f(IE.sourceIPv6Address, 16), f(IE.destinationIPv6Address, 16), f(IE.sourceIPv6PrefixLength, 1), f(IE.destinationIPv6PrefixLength, 1), f(IE.ipNextHopIPv6Address, 16)]
      : [f(IE.sourceIPv4Address, 4), f(IE.destinationIPv4Address, 4), f(IE.sourceIPv4PrefixLength, 1), f(IE.destinationIPv4PrefixLength, 1), f(IE.ipNextHopIPv4Address, 4)]),
    f(IE.flowStartSysUpTime, 4),
    f(IE.flowEndSysUpTime, 4),
    ...tail(v6),
  ];
  if (sampled) fields.push(f(IE.samplerId, 2));
  return fields;
}

/** IPFIX data template fields (RFC 7011 with IANA elements; 8-octet counters and times). */
export function ipfixFields(v6: boolean): FieldSpec[] {
  return [
    f(IE.octetDeltaCount, 8),
    f(IE.packetDeltaCount, 8),
    f(IE.flowStartMilliseconds, 8),
    f(IE.flowEndMilliseconds, 8),
    ...(v6
      ? [f(IE.sourceIPv6Address, 16), f(IE.destinationIPv6Address, 16), f(IE.ipNextHopIPv6Address, 16), f(IE.sourceIPv6PrefixLength, 1), f(IE.destinationIPv6PrefixLength, 1)]
      : [f(IE.sourceIPv4Address, 4), f(IE.destinationIPv4Address, 4), f(IE.ipNextHopIPv4Address, 4), f(IE.sourceIPv4PrefixLength, 1), f(IE.destinationIPv4PrefixLength, 1)]),
    f(IE.sourceTransportPort, 2),
    f(IE.destinationTransportPort, 2),
    f(IE.protocolIdentifier, 1),
    // RFC 7125: tcpControlBits is 16 bits wide in IPFIX.
    f(IE.tcpControlBits, 2),
    f(IE.ipClassOfService, 1),
    ...tail(v6),
  ];
}

/** Sum of field lengths: the length of one data record. */
export function recordLength(fields: readonly FieldSpec[]): number {
  let n = 0;
  for (const x of fields) n += x.length;
  return n;
}

/** Writes an unsigned integer of 1, 2, 4 or 8 octets (8-octet values must be below 2^53). */
export function writeUnsigned(view: DataView, p: number, length: number, value: number): void {
  switch (length) {
    case 1:
      view.setUint8(p, value);
      return;
    case 2:
      view.setUint16(p, value);
      return;
    case 4:
      view.setUint32(p, Math.min(value, 0xffffffff));
      return;
    case 8:
      view.setUint32(p, Math.floor(value / 4294967296));
      view.setUint32(p + 4, value >>> 0);
      return;
    default:
      throw new RangeError(`unsupported integer length ${length}`);
  }
}

function writeWords(view: DataView, p: number, words: Uint32Array, i: number, length: number): void {
  const o = i * 4;
  if (length === 4) {
    view.setUint32(p, words[o + 3]!);
    return;
  }
  view.setUint32(p, words[o]!);
  view.setUint32(p + 4, words[o + 1]!);
  view.setUint32(p + 8, words[o + 2]!);
  view.setUint32(p + 12, words[o + 3]!);
}

/** What a data record needs beyond the flow record itself. */
export interface RecordContext {
  /** Exporter boot time (ms since epoch) for sysUptime-relative v9 times. */
  readonly bootMs: number;
  /** Value of FLOW_SAMPLER_ID, when the template carries it. */
  readonly samplerId: number;
}

/** Writes flow record `i` with `fields` at `p`; returns the offset after it. */
export function writeDataRecord(view: DataView, p: number, fields: readonly FieldSpec[], r: FlowRecords, i: number, ctx: RecordContext): number {
  for (const { id, length } of fields) {
    switch (id) {
      case IE.sourceIPv4Address:
      case IE.sourceIPv6Address:
        writeWords(view, p, r.src, i, length);
        break;
      case IE.destinationIPv4Address:
      case IE.destinationIPv6Address:
        writeWords(view, p, r.dst, i, length);
        break;
      case IE.ipNextHopIPv4Address:
      case IE.ipNextHopIPv6Address:
        writeWords(view, p, r.nextHop, i, length);
        break;
      default:
        writeUnsigned(view, p, length, scalar(id, r, i, ctx));
    }
    p += length;
  }
  return p;
}

function scalar(id: number, r: FlowRecords, i: number, ctx: RecordContext): number {
  switch (id) {
    case IE.octetDeltaCount:
      return r.bytes[i]!;
    case IE.packetDeltaCount:
      return r.packets[i]!;
    case IE.protocolIdentifier:
      return r.protocol[i]!;
    case IE.ipClassOfService:
      return r.tos[i]!;
    case IE.tcpControlBits:
      return r.tcpFlags[i]!;
    case IE.sourceTransportPort:
      return r.srcPort[i]!;
    case IE.destinationTransportPort:
      return r.dstPort[i]!;
    case IE.sourceIPv4PrefixLength:
    case IE.sourceIPv6PrefixLength:
      return r.srcMask[i]!;
    case IE.destinationIPv4PrefixLength:
    case IE.destinationIPv6PrefixLength:
      return r.dstMask[i]!;
    case IE.ingressInterface:
      return r.inputIf[i]!;
    case IE.egressInterface:
      return r.outputIf[i]!;
    case IE.bgpSourceAsNumber:
      return r.srcAs[i]!;
    case IE.bgpDestinationAsNumber:
      return r.dstAs[i]!;
    case IE.flowStartSysUpTime:
      return (r.startMs[i]! - ctx.bootMs) >>> 0;
    case IE.flowEndSysUpTime:
      return (r.endMs[i]! - ctx.bootMs) >>> 0;
    case IE.flowStartMilliseconds:
      return r.startMs[i]!;
    case IE.flowEndMilliseconds:
      return r.endMs[i]!;
    case IE.icmpTypeCodeIPv4:
    case IE.icmpTypeCodeIPv6:
      return r.icmpTypeCode[i]!;
    case IE.vlanId:
      return r.vlan[i]!;
    case IE.flowDirection:
      return r.direction[i]!;
    case IE.fragmentOffset:
      return r.fragOffset[i]!;
    case IE.fragmentFlags:
      return r.fragFlags[i]!;
    case IE.samplerId:
      return ctx.samplerId;
    default:
      throw new RangeError(`no writer for information element ${id}`);
  }
}

/** Writes a template record (id, field count, specifiers) at `p`; returns the offset after it. */
export function writeTemplateRecord(view: DataView, p: number, templateId: number, fields: readonly FieldSpec[]): number {
  view.setUint16(p, templateId);
  view.setUint16(p + 2, fields.length);
  p += 4;
  for (const x of fields) {
    view.setUint16(p, x.id);
    view.setUint16(p + 2, x.length);
    p += 4;
  }
  return p;
}
