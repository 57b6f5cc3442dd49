/**
 * An sFlow v5 agent: every interface is a data source with its own random 1-in-N sampler, sample
 * pool and sequence numbers; sampled packet headers travel in flow samples, interface counters in
 * counter samples every counter interval. Datagrams go out when the next sample might not fit, or
 * when the oldest waiting sample has waited `maxDelayMs` (real agents send at least once a
 * second). The samples of a tick are written in the order they were taken — the packet rows of a
 * tick come model by model, not in time order — so a datagram leaves at the time of its last
 * sample, as an agent that sends each datagram once it is full does.
 *
 * Pure: no I/O.
 */
import type { SimDatagram } from '../datagram.js';
import { frameLength } from '../encode/packet-header.js';
import { COUNTER_SAMPLE, MAX_FLOW_SAMPLE, SflowDatagramWriter, type FlowSampleInfo, type InterfaceCounters } from '../encode/sflow.js';
import type { Rng } from '../random.js';
import type { PacketBatch } from '../traffic/packet-batch.js';
import { interfacesOf, vlanOf, type ExporterModel, type ExporterSpec, type ExporterStats } from './exporter.js';
import { PacketSampler } from './sampler.js';

/** Highest ifIndex used (uplink 1, protected networks 10..265). */
const MAX_IF = 266;
const IF_SPEED = 10_000_000_000;

/** The sFlow agent model. */
export class SflowAgent implements ExporterModel {
  readonly spec: ExporterSpec;
  readonly stats: ExporterStats = { datagrams: 0, bytes: 0, records: 0, packetsSeen: 0 };
  readonly #rng: Rng;
  readonly #writer: SflowDatagramWriter;
  readonly #samplers: (PacketSampler | undefined)[] = new Array<PacketSampler | undefined>(MAX_IF).fill(undefined);
  readonly #pool = new Float64Array(MAX_IF);
  readonly #flowSeq = new Float64Array(MAX_IF);
  readonly #counterSeq = new Float64Array(MAX_IF);
  readonly #inOctets = new Float64Array(MAX_IF);
  readonly #inPackets = new Float64Array(MAX_IF);
  readonly #outOctets = new Float64Array(MAX_IF);
  readonly #outPackets = new Float64Array(MAX_IF);
  /** Interfaces that have carried traffic, in order of first use; they get counter samples. */
  readonly #active: number[] = [];
  readonly #known = new Uint8Array(MAX_IF);
  readonly #ready: SimDatagram[] = [];
  readonly #info: FlowSampleInfo = { sequence: 0, sourceIndex: 0, samplingRate: 1, samplePool: 0, drops: 0, input: 0, output: 0 };
  readonly #counters: InterfaceCounters = { sequence: 0, ifIndex: 0, ifSpeed: IF_SPEED, inOctets: 0, inPackets: 0, outOctets: 0, outPackets: 0 };
  #sequence = 0;
  #firstPendingMs = Number.POSITIVE_INFINITY;
  #lastSampleMs = Number.NEGATIVE_INFINITY;
  #lastSentMs = Number.NEGATIVE_INFINITY;
  #nextCountersMs = Number.NEGATIVE_INFINITY;
  // Samples taken this tick, written in time order by `advance` (with the pool as it stands then).
  #pendRow = new Int32Array(256);
  #pendTime = new Float64Array(256);
  #pending = 0;
  #pendBatch: PacketBatch | undefined;
  #order: number[] = [];

  constructor(spec: ExporterSpec, rng: Rng) {
    this.spec = spec;
    this.#rng = rng;
    this.#writer = new SflowDatagramWriter(spec.address32, 0, spec.mtu, spec.sflowExpanded);
  }

