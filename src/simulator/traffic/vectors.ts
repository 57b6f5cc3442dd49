/**
 * Packet generators of the stateless flood vectors: one row per packet with its own random source
 * (from the attack's bot or reflector set), ports, TTL and size, written straight into the batch.
 * Header sizes and flags follow the Mirai attack methods where the botnet scenarios imitate them
 * (SYN with 20 octets of options, ACK and UDP with 512 octets of payload, GRE carrying IPv4/UDP or
 * Ethernet/IPv4/UDP).
 *
 * Pure: no I/O.
 */
import type { Rng } from '../random.js';
import type { AmplificationVector } from './amplification.js';
import type { SourceSet } from './address-pool.js';
import { EPHEMERAL_HIGH, EPHEMERAL_LOW } from './model.js';
import { Frag, RowFlags, type PacketBatch } from './packet-batch.js';
import type { TargetCursor } from './target.js';

/** What the generators of one attack share. */
export interface VectorContext {
  readonly rng: Rng;
  readonly fam: 4 | 6;
  readonly net: number;
  readonly origin: number;
  readonly target: TargetCursor;
  readonly ports: readonly number[] | undefined;
  readonly packetSize: number | undefined;
}

/** Extra octets of an IPv6 header over an IPv4 one. */
const V6_EXTRA = 20;

/** Adds one packet from a random member of `set` to the target; returns the row. */
export function fromSet(c: VectorContext, set: SourceSet, out: PacketBatch, t: number, proto: number, ipLen: number): number {
  const i = out.add(t, c.fam, proto, c.fam === 6 ? ipLen + V6_EXTRA : ipLen, c.net, c.origin);
  const s = c.rng.int(set.size);
  set.mark(s);
  const o = i * 4;
  const w = set.words;
  const src = out.src;
  src[o] = w[s * 4]!;
  src[o + 1] = w[s * 4 + 1]!;
  src[o + 2] = w[s * 4 + 2]!;
  src[o + 3] = w[s * 4 + 3]!;
  c.target.write(out.dst, o);
  // Bots sit a few to twenty hops away behind Linux (TTL 64) or embedded stacks (TTL 255).
  out.ttl[i] = c.rng.chance(0.85) ? 64 - c.rng.range(6, 22) : 255 - c.rng.range(6, 22);
  return i;
}

/** Adds a row with the addresses, TTL, network and origin of row `j`; returns it. */
function sameEnds(out: PacketBatch, j: number, ipLen: number): number {
  const i = out.add(out.timeMs[j]!, out.ipVersion[j] as 4 | 6, out.protocol[j]!, ipLen, out.network[j]!, out.origin[j]!);
  out.src.copyWithin(i * 4, j * 4, j * 4 + 4);
  out.dst.copyWithin(i * 4, j * 4, j * 4 + 4);
  out.ttl[i] = out.ttl[j]!;
  return i;
}

function dstPort(c: VectorContext, fallback: number): number {
  const p = c.ports;
  if (p !== undefined) return p[p.length === 1 ? 0 : c.rng.int(p.length)]!;
  return fallback >= 0 ? fallback : c.rng.range(1, 65535);
}

function ephemeral(rng: Rng): number {
  return rng.range(EPHEMERAL_LOW, EPHEMERAL_HIGH);
}

/** A stateless flood generator: `n` packets in `[from, from + span)`; returns packets emitted. */
export type FloodGenerator = (c: VectorContext, bots: SourceSet, out: PacketBatch, n: number, from: number, span: number) => number;

/** TCP SYN flood (Mirai "syn": 20 octets of options, DF). */
export const synFlood: FloodGenerator = (c, bots, out, n, from, span) => {
  for (let k = 0; k < n; k++) {
    const i = fromSet(c, bots, out, from + c.rng.float() * span, 6, 60);
    out.srcPort[i] = ephemeral(c.rng);
    out.dstPort[i] = dstPort(c, c.rng.chance(0.5) ? 80 : 443);
    out.tcpFlags[i] = 0x02;
    out.frag[i] = Frag.DontFragment;
  }
  return n;
};

/** TCP ACK flood (Mirai "ack": 512 octets of random payload). */
export const ackFlood: FloodGenerator = (c, bots, out, n, from, span) => {
  const len = Math.max(40, c.packetSize ?? 552);
  for (let k = 0; k < n; k++) {
    const i = fromSet(c, bots, out, from + c.rng.float() * span, 6, len);
    out.srcPort[i] = ephemeral(c.rng);
    out.dstPort[i] = dstPort(c, -1);
    out.tcpFlags[i] = 0x10;
    out.frag[i] = Frag.DontFragment;
  }
  return n;
};

/** TCP RST flood: bare RST or RST+ACK segments. */
export const rstFlood: FloodGenerator = (c, bots, out, n, from, span) => {
  for (let k = 0; k < n; k++) {
    const i = fromSet(c, bots, out, from + c.rng.float() * span, 6, 40);
    out.srcPort[i] = ephemeral(c.rng);
    out.dstPort[i] = dstPort(c, -1);
    out.tcpFlags[i] = c.rng.chance(0.6) ? 0x04 : 0x14;
    out.frag[i] = Frag.DontFragment;
  }
  return n;
};

