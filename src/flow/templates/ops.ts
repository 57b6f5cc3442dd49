/**
 * What the record readers do with each field: the ops of a compiled template, which information
 * element maps to which op, and the lengths each op accepts.
 *
 * Pure: no I/O.
 */
import { IE } from './information-elements.js';

/** What the record reader does with one field. */
export const Op = {
  Skip: 0,
  Bytes: 1,
  Packets: 2,
  Protocol: 3,
  Tos: 4,
  TcpFlags: 5,
  SrcPort: 6,
  DstPort: 7,
  SrcV4: 8,
  DstV4: 9,
  SrcV6: 10,
  DstV6: 11,
  NextHopV4: 12,
  NextHopV6: 13,
  SrcMaskV4: 14,
  DstMaskV4: 15,
  SrcMaskV6: 16,
  DstMaskV6: 17,
  InIf: 18,
  OutIf: 19,
  SrcAs: 20,
  DstAs: 21,
  Vlan: 22,
  Direction: 23,
  IpVersion: 24,
  StartUptime: 25,
  EndUptime: 26,
  StartSeconds: 27,
  EndSeconds: 28,
  StartMillis: 29,
  EndMillis: 30,
  StartNtp: 31,
  EndNtp: 32,
  StartDeltaMicros: 33,
  EndDeltaMicros: 34,
  ObsSeconds: 35,
  ObsMillis: 36,
  SystemInit: 37,
  IcmpTypeCode: 38,
  IcmpType: 39,
  IcmpCode: 40,
  FragOffset: 41,
  FragFlags: 42,
  SamplingInterval: 43,
  SamplerId: 44,
  PacketInterval: 45,
  PacketSpace: 46,
  SamplingSize: 47,
  SamplingPopulation: 48,
  FrameSize: 49,
  FrameSection: 50,
  IpHeaderSection: 51,
  TemplateIdScope: 52,
  /** IPv6 values in a template that also carries IPv4 addresses: held aside until the family is known. */
  SrcV6Alt: 53,
  DstV6Alt: 54,
  NextHopV6Alt: 55,
  SrcMaskV6Alt: 56,
  DstMaskV6Alt: 57,
} as const;
export type Op = (typeof Op)[keyof typeof Op];

/** True when `len` bytes is a length the op's element allows (reduced-size encoding included). */
export function lengthAllowed(op: Op, len: number): boolean {
  switch (op) {
    case Op.SrcV4:
    case Op.DstV4:
    case Op.NextHopV4:
      return len === 4;
    case Op.SrcV6:
    case Op.DstV6:
    case Op.NextHopV6:
    case Op.SrcV6Alt:
    case Op.DstV6Alt:
    case Op.NextHopV6Alt:
      return len === 16;
    case Op.Protocol:
    case Op.Tos:
    case Op.SrcMaskV4:
    case Op.DstMaskV4:
    case Op.SrcMaskV6:
    case Op.DstMaskV6:
    case Op.SrcMaskV6Alt:
    case Op.DstMaskV6Alt:
    case Op.Direction:
    case Op.IpVersion:
    case Op.IcmpType:
    case Op.IcmpCode:
    case Op.FragFlags:
      return len === 1;
    case Op.TcpFlags:
    case Op.SrcPort:
    case Op.DstPort:
    case Op.Vlan:
    case Op.IcmpTypeCode:
    case Op.FragOffset:
    case Op.FrameSize:
    case Op.TemplateIdScope:
      return len >= 1 && len <= 2;
    case Op.InIf:
    case Op.OutIf:
    case Op.SrcAs:
    case Op.DstAs:
      return len >= 1 && len <= 4;
    // Timestamps have fixed encodings (RFC 7011 §6.1.7–6.1.10); no reduced size.
    case Op.StartUptime:
    case Op.EndUptime:
    case Op.StartSeconds:
    case Op.EndSeconds:
    case Op.StartDeltaMicros:
    case Op.EndDeltaMicros:
    case Op.ObsSeconds:
      return len === 4;
    case Op.StartMillis:
    case Op.EndMillis:
    case Op.StartNtp:
    case Op.EndNtp:
    case Op.ObsMillis:
    case Op.SystemInit:
      return len === 8;
    case Op.FrameSection:
    case Op.IpHeaderSection:
      return len >= 1;
    default:
      // Counters and sampling parameters: any reduced size up to 8 bytes (RFC 7011 §6.2).
      return len >= 1 && len <= 8;
  }
}

/** Ops that may be variable-length (octetArray elements). */
export function variableOk(op: Op): boolean {
  return op === Op.FrameSection || op === Op.IpHeaderSection;
}

