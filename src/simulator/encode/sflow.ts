/**
 * sFlow version 5 datagrams (sflow.org "sFlow Version 5", XDR encoded): the datagram header, flow
 * samples in the compact (format 1) or expanded (format 3) form, each with a raw packet header
 * record (format 1) and — for tagged traffic — an extended switch record (format 1001), and
 * counter samples with generic interface counters (format 1). The writer packs samples until the
 * next one might not fit in the MTU.
 *
 * Pure: no I/O.
 */
import type { PacketBatch } from '../traffic/packet-batch.js';
import { frameLength, MAX_HEADER_BYTES, STRIPPED_OCTETS, writePacketHeader } from './packet-header.js';

const DATAGRAM_HEADER_V4 = 28;
/** Upper bound of one expanded flow sample with a full header and a switch record. */
export const MAX_FLOW_SAMPLE = 8 + 44 + 24 + MAX_HEADER_BYTES + 24;
/** Size of a counter sample with one generic interface counters record. */
export const COUNTER_SAMPLE = 8 + 12 + 8 + 88;
/** sFlow header_protocol 1: Ethernet (ISO 8802-3). */
const HEADER_PROTOCOL_ETHERNET = 1;

/** Per-sample values of a flow sample. */
export interface FlowSampleInfo {
  sequence: number;
  /** ifIndex of the data source (source_id type 0). */
  sourceIndex: number;
  samplingRate: number;
  samplePool: number;
  drops: number;
  input: number;
  output: number;
}

/** Counters of one interface for a counter sample. */
export interface InterfaceCounters {
  sequence: number;
  ifIndex: number;
  ifSpeed: number;
  inOctets: number;
  inPackets: number;
  outOctets: number;
  outPackets: number;
}

/** Builds sFlow datagrams one sample at a time. */
export class SflowDatagramWriter {
  readonly #buf: Uint8Array;
  readonly #view: DataView;
  readonly #agent: number;
  readonly #subAgent: number;
  readonly #expanded: boolean;
  #p = DATAGRAM_HEADER_V4;
  #samples = 0;

  /**
   * @param agentAddress IPv4 agent address as an unsigned 32-bit number.
   * @param expanded write expanded flow samples (format 3) instead of compact ones (format 1).
   */
  constructor(agentAddress: number, subAgentId: number, mtu: number, expanded: boolean) {
    this.#buf = new Uint8Array(mtu);
    this.#view = new DataView(this.#buf.buffer);
    this.#agent = agentAddress;
    this.#subAgent = subAgentId;
    this.#expanded = expanded;
  }

  /** Samples in the datagram being built. */
  get samples(): number {
    return this.#samples;
  }

  /** True when a sample of `size` octets still fits. */
  fits(size: number): boolean {
    return this.#p + size <= this.#buf.length;
  }