/** UDP flood (Mirai "udp": 512 octets of payload, random ports). */
export const udpFlood: FloodGenerator = (c, bots, out, n, from, span) => {
  const len = Math.max(28, c.packetSize ?? 540);
  for (let k = 0; k < n; k++) {
    const i = fromSet(c, bots, out, from + c.rng.float() * span, 17, len);
    out.srcPort[i] = c.rng.range(1024, 65535);
    out.dstPort[i] = dstPort(c, -1);
  }
  return n;
};

/** ICMP (or ICMPv6) echo request flood. */
export const icmpFlood: FloodGenerator = (c, bots, out, n, from, span) => {
  const v6 = c.fam === 6;
  for (let k = 0; k < n; k++) {
    const len = c.packetSize ?? c.rng.range(64, 1024);
    const i = fromSet(c, bots, out, from + c.rng.float() * span, v6 ? 58 : 1, Math.max(28, len));
    out.icmpTypeCode[i] = (v6 ? 128 : 8) << 8;
    out.srcPort[i] = c.rng.int(65536); // echo identifier
  }
  return n;
};

/** GRE flood (Mirai "greip" / "greeth": GRE carrying IPv4/UDP or Ethernet/IPv4/UDP with 512 octets). */
export const greFlood: FloodGenerator = (c, bots, out, n, from, span) => {
  for (let k = 0; k < n; k++) {
    const eth = c.rng.chance(0.5);
    const i = fromSet(c, bots, out, from + c.rng.float() * span, 47, Math.max(eth ? 66 : 52, c.packetSize ?? (eth ? 578 : 564)));
    if (eth) out.flags[i] = RowFlags.GreEthernet;
    // Inner UDP ports (written in the sampled header; GRE flows themselves have no ports).
    out.srcPort[i] = c.rng.range(1024, 65535);
    out.dstPort[i] = c.rng.range(1024, 65535);
  }
  return n;
};

/** IP fragment flood: first fragments of oversized UDP datagrams mixed with stray later fragments. */
export const fragmentFlood: FloodGenerator = (c, bots, out, n, from, span) => {
  const rng = c.rng;
  for (let k = 0; k < n; k++) {
    const t = from + rng.float() * span;
    if (rng.chance(0.5)) {
      const i = fromSet(c, bots, out, t, 17, 1500);
      out.frag[i] = Frag.MoreFragments;
      out.srcPort[i] = rng.range(1024, 65535);
      out.dstPort[i] = dstPort(c, -1);
      out.datagramLen[i] = 1480 + rng.range(8, 4000);
    } else {
      const i = fromSet(c, bots, out, t, 17, rng.range(68, 1500));
      out.frag[i] = (rng.chance(0.5) ? Frag.MoreFragments : 0) | rng.range(1, 1000);
    }
  }
  return n;
};

/**
 * Reflected responses of one amplification vector: source port fixed at the service, destination
 * port the victim's spoofed ephemeral port; responses over the MTU are sent as fragment trains
 * (RFC 791 / RFC 8200 §4.5). Emits whole responses until at least `n` packets; returns the count.
 */
export function amplificationFlood(c: VectorContext, reflectors: SourceSet, v: AmplificationVector, out: PacketBatch, n: number, from: number, span: number): number {
  const rng = c.rng;
  const v6 = c.fam === 6;
  const ipHeader = v6 ? 40 : 20;
  // Fragment data must be a multiple of 8 octets; IPv6 fragments also carry an 8-octet header.
  const maxData = v6 ? 1448 : 1480;
  let emitted = 0;
  while (emitted < n) {
    const udpLen = 8 + rng.range(v.minPayload, v.maxPayload);
    const t = from + rng.float() * span;
    const sport = v.port;
    const dport = ephemeral(rng);
    if (ipHeader + udpLen <= 1500) {
      const i = fromSet(c, reflectors, out, t, 17, udpLen + 20);
      out.srcPort[i] = sport;
      out.dstPort[i] = dport;
      emitted++;
      continue;
    }
    let offset = 0;
    let first = -1;
    while (offset < udpLen) {
      const data = Math.min(maxData, udpLen - offset);
      const more = offset + data < udpLen;
      const len = data + 20 + (v6 ? 8 : 0);
      // Every fragment of one response comes from the same reflector to the same victim.
      const i = first < 0 ? fromSet(c, reflectors, out, t, 17, len) : sameEnds(out, first, len + (v6 ? V6_EXTRA : 0));
      if (first < 0) first = i;
      out.frag[i] = (more ? Frag.MoreFragments : 0) | (offset / 8);
      if (offset === 0) {
        out.srcPort[i] = sport;
        out.dstPort[i] = dport;
        out.datagramLen[i] = udpLen;
      }
      offset += data;
      emitted++;
    }
  }
  return emitted;
}
