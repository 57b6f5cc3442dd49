/**
 * The record path: one pass over a {@link FlowBatch} that finds each record's protected
 * destination (and protected source, for outbound), checks it is plausible, places it in time,
 * spreads its packets, bits and flows over the seconds it lasted, adds them to the host, prefix
 * and outbound rings, and notes every host or prefix whose rate crosses a threshold.
 *
 * Time: a record covers [start, end] by its own timestamps, corrected per exporter (see
 * `exporter-clock.ts`). NetFlow/IPFIX records are spread uniformly over that interval, and only the
 * part inside the window is counted — a ten-minute flow exported at once adds one six-hundredth of
 * its packets to each second, not all of them to "now". sFlow samples (start = end) land in their
 * second. A record ahead of the clock is moved back to end now, keeping its duration; a record
 * whose end precedes its start has the two swapped. Durations are never shortened: that is what
 * would turn long-lived counts into a phantom spike. A record exported after its exporter's
 * inactive timeout stays in its own time when the window can wait for it (the delay fits the
 * longest settle time, window − 2 s, with a second to spare); otherwise it is moved forward by the
 * whole seconds of the exporter's export delay, so that it keeps its place within its second and a
 * bucket is one of its own seconds, moved (the shift is kept per record for the events' own-time
 * labels). How long each exporter's records take to arrive once placed is learned for the settle
 * time (`exporter-lag.ts`).
 *
 * Plausibility: zero packets, fewer than `minBytesPerPacket` or more than `maxBytesPerPacket`
 * bytes per packet (wrapped or garbage counters), or a rate above line rate over the record's
 * duration (at least one second) — the record is dropped and counted.
 *
 * Pure: no I/O; allocates only when the batch capacity grows.
 */
import type { FlowBatch } from '../flow/flow-batch.js';
import type { EngineState } from './engine-state.js';
import { Placement } from './placement.js';
import type { Crossings, RecordScratch } from './record-scratch.js';
import { classMask, SERIES } from './traffic-class.js';

/** Exporters seen in the current batch (scratch for the clock review). */
let touched = new Int32Array(64);
/** Per protected network, an exporter that carried it in the current batch, or -1 (scratch). */
let carrier = new Int32Array(0);
const place = new Placement();

