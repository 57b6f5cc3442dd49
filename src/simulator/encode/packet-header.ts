/**
 * Builds the raw header bytes of a sampled packet, as an sFlow agent copies them from the wire
 * (sFlow v5 `sampled_header`): Ethernet II with an optional IEEE 802.1Q tag, then IPv4 (RFC 791) or
 * IPv6 (RFC 8200, with a Fragment header when fragmented), then the TCP, UDP, ICMP/ICMPv6 or GRE
 * header (RFC 2784, carrying an inner IPv4/UDP or Ethernet/IPv4/UDP packet, as Mirai's GRE floods
 * do). Non-first fragments carry no transport header. Only headers are written — the payload is
 * conceptually all zero octets, which is why the transport checksums can still be exact: zero
 * words add nothing to the one's-complement sum.
 *
 * Pure: no I/O.
 */
import type { PacketBatch } from '../traffic/packet-batch.js';
import { Frag, RowFlags } from '../traffic/packet-batch.js';
import { fold, sum16, sumWords } from './checksum.js';

/** Ethernet II header length. */
const ETH = 14;
const VLAN_TAG = 4;
const FCS = 4;
/** Minimum Ethernet frame (without FCS) before padding. */
const MIN_FRAME = 60;
/** Longest header this module writes; sFlow agents default to copying 128 octets. */
export const MAX_HEADER_BYTES = 128;

/** Length of the frame on the wire, FCS included, as sFlow's `frame_length` reports it. */
export function frameLength(b: PacketBatch, i: number, vlan: number): number {
  return Math.max(MIN_FRAME, ETH + (vlan > 0 ? VLAN_TAG : 0) + b.ipLen[i]!) + FCS;
}

/** Octets of FCS an sFlow agent reports as stripped. */
export const STRIPPED_OCTETS = FCS;

/** Router-side and upstream-side MAC addresses (locally administered). */
const MAC_ROUTER = [0x02, 0x00, 0x5e, 0x10, 0x00, 0x01];
const MAC_UPSTREAM = [0x02, 0x00, 0x5e, 0x10, 0x00, 0x02];

/**
 * Writes the headers of packet row `i` at `p` and returns their length. `ipId` varies the IPv4
 * identification / IPv6 fragment id and the TCP sequence number between samples of one row.
 */
export function writePacketHeader(buf: Uint8Array, view: DataView, p: number, b: PacketBatch, i: number, vlan: number, ipId: number): number {
  const start = p;
  const outbound = (b.flags[i]! & RowFlags.Outbound) !== 0;
  buf.set(outbound ? MAC_UPSTREAM : MAC_ROUTER, p);
  buf.set(outbound ? MAC_ROUTER : MAC_UPSTREAM, p + 6);
  p += 12;
  if (vlan > 0) {
    view.setUint16(p, 0x8100);
    view.setUint16(p + 2, vlan & 0x0fff);
    p += 4;
  }
  const v6 = b.ipVersion[i] === 6;
  view.setUint16(p, v6 ? 0x86dd : 0x0800);
  p += 2;
  const ipStart = p;
  const frag = b.frag[i]!;
  const fragmented = (frag & (Frag.MoreFragments | Frag.OffsetMask)) !== 0;
  const proto = b.protocol[i]!;
  let l4Len: number;
  if (v6) {
    p = writeIpv6(buf, view, p, b, i, fragmented, ipId);
    l4Len = b.ipLen[i]! - (p - ipStart);
  } else {
    p = writeIpv4(buf, view, p, b, i, ipId);
    l4Len = b.ipLen[i]! - 20;
  }
  if ((frag & Frag.OffsetMask) !== 0) return p - start; // non-first fragment: no transport header
  const words = v6 ? 4 : 1;
  const wOff = v6 ? i * 4 : i * 4 + 3;
  // Pseudo-header sum (RFC 768 / RFC 793 / RFC 8200 §8.1); the transport length is the
  // reassembled datagram's, which for a first fragment is larger than this fragment.
  const fullL4 = b.datagramLen[i]! > 0 ? b.datagramLen[i]! : l4Len;
  const pseudo = (len: number): number => sumWords(b.dst, wOff, words, sumWords(b.src, wOff, words, proto + len));
  switch (proto) {
    case 6:
      return writeTcp(buf, view, p, b, i, fullL4, pseudo(fullL4), ipId) - start;
    case 17:
      return writeUdp(buf, view, p, b.srcPort[i]!, b.dstPort[i]!, fullL4, pseudo(fullL4)) - start;
    case 1:
    case 58: {
      const tc = b.icmpTypeCode[i]!;
      view.setUint16(p, tc);
      view.setUint16(p + 2, 0);
      view.setUint16(p + 4, b.srcPort[i]!); // identifier
      view.setUint16(p + 6, ipId & 0xffff); // sequence
      const s = sum16(buf, p, p + 8, proto === 58 ? pseudo(l4Len) : 0);
      view.setUint16(p + 2, fold(s));
      return p + 8 - start;
    }
    case 47:
      return writeGre(buf, view, p, b, i, l4Len, ipId) - start;
    default:
      return p - start;
  }
}

