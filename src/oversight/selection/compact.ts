/**
 * Compacts a {@link FlowBatch} in place to the records listed in `keep` (ascending indices):
 * record `keep[j]` moves to `j`, for every column. One small loop per column and element type,
 * so each loop stays monomorphic; no object per record.
 *
 * Pure: no I/O, no `node:` imports.
 */
import type { FlowBatch } from '../../flow/flow-batch.js';

function words4(col: Uint32Array, keep: Int32Array, from: number, count: number): void {
  for (let j = from; j < count; j++) {
    const s = keep[j]! * 4;
    const d = j * 4;
    col[d] = col[s]!;
    col[d + 1] = col[s + 1]!;
    col[d + 2] = col[s + 2]!;
    col[d + 3] = col[s + 3]!;
  }
}

function u32(col: Uint32Array, keep: Int32Array, from: number, count: number): void {
  for (let j = from; j < count; j++) col[j] = col[keep[j]!]!;
}

function u16(col: Uint16Array, keep: Int32Array, from: number, count: number): void {
  for (let j = from; j < count; j++) col[j] = col[keep[j]!]!;
}

function u8(col: Uint8Array, keep: Int32Array, from: number, count: number): void {
  for (let j = from; j < count; j++) col[j] = col[keep[j]!]!;
}

function f64(col: Float64Array, keep: Int32Array, from: number, count: number): void {
  for (let j = from; j < count; j++) col[j] = col[keep[j]!]!;
}

/**
 * Keeps records `keep[0..count)` of `b`, in order, and sets `b.length = count`. Records before
 * `from` (the first dropped index) are already in place and are not touched.
 */
export function compactBatch(b: FlowBatch, keep: Int32Array, from: number, count: number): void {
  words4(b.srcAddr, keep, from, count);
  words4(b.dstAddr, keep, from, count);
  words4(b.nextHop, keep, from, count);
  u8(b.ipVersion, keep, from, count);
  u16(b.srcPort, keep, from, count);
  u16(b.dstPort, keep, from, count);
  u16(b.icmpTypeCode, keep, from, count);
  u8(b.protocol, keep, from, count);
  u16(b.tcpFlags, keep, from, count);
  u8(b.tos, keep, from, count);
  u8(b.fragment, keep, from, count);
  f64(b.packets, keep, from, count);
  f64(b.bytes, keep, from, count);
  u32(b.samplingRate, keep, from, count);
  f64(b.scaledPackets, keep, from, count);
  f64(b.scaledBytes, keep, from, count);
  f64(b.startMs, keep, from, count);
  f64(b.endMs, keep, from, count);
  u32(b.exporter, keep, from, count);
  u8(b.format, keep, from, count);
  u32(b.observationDomain, keep, from, count);
  u32(b.inputIf, keep, from, count);
  u32(b.outputIf, keep, from, count);
  u32(b.srcAs, keep, from, count);
  u32(b.dstAs, keep, from, count);
  u8(b.srcMask, keep, from, count);
  u8(b.dstMask, keep, from, count);
  u8(b.direction, keep, from, count);
  u16(b.vlan, keep, from, count);
  b.length = count;
}

/** Column names {@link compactBatch} moves; a test checks this against the FlowBatch's own columns. */
export const COMPACTED_COLUMNS = [
  'srcAddr',
  'dstAddr',
  'nextHop',
  'ipVersion',
  'srcPort',
  'dstPort',
  'icmpTypeCode',
  'protocol',
  'tcpFlags',
  'tos',
  'fragment',
  'packets',
  'bytes',
  'samplingRate',
  'scaledPackets',
  'scaledBytes',
  'startMs',
  'endMs',
  'exporter',
  'format',
  'observationDomain',
  'inputIf',
  'outputIf',
  'srcAs',
  'dstAs',
  'srcMask',
  'dstMask',
  'direction',
  'vlan',
] as const;
