/**
 * A NetFlow v5/v9 or IPFIX exporter: optional random 1-in-N packet sampling in front of a
 * {@link FlowCache}, swept every `exportIntervalMs` (routers: once a second) at the exporter's
 * phase like a router's expiry process, and the encoder of the configured format behind it. The
 * export datagrams of a sweep carry the sweep's time.
 *
 * Pure: no I/O.
 */
import type { SimDatagram } from '../datagram.js';
import { IpfixEncoder } from '../encode/ipfix.js';
import { NetflowV5Encoder } from '../encode/netflow-v5.js';
import { NetflowV9Encoder } from '../encode/netflow-v9.js';
import type { FlowRecords } from '../encode/flow-records.js';
import type { Rng } from '../random.js';
import type { PacketBatch } from '../traffic/packet-batch.js';
import { interfacesOf, vlanOf, type ExporterModel, type ExporterSpec, type ExporterStats } from './exporter.js';
import { FlowCache } from './flow-cache.js';
import { PacketSampler } from './sampler.js';

interface Encoder {
  encode(records: FlowRecords, exportMs: number, out: Uint8Array[]): void;
}

function createEncoder(spec: ExporterSpec): Encoder {
  switch (spec.format) {
    case 'netflow-v5':
      return new NetflowV5Encoder({ bootMs: spec.bootMs, engineType: 0, engineId: spec.observationDomain & 0xff, samplingRate: spec.samplingRate, mtu: spec.mtu });
    case 'netflow-v9':
      return new NetflowV9Encoder({ bootMs: spec.bootMs, sourceId: spec.observationDomain, samplingRate: spec.samplingRate, mtu: spec.mtu, templateRefreshMs: spec.templateRefreshMs });
    case 'ipfix':
      return new IpfixEncoder({
        observationDomainId: spec.observationDomain,
        samplingRate: spec.samplingRate,
        samplingStyle: spec.ipfixSampling,
        mtu: spec.mtu,
        templateRefreshMs: spec.templateRefreshMs,
      });
    case 'sflow':
      throw new RangeError('sFlow is not a flow-cache format');
  }
}

/** The NetFlow/IPFIX exporter model. */
export class FlowExporter implements ExporterModel {
  readonly spec: ExporterSpec;
  readonly stats: ExporterStats = { datagrams: 0, bytes: 0, records: 0, packetsSeen: 0 };
  readonly cache: FlowCache;
  readonly #sampler: PacketSampler;
  readonly #encoder: Encoder;
  readonly #payloads: Uint8Array[] = [];
  #nextSweepMs = Number.NEGATIVE_INFINITY;

  constructor(spec: ExporterSpec, rng: Rng) {
    this.spec = spec;
    this.cache = new FlowCache({ activeTimeoutMs: spec.activeTimeoutMs, inactiveTimeoutMs: spec.inactiveTimeoutMs, maxEntries: spec.cacheEntries });
    this.#sampler = new PacketSampler(spec.samplingRate, rng.derive('sampler'));
    this.#encoder = createEncoder(spec);
  }

  observe(b: PacketBatch, i: number): void {
    const count = b.count[i]!;
    this.stats.packetsSeen += count;
    const k = this.#sampler.take(count);
    if (k === 0) return;
    const ifs = interfacesOf(b, i);
    const t = b.timeMs[i]!;
    this.cache.add(b, i, k, k * b.ipLen[i]!, t, t + b.spanMs[i]!, Math.floor(ifs / 65536), ifs & 0xffff, vlanOf(this.spec, b, i));
  }

  advance(nowMs: number, out: SimDatagram[]): void {
    const { exportIntervalMs: every, exportPhaseMs: phase } = this.spec;
    // The first sweep falls on the exporter's schedule like every other.
    if (this.#nextSweepMs === Number.NEGATIVE_INFINITY) this.#nextSweepMs = phase + Math.ceil((nowMs - phase) / every) * every;
    if (nowMs < this.#nextSweepMs && this.cache.exports.length === 0) return;
    if (nowMs >= this.#nextSweepMs) {
      this.cache.expire(nowMs);
      this.#nextSweepMs = phase + (Math.floor((nowMs - phase) / every) + 1) * every;
    }
    this.#export(nowMs, out);
  }

  finish(nowMs: number, out: SimDatagram[]): void {
    this.cache.expire(nowMs, true);
    this.#export(nowMs, out);
  }

  #export(nowMs: number, out: SimDatagram[]): void {
    const records = this.cache.exports;
    this.stats.records += records.length;
    this.#encoder.encode(records, nowMs, this.#payloads);
    records.clear();
    for (const payload of this.#payloads) {
      this.stats.datagrams++;
      this.stats.bytes += payload.length;
      out.push({ timeMs: nowMs, exporter: this.spec.index, kind: 'netflow', payload });
    }
    this.#payloads.length = 0;
  }
}
