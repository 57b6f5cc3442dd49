/**
 * Test support: reading tshark's `-T json --no-duplicate-keys` output (repeated keys become
 * arrays, in order; where an element appears twice — forward and reverse counters — the first is
 * the one a decoder uses), and the mechanical fields of a dissected packet per the packet parser's
 * documented rules (outer IP header, L4 header right after it).
 */
import type { RecordView } from './record-view.js';

/** tshark JSON value. */
export type Json = string | Json[] | { [key: string]: Json };
/** A tshark JSON object. */
export type JsonObject = { [key: string]: Json };

/** The fields compared, tshark's view of one record. */
export type Expected = Omit<RecordView, 'exporter' | 'format'>;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** First value of a possibly repeated key. */
export function first(v: Json | undefined): Json | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** First string value of `key` in `o`. */
export function str(o: JsonObject | undefined, key: string): string | undefined {
  const v = first(o?.[key]);
  return typeof v === 'string' ? v : undefined;
}

/** First numeric value of `key` (decimal or 0x hex). */
export function num(o: JsonObject | undefined, key: string): number | undefined {
  const s = str(o, key);
  if (s === undefined) return undefined;
  return s.startsWith('0x') ? parseInt(s, 16) : Number(s);
}

/** First object value of `key`. */
export function obj(o: JsonObject | undefined, key: string): JsonObject | undefined {
  const v = first(o?.[key]);
  return v !== undefined && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

/** Parses tshark's absolute time text ("Nov 13, 2023 16:35:30.381000000 UTC") into epoch ms. */
export function tsharkTime(text: string): number {
  const m = /^(\w{3})\s+(\d+), (\d{4}) (\d\d):(\d\d):(\d\d)(?:\.(\d+))? UTC$/.exec(text);
  if (m === null) throw new Error(`unexpected tshark time ${text}`);
  const frac = (m[7] ?? '0').padEnd(9, '0');
  return Date.UTC(Number(m[3]), MONTHS.indexOf(m[1]!), Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6])) + Number(frac) / 1e6;
}

/** Mechanical fields of a dissected packet, per the packet parser's rules. */
export interface ExpectedPacket {
  ipVersion: number;
  src: string;
  dst: string;
  protocol: number;
  srcPort: number;
  dstPort: number;
  tcpFlags: number;
  tos: number;
  icmpTypeCode: number;
  fragment: number;
  vlan: number;
  ipLength: number;
}

/**
 * The outer IP header of a dissected packet (tshark layers in order: eth, vlan, mpls, ip/ipv6, …)
 * and the L4 header that directly follows it.
 */
export function expectedPacket(layers: JsonObject): ExpectedPacket {
  const out: ExpectedPacket = { ipVersion: 0, src: '::', dst: '::', protocol: 0, srcPort: 0, dstPort: 0, tcpFlags: 0, tos: 0, icmpTypeCode: 0, fragment: 0, vlan: 0, ipLength: 0 };
  out.vlan = num(obj(layers, 'vlan'), 'vlan.id') ?? 0;
  const ipKey = Object.keys(layers).find((k) => k === 'ip' || k === 'ipv6');
  if (ipKey === undefined) return out;
  const ip = obj(layers, ipKey)!;
  let l4 = true;
  if (ipKey === 'ip') {
    out.ipVersion = 4;
    out.src = str(ip, 'ip.src')!;
    out.dst = str(ip, 'ip.dst')!;
    out.protocol = num(ip, 'ip.proto')!;
    out.tos = num(ip, 'ip.dsfield')!;
    out.ipLength = num(ip, 'ip.len')!;
    const flags = obj(ip, 'ip.flags_tree');
    const df = num(flags, 'ip.flags.df') === 1;
    const mf = num(flags, 'ip.flags.mf') === 1;
    const offset = num(ip, 'ip.frag_offset') ?? 0;
    out.fragment = (df ? 4 : 0) | (mf || offset !== 0 ? 1 : 0) | (mf && offset === 0 ? 2 : 0);
    l4 = offset === 0;
  } else {
    out.ipVersion = 6;
    out.src = str(ip, 'ipv6.src')!;
    out.dst = str(ip, 'ipv6.dst')!;
    out.tos = num(ip, 'ipv6.tclass')!;
    out.ipLength = num(ip, 'ipv6.plen')! + 40;
    out.protocol = num(ip, 'ipv6.nxt')!;
    // Extension headers are subtrees of the ipv6 layer; the last one's next header is the protocol.
    for (const k of Object.keys(ip)) {
      const ext = obj(ip, k);
      if (ext === undefined || !/^ipv6\.(hopopts|routing|dstopts|fraghdr)$/.test(k)) continue;
      out.protocol = num(ext, `${k}.nxt`)!;
      if (k === 'ipv6.fraghdr') {
        const offset = num(ext, 'ipv6.fraghdr.offset') ?? 0;
        const more = num(ext, 'ipv6.fraghdr.more') === 1;
        out.fragment = 1 | (offset === 0 && more ? 2 : 0);
        l4 = offset === 0;
      }
    }
  }
  if (!l4) return out;
  const tcp = out.protocol === 6 ? obj(layers, 'tcp') : undefined;
  const udp = out.protocol === 17 ? obj(layers, 'udp') : undefined;
  if (tcp !== undefined) {
    out.srcPort = num(tcp, 'tcp.srcport')!;
    out.dstPort = num(tcp, 'tcp.dstport')!;
    out.tcpFlags = (num(tcp, 'tcp.flags') ?? 0) & 0x0fff;
  }
  if (udp !== undefined) {
    out.srcPort = num(udp, 'udp.srcport')!;
    out.dstPort = num(udp, 'udp.dstport')!;
  }
  const icmp = out.protocol === 1 ? obj(layers, 'icmp') : out.protocol === 58 ? obj(layers, 'icmpv6') : undefined;
  if (icmp !== undefined) {
    const p = out.protocol === 1 ? 'icmp' : 'icmpv6';
    out.icmpTypeCode = (num(icmp, `${p}.type`)! << 8) | num(icmp, `${p}.code`)!;
  }
  return out;
}
