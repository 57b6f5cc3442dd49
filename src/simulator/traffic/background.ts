/**
 * Benign background traffic of the protected networks: short sessions in a realistic mix (web over
 * TCP with handshake, data and FIN; QUIC over UDP/443; DNS both ways; NTP; ping) whose rate follows
 * the time of day, plus long downloads and streams ({@link LongFlows}). Rates are packets per
 * second of true traffic at the diurnal peak.
 *
 * Pure: no I/O.
 */
import type { Rng } from '../random.js';
import type { BackgroundSpec, NetworkDef } from '../scenario-types.js';
import { randomClient } from './address-pool.js';
import { diurnalFactor } from './diurnal.js';
import { hostAt, randomClientHost } from './hosts.js';
import { LongFlows } from './long-flows.js';
import { EPHEMERAL_HIGH, EPHEMERAL_LOW, type TrafficModel } from './model.js';
import { RowFlags, type PacketBatch } from './packet-batch.js';

/** Servers per network: hosts .10 to .29 of its first prefix. */
const SERVERS = 20;
const SERVER_OFFSET = 10;
/** Client hosts start above the server block. */
const CLIENT_SKIP = 64;
const KINDS = ['web', 'quic', 'dns', 'ntp', 'icmp'] as const;
/** Mean packets per session of each kind, both directions (see the emitters below). */
const MEAN_PACKETS = { web: 31.5, quic: 32.5, dns: 2, ntp: 2, icmp: 2 } as const;

/** Scratch layout: words 0–3 the outside party, 4–7 the inside (protected) one. */
const OUTSIDE = 0;
const INSIDE = 4;

/** Emits one row between the two parties of `a`; returns its index. */
function row(out: PacketBatch, a: Uint32Array, t: number, fam: 4 | 6, proto: number, ipLen: number, net: number, outbound: boolean, outsidePort: number, insidePort: number): number {
  const i = out.add(t, fam, proto, fam === 6 ? ipLen + 20 : ipLen, net, 0);
  if (outbound) {
    out.setAddresses(i, a, INSIDE, a, OUTSIDE);
    out.srcPort[i] = insidePort;
    out.dstPort[i] = outsidePort;
    out.flags[i] = RowFlags.Outbound;
    out.ttl[i] = 64;
  } else {
    out.setAddresses(i, a, OUTSIDE, a, INSIDE);
    out.srcPort[i] = outsidePort;
    out.dstPort[i] = insidePort;
    out.ttl[i] = 50;
  }
  return i;
}

/** The benign background model. */
export class BackgroundModel implements TrafficModel {
  readonly #spec: BackgroundSpec;
  readonly #networks: readonly NetworkDef[];
  readonly #rng: Rng;
  readonly #tz: number;
  readonly #carry = new Float64Array(KINDS.length);
  readonly #a = new Uint32Array(8);
  readonly #long: LongFlows;

  constructor(spec: BackgroundSpec, networks: readonly NetworkDef[], rng: Rng, startMs: number, timezoneHours: number) {
    this.#spec = spec;
    this.#networks = networks;
    this.#rng = rng;
    this.#tz = timezoneHours;
    this.#long = new LongFlows(spec, networks, rng.derive('long-flows'), startMs);
  }

  generate(fromMs: number, toMs: number, out: PacketBatch): void {
    const level = this.#spec.diurnal ? diurnalFactor(fromMs, this.#tz) : 1;
    const seconds = (toMs - fromMs) / 1000;
    KINDS.forEach((kind, k) => {
      const x = this.#carry[k]! + (this.#spec.pps * level * this.#spec.mix[kind] * seconds) / MEAN_PACKETS[kind];
      const n = Math.floor(x);
      this.#carry[k] = x - n;
      for (let s = 0; s < n; s++) this.#session(kind, fromMs + this.#rng.float() * (toMs - fromMs), out);
    });
    this.#long.generate(fromMs, toMs, out);
  }

