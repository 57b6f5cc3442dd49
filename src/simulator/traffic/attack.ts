/**
 * One attack of a scenario: in each of its occurrence windows (one, or one per cycle of a
 * repeating scenario) it sends its vector mix at the stated rate of true packets per second from its
 * bots and reflectors to its target, and it keeps the ground truth of every occurrence: packets and
 * bytes per vector and the exact set of sources used.
 *
 * Pure: no I/O.
 */
import type { Rng } from '../random.js';
import { AMPLIFICATION_VECTORS, type AttackSpec, type VectorName } from '../scenario-types.js';
import { SourceSet } from './address-pool.js';
import { AMPLIFICATION } from './amplification.js';
import type { TrafficModel } from './model.js';
import { RowFlags, type PacketBatch } from './packet-batch.js';
import { StompFlood } from './stomp.js';
import { TargetCursor } from './target.js';
import { ackFlood, amplificationFlood, fragmentFlood, greFlood, icmpFlood, rstFlood, synFlood, udpFlood, type FloodGenerator, type VectorContext } from './vectors.js';

const FLOODS: Partial<Record<VectorName, FloodGenerator>> = {
  syn: synFlood,
  ack: ackFlood,
  rst: rstFlood,
  udp: udpFlood,
  icmp: icmpFlood,
  gre: greFlood,
  fragment: fragmentFlood,
};

/** Ground truth of one occurrence of an attack, accumulated while it runs. */
export interface AttackOccurrence {
  readonly occurrence: number;
  readonly startMs: number;
  readonly endMs: number;
  packets: number;
  bytes: number;
  /** Time of the first packet that reached the target (Infinity before there is one). */
  firstPacketMs: number;
  readonly vectorPackets: Float64Array;
  readonly vectorBytes: Float64Array;
  /** Sources used, filled when the occurrence ends (or on demand while it runs). */
  sources: { addresses: string[]; categories: number[] } | undefined;
}

/** The attack model. */
export class AttackModel implements TrafficModel {
  readonly spec: AttackSpec;
  readonly occurrences: AttackOccurrence[] = [];
  readonly bots: SourceSet | undefined;
  /** Reflector set per vector (undefined for non-reflection vectors). */
  readonly reflectors: readonly (SourceSet | undefined)[];
  readonly #ctx: VectorContext;
  readonly #baseMs: number;
  readonly #cycleMs: number;
  readonly #carry: Float64Array;
  readonly #stomp: StompFlood | undefined;
  #current: AttackOccurrence | undefined;

  /**
   * @param baseMs scenario start; occurrence k starts at `baseMs + k * cycleMs + spec.startMs`.
   * @param cycleMs cycle length when the scenario repeats, else Infinity.
   */
  constructor(spec: AttackSpec, rng: Rng, baseMs: number, cycleMs: number, origin: number) {
    this.spec = spec;
    this.#baseMs = baseMs;
    this.#cycleMs = cycleMs;
    this.#carry = new Float64Array(spec.vectors.length);
    const fam = spec.target.family;
    const key = rng.u32();
    const needsBots = spec.vectors.some((v) => !AMPLIFICATION_VECTORS.includes(v.name));
    // A named botnet's bots are the same in every attack naming it; the draw above keeps the other randomness unchanged.
    this.bots = needsBots ? SourceSet.bots(spec.sources, fam, spec.botnetKey ?? key) : undefined;
    let ampIndex = 0;
    this.reflectors = spec.vectors.map((v) => (AMPLIFICATION_VECTORS.includes(v.name) ? SourceSet.reflectors(spec.reflectors, fam, key, spec.reflectors * ampIndex++) : undefined));
    this.#stomp = this.bots !== undefined && spec.vectors.some((v) => v.name === 'stomp') ? new StompFlood(this.bots) : undefined;
    this.#ctx = {
      rng,
      fam,
      net: spec.target.network,
      origin,
      target: new TargetCursor(spec.target, rng.derive('target'), spec.kind === 'carpet'),
      ports: spec.ports,
      packetSize: spec.packetSize,
    };
  }

  generate(fromMs: number, toMs: number, out: PacketBatch): void {
    const first = Number.isFinite(this.#cycleMs) ? Math.max(0, Math.floor((fromMs - this.#baseMs - this.spec.startMs) / this.#cycleMs)) : 0;
    for (let k = first; k <= first + 1; k++) {
      const start = this.#baseMs + (Number.isFinite(this.#cycleMs) ? k * this.#cycleMs : 0) + this.spec.startMs;
      const end = start + this.spec.durationMs;
      const a = Math.max(fromMs, start);
      const b = Math.min(toMs, end);
      if (a < b) {
        this.#enter(k, start, end);
        this.#emit(a, b, out);
      }
      if (!Number.isFinite(this.#cycleMs)) break;
    }
  }

  /** Snapshot of the sources of the running occurrence (finished ones keep theirs). */
  currentSources(): { addresses: string[]; categories: number[] } {
    const addresses: string[] = [];
    const categories: number[] = [];
    for (const set of [this.bots, ...this.reflectors]) {
      if (set === undefined) continue;
      const m = set.usedMembers();
      addresses.push(...m.addresses);
      categories.push(...m.categories);
    }
    return { addresses, categories };
  }

  #enter(k: number, start: number, end: number): void {
    if (this.#current?.occurrence === k) return;
    if (this.#current !== undefined) this.#current.sources = this.currentSources();
    for (const set of [this.bots, ...this.reflectors]) set?.resetUsage();
    this.#carry.fill(0);
    this.#stomp?.reset();
    const n = this.spec.vectors.length;
    this.#current = {
      occurrence: k,
      startMs: start,
      endMs: end,
      packets: 0,
      bytes: 0,
      firstPacketMs: Number.POSITIVE_INFINITY,
      vectorPackets: new Float64Array(n),
      vectorBytes: new Float64Array(n),
      sources: undefined,
    };
    this.occurrences.push(this.#current);
  }

  #emit(a: number, b: number, out: PacketBatch): void {
    const c = this.#ctx;
    const occ = this.#current!;
    const seconds = (b - a) / 1000;
    c.target.shuffle();
    this.spec.vectors.forEach((v, vi) => {
      const x = this.#carry[vi]! + this.spec.ratePps * v.weight * seconds;
      const n = Math.floor(x);
      if (n <= 0) {
        this.#carry[vi] = x;
        return;
      }
      const before = out.length;
      let sent: number;
      const amp = AMPLIFICATION[v.name];
      if (amp !== undefined) sent = amplificationFlood(c, this.reflectors[vi]!, amp, out, n, a, b - a);
      else if (v.name === 'stomp') sent = this.#stomp!.emit(c, this.bots!, out, n, a, b - a);
      else sent = FLOODS[v.name]!(c, this.bots!, out, n, a, b - a);
      this.#carry[vi] = x - sent;
      // Truth counts what reached the target; the target's own answers (SYN-ACKs) are not attack traffic.
      let packets = 0;
      let bytes = 0;
      for (let i = before; i < out.length; i++) {
        if ((out.flags[i]! & RowFlags.Outbound) !== 0) continue;
        if (out.timeMs[i]! < occ.firstPacketMs) occ.firstPacketMs = out.timeMs[i]!;
        packets += out.count[i]!;
        bytes += out.count[i]! * out.ipLen[i]!;
      }
      occ.packets += packets;
      occ.bytes += bytes;
      occ.vectorPackets[vi]! += packets;
      occ.vectorBytes[vi]! += bytes;
    });
  }
}
