/**
 * The evidence pass: after the record path has placed a batch, every record aimed at a host or
 * prefix under attack (or sent by a host in an outbound episode) is added to that detection's
 * evidence — vector counters, the source sketch, distinct counts. Runs only while detections are
 * active; a source entering a sketch is checked once against the history of ordinary-time sources.
 * Each record also tells its detection how late its exporter's records arrive (the settle time)
 * and how far its export delay moved it (the detection's own-time shift).
 *
 * Pure: no I/O.
 */
import type { FlowBatch } from '../flow/flow-batch.js';
import { SourceFlag } from './attack-accumulator.js';
import type { Detection } from './detection.js';
import type { EngineState } from './engine-state.js';
import type { RecordScratch } from './record-scratch.js';
import type { SourceHistory } from './source-history.js';
import { AMPLIFICATION_BY_PORT, recordVector, Vector } from './vectors.js';

/** Adds the batch's records to the evidence of the active detections they belong to. */
export function feedRecords(st: EngineState, slots: readonly (Detection | undefined)[], batch: FlowBatch, rec: RecordScratch): void {
  const hostPinned = st.hosts.pinned;
  const outPinned = st.outHosts?.pinned;
  const parent = st.networks.parent;
  const prefixAttack = st.prefixAttack;
  const history = st.history;
  const { srcAddr, dstAddr, scaledPackets, scaledBytes, protocol, tcpFlags, fragment, srcPort, exporter } = batch;
  const lag = st.exporterLag.lagMs;
  for (let i = 0; i < batch.length; i++) {
    const h = rec.host[i]!;
    const net = rec.net[i]!;
    const oh = rec.out[i]!;
    if (h < 0 && net < 0 && oh < 0) continue;
    // Evidence is gathered while the attack is loud; traffic during the cooldown is ordinary.
    let dh = h >= 0 ? hostPinned[h]! : -1;
    if (dh >= 0 && slots[dh]!.quiet > 0) dh = -1;
    let prefixes = false;
    for (let m = net; m >= 0 && !prefixes; m = parent[m]!) prefixes = prefixAttack[m]! >= 0 && slots[prefixAttack[m]!]!.quiet === 0;
    let dout = oh >= 0 && outPinned !== undefined ? outPinned[oh]! : -1;
    if (dout >= 0 && slots[dout]!.quiet > 0) dout = -1;
    if (dh < 0 && !prefixes && dout < 0) continue;

    const o = i * 4;
    // Address words as int32: passed on without boxing (the sketches compare them unsigned).
    const s0 = srcAddr[o]! | 0,
      s1 = srcAddr[o + 1]! | 0,
      s2 = srcAddr[o + 2]! | 0,
      s3 = srcAddr[o + 3]! | 0;
    const d0 = dstAddr[o]! | 0,
      d1 = dstAddr[o + 1]! | 0,
      d2 = dstAddr[o + 2]! | 0,
      d3 = dstAddr[o + 3]! | 0;
    const vector = recordVector(protocol[i]!, tcpFlags[i]!, fragment[i]!, srcPort[i]!);
    const service = vector === Vector.Reflection ? AMPLIFICATION_BY_PORT[srcPort[i]!]! : -1;
    const share = rec.share[i]!;
    const P = scaledPackets[i]! * share;
    const B = scaledBytes[i]! * share;
    const t = rec.time[i]!;
    const internal = rec.srcNet[i]! >= 0 ? SourceFlag.Internal : 0;

    VALUES[0] = P;
    VALUES[1] = B;
    VALUES[2] = t;
    VALUES[3] = lag[exporter[i]!] ?? 0;
    VALUES[4] = rec.shift[i]!;
    if (dh >= 0) offerSource(slots[dh]!, s0, s1, s2, s3, vector, service, internal, history);
    if (prefixes) {
      for (let m = net; m >= 0; m = parent[m]!) {
        const a = prefixAttack[m]!;
        if (a < 0 || slots[a]!.quiet > 0) continue;
        const d = slots[a]!;
        offerSource(d, s0, s1, s2, s3, vector, service, internal, history);
        d.acc.targetCount.add(d0, d1, d2, d3);
        const t = d.acc.targets;
        if (t !== undefined) {
          t.weightIn = VALUES[0]!;
          t.bytesIn = VALUES[1]!;
          t.timeIn = VALUES[2]!;
          t.offerIn(d0, d1, d2, d3, 1 << vector);
        }
      }
    }
    if (dout >= 0) {
      const d = slots[dout]!;
      timing(d);
      d.acc.count(vector, service, P, B);
      const s = d.acc.sources;
      s.weightIn = P;
      s.bytesIn = B;
      s.timeIn = t;
      s.offerIn(d0, d1, d2, d3, 1 << vector);
      d.acc.targetCount.add(d0, d1, d2, d3);
      d.acc.sourceCount.add(s0, s1, s2, s3);
    }
  }
}

/**
 * The current record's packets, bytes, time, exporter lag and export-delay shift, for
 * {@link offerSource}: doubles passed as arguments to a call that is not inlined would be boxed,
 * one heap number each per record.
 */
const VALUES = new Float64Array(5);

/** Notes the current record's exporter lag and shift ({@link VALUES}) in a detection. */
function timing(d: Detection): void {
  const lag = VALUES[3]!;
  if (lag > d.lagMs) d.lagMs = lag;
  const shift = VALUES[4]!;
  if (shift > 0) {
    d.shiftedWeight += VALUES[0]!;
    d.shiftSum += VALUES[0]! * shift;
  } else d.unshiftedWeight += VALUES[0]!;
}

/** Counts the current record ({@link VALUES}) in an attack and offers its source to the sketch, classifying new entries. */
function offerSource(d: Detection, s0: number, s1: number, s2: number, s3: number, vector: Vector, service: number, internal: number, history: SourceHistory | undefined): void {
  const P = VALUES[0]!;
  const B = VALUES[1]!;
  timing(d);
  d.acc.count(vector, service, P, B);
  const s = d.acc.sources;
  s.weightIn = P;
  s.bytesIn = B;
  s.timeIn = VALUES[2]!;
  const e = s.offerIn(s0, s1, s2, s3, 1 << vector);
  if (s.fresh) {
    let f = internal;
    if (history !== undefined && history.seenBefore(s0, s1, s2, s3, d.startSecond)) f |= SourceFlag.Known;
    s.flags[e]! |= f;
  }
  d.acc.sourceCount.add(s0, s1, s2, s3);
}
