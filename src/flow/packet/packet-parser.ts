/**
 * Parses the header of a sampled packet (sFlow raw packet header, IPFIX dataLinkFrameSection) into
 * the mechanical fields a flow record holds: addresses, protocol, ports, TCP flags, ICMP type and
 * code, ToS, fragmentation, VLAN, IP length.
 *
 * What is reported, and why:
 * - Layer 2 is walked until the first IP header: Ethernet, 802.1Q and QinQ tags (0x8100, 0x88a8,
 *   0x9100; the outermost VLAN id is kept), MPLS label stacks (0x8847/0x8848; after the bottom of
 *   stack the first nibble selects IPv4 (4), IPv6 (6) or an RFC 4385 pseudowire control word (0)
 *   followed by an Ethernet frame, RFC 4448 EoMPLS).
 * - The first IP header found is the one reported: the **outer** header of IP-level tunnels. GRE
 *   (47), IP-in-IP (4), IPv6-in-IP (41), SRv6 (IPv6 routing header then 41) and VXLAN (UDP 4789)
 *   are not decapsulated — the outer header is what crossed the observed link, what an ISP can
 *   filter, and how a GRE flood shows up (protocol 47 towards the target).
 * - IPv6 extension headers (hop-by-hop, routing, destination options, fragment, AH, mobility,
 *   HIP, shim6) are skipped; the protocol reported is the first upper-layer one.
 * - Non-first fragments carry no L4 header: ports stay 0 and the fragment bits say why.
 *
 * Privacy invariant (brief: mechanical data only): only the L4 *header* is read — at most the first
 * 14 bytes of TCP (ports, flags), 4 of UDP/SCTP/DCCP (ports) and 2 of ICMP (type, code). Payload
 * bytes after the L4 header are never read, copied or exposed, and no offset into them is returned.
 *
 * Pure: no I/O, no allocation per packet (the caller reuses one {@link PacketInfo}).
 */
import { FragmentFlags } from '../flow-batch.js';
import { u16, u32 } from '../bytes.js';

/** How the header bytes start. */
export const LinkType = {
  Ethernet: 1,
  /** Raw IP: the version nibble selects IPv4 or IPv6. */
  Ip: 2,
} as const;
export type LinkType = (typeof LinkType)[keyof typeof LinkType];

/** Outcome of {@link parsePacket}. */
export const PacketStatus = {
  /** An IP header was found and parsed (the L4 header may still be absent or cut short). */
  Ok: 0,
  /** A well-formed frame that carries no IP (ARP, LLDP, MPLS control channel, unknown EtherType). */
  NotIp: 1,
  /** The headers end before a complete IP header. */
  Truncated: 2,
} as const;
export type PacketStatus = (typeof PacketStatus)[keyof typeof PacketStatus];

/** Mechanical fields of one sampled packet; reused across packets. */
export class PacketInfo {
  /** 4 or 6; 0 when no IP header was found. */
  ipVersion = 0;
  /** Source address as four words (IPv4 mapped). */
  readonly src = new Uint32Array(4);
  /** Destination address as four words (IPv4 mapped). */
  readonly dst = new Uint32Array(4);
  protocol = 0;
  srcPort = 0;
  dstPort = 0;
  tcpFlags = 0;
  /** IPv4 ToS byte / IPv6 traffic class. */
  tos = 0;
  /** ICMP type × 256 + code. */
  icmpTypeCode = 0;
  /** {@link FragmentFlags} bits. */
  fragment = 0;
  /** Outermost 802.1Q VLAN id, 0 when untagged. */
  vlan = 0;
  /** Length of the IP packet per its header (IPv4 total length, IPv6 payload length + 40). */
  ipLength = 0;

  /** Resets every field to zero. */
  clear(): void {
    this.ipVersion = 0;
    this.src.fill(0);
    this.dst.fill(0);
    this.protocol = 0;
    this.srcPort = 0;
    this.dstPort = 0;
    this.tcpFlags = 0;
    this.tos = 0;
    this.icmpTypeCode = 0;
    this.fragment = 0;
    this.vlan = 0;
    this.ipLength = 0;
  }
}

const ETH_IPV4 = 0x0800;
const ETH_IPV6 = 0x86dd;
const ETH_VLAN = 0x8100;
const ETH_QINQ = 0x88a8;
const ETH_QINQ_OLD = 0x9100;
const ETH_MPLS = 0x8847;
const ETH_MPLS_MC = 0x8848;

/** Most EoMPLS nestings followed; real traffic has one, crafted headers could chain more. */
const MAX_ETHERNET_NESTING = 2;

/**
 * Parses header bytes `d[off, end)` starting with `link` into `out` (cleared first).
 * Never throws and never reads past `end`.
 */
export function parsePacket(d: Uint8Array, off: number, end: number, link: LinkType, out: PacketInfo): PacketStatus {
  out.clear();
  if (end > d.length) end = d.length;
  if (link === LinkType.Ip) return parseIp(d, off, end, out);
  return parseEthernet(d, off, end, out, 0);
}

function parseEthernet(d: Uint8Array, p: number, end: number, out: PacketInfo, nesting: number): PacketStatus {
  if (end - p < 14) return PacketStatus.Truncated;
  let type = u16(d, p + 12);
  p += 14;
  // 802.1Q / 802.1ad tags; each tag consumes 4 bytes, so the loop ends with the data.
  while (type === ETH_VLAN || type === ETH_QINQ || type === ETH_QINQ_OLD) {
    if (end - p < 4) return PacketStatus.Truncated;
    if (out.vlan === 0) out.vlan = u16(d, p) & 0x0fff;
    type = u16(d, p + 2);
    p += 4;
  }
  if (type === ETH_MPLS || type === ETH_MPLS_MC) return parseMpls(d, p, end, out, nesting);
  if (type === ETH_IPV4 || type === ETH_IPV6) return parseIp(d, p, end, out);
  return PacketStatus.NotIp;
}