/** Runs the record path over a batch. `nowMs` is the engine's time; the window ends at `st.second`. */
export function ingestBatch(st: EngineState, batch: FlowBatch, nowMs: number, rec: RecordScratch, cross: Crossings): void {
  // A float, not the boxed argument: mixed with computed times it would box every one of them.
  const now = +nowMs;
  const n = batch.length;
  const S = st.second;
  rec.ensure(batch.capacity);
  cross.reset(st.hosts.capacity, st.networks.size, st.outHosts?.capacity ?? 0);
  const exporters = reviewExporterClocks(st, batch, nowMs);
  reviewExportDelays(st, batch, nowMs);
  place.setWindow(st.window, S, 1 - Math.min(1, Math.max(0, (nowMs - S * 1000) / 1000)));
  const c = st.counters;
  const p = st.config.plausibility;
  const table = st.networks.table;
  const parent = st.networks.parent;
  const multi = st.networks.multiAddress;
  const allow = st.allow !== undefined && st.allow.ranges > 0 ? st.allow : undefined;
  const hosts = st.hosts;
  const stride = st.stride;
  const out = st.outHosts;
  const history = st.history;
  const offset = st.exporterClock.offset;
  const delay = st.exportDelay.delay;
  const lag = st.exporterLag;
  const lagHist = lag.hist;
  const lagBins = lag.bins;
  const lagBinMs = lag.binMs;
  const netLag = st.networkLag;
  if (netLag.lagMs.length < st.networks.size) netLag.ensure(st.networks.size - 1);
  if (carrier.length < st.networks.size) carrier = new Int32Array(st.networks.size).fill(-1);
  const lateTolerance = lateToleranceMs(st);
  const maxSettle = (st.window - 2) * 1000;
  const shiftAbove = maxSettle - 1000;
  const timeShift = st.timeShift;
  const { srcAddr, dstAddr, packets, bytes, scaledPackets, scaledBytes, startMs, endMs, exporter, protocol, tcpFlags, fragment } = batch;
  c.records += n;

  for (let i = 0; i < n; i++) {
    rec.host[i] = -1;
    rec.net[i] = -1;
    rec.out[i] = -1;
    rec.srcNet[i] = -1;
    rec.shift[i] = 0;
    const o = i * 4;
    // Address words as int32: passed to the tables without boxing (they compare them unsigned).
    const d0 = dstAddr[o]! | 0,
      d1 = dstAddr[o + 1]! | 0,
      d2 = dstAddr[o + 2]! | 0,
      d3 = dstAddr[o + 3]! | 0;
    const s0 = srcAddr[o]! | 0,
      s1 = srcAddr[o + 1]! | 0,
      s2 = srcAddr[o + 2]! | 0,
      s3 = srcAddr[o + 3]! | 0;
    const net = table.lookup(d0, d1, d2, d3);
    const srcNet = table.lookup(s0, s1, s2, s3);
    if (net < 0 && (srcNet < 0 || out === undefined)) {
      c.unprotected++;
      continue;
    }
    if (allow !== undefined && (allow.lookup(s0, s1, s2, s3) >= 0 || allow.lookup(d0, d1, d2, d3) >= 0)) {
      c.allowlisted++;
      continue;
    }
    const rawP = packets[i]!;
    const rawB = bytes[i]!;
    const P = scaledPackets[i]!;
    const bits = scaledBytes[i]! * 8;
    if (!(rawP >= 1) || !(rawB >= rawP * p.minBytesPerPacket) || !(rawB <= rawP * p.maxBytesPerPacket) || !(P >= rawP)) {
      c.implausible++;
      continue;
    }
    // Times in the engine's timeline: the exporter's clock offset and the detector's own shift.
    const shift = offset[exporter[i]!]! + timeShift;
    let end = endMs[i]!;
    let start = startMs[i]!;
    if (end > 0) end += shift;
    else end = now;
    if (start > 0) start += shift;
    else start = end;
    if (start > end) {
      const t = start;
      start = end;
      end = t;
      c.reversed++;
    }
    if (end > now) {
      start -= end - now;
      end = now;
      c.future++;
    }
    const e = exporter[i]!;
    const d = delay[e]!;
    if (d > shiftAbove && now - end > lateTolerance) {
      // Exported after the exporter's inactive timeout: count it when it arrives (see ExportDelay),
      // moved by whole seconds so that it keeps its place within its second.
      const w = Math.floor(d / 1000) * 1000;
      start += w;
      end += w;
      if (end > now) {
        start -= end - now;
        end = now;
      }
      rec.shift[i] = w;
      c.delayed++;
    }
    const perSecond = end - start > 1000 ? (end - start) / 1000 : 1;
    if (!(P / perSecond <= p.maxRecordPps) || !(bits / perSecond <= p.maxRecordBps)) {
      c.implausible++;
      continue;
    }
    place.start = start;
    place.end = end;
    if (!place.placeRecord()) {
      c.late++;
      continue;
    }
    // The exporter's settle time: the packets of each second's part at how long after its start
    // they arrived (see ExporterLag), for records no older than the longest settle time (no wait
    // completes the others); written out here so the doubles are not boxed in a call.
    if (now - start <= maxSettle) {
      for (let j = 0, from = start; j < place.count; j++, from = (place.firstSecond + j) * 1000) {
        let bin = Math.floor((now - from) / lagBinMs);
        if (bin < 0) bin = 0;
        lagHist[e * lagBins + bin]! += P * place.shares[j]!;
      }
    }
    const second = Math.floor(end / 1000);
    c.accepted++;
    place.packets = P;
    place.bits = bits;
    rec.share[i] = place.share;
    rec.time[i] = end;
    rec.srcNet[i] = srcNet;
    st.secondRecords[place.lastBucket]!++;
    const mask = classMask(protocol[i]!, tcpFlags[i]!, fragment[i]!);

    if (net >= 0) {
      rec.net[i] = net;
      let attacked = false;
      const h = hosts.acquire(d0, d1, d2, d3, net, second);
      if (h >= 0) {
        rec.host[i] = h;
        if (hosts.lastSecond[h]! < second) hosts.lastSecond[h] = second;
        place.addRecord(hosts.data, h * stride, mask);
        const check = mask & st.hostClasses[net]!;
        if (hosts.pinned[h]! >= 0) attacked = true;
        else if (check !== 0 && !cross.hosts.has(h)) {
          const k = place.cross(hosts.data, h * stride, st.hostThr, net * SERIES, check);
          if (k >= 0) cross.hosts.add(h, k, place.crossedSecond, rec.shift[i]!);
        }
      }
      // The aggregate of the network and of every protected network containing it.
      for (let m = net; m >= 0; m = parent[m]!) {
        st.networkSeen[m] = 1;
        carrier[m] = e;
        place.addRecord(st.prefixData, m * stride, mask);
        const check = mask & st.prefixClasses[m]!;
        if (st.prefixAttack[m]! >= 0) attacked = true;
        else if (check !== 0 && multi[m] === 1 && !cross.prefixes.has(m)) {
          const k = place.cross(st.prefixData, m * stride, st.prefixThr, m * SERIES, check);
          if (k >= 0) cross.prefixes.add(m, k, place.crossedSecond, rec.shift[i]!);
        }
      }
      if (history !== undefined && !attacked) history.insert(s0, s1, s2, s3, second);
    }

    if (srcNet >= 0 && out !== undefined) {
      const h = out.acquire(s0, s1, s2, s3, srcNet, second);
      if (h >= 0) {
        rec.out[i] = h;
        if (out.lastSecond[h]! < second) out.lastSecond[h] = second;
        place.addRecord(out.data, h * stride, mask);
        const check = mask & st.outClasses;
        if (check !== 0 && out.pinned[h]! < 0 && !cross.outs.has(h)) {
          const k = place.cross(out.data, h * stride, st.outThr, 0, check);
          if (k >= 0) cross.outs.add(h, k, place.crossedSecond, rec.shift[i]!);
        }
      }
    }
  }
  // The lags with this batch in them, at once: a network's first records tell how late its
  // exporter is before the next second is reported, not a batch later.
  for (let t = 0; t < exporters; t++) lag.refresh(touched[t]!);
  for (let m = 0; m < st.networks.size; m++) {
    if (carrier[m]! < 0) continue;
    netLag.observe(m, lag.lagMs[carrier[m]!]!);
    carrier[m] = -1;
  }
}