  /** Appends a flow sample of packet row `row`; the caller checked {@link fits} with {@link MAX_FLOW_SAMPLE}. */
  addFlowSample(s: FlowSampleInfo, b: PacketBatch, row: number, vlan: number, ipId: number): void {
    const v = this.#view;
    const start = this.#p;
    v.setUint32(start, this.#expanded ? 3 : 1);
    let p = start + 8;
    v.setUint32(p, s.sequence >>> 0);
    if (this.#expanded) {
      v.setUint32(p + 4, 0); // source_id_type: ifIndex
      v.setUint32(p + 8, s.sourceIndex);
      p += 12;
    } else {
      v.setUint32(p + 4, s.sourceIndex & 0xffffff);
      p += 8;
    }
    v.setUint32(p, s.samplingRate);
    v.setUint32(p + 4, s.samplePool >>> 0);
    v.setUint32(p + 8, s.drops >>> 0);
    p += 12;
    if (this.#expanded) {
      v.setUint32(p, 0);
      v.setUint32(p + 4, s.input);
      v.setUint32(p + 8, 0);
      v.setUint32(p + 12, s.output);
      p += 16;
    } else {
      v.setUint32(p, s.input & 0x3fffffff);
      v.setUint32(p + 4, s.output & 0x3fffffff);
      p += 8;
    }
    v.setUint32(p, vlan > 0 ? 2 : 1);
    p = this.#writeRawHeader(p + 4, b, row, vlan, ipId);
    if (vlan > 0) p = this.#writeSwitch(p, vlan);
    v.setUint32(start + 4, p - start - 8);
    this.#p = p;
    this.#samples++;
  }

  /** Appends a counter sample with generic interface counters (counters_sample format 2, record 1). */
  addCounterSample(c: InterfaceCounters): void {
    const v = this.#view;
    const start = this.#p;
    v.setUint32(start, 2);
    v.setUint32(start + 4, COUNTER_SAMPLE - 8);
    v.setUint32(start + 8, c.sequence >>> 0);
    v.setUint32(start + 12, c.ifIndex & 0xffffff);
    v.setUint32(start + 16, 1);
    v.setUint32(start + 20, 1); // if_counters
    v.setUint32(start + 24, 88);
    const p = start + 28;
    v.setUint32(p, c.ifIndex);
    v.setUint32(p + 4, 6); // ifType ethernetCsmacd
    setU64(v, p + 8, c.ifSpeed);
    v.setUint32(p + 16, 1); // ifDirection full-duplex
    v.setUint32(p + 20, 3); // ifStatus: admin up, oper up
    setU64(v, p + 24, c.inOctets);
    v.setUint32(p + 32, c.inPackets >>> 0);
    for (let k = 36; k < 56; k += 4) v.setUint32(p + k, 0); // multicast, broadcast, discards, errors, unknown protos
    setU64(v, p + 56, c.outOctets);
    v.setUint32(p + 64, c.outPackets >>> 0);
    for (let k = 68; k < 88; k += 4) v.setUint32(p + k, 0); // multicast, broadcast, discards, errors, promiscuous
    this.#p = start + COUNTER_SAMPLE;
    this.#samples++;
  }

  /** Completes the datagram with its header and returns a copy; resets for the next one. */
  finish(sequence: number, uptimeMs: number): Uint8Array {
    const v = this.#view;
    v.setUint32(0, 5);
    v.setUint32(4, 1); // agent address type IPv4
    v.setUint32(8, this.#agent);
    v.setUint32(12, this.#subAgent);
    v.setUint32(16, sequence >>> 0);
    v.setUint32(20, uptimeMs >>> 0);
    v.setUint32(24, this.#samples);
    const out = this.#buf.slice(0, this.#p);
    this.#p = DATAGRAM_HEADER_V4;
    this.#samples = 0;
    return out;
  }

  #writeRawHeader(p: number, b: PacketBatch, row: number, vlan: number, ipId: number): number {
    const v = this.#view;
    const start = p;
    v.setUint32(p, 1); // flow record format: sampled_header
    v.setUint32(p + 8, HEADER_PROTOCOL_ETHERNET);
    v.setUint32(p + 12, frameLength(b, row, vlan));
    v.setUint32(p + 16, STRIPPED_OCTETS);
    const h = p + 24;
    const len = writePacketHeader(this.#buf, v, h, b, row, vlan, ipId);
    v.setUint32(p + 20, len);
    let end = h + len;
    while ((end & 3) !== 0) this.#buf[end++] = 0; // XDR opaque padding
    v.setUint32(start + 4, end - start - 8);
    return end;
  }

  /** Extended switch data (format 1001): source and destination VLAN and priority. */
  #writeSwitch(p: number, vlan: number): number {
    const v = this.#view;
    v.setUint32(p, 1001);
    v.setUint32(p + 4, 16);
    v.setUint32(p + 8, vlan);
    v.setUint32(p + 12, 0);
    v.setUint32(p + 16, vlan);
    v.setUint32(p + 20, 0);
    return p + 24;
  }
}

function setU64(v: DataView, p: number, value: number): void {
  v.setUint32(p, Math.floor(value / 4294967296) >>> 0);
  v.setUint32(p + 4, value >>> 0);
}