/** Data-record op for an element, before fallbacks; Skip when the element is not used. */
export function dataOp(ie: number): Op {
  switch (ie) {
    case IE.octetDeltaCount:
    case IE.octetTotalCount:
    case IE.postOctetDeltaCount:
      return Op.Bytes;
    case IE.packetDeltaCount:
    case IE.packetTotalCount:
    case IE.postPacketDeltaCount:
      return Op.Packets;
    case IE.protocolIdentifier:
      return Op.Protocol;
    case IE.ipClassOfService:
      return Op.Tos;
    case IE.tcpControlBits:
      return Op.TcpFlags;
    case IE.sourceTransportPort:
    case IE.udpSourcePort:
    case IE.tcpSourcePort:
      return Op.SrcPort;
    case IE.destinationTransportPort:
    case IE.udpDestinationPort:
    case IE.tcpDestinationPort:
      return Op.DstPort;
    case IE.sourceIPv4Address:
      return Op.SrcV4;
    case IE.destinationIPv4Address:
      return Op.DstV4;
    case IE.sourceIPv6Address:
      return Op.SrcV6;
    case IE.destinationIPv6Address:
      return Op.DstV6;
    case IE.ipNextHopIPv4Address:
    case IE.bgpNextHopIPv4Address:
      return Op.NextHopV4;
    case IE.ipNextHopIPv6Address:
    case IE.bgpNextHopIPv6Address:
      return Op.NextHopV6;
    case IE.sourceIPv4PrefixLength:
      return Op.SrcMaskV4;
    case IE.destinationIPv4PrefixLength:
      return Op.DstMaskV4;
    case IE.sourceIPv6PrefixLength:
      return Op.SrcMaskV6;
    case IE.destinationIPv6PrefixLength:
      return Op.DstMaskV6;
    case IE.ingressInterface:
    case IE.ingressPhysicalInterface:
      return Op.InIf;
    case IE.egressInterface:
    case IE.egressPhysicalInterface:
      return Op.OutIf;
    case IE.bgpSourceAsNumber:
      return Op.SrcAs;
    case IE.bgpDestinationAsNumber:
      return Op.DstAs;
    case IE.vlanId:
    case IE.dot1qVlanId:
      return Op.Vlan;
    case IE.flowDirection:
      return Op.Direction;
    case IE.ipVersion:
      return Op.IpVersion;
    case IE.flowStartSysUpTime:
      return Op.StartUptime;
    case IE.flowEndSysUpTime:
      return Op.EndUptime;
    case IE.flowStartSeconds:
      return Op.StartSeconds;
    case IE.flowEndSeconds:
      return Op.EndSeconds;
    case IE.flowStartMilliseconds:
      return Op.StartMillis;
    case IE.flowEndMilliseconds:
      return Op.EndMillis;
    case IE.flowStartMicroseconds:
    case IE.flowStartNanoseconds:
      return Op.StartNtp;
    case IE.flowEndMicroseconds:
    case IE.flowEndNanoseconds:
      return Op.EndNtp;
    case IE.flowStartDeltaMicroseconds:
      return Op.StartDeltaMicros;
    case IE.flowEndDeltaMicroseconds:
      return Op.EndDeltaMicros;
    case IE.observationTimeSeconds:
      return Op.ObsSeconds;
    case IE.observationTimeMilliseconds:
      return Op.ObsMillis;
    case IE.systemInitTimeMilliseconds:
      return Op.SystemInit;
    case IE.icmpTypeCodeIPv4:
    case IE.icmpTypeCodeIPv6:
      return Op.IcmpTypeCode;
    case IE.icmpTypeIPv4:
    case IE.icmpTypeIPv6:
      return Op.IcmpType;
    case IE.icmpCodeIPv4:
    case IE.icmpCodeIPv6:
      return Op.IcmpCode;
    case IE.fragmentOffset:
      return Op.FragOffset;
    case IE.fragmentFlags:
      return Op.FragFlags;
    case IE.samplingInterval:
    case IE.samplerRandomInterval:
      return Op.SamplingInterval;
    case IE.samplerId:
    case IE.selectorId:
      return Op.SamplerId;
    case IE.samplingPacketInterval:
      return Op.PacketInterval;
    case IE.samplingPacketSpace:
      return Op.PacketSpace;
    case IE.samplingSize:
      return Op.SamplingSize;
    case IE.samplingPopulation:
      return Op.SamplingPopulation;
    case IE.dataLinkFrameSize:
      return Op.FrameSize;
    case IE.dataLinkFrameSection:
      return Op.FrameSection;
    case IE.ipHeaderPacketSection:
      return Op.IpHeaderSection;
    default:
      return Op.Skip;
  }
}

/** Options-record op: only what feeds sampling and time bases. */
export function optionsOp(ie: number): Op {
  switch (ie) {
    case IE.samplingInterval:
    case IE.samplerRandomInterval:
      return Op.SamplingInterval;
    case IE.samplerId:
    case IE.selectorId:
      return Op.SamplerId;
    case IE.samplingPacketInterval:
      return Op.PacketInterval;
    case IE.samplingPacketSpace:
      return Op.PacketSpace;
    case IE.samplingSize:
      return Op.SamplingSize;
    case IE.samplingPopulation:
      return Op.SamplingPopulation;
    case IE.systemInitTimeMilliseconds:
      return Op.SystemInit;
    case IE.templateId:
      return Op.TemplateIdScope;
    default:
      return Op.Skip;
  }
}

/** Ops that write the same value share a slot (all start times, all end times, …). */
export function slotOf(op: Op): number {
  switch (op) {
    case Op.StartUptime:
    case Op.StartSeconds:
    case Op.StartMillis:
    case Op.StartNtp:
    case Op.StartDeltaMicros:
      return 100;
    case Op.EndUptime:
    case Op.EndSeconds:
    case Op.EndMillis:
    case Op.EndNtp:
    case Op.EndDeltaMicros:
      return 101;
    case Op.ObsSeconds:
    case Op.ObsMillis:
      return 102;
    default:
      return op;
  }
}
