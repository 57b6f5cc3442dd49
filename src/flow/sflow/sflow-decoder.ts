/**
 * sFlow version 5 decoder (sflow.org "sFlow Version 5", July 2004).
 *
 * Each flow sample (compact 0:1 or expanded 0:3) becomes one flow record:
 * - packets = 1 and samplingRate = the sample's sampling_rate, so the scaled counts estimate the
 *   traffic the sample stands for;
 * - bytes = frame_length of the raw packet header record: the whole frame as received — for
 *   Ethernet the MAC header, any VLAN tags and the FCS included — so it exceeds the IP length by
 *   18 bytes (22 with a tag) per packet; NetFlow/IPFIX octet counts are IP-level. Without a raw
 *   header, the IP length of a sampled IPv4/IPv6 record is used. The frame length is kept because
 *   it is what the link carried (what saturates an interface in a flood) and is what sFlow
 *   collectors (and Akvorado) report;
 * - addresses, protocol, ports, flags, ToS, fragments and VLAN come from the raw packet header
 *   (outer header, see `packet/packet-parser.ts`), else from a sampled IPv4/IPv6 record; the
 *   extended switch record's incoming VLAN wins over the header's tag; extended router gives next
 *   hop and masks, extended gateway the AS numbers;
 * - interfaces: ifIndex values only; "internal" (0x3fffffff), discarded-packet and
 *   multiple-interface encodings (format ≠ 0) are recorded as 0;
 * - sFlow carries no flow times: start = end = the receive time.
 * Counter samples (0:2, 0:4) are counted, not decoded.
 *
 * Sequence numbers: the datagram sequence per agent address + sub-agent detects gaps and agent
 * restarts; the flow sample sequence per source id counts the samples (= records) lost.
 *
 * Pure: no I/O.
 */
import { DecodeError, type DecoderLimits, type ExporterContext, type FlowDecoder } from '../decoder.js';
import { FlowFormat, type FlowBatch, type FlowSink } from '../flow-batch.js';
import { u32 } from '../bytes.js';
import { admitDatagram, caughtException, declaredEnd } from '../decode-guard.js';
import { checkSequence } from '../sequence.js';
import { FlowSampleRecords, RecordsStatus } from './flow-records.js';
import { AgentTable, type AgentState } from './agent-table.js';

/** Version and agent address type: what must be there before the agent address is read. */
const PREAMBLE_LENGTH = 8;
const FLOW_SAMPLE = 1;
const COUNTER_SAMPLE = 2;
const EXPANDED_FLOW_SAMPLE = 3;
const EXPANDED_COUNTER_SAMPLE = 4;
/** Interface value meaning "the packet was sourced or consumed by the switch itself". */
const INTERNAL_INTERFACE = 0x3fffffff;

/** Decodes sFlow v5 datagrams. */
export class SflowDecoder implements FlowDecoder {
  readonly format = FlowFormat.Sflow;
  readonly #limits: DecoderLimits;
  readonly #agents = new AgentTable();
  readonly #records = new FlowSampleRecords();

  constructor(limits: DecoderLimits) {
    this.#limits = limits;
  }

