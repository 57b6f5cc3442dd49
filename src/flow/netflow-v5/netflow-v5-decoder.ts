/**
 * NetFlow v5 decoder (Cisco NetFlow Export Datagram Format, version 5): a 24-byte header and up
 * to 30 fixed 48-byte IPv4 flow records.
 *
 * - Times: First/Last are sysUptime milliseconds at the flow's first and last packet; they are
 *   made absolute with the header's sysUptime and unix_secs/unix_nsecs (export time − uptime +
 *   First), the difference taken as a signed 32-bit value so uptime wrap-around stays correct.
 * - Sampling: the low 14 bits of the header's sampling_interval (the top 2 are the mode); 0 means
 *   the exporter does not say, recorded as unknown (0) so the exporter's configured rate applies.
 * - ICMP: v5 carries type × 256 + code in the destination port; it is copied to `icmpTypeCode`.
 * - flow_sequence counts flows per engine (engine_type, engine_id): the expected next value is the
 *   last one plus that datagram's record count, so a gap is the number of lost records.
 *
 * Pure: no I/O.
 */
import { DecodeError, type DecoderLimits, type ExporterContext, type FlowDecoder } from '../decoder.js';
import { FlowFormat, type FlowSink } from '../flow-batch.js';
import { u16, u32 } from '../bytes.js';
import { checkSequence } from '../sequence.js';
import { admitDatagram, caughtException } from '../decode-guard.js';

const HEADER_LENGTH = 24;
const RECORD_LENGTH = 48;
/** Engines tracked per exporter for sequence numbers; further ones are decoded but not tracked. */
const MAX_ENGINES_PER_EXPORTER = 256;

/** Decodes NetFlow v5 datagrams. */
export class NetflowV5Decoder implements FlowDecoder {
  readonly format = FlowFormat.NetflowV5;
  readonly #limits: DecoderLimits;
  /** Next expected flow_sequence by exporter index, then by engine (type × 256 + id). */
  readonly #sequences = new Map<number, Map<number, number>>();

  constructor(limits: DecoderLimits) {
    this.#limits = limits;
  }

  decode(d: Uint8Array, exporter: ExporterContext, nowMs: number, sink: FlowSink): number {
    const c = exporter.counters;
    if (!admitDatagram(d, c, nowMs, this.#limits, HEADER_LENGTH, 2, 5)) return 0;
    try {
      return this.#decode(d, exporter, sink);
    } catch (e) {
      // Defence in depth: decoding is written not to throw; if it ever does, count, never crash.
      caughtException(c, e);
      return 0;
    }
  }

  #decode(d: Uint8Array, exporter: ExporterContext, sink: FlowSink): number {
    const c = exporter.counters;
    const declared = u16(d, 2);
    const fit = Math.floor((d.length - HEADER_LENGTH) / RECORD_LENGTH);
    // A datagram shorter than its count promises is decoded as far as it goes and counted.
    if (declared > fit) c.error(DecodeError.Truncated);
    const count = Math.min(declared, fit);
    const sysUptime = u32(d, 4);
    const exportMs = u32(d, 8) * 1000 + Math.floor(u32(d, 12) / 1e6);
    const engine = u16(d, 20);
    const interval = u16(d, 22) & 0x3fff;
    let b = sink.current();
    for (let r = 0, p = HEADER_LENGTH; r < count; r++, p += RECORD_LENGTH) {
      if (b.length >= b.capacity) b = sink.flush(b);
      const i = b.begin();
      const o = i * 4;
      b.srcAddr[o + 2] = 0xffff;
      b.srcAddr[o + 3] = u32(d, p);
      b.dstAddr[o + 2] = 0xffff;
      b.dstAddr[o + 3] = u32(d, p + 4);
      b.nextHop[o + 2] = 0xffff;
      b.nextHop[o + 3] = u32(d, p + 8);
      b.ipVersion[i] = 4;
      b.inputIf[i] = u16(d, p + 12);
      b.outputIf[i] = u16(d, p + 14);
      b.packets[i] = u32(d, p + 16);
      b.bytes[i] = u32(d, p + 20);
      b.startMs[i] = exportMs - ((sysUptime - u32(d, p + 24)) | 0);
      b.endMs[i] = exportMs - ((sysUptime - u32(d, p + 28)) | 0);
      b.srcPort[i] = u16(d, p + 32);
      b.dstPort[i] = u16(d, p + 34);
      b.tcpFlags[i] = d[p + 37]!;
      const proto = d[p + 38]!;
      b.protocol[i] = proto;
      if (proto === 1) b.icmpTypeCode[i] = b.dstPort[i]!;
      b.tos[i] = d[p + 39]!;
      b.srcAs[i] = u16(d, p + 40);
      b.dstAs[i] = u16(d, p + 42);
      b.srcMask[i] = d[p + 44]!;
      b.dstMask[i] = d[p + 45]!;
      b.samplingRate[i] = interval;
      b.exporter[i] = exporter.index;
      b.format[i] = FlowFormat.NetflowV5;
      b.observationDomain[i] = engine;
      b.commit();
    }
    c.records += count;
    this.#sequence(exporter, engine, u32(d, 16), count);
    return count;
  }

  #sequence(exporter: ExporterContext, engine: number, sequence: number, count: number): void {
    let engines = this.#sequences.get(exporter.index);
    if (engines === undefined) {
      engines = new Map();
      this.#sequences.set(exporter.index, engines);
    }
    const expected = engines.get(engine);
    if (expected !== undefined) checkSequence(exporter.counters, expected, sequence, 1);
    else if (engines.size >= MAX_ENGINES_PER_EXPORTER) return;
    engines.set(engine, (sequence + count) >>> 0);
  }

  forget(exporterIndex: number): void {
    this.#sequences.delete(exporterIndex);
  }

  /** Engines tracked for sequence numbers (bounded; for tests and metrics). */
  get trackedSequences(): number {
    let n = 0;
    for (const m of this.#sequences.values()) n += m.size;
    return n;
  }
}