  #session(kind: (typeof KINDS)[number], t: number, out: PacketBatch): void {
    const rng = this.#rng;
    const nets = this.#spec.networks;
    const net = this.#networks[nets[rng.int(nets.length)]!]!;
    const fam: 4 | 6 = net.v6 !== undefined && (net.v4 === undefined || rng.chance(this.#spec.ipv6Share)) ? 6 : 4;
    const prefix = (fam === 6 ? net.v6 : net.v4)!;
    const a = this.#a;
    randomClient(rng, fam, a, OUTSIDE);
    const server = kind === 'web' || kind === 'quic' || kind === 'icmp' || rng.chance(0.5);
    if (server) hostAt(prefix, SERVER_OFFSET + rng.int(SERVERS), a, INSIDE);
    else randomClientHost(prefix, rng, a, INSIDE, CLIENT_SKIP);
    const eph = rng.range(EPHEMERAL_LOW, EPHEMERAL_HIGH);
    const idx = net.index;
    switch (kind) {
      case 'web':
        return this.#web(out, t, fam, idx, eph);
      case 'quic':
        return this.#quic(out, t, fam, idx, eph);
      case 'dns': {
        // Half are queries to the network's own DNS servers, half its clients' lookups outside.
        const q = row(out, a, t, fam, 17, rng.range(60, 90), idx, !server, server ? eph : 53, server ? 53 : eph);
        out.ttl[q] = server ? 50 : 64;
        row(out, a, t + rng.range(1, 40), fam, 17, rng.range(100, 500), idx, server, server ? eph : 53, server ? 53 : eph);
        return;
      }
      case 'ntp':
        row(out, a, t, fam, 17, 76, idx, true, 123, 123);
        row(out, a, t + rng.range(5, 60), fam, 17, 76, idx, false, 123, 123);
        return;
      case 'icmp': {
        const req = row(out, a, t, fam, fam === 6 ? 58 : 1, 84, idx, false, eph, 0);
        out.icmpTypeCode[req] = fam === 6 ? 128 << 8 : 8 << 8;
        const rep = row(out, a, t + rng.range(5, 80), fam, fam === 6 ? 58 : 1, 84, idx, true, eph, 0);
        out.icmpTypeCode[rep] = fam === 6 ? 129 << 8 : 0;
        out.srcPort[rep] = eph; // echo identifier, not a port
        return;
      }
    }
  }

  /** TCP session: handshake, request, response, ACKs, FIN both ways (31.5 packets on average). */
  #web(out: PacketBatch, t: number, fam: 4 | 6, net: number, eph: number): void {
    const rng = this.#rng;
    const a = this.#a;
    const port = rng.chance(0.8) ? 443 : 80;
    const rtt = rng.range(5, 120);
    const req = rng.range(1, 4);
    const data = rng.range(3, 30);
    out.tcpFlags[row(out, a, t, fam, 6, 60, net, false, eph, port)] = 0x02;
    out.tcpFlags[row(out, a, t + rtt / 2, fam, 6, 60, net, true, eph, port)] = 0x12;
    let i = row(out, a, t + rtt, fam, 6, rng.range(200, 700), net, false, eph, port);
    out.tcpFlags[i] = 0x18;
    out.count[i] = req;
    i = row(out, a, t + rtt * 1.5, fam, 6, 1500, net, true, eph, port);
    out.tcpFlags[i] = 0x18;
    out.count[i] = data;
    out.spanMs[i] = data * 2;
    i = row(out, a, t + rtt * 2, fam, 6, 52, net, false, eph, port);
    out.tcpFlags[i] = 0x10;
    out.count[i] = Math.ceil(data / 2);
    out.spanMs[i] = data * 2;
    const end = t + rtt * 2 + data * 2;
    out.tcpFlags[row(out, a, end, fam, 6, 52, net, false, eph, port)] = 0x11;
    out.tcpFlags[row(out, a, end + rtt / 2, fam, 6, 52, net, true, eph, port)] = 0x11;
  }

  /** QUIC over UDP/443: client Initial and requests, server responses, client ACKs (32.5 packets on average). */
  #quic(out: PacketBatch, t: number, fam: 4 | 6, net: number, eph: number): void {
    const rng = this.#rng;
    const a = this.#a;
    const rtt = rng.range(5, 120);
    let i = row(out, a, t, fam, 17, 1252, net, false, eph, 443);
    out.count[i] = rng.range(2, 6);
    out.spanMs[i] = rtt;
    const resp = rng.range(5, 40);
    i = row(out, a, t + rtt / 2, fam, 17, rng.range(1252, 1350), net, true, eph, 443);
    out.count[i] = resp;
    out.spanMs[i] = resp * 2;
    i = row(out, a, t + rtt, fam, 17, rng.range(60, 80), net, false, eph, 443);
    out.count[i] = Math.ceil(resp / 4);
    out.spanMs[i] = resp * 2;
  }
}