/** Lateness beyond which a record counts as exported late: the seconds updates leave open, plus one. */
function lateToleranceMs(st: EngineState): number {
  return (st.config.settleSeconds + 1) * 1000;
}

/** Notes each exporter's late records in the batch and refreshes its export delay. */
function reviewExportDelays(st: EngineState, batch: FlowBatch, nowMs: number): void {
  const d = st.exportDelay;
  d.advance(Math.floor(nowMs / 1000));
  st.exporterLag.advance(Math.floor(nowMs / 1000));
  st.networkLag.advance(Math.floor(nowMs / 1000));
  const offset = st.exporterClock.offset;
  const tolerance = lateToleranceMs(st);
  const { exporter, endMs } = batch;
  for (let i = 0; i < batch.length; i++) {
    const e = exporter[i]!;
    if (e >= d.delay.length) d.ensure(e);
    if (e >= st.exporterLag.lagMs.length) st.exporterLag.ensure(e);
    const raw = endMs[i]!;
    if (raw <= 0) continue;
    const lateness = nowMs - (raw + offset[e]! + st.timeShift);
    if (lateness > tolerance) d.observe(e, lateness);
  }
}

/** Finds the newest record end per exporter in the batch and lets the exporter clock review it. */
function reviewExporterClocks(st: EngineState, batch: FlowBatch, nowMs: number): number {
  const clock = st.exporterClock;
  const { exporter, endMs } = batch;
  const shift = st.timeShift;
  let newest = clock.newest;
  let count = 0;
  for (let i = 0, n = batch.length; i < n; i++) {
    const e = exporter[i]!;
    if (e >= newest.length) {
      clock.ensure(e);
      newest = clock.newest;
    }
    const raw = endMs[i]!;
    const end = raw > 0 ? raw + shift : +nowMs;
    const seen = newest[e]!;
    if (seen === -Infinity) {
      if (count === touched.length) {
        const t = new Int32Array(count * 2);
        t.set(touched);
        touched = t;
      }
      touched[count++] = e;
    }
    if (end > seen) newest[e] = end;
  }
  clock.review(touched, count, nowMs);
  return count;
}
