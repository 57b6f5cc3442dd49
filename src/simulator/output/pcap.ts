/**
 * Classic pcap framing of export datagrams (libpcap format, microsecond timestamps, Ethernet link
 * type) so that tshark, tcpdump and Sakimori's capture reader can read what the simulator made. Each
 * datagram becomes one Ethernet/IPv4/UDP frame from its exporter's address to the collector, with
 * correct IPv4 and UDP checksums.
 *
 * Pure: builds bytes; writing them to a file is `pcap-sink.ts`.
 */
import { fold, sum16 } from '../encode/checksum.js';

/** LINKTYPE_ETHERNET. */
export const LINKTYPE_ETHERNET = 1;
const ETH = 14;
const IP = 20;
const UDP = 8;

/** The 24-octet pcap file header (host byte order written little-endian, as libpcap does on x86). */
export function pcapFileHeader(snaplen = 65535): Uint8Array {
  const b = new Uint8Array(24);
  const v = new DataView(b.buffer);
  v.setUint32(0, 0xa1b2c3d4, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, snaplen, true);
  v.setUint32(20, LINKTYPE_ETHERNET, true);
  return b;
}

/** Addresses and ports of one UDP frame. */
export interface UdpEndpoints {
  /** IPv4 source address as an unsigned 32-bit number. */
  readonly srcIp: number;
  readonly dstIp: number;
  readonly srcPort: number;
  readonly dstPort: number;
}

/** A pcap record (16-octet record header + frame) carrying `payload` over UDP at `timeMs`. */
export function pcapUdpRecord(timeMs: number, payload: Uint8Array, ep: UdpEndpoints, ipId: number): Uint8Array {
  const frameLen = ETH + IP + UDP + payload.length;
  const b = new Uint8Array(16 + frameLen);
  const v = new DataView(b.buffer);
  const sec = Math.floor(timeMs / 1000);
  v.setUint32(0, sec, true);
  v.setUint32(4, Math.round((timeMs - sec * 1000) * 1000), true);
  v.setUint32(8, frameLen, true);
  v.setUint32(12, frameLen, true);
  const f = 16;
  // Locally administered MACs derived from the IPv4 addresses (02:00 + address).
  b[f] = 0x02;
  v.setUint32(f + 2, ep.dstIp);
  b[f + 6] = 0x02;
  v.setUint32(f + 8, ep.srcIp);
  v.setUint16(f + 12, 0x0800);
  const ip = f + ETH;
  b[ip] = 0x45;
  v.setUint16(ip + 2, IP + UDP + payload.length);
  v.setUint16(ip + 4, ipId & 0xffff);
  b[ip + 8] = 64;
  b[ip + 9] = 17;
  v.setUint32(ip + 12, ep.srcIp);
  v.setUint32(ip + 16, ep.dstIp);
  v.setUint16(ip + 10, fold(sum16(b, ip, ip + IP)));
  const udp = ip + IP;
  const udpLen = UDP + payload.length;
  v.setUint16(udp, ep.srcPort);
  v.setUint16(udp + 2, ep.dstPort);
  v.setUint16(udp + 4, udpLen);
  b.set(payload, udp + UDP);
  // RFC 768 pseudo-header: addresses, protocol, UDP length.
  let s = sum16(b, ip + 12, ip + 20, 17 + udpLen);
  s = sum16(b, udp, udp + udpLen, s);
  const c = fold(s);
  v.setUint16(udp + 6, c === 0 ? 0xffff : c);
  return b;
}
