/**
 * Test support: builds packet headers (Ethernet, 802.1Q/QinQ, MPLS, IPv4, IPv6 with extension
 * headers, TCP, UDP, ICMP, GRE) for packet-parser and sFlow tests.
 */
import { ByteWriter } from './byte-writer.js';

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const w = new ByteWriter();
  for (const p of parts) w.bytes(p);
  return w.finish();
};

/** Ethernet frame; `vlans` are tags outermost first (`tpid` 0x8100 unless given). */
export function ethernet(o: { type: number; payload: Uint8Array; vlans?: readonly { id: number; tpid?: number }[] }): Uint8Array {
  const w = new ByteWriter();
  w.bytes([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2]);
  for (const v of o.vlans ?? []) w.u16(v.tpid ?? 0x8100).u16(v.id);
  w.u16(o.type).bytes(o.payload);
  return w.finish();
}

/** MPLS label stack (bottom of stack set on the last label) then `payload`. */
export function mpls(labels: readonly number[], payload: Uint8Array): Uint8Array {
  const w = new ByteWriter();
  labels.forEach((l, k) => w.u32(((l << 12) | (k === labels.length - 1 ? 0x100 : 0) | 64) >>> 0));
  return concat(w.finish(), payload);
}

/** IPv4 header (no options) then `payload`; `flags` are DF 0x4000 / MF 0x2000 bits of the word at offset 6. */
export function ipv4(o: { src: string; dst: string; protocol: number; payload: Uint8Array; tos?: number; flags?: number; fragmentOffset?: number; totalLength?: number }): Uint8Array {
  const w = new ByteWriter();
  w.u8(0x45)
    .u8(o.tos ?? 0)
    .u16(o.totalLength ?? 20 + o.payload.length)
    .u16(0x1234);
  w.u16((o.flags ?? 0) | (o.fragmentOffset ?? 0))
    .u8(64)
    .u8(o.protocol)
    .u16(0);
  w.ipv4(o.src).ipv4(o.dst).bytes(o.payload);
  return w.finish();
}

/** An IPv6 extension header (hop-by-hop, routing, destination options: 8 bytes; fragment: 8 bytes). */
export interface Ipv6Extension {
  readonly type: number;
  /** Fragment header only. */
  readonly fragmentOffset?: number;
  readonly more?: boolean;
}

/** IPv6 header, extension headers, then `payload` whose protocol is `protocol`. */
export function ipv6(o: { src: string; dst: string; protocol: number; payload: Uint8Array; trafficClass?: number; extensions?: readonly Ipv6Extension[] }): Uint8Array {
  const ext = o.extensions ?? [];
  const body = new ByteWriter();
  ext.forEach((e, k) => {
    const next = k + 1 < ext.length ? ext[k + 1]!.type : o.protocol;
    if (e.type === 44)
      body
        .u8(next)
        .u8(0)
        .u16(((e.fragmentOffset ?? 0) << 3) | (e.more === true ? 1 : 0))
        .u32(0xabcd);
    else body.u8(next).u8(0).bytes([1, 4, 0, 0, 0, 0]); // 8 bytes: PadN option
  });
  body.bytes(o.payload);
  const payload = body.finish();
  const w = new ByteWriter();
  const tc = o.trafficClass ?? 0;
  w.u32(((6 << 28) | (tc << 20)) >>> 0)
    .u16(payload.length)
    .u8(ext[0]?.type ?? o.protocol)
    .u8(64);
  w.ipv6(o.src).ipv6(o.dst).bytes(payload);
  return w.finish();
}

/** TCP header (20 bytes) then `payload`. */
export function tcp(o: { srcPort: number; dstPort: number; flags: number; payload?: Uint8Array }): Uint8Array {
  const w = new ByteWriter();
  w.u16(o.srcPort)
    .u16(o.dstPort)
    .u32(1)
    .u32(0)
    .u16(0x5000 | o.flags)
    .u16(8192)
    .u16(0)
    .u16(0);
  return w.bytes(o.payload ?? new Uint8Array(0)).finish();
}

/** UDP header then `payload`. */
export function udp(o: { srcPort: number; dstPort: number; payload?: Uint8Array }): Uint8Array {
  const p = o.payload ?? new Uint8Array(0);
  return new ByteWriter()
    .u16(o.srcPort)
    .u16(o.dstPort)
    .u16(8 + p.length)
    .u16(0)
    .bytes(p)
    .finish();
}

/** ICMP / ICMPv6 header (8 bytes) then `payload`. */
export function icmp(type: number, code: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  return new ByteWriter().u8(type).u8(code).u16(0).u32(0x00010001).bytes(payload).finish();
}

/** GRE header (RFC 2784, no options) carrying `protocolType`, then `payload`. */
export function gre(protocolType: number, payload: Uint8Array): Uint8Array {
  return new ByteWriter().u16(0).u16(protocolType).bytes(payload).finish();
}