  observe(b: PacketBatch, i: number): void {
    const count = b.count[i]!;
    this.stats.packetsSeen += count;
    const ifs = interfacesOf(b, i);
    const inIf = Math.floor(ifs / 65536);
    const outIf = ifs & 0xffff;
    const vlan = vlanOf(this.spec, b, i);
    const octets = count * frameLength(b, i, vlan);
    let sampler = this.#samplers[inIf];
    if (sampler === undefined) {
      sampler = new PacketSampler(this.spec.samplingRate, this.#rng.derive(`if:${inIf}`));
      this.#samplers[inIf] = sampler;
    }
    if (this.#known[inIf] === 0 || this.#known[outIf] === 0) this.#touch(inIf, outIf);
    this.#pool[inIf]! += count;
    this.#inOctets[inIf]! += octets;
    this.#inPackets[inIf]! += count;
    this.#outOctets[outIf]! += octets;
    this.#outPackets[outIf]! += count;
    const k = sampler.take(count);
    this.#pendBatch = b;
    for (let s = 0; s < k; s++) {
      if (this.#pending === this.#pendRow.length) this.#growPending();
      this.#pendRow[this.#pending] = i;
      this.#pendTime[this.#pending++] = b.timeMs[i]!;
    }
  }

  /** Writes the samples taken this tick in the order they were taken. */
  #writePending(): void {
    const b = this.#pendBatch;
    const n = this.#pending;
    this.#pending = 0;
    if (b === undefined || n === 0) return;
    const order = this.#order;
    order.length = n;
    for (let k = 0; k < n; k++) order[k] = k;
    const time = this.#pendTime;
    order.sort((x, y) => time[x]! - time[y]! || x - y);
    for (const k of order) {
      const i = this.#pendRow[k]!;
      const t = time[k]!;
      if (!this.#writer.fits(MAX_FLOW_SAMPLE)) this.#send(Math.max(this.#lastSampleMs, t));
      const ifs = interfacesOf(b, i);
      const inIf = Math.floor(ifs / 65536);
      const info = this.#info;
      info.sequence = ++this.#flowSeq[inIf]!;
      info.sourceIndex = inIf;
      info.samplingRate = this.spec.samplingRate;
      info.samplePool = this.#pool[inIf]!;
      info.input = inIf;
      info.output = ifs & 0xffff;
      this.#writer.addFlowSample(info, b, i, vlanOf(this.spec, b, i), this.#rng.u32());
      this.stats.records++;
      if (this.#firstPendingMs === Number.POSITIVE_INFINITY) this.#firstPendingMs = t;
      if (t > this.#lastSampleMs) this.#lastSampleMs = t;
    }
  }

  #growPending(): void {
    const n = this.#pendRow.length * 2;
    const row = new Int32Array(n);
    row.set(this.#pendRow);
    this.#pendRow = row;
    const time = new Float64Array(n);
    time.set(this.#pendTime);
    this.#pendTime = time;
  }

  advance(nowMs: number, out: SimDatagram[]): void {
    this.#writePending();
    if (nowMs >= this.#nextCountersMs) {
      this.#writeCounters(nowMs);
      this.#nextCountersMs = nowMs + this.spec.counterIntervalMs;
    }
    if (this.#writer.samples > 0 && nowMs - this.#firstPendingMs >= this.spec.maxDelayMs) this.#send(nowMs);
    for (const d of this.#ready) out.push(d);
    this.#ready.length = 0;
  }

  finish(nowMs: number, out: SimDatagram[]): void {
    this.#writePending();
    if (this.#writer.samples > 0) this.#send(nowMs);
    for (const d of this.#ready) out.push(d);
    this.#ready.length = 0;
  }

  #touch(inIf: number, outIf: number): void {
    for (const x of [inIf, outIf]) {
      if (this.#known[x] === 0) {
        this.#known[x] = 1;
        this.#active.push(x);
      }
    }
  }

  #writeCounters(nowMs: number): void {
    for (const ifIndex of this.#active) {
      if (!this.#writer.fits(COUNTER_SAMPLE)) this.#send(nowMs);
      const c = this.#counters;
      c.sequence = ++this.#counterSeq[ifIndex]!;
      c.ifIndex = ifIndex;
      c.inOctets = this.#inOctets[ifIndex]!;
      c.inPackets = this.#inPackets[ifIndex]!;
      c.outOctets = this.#outOctets[ifIndex]!;
      c.outPackets = this.#outPackets[ifIndex]!;
      this.#writer.addCounterSample(c);
      if (this.#firstPendingMs === Number.POSITIVE_INFINITY) this.#firstPendingMs = nowMs;
    }
  }

  #send(timeMs: number): void {
    // Datagrams of one agent leave in order even though rows within a tick are not time-sorted.
    const t = Math.max(timeMs, this.#lastSentMs);
    const payload = this.#writer.finish(this.#sequence, t - this.spec.bootMs);
    this.#sequence = (this.#sequence + 1) >>> 0;
    this.#lastSentMs = t;
    this.#firstPendingMs = Number.POSITIVE_INFINITY;
    this.stats.datagrams++;
    this.stats.bytes += payload.length;
    this.#ready.push({ timeMs: t, exporter: this.spec.index, kind: 'sflow', payload });
  }
}