  decode(d: Uint8Array, exporter: ExporterContext, nowMs: number, sink: FlowSink): number {
    const c = exporter.counters;
    if (!admitDatagram(d, c, nowMs, this.#limits, PREAMBLE_LENGTH, 4, 5)) return 0;
    try {
      return this.#decode(d, exporter, nowMs, sink);
    } catch (e) {
      // Defence in depth: decoding is written not to throw; if it ever does, count, never crash.
      caughtException(c, e);
      return 0;
    }
  }

  #decode(d: Uint8Array, exporter: ExporterContext, nowMs: number, sink: FlowSink): number {
    const c = exporter.counters;
    const addressType = u32(d, 4);
    const addressLength = addressType === 1 ? 4 : addressType === 2 ? 16 : -1;
    if (addressLength < 0) {
      c.error(DecodeError.Other);
      return 0;
    }
    let p = 8 + addressLength;
    if (d.length - p < 16) {
      c.error(DecodeError.Truncated);
      return 0;
    }
    const agent = this.#agents.agent(exporter.index, d, 8, addressLength, u32(d, p));
    const sequence = u32(d, p + 4);
    const samples = u32(d, p + 12);
    p += 16;
    let reset = false;
    if (agent !== undefined) {
      // Datagram sequence: gaps and restarts; lost records come from the per-source sample sequence.
      if (agent.hasSequence) reset = checkSequence(c, agent.nextSequence, sequence, 0) < 0;
      agent.hasSequence = true;
      agent.nextSequence = (sequence + 1) >>> 0;
      if (reset) agent.sources.clear();
    }
    let appended = 0;
    for (let s = 0; s < samples; s++) {
      if (d.length - p < 8) {
        c.error(DecodeError.Truncated);
        break;
      }
      const format = u32(d, p);
      const end = declaredEnd(c, p + 8, u32(d, p + 4), 0, d.length);
      if (end < 0) break;
      p += 8;
      if (format === FLOW_SAMPLE || format === EXPANDED_FLOW_SAMPLE) {
        appended += this.#flowSample(d, p, end, format === EXPANDED_FLOW_SAMPLE, exporter, agent, nowMs, sink);
      } else if (format === COUNTER_SAMPLE || format === EXPANDED_COUNTER_SAMPLE) {
        c.counterSamples++;
      }
      // Other formats (enterprise ≠ 0) are skipped by length.
      p = (end + 3) & ~3;
    }
    return appended;
  }

  #flowSample(d: Uint8Array, p: number, end: number, expanded: boolean, exporter: ExporterContext, agent: AgentState | undefined, nowMs: number, sink: FlowSink): number {
    const c = exporter.counters;
    const headerLength = expanded ? 44 : 32;
    if (end - p < headerLength) {
      c.error(DecodeError.BadSample);
      return 0;
    }
    const sequence = u32(d, p);
    let sourceType: number;
    let sourceIndex: number;
    let inIf: number;
    let outIf: number;
    let q: number;
    if (expanded) {
      sourceType = u32(d, p + 4);
      sourceIndex = u32(d, p + 8);
      inIf = u32(d, p + 24) === 0 ? u32(d, p + 28) : 0;
      outIf = u32(d, p + 32) === 0 ? u32(d, p + 36) : 0;
      q = p + 12;
    } else {
      const id = u32(d, p + 4);
      sourceType = id >>> 24;
      sourceIndex = id & 0xffffff;
      const input = u32(d, p + 20);
      const output = u32(d, p + 24);
      // Top two bits: 0 = ifIndex, 1 = discarded (reason), 2 = multiple interfaces (count).
      inIf = input >>> 30 === 0 ? input : 0;
      outIf = output >>> 30 === 0 ? output : 0;
      q = p + 8;
    }
    const rate = u32(d, q);
    const count = u32(d, p + headerLength - 4);
    const status = this.#records.read(d, p + headerLength, end, count);
    if (status === RecordsStatus.BadSample) {
      c.error(DecodeError.BadSample);
      return 0;
    }
    if (status === RecordsStatus.BadPacketHeader) c.error(DecodeError.BadPacketHeader);
    if (agent !== undefined) this.#agents.sampleSequence(agent, sourceType, sourceIndex, sequence, c);
    let b = sink.current();
    if (b.length >= b.capacity) b = sink.flush(b);
    const i = b.begin();
    this.#fill(b, i, inIf === INTERNAL_INTERFACE ? 0 : inIf, outIf === INTERNAL_INTERFACE ? 0 : outIf);
    b.samplingRate[i] = rate;
    b.startMs[i] = nowMs;
    b.endMs[i] = nowMs;
    b.exporter[i] = exporter.index;
    b.format[i] = FlowFormat.Sflow;
    b.observationDomain[i] = sourceIndex;
    b.commit();
    c.records++;
    return 1;
  }

  /** Writes the sample's records into record `i`. */
  #fill(b: FlowBatch, i: number, inIf: number, outIf: number): void {
    const r = this.#records;
    const o = i * 4;
    b.packets[i] = 1;
    b.inputIf[i] = inIf;
    b.outputIf[i] = outIf;
    if (r.hasPacket) {
      const pk = r.packet;
      b.ipVersion[i] = pk.ipVersion;
      for (let k = 0; k < 4; k++) {
        b.srcAddr[o + k] = pk.src[k]!;
        b.dstAddr[o + k] = pk.dst[k]!;
      }
      b.protocol[i] = pk.protocol;
      b.srcPort[i] = pk.srcPort;
      b.dstPort[i] = pk.dstPort;
      b.tcpFlags[i] = pk.tcpFlags;
      b.tos[i] = pk.tos;
      b.icmpTypeCode[i] = pk.icmpTypeCode;
      b.fragment[i] = pk.fragment;
      b.vlan[i] = pk.vlan;
    } else if (r.sampledVersion !== 0) {
      b.ipVersion[i] = r.sampledVersion;
      for (let k = 0; k < 4; k++) {
        b.srcAddr[o + k] = r.sampledSrc[k]!;
        b.dstAddr[o + k] = r.sampledDst[k]!;
      }
      b.protocol[i] = r.sampledProtocol;
      b.srcPort[i] = r.sampledSrcPort;
      b.dstPort[i] = r.sampledDstPort;
      b.tcpFlags[i] = r.sampledTcpFlags;
      b.tos[i] = r.sampledTos;
    }
    b.bytes[i] = r.frameLength >= 0 ? r.frameLength : r.sampledVersion !== 0 ? r.sampledLength : 0;
    if (r.srcVlan > 0) b.vlan[i] = r.srcVlan;
    if (r.nextHopSet) for (let k = 0; k < 4; k++) b.nextHop[o + k] = r.nextHop[k]!;
    b.srcMask[i] = r.srcMask;
    b.dstMask[i] = r.dstMask;
    b.srcAs[i] = r.srcAs;
    b.dstAs[i] = r.dstAs;
  }

  forget(exporterIndex: number): void {
    this.#agents.forget(exporterIndex);
  }

  /** Agents and sources tracked for sequence numbers (bounded; for tests and metrics). */
  get trackedSequences(): number {
    return this.#agents.size;
  }
}
