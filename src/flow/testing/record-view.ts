/**
 * Test support: a flow record as a plain object, for comparisons in tests (never on a hot path).
 */
import { formatAddressAt } from '../../core/ip.js';
import type { FlowBatch, FlowSink } from '../flow-batch.js';
import { CollectingSink } from '../flow-batch.js';

/** Every column of one record, addresses as text. */
export interface RecordView {
  ipVersion: number;
  src: string;
  dst: string;
  nextHop: string;
  protocol: number;
  srcPort: number;
  dstPort: number;
  icmpTypeCode: number;
  tcpFlags: number;
  tos: number;
  fragment: number;
  packets: number;
  bytes: number;
  samplingRate: number;
  startMs: number;
  endMs: number;
  exporter: number;
  format: number;
  observationDomain: number;
  inputIf: number;
  outputIf: number;
  srcAs: number;
  dstAs: number;
  srcMask: number;
  dstMask: number;
  direction: number;
  vlan: number;
}

/** Reads record `i` of a batch. */
export function recordView(b: FlowBatch, i: number): RecordView {
  return {
    ipVersion: b.ipVersion[i]!,
    src: formatAddressAt(b.srcAddr, i),
    dst: formatAddressAt(b.dstAddr, i),
    nextHop: formatAddressAt(b.nextHop, i),
    protocol: b.protocol[i]!,
    srcPort: b.srcPort[i]!,
    dstPort: b.dstPort[i]!,
    icmpTypeCode: b.icmpTypeCode[i]!,
    tcpFlags: b.tcpFlags[i]!,
    tos: b.tos[i]!,
    fragment: b.fragment[i]!,
    packets: b.packets[i]!,
    bytes: b.bytes[i]!,
    samplingRate: b.samplingRate[i]!,
    startMs: b.startMs[i]!,
    endMs: b.endMs[i]!,
    exporter: b.exporter[i]!,
    format: b.format[i]!,
    observationDomain: b.observationDomain[i]!,
    inputIf: b.inputIf[i]!,
    outputIf: b.outputIf[i]!,
    srcAs: b.srcAs[i]!,
    dstAs: b.dstAs[i]!,
    srcMask: b.srcMask[i]!,
    dstMask: b.dstMask[i]!,
    direction: b.direction[i]!,
    vlan: b.vlan[i]!,
  };
}

/** Every record a collecting sink holds, in order. */
export function recordsOf(sink: FlowSink | CollectingSink): RecordView[] {
  const out: RecordView[] = [];
  const batches = sink instanceof CollectingSink ? sink.batches : [sink.current()];
  for (const b of batches) for (let i = 0; i < b.length; i++) out.push(recordView(b, i));
  return out;
}
