/**
 * Long benign flows: downloads (TCP) and video streams (QUIC over UDP/443) towards hosts in the
 * protected networks, each lasting many minutes at a steady bit rate. A fixed number run at any
 * time; when one ends another starts. At the start of a simulation they are already under way.
 *
 * Under NetFlow with a 60 s active timeout such a flow becomes a record per minute carrying a whole
 * minute of packets — the classic source of false spikes in detectors that treat a record's
 * packets as arriving when the record does.
 *
 * Pure: no I/O.
 */
import type { Rng } from '../random.js';
import type { BackgroundSpec, NetworkDef } from '../scenario-types.js';
import { randomClient } from './address-pool.js';
import { randomClientHost } from './hosts.js';
import { EPHEMERAL_HIGH, EPHEMERAL_LOW } from './model.js';
import { RowFlags, type PacketBatch } from './packet-batch.js';

const CLIENT_SKIP = 64;
const DATA_LEN = 1500;

/** The set of running long flows, as typed arrays. */
export class LongFlows {
  readonly #spec: BackgroundSpec;
  readonly #networks: readonly NetworkDef[];
  readonly #rng: Rng;
  readonly #n: number;
  readonly #outside: Uint32Array;
  readonly #inside: Uint32Array;
  readonly #fam: Uint8Array;
  readonly #tcp: Uint8Array;
  readonly #net: Uint8Array;
  readonly #port: Uint16Array;
  readonly #pps: Float64Array;
  readonly #end: Float64Array;
  readonly #carry: Float64Array;

  constructor(spec: BackgroundSpec, networks: readonly NetworkDef[], rng: Rng, startMs: number) {
    const n = spec.longFlows.count;
    this.#spec = spec;
    this.#networks = networks;
    this.#rng = rng;
    this.#n = n;
    this.#outside = new Uint32Array(n * 4);
    this.#inside = new Uint32Array(n * 4);
    this.#fam = new Uint8Array(n);
    this.#tcp = new Uint8Array(n);
    this.#net = new Uint8Array(n);
    this.#port = new Uint16Array(n);
    this.#pps = new Float64Array(n);
    this.#end = new Float64Array(n);
    this.#carry = new Float64Array(n);
    for (let f = 0; f < n; f++) {
      const d = this.#draw(f);
      // Already running: a random part of its duration has passed.
      this.#end[f] = startMs + d * (1 - rng.float());
    }
  }

  /** Appends the rows of every long flow for `[fromMs, toMs)`. */
  generate(fromMs: number, toMs: number, out: PacketBatch): void {
    for (let f = 0; f < this.#n; f++) {
      let t = fromMs;
      while (this.#end[f]! <= toMs) {
        const end = this.#end[f]!;
        this.#data(f, t, end, out);
        this.#control(f, end, 0x11, out);
        const d = this.#draw(f);
        this.#control(f, end, 0x02, out);
        this.#end[f] = end + d;
        t = end;
      }
      this.#data(f, t, toMs, out);
    }
  }

  /** Picks a new flow for slot `f`; returns its duration. */
  #draw(f: number): number {
    const rng = this.#rng;
    const s = this.#spec;
    const nets = s.networks;
    const net = this.#networks[nets[rng.int(nets.length)]!]!;
    const fam: 4 | 6 = net.v6 !== undefined && (net.v4 === undefined || rng.chance(s.ipv6Share)) ? 6 : 4;
    randomClient(rng, fam, this.#outside, f * 4);
    randomClientHost((fam === 6 ? net.v6 : net.v4)!, rng, this.#inside, f * 4, CLIENT_SKIP);
    this.#fam[f] = fam;
    this.#tcp[f] = rng.chance(0.7) ? 1 : 0;
    this.#net[f] = net.index;
    this.#port[f] = rng.range(EPHEMERAL_LOW, EPHEMERAL_HIGH);
    const mbps = s.longFlows.minMbps + rng.float() * (s.longFlows.maxMbps - s.longFlows.minMbps);
    this.#pps[f] = (mbps * 1e6) / 8 / DATA_LEN;
    this.#carry[f] = 0;
    return s.longFlows.minDurationMs + rng.float() * (s.longFlows.maxDurationMs - s.longFlows.minDurationMs);
  }

  #row(f: number, t: number, ipLen: number, outbound: boolean, out: PacketBatch): number {
    const fam = this.#fam[f] as 4 | 6;
    const tcp = this.#tcp[f] === 1;
    const i = out.add(t, fam, tcp ? 6 : 17, ipLen + (fam === 6 && ipLen < DATA_LEN ? 20 : 0), this.#net[f]!, 0);
    if (outbound) {
      out.setAddresses(i, this.#inside, f * 4, this.#outside, f * 4);
      out.srcPort[i] = this.#port[f]!;
      out.dstPort[i] = 443;
      out.flags[i] = RowFlags.Outbound;
    } else {
      out.setAddresses(i, this.#outside, f * 4, this.#inside, f * 4);
      out.srcPort[i] = 443;
      out.dstPort[i] = this.#port[f]!;
      out.ttl[i] = 52;
    }
    return i;
  }

  /** Data towards the inside host and the acknowledgements back, over `[from, to)`. */
  #data(f: number, from: number, to: number, out: PacketBatch): void {
    if (to <= from) return;
    const x = this.#carry[f]! + (this.#pps[f]! * (to - from)) / 1000;
    const n = Math.floor(x);
    this.#carry[f] = x - n;
    if (n === 0) return;
    const tcp = this.#tcp[f] === 1;
    let i = this.#row(f, from, DATA_LEN, false, out);
    out.count[i] = n;
    out.spanMs[i] = to - from;
    out.tcpFlags[i] = tcp ? 0x18 : 0;
    // TCP acknowledges every second segment; QUIC sends an ACK frame every tenth packet or so.
    const acks = tcp ? Math.floor(n / 2) : Math.floor(n / 10);
    if (acks === 0) return;
    i = this.#row(f, from, tcp ? 52 : 80, true, out);
    out.count[i] = acks;
    out.spanMs[i] = to - from;
    out.tcpFlags[i] = tcp ? 0x10 : 0;
  }

  /** The SYN or FIN exchange of a TCP flow (nothing for QUIC streams). */
  #control(f: number, t: number, flags: number, out: PacketBatch): void {
    if (this.#tcp[f] !== 1) return;
    const synAck = flags === 0x02 ? 0x12 : flags;
    // The inside host opens the connection and closes it.
    out.tcpFlags[this.#row(f, t, 60, true, out)] = flags;
    out.tcpFlags[this.#row(f, t, 60, false, out)] = synAck;
  }
}