function parseMpls(d: Uint8Array, p: number, end: number, out: PacketInfo, nesting: number): PacketStatus {
  // Label stack entries (RFC 3032 §2.1): 4 bytes each, bottom-of-stack bit ends the stack.
  for (;;) {
    if (end - p < 4) return PacketStatus.Truncated;
    const bottom = d[p + 2]! & 1;
    p += 4;
    if (bottom === 1) break;
  }
  if (end - p < 1) return PacketStatus.Truncated;
  const nibble = d[p]! >>> 4;
  if (nibble === 4 || nibble === 6) return parseIp(d, p, end, out);
  if (nibble === 0 && nesting < MAX_ETHERNET_NESTING) {
    // RFC 4385 control word, then the emulated Ethernet frame (RFC 4448).
    if (end - p < 4) return PacketStatus.Truncated;
    return parseEthernet(d, p + 4, end, out, nesting + 1);
  }
  // Nibble 1: pseudowire associated channel (RFC 4385 §5), control traffic, not IP.
  return PacketStatus.NotIp;
}

function parseIp(d: Uint8Array, p: number, end: number, out: PacketInfo): PacketStatus {
  if (end - p < 1) return PacketStatus.Truncated;
  const version = d[p]! >>> 4;
  if (version === 4) return parseIPv4(d, p, end, out);
  if (version === 6) return parseIPv6(d, p, end, out);
  return PacketStatus.NotIp;
}

function parseIPv4(d: Uint8Array, p: number, end: number, out: PacketInfo): PacketStatus {
  if (end - p < 20) return PacketStatus.Truncated;
  const ihl = (d[p]! & 0x0f) * 4;
  if (ihl < 20) return PacketStatus.Truncated;
  out.ipVersion = 4;
  out.tos = d[p + 1]!;
  out.ipLength = u16(d, p + 2);
  const flagsOffset = u16(d, p + 6);
  const offset = flagsOffset & 0x1fff;
  const more = (flagsOffset & 0x2000) !== 0;
  if ((flagsOffset & 0x4000) !== 0) out.fragment |= FragmentFlags.DontFragment;
  if (offset !== 0 || more) out.fragment |= FragmentFlags.IsFragment;
  if (offset === 0 && more) out.fragment |= FragmentFlags.FirstFragment;
  out.protocol = d[p + 9]!;
  out.src[2] = 0xffff;
  out.src[3] = u32(d, p + 12);
  out.dst[2] = 0xffff;
  out.dst[3] = u32(d, p + 16);
  if (offset === 0) parseL4(d, p + ihl, end, out);
  return PacketStatus.Ok;
}

/** True for IPv6 extension headers that are skipped to reach the upper-layer header (RFC 8200 §4). */
function isExtensionHeader(nh: number): boolean {
  return nh === 0 || nh === 43 || nh === 44 || nh === 60 || nh === 51 || nh === 135 || nh === 139 || nh === 140;
}

function parseIPv6(d: Uint8Array, p: number, end: number, out: PacketInfo): PacketStatus {
  if (end - p < 40) return PacketStatus.Truncated;
  out.ipVersion = 6;
  out.tos = (u16(d, p) >>> 4) & 0xff;
  out.ipLength = u16(d, p + 4) + 40;
  let nh = d[p + 6]!;
  for (let k = 0; k < 4; k++) {
    out.src[k] = u32(d, p + 8 + k * 4);
    out.dst[k] = u32(d, p + 24 + k * 4);
  }
  p += 40;
  let l4 = true;
  // Every extension header is at least 8 bytes long, so the walk always advances.
  while (isExtensionHeader(nh)) {
    if (end - p < 8) {
      out.protocol = nh;
      return PacketStatus.Ok;
    }
    const next = d[p]!;
    if (nh === 44) {
      // Fragment header (RFC 8200 §4.5): offset in 8-byte units, M flag in the low bit.
      const fo = u16(d, p + 2);
      const offset = fo >>> 3;
      const more = (fo & 1) !== 0;
      out.fragment |= FragmentFlags.IsFragment;
      if (offset === 0 && more) out.fragment |= FragmentFlags.FirstFragment;
      if (offset !== 0) l4 = false;
      p += 8;
    } else if (nh === 51) {
      p += (d[p + 1]! + 2) * 4; // AH length is in 4-byte units minus 2 (RFC 4302 §2.2)
    } else {
      p += (d[p + 1]! + 1) * 8;
    }
    nh = next;
  }
  out.protocol = nh;
  if (l4) parseL4(d, p, end, out);
  return PacketStatus.Ok;
}

/** Reads the L4 header only (see the privacy invariant above); a short header leaves fields 0. */
function parseL4(d: Uint8Array, p: number, end: number, out: PacketInfo): void {
  const avail = end - p;
  switch (out.protocol) {
    case 6: // TCP: ports, then the flags byte pair at offset 12 (RFC 9293 §3.1)
      if (avail >= 4) {
        out.srcPort = u16(d, p);
        out.dstPort = u16(d, p + 2);
      }
      if (avail >= 14) out.tcpFlags = u16(d, p + 12) & 0x0fff;
      return;
    case 17: // UDP
    case 33: // DCCP
    case 132: // SCTP
    case 136: // UDP-Lite
      if (avail >= 4) {
        out.srcPort = u16(d, p);
        out.dstPort = u16(d, p + 2);
      }
      return;
    case 1: // ICMP
    case 58: // ICMPv6
      if (avail >= 2) out.icmpTypeCode = (d[p]! << 8) | d[p + 1]!;
      return;
    default:
      return;
  }
}