function writeIpv4(buf: Uint8Array, view: DataView, p: number, b: PacketBatch, i: number, ipId: number): number {
  buf[p] = 0x45;
  buf[p + 1] = b.tos[i]!;
  view.setUint16(p + 2, b.ipLen[i]!);
  view.setUint16(p + 4, ipId & 0xffff);
  view.setUint16(p + 6, b.frag[i]!);
  buf[p + 8] = b.ttl[i]!;
  buf[p + 9] = b.protocol[i]!;
  view.setUint16(p + 10, 0);
  view.setUint32(p + 12, b.src[i * 4 + 3]!);
  view.setUint32(p + 16, b.dst[i * 4 + 3]!);
  view.setUint16(p + 10, fold(sum16(buf, p, p + 20)));
  return p + 20;
}

function writeIpv6(buf: Uint8Array, view: DataView, p: number, b: PacketBatch, i: number, fragmented: boolean, ipId: number): number {
  const tc = b.tos[i]!;
  view.setUint32(p, (0x6 << 28) | (tc << 20) | (ipId & 0xfffff));
  view.setUint16(p + 4, b.ipLen[i]! - 40);
  buf[p + 6] = fragmented ? 44 : b.protocol[i]!;
  buf[p + 7] = b.ttl[i]!;
  for (let k = 0; k < 4; k++) {
    view.setUint32(p + 8 + k * 4, b.src[i * 4 + k]!);
    view.setUint32(p + 24 + k * 4, b.dst[i * 4 + k]!);
  }
  p += 40;
  if (!fragmented) return p;
  // RFC 8200 §4.5 Fragment header: offset in 8-octet units, M flag, 32-bit identification.
  const frag = b.frag[i]!;
  buf[p] = b.protocol[i]!;
  buf[p + 1] = 0;
  view.setUint16(p + 2, ((frag & Frag.OffsetMask) << 3) | ((frag & Frag.MoreFragments) !== 0 ? 1 : 0));
  view.setUint32(p + 4, ipId);
  return p + 8;
}

function writeTcp(buf: Uint8Array, view: DataView, p: number, b: PacketBatch, i: number, l4Len: number, pseudo: number, seq: number): number {
  const flags = b.tcpFlags[i]!;
  // A SYN long enough for options carries the usual Linux set: MSS, SACK permitted, timestamps, window scale.
  const withOptions = (flags & 0x02) !== 0 && l4Len >= 40;
  const hdr = withOptions ? 40 : 20;
  view.setUint16(p, b.srcPort[i]!);
  view.setUint16(p + 2, b.dstPort[i]!);
  view.setUint32(p + 4, Math.imul(seq, 2654435761) >>> 0);
  view.setUint32(p + 8, (flags & 0x10) !== 0 ? Math.imul(seq ^ 0x5bd1e995, 2246822519) >>> 0 : 0);
  buf[p + 12] = (hdr / 4) << 4;
  buf[p + 13] = flags;
  view.setUint16(p + 14, withOptions ? 64240 : 502);
  view.setUint32(p + 16, 0);
  if (withOptions) {
    const o = p + 20;
    buf.set([2, 4, 0x05, 0xb4, 4, 2, 8, 10], o); // MSS 1460, SACK permitted, timestamps kind/len
    view.setUint32(o + 8, seq >>> 0);
    view.setUint32(o + 12, 0);
    buf.set([1, 3, 3, 7], o + 16); // NOP, window scale 7
  }
  view.setUint16(p + 16, fold(sum16(buf, p, p + hdr, pseudo)));
  return p + hdr;
}

function writeUdp(buf: Uint8Array, view: DataView, p: number, sport: number, dport: number, l4Len: number, pseudo: number): number {
  view.setUint16(p, sport);
  view.setUint16(p + 2, dport);
  view.setUint16(p + 4, l4Len);
  view.setUint16(p + 6, 0);
  const c = fold(sum16(buf, p, p + 8, pseudo));
  view.setUint16(p + 6, c === 0 ? 0xffff : c);
  return p + 8;
}

/** GRE (RFC 2784) carrying IPv4/UDP, or Ethernet/IPv4/UDP for transparent Ethernet bridging. */
function writeGre(buf: Uint8Array, view: DataView, p: number, b: PacketBatch, i: number, l4Len: number, ipId: number): number {
  const eth = (b.flags[i]! & RowFlags.GreEthernet) !== 0;
  view.setUint16(p, 0);
  view.setUint16(p + 2, eth ? 0x6558 : 0x0800);
  p += 4;
  let innerLen = l4Len - 4;
  if (eth) {
    buf.set(MAC_ROUTER, p);
    buf.set(MAC_UPSTREAM, p + 6);
    view.setUint16(p + 12, 0x0800);
    p += 14;
    innerLen -= 14;
  }
  const ip = p;
  buf[p] = 0x45;
  buf[p + 1] = 0;
  view.setUint16(p + 2, innerLen);
  view.setUint16(p + 4, (ipId >>> 16) & 0xffff);
  view.setUint16(p + 6, 0);
  buf[p + 8] = 64;
  buf[p + 9] = 17;
  view.setUint16(p + 10, 0);
  view.setUint32(p + 12, b.src[i * 4 + 3]!);
  view.setUint32(p + 16, b.dst[i * 4 + 3]!);
  view.setUint16(p + 10, fold(sum16(buf, p, p + 20)));
  p += 20;
  const udpLen = innerLen - 20;
  const pseudo = sum16(buf, ip + 12, ip + 20, 17 + udpLen);
  return writeUdp(buf, view, p, b.srcPort[i]!, b.dstPort[i]!, udpLen, pseudo);
}
