/**
 * Attack lifecycle: starts detections from threshold crossings, feeds every record aimed at (or,
 * outbound, sent by) a watched target into its evidence, and once a second reports each detection
 * and ends those that stayed below the hysteresis level for the cooldown.
 *
 * A prefix (carpet-bombing) attack starts only when the prefix is above its threshold without the
 * traffic of hosts already under attack: one host flooded ten times over is a host attack, not
 * also an attack on its /24.
 *
 * Times: `startedAt` is the onset estimated from the records' own times (`onset.ts`), and
 * `attack.started` carries the rate estimated from the part of the attack seen so far, saying so.
 * A second is reported in `attack.updated` only once it is complete — when the records of the
 * exporters carrying the target have had their lag (`exporter-lag.ts`) to arrive — and each
 * second once, in own time (moved back by the export-delay shift of the detection's records).
 *
 * Pure: no I/O.
 */
import type { FlowBatch } from '../flow/flow-batch.js';
import type { AttackerEntry, AttackEndReason, AttackSink, AttackTrigger, AttackUpdated } from './attack.js';
import { AttackAccumulator, type EnrichFunction } from './attack-accumulator.js';
import { evidence, identity, internalSourceInfections, outboundInfection, targetView, updated, type TargetView } from './attack-events.js';
import { addressText, Detection, type DetectionScope } from './detection.js';
import { ThresholdOrigin, type EngineState } from './engine-state.js';
import { feedRecords } from './feed.js';
import type { InfectionReporter } from './infection-reporter.js';
import { OnsetEstimator } from './onset.js';
import { loud, rateOf } from './rate-math.js';
import type { CrossingList, Crossings, RecordScratch } from './record-scratch.js';
import { SpaceSaving } from './space-saving.js';
import { thresholdsOf, type ThresholdSource } from './thresholds.js';
import { CLASS_NAMES, METRIC_NAMES, METRICS, readClassRates, SERIES } from './traffic-class.js';

const ORIGIN_NAMES: readonly ThresholdSource[] = ['configured', 'learned', 'default'];

/** Dependencies of the tracker. */
export interface TrackerDeps {
  readonly sink: AttackSink;
  readonly infections: InfectionReporter;
  readonly newId: () => string;
  readonly enrich?: EnrichFunction | undefined;
}

/** Counts of the tracker, read by metrics. */
export class TrackerCounters {
  readonly started = { host: 0, prefix: 0, outbound: 0 };
  readonly ended = { host: 0, prefix: 0, outbound: 0 };
  /** Crossings not acted on because `maxAttacks` detections were active. */
  refused = 0;
}

/** Starts, feeds, reports and ends detections. */
export class AttackTracker {
  readonly counters = new TrackerCounters();
  /** Detections by slot; the slot is what host tables and `prefixAttack` pin. */
  readonly slots: (Detection | undefined)[];
  readonly #st: EngineState;
  readonly #deps: TrackerDeps;
  readonly #free: number[] = [];
  /** Sketch entries left in the global budget (`attackers.totalEntries`). */
  #budget: number;
  readonly #fresh: Detection[] = [];
  readonly #ended = new Map<string, readonly AttackerEntry[]>();
  readonly #onset = new OnsetEstimator();

  constructor(st: EngineState, deps: TrackerDeps) {
    this.#st = st;
    this.#deps = deps;
    this.slots = new Array<Detection | undefined>(st.config.maxAttacks).fill(undefined);
    for (let i = st.config.maxAttacks - 1; i >= 0; i--) this.#free.push(i);
    this.#budget = st.config.attackers.totalEntries;
  }

  /** Active detections. */
  active(): Detection[] {
    return this.slots.filter((d): d is Detection => d !== undefined);
  }

  /** Number of active detections of a scope. */
  count(scope: DetectionScope): number {
    let n = 0;
    for (const d of this.slots) if (d?.scope === scope) n++;
    return n;
  }

  /** Attacker list of an active or recently ended attack. */
  attackers(id: string): readonly AttackerEntry[] | undefined {
    const d = this.slots.find((x) => x?.id === id);
    if (d !== undefined) return d.attackers(Infinity, this.#st.config.attackers.minVectorShare, this.#deps.enrich);
    return this.#ended.get(id);
  }

  /** Starts detections for this batch's crossings, hosts first (see the prefix rule above). */
  startFromCrossings(cross: Crossings, nowMs: number): void {
    const st = this.#st;
    this.#each(cross.hosts, (h, k, s, shift) => {
      const net = st.hosts.network[h]!;
      const view = { data: st.hosts.data, base: h * st.stride, thr: st.hostThr, thrOff: net * SERIES };
      this.#start('host', h, net, view, st.hostOrigin, k, s, shift, nowMs, addressText(st.hosts.keys, h));
    });
    this.#each(cross.prefixes, (m, k, s, shift) => {
      if (!this.#prefixResidualAbove(m, k, s, nowMs)) return;
      const view = { data: st.prefixData, base: m * st.stride, thr: st.prefixThr, thrOff: m * SERIES };
      this.#start('prefix', m, m, view, st.prefixOrigin, k, s, shift, nowMs, { text: st.networks.prefixTexts[m]!, family: st.networks.prefixes[m]!.family });
    });
    const out = st.outHosts;
    if (out === undefined) return;
    this.#each(cross.outs, (h, k, s, shift) => {
      const view = { data: out.data, base: h * st.stride, thr: st.outThr, thrOff: 0 };
      this.#start('outbound', h, out.network[h]!, view, undefined, k, s, shift, nowMs, addressText(out.keys, h));
    });
  }

  /** Feeds the batch's records into the evidence of the detections they belong to. */
  feed(batch: FlowBatch, rec: RecordScratch): void {
    if (this.#free.length === this.slots.length) return;
    feedRecords(this.#st, this.slots, batch, rec);
  }

  /** Publishes the detections started in this batch, now that the batch is in their evidence. */
  publishStarted(nowMs: number): void {
    const st = this.#st;
    for (const d of this.#fresh) {
      // The records the start batch fed decide how far the target's timeline is shifted from own time.
      if (d.shiftedWeight + d.unshiftedWeight > 0) d.shiftMs = d.shiftedWeight > d.unshiftedWeight ? Math.round(d.shiftSum / d.shiftedWeight / 1000) * 1000 : 0;
      if (d.scope === 'outbound') this.#deps.infections.report(outboundInfection(st, d, nowMs, this.#deps.enrich), Math.floor(nowMs / 1000));
      else {
        this.#deps.sink.publish({
          kind: 'attack.started',
          ...identity(st, d),
          ...evidence(st, d, this.#deps.enrich),
          detectedAt: d.detectedAt,
          trigger: d.trigger,
          rates: d.startRates,
          ratesEstimate: { estimated: true, coveredMs: Math.round(d.coveredMs), coveredFraction: Math.round(Math.min(1, d.coveredMs / 1000) * 1000) / 1000 },
          thresholds: d.thresholds,
        });
      }
    }
    this.#fresh.length = 0;
  }

  /**
   * Ends quiet detections and reports each other one for its newest complete second, if not
   * reported yet: `completed` just ended, and a detection's seconds complete after its settle time.
   */
  tick(completed: number, nowMs: number): void {
    const st = this.#st;
    for (const d of this.slots) {
      if (d === undefined) continue;
      const r = completed - this.#settle(d);
      const v = targetView(st, d);
      const report = r > d.lastReported && r >= d.startSecond;
      if (report) d.raisePeak(v.data, v.base + st.bucket(r));
      // Loud if any second since the reported one reaches the hysteresis level (late records count).
      let loudAt = -1;
      for (let s = r; s <= completed; s++) if (loud(v.data, v.base + st.bucket(s), v.thr, v.thrOff, st.config.hysteresis)) loudAt = s;
      if (loudAt >= 0) {
        d.quiet = 0;
        d.lastLoudSecond = Math.max(d.lastLoudSecond, loudAt);
      } else d.quiet++;
      if (d.quiet >= st.config.cooldownSeconds) {
        this.end(d, 'quiet', nowMs);
        continue;
      }
      if (d.scope === 'outbound' || !report) continue;
      d.lastReported = r;
      this.#deps.sink.publish(updated(st, d, r, nowMs, this.#deps.enrich));
      for (const e of internalSourceInfections(st, d, nowMs)) this.#deps.infections.report(e, completed);
    }
  }

  /** Every active attack as `attack.updated` would report it for its last settled second (its start second before one is). */
  snapshot(nowMs: number): AttackUpdated[] {
    const st = this.#st;
    return this.active()
      .filter((d) => d.scope !== 'outbound')
      .map((d) => updated(st, d, Math.max(st.second - 1 - this.#settle(d), d.startSecond), nowMs, this.#deps.enrich));
  }

  /** Ends a detection, publishing `attack.ended` for attacks. */
  end(d: Detection, reason: AttackEndReason, nowMs: number): void {
    const st = this.#st;
    const cfg = st.config.attackers;
    if (d.scope !== 'outbound') {
      const mask = d.vectorMask(cfg.minVectorShare);
      const attackers = d.acc.list(cfg.maxInEnded, mask, this.#deps.enrich);
      this.#deps.sink.publish({
        kind: 'attack.ended',
        ...identity(st, d),
        ...evidence(st, d, this.#deps.enrich),
        endedAt: nowMs,
        lastActiveAt: (d.lastLoudSecond + 1) * 1000 - d.shiftMs,
        durationSeconds: Math.max(1, d.lastLoudSecond + 1 - d.startSecond),
        reason,
        peak: readClassRates(d.peak, 0),
        attackers,
        attackersTruncated: d.acc.listable(mask) > attackers.length,
      });
      if (cfg.retainEnded > 0) {
        if (this.#ended.size >= cfg.retainEnded) this.#ended.delete(this.#ended.keys().next().value!);
        this.#ended.set(d.id, attackers);
      }
      for (let m = d.net; m >= 0; m = st.networks.parent[m]!) st.networkAttacks[m]!--;
    }
    if (d.scope === 'host') st.hosts.pinned[d.entity] = -1;
    else if (d.scope === 'prefix') st.prefixAttack[d.entity] = -1;
    else st.outHosts!.pinned[d.entity] = -1;
    this.counters.ended[d.scope]++;
    this.#budget += d.budget;
    this.slots[d.slot] = undefined;
    this.#free.push(d.slot);
  }

  /** Ends every detection (shutdown, or the networks changed under them). */
  endAll(reason: AttackEndReason, nowMs: number): void {
    for (const d of this.slots) if (d !== undefined) this.end(d, reason, nowMs);
  }

  /**
   * Settle time of a detection: the lag of the exporters carrying its network and feeding it, at
   * least `settleSeconds`, at most what the window allows.
   */
  #settle(d: Detection): number {
    const st = this.#st;
    const most = st.window - 2;
    const net = st.networkLag.lagMs[d.net] ?? 0;
    if (net > d.lagMs) d.lagMs = net;
    return d.settleSeconds(Math.min(st.config.settleSeconds, most), most);
  }

  #each(list: CrossingList, fn: (entity: number, series: number, second: number, shiftMs: number) => void): void {
    for (let i = 0; i < list.entities.length; i++) fn(list.entities[i]!, list.series[i]!, list.seconds[i]!, list.shifts[i]!);
  }

  /** The sliding-window weight of the previous second at `nowMs`. */
  #prevWeight(nowMs: number): number {
    return 1 - Math.min(1, Math.max(0, (nowMs - this.#st.second * 1000) / 1000));
  }

  #start(
    scope: DetectionScope,
    entity: number,
    net: number,
    v: TargetView,
    origin: Uint8Array | undefined,
    k: number,
    s: number,
    shiftMs: number,
    nowMs: number,
    target: { readonly text: string; readonly family: 4 | 6 },
  ): void {
    const st = this.#st;
    const slot = this.#free.pop();
    if (slot === undefined) {
      this.counters.refused++;
      return;
    }
    const off = v.base + st.bucket(s);
    const prev = s === st.second ? v.base + st.bucket(s - 1) : -1;
    const w = this.#prevWeight(nowMs);
    const trigger: AttackTrigger = {
      class: CLASS_NAMES[Math.floor(k / METRICS)]!,
      metric: METRIC_NAMES[k % METRICS]!,
      rate: Math.round(rateOf(v.data, off, prev, w, k)),
      threshold: Math.round(v.thr[v.thrOff + k]!),
      thresholdSource: origin === undefined ? 'configured' : ORIGIN_NAMES[origin[v.thrOff + k] ?? ThresholdOrigin.Default]!,
    };
    const onset = this.#onset;
    onset.estimate(st, v.data, v.base, s, nowMs, w);
    const cfg = st.config.attackers;
    const initial = Math.max(16, Math.min(cfg.initialPerAttack, this.#budget));
    this.#budget -= initial;
    // A carpet-bombing attack also keeps its destinations (the hit extent), from the same budget.
    const initialTargets = scope === 'prefix' ? Math.max(16, Math.min(cfg.initialPerAttack, this.#budget)) : 0;
    this.#budget -= initialTargets;
    const d: Detection = new Detection({
      slot,
      id: this.#deps.newId(),
      scope,
      entity,
      net,
      target: target.text,
      family: target.family,
      startSecond: Math.floor(onset.onsetMs / 1000),
      onsetMs: onset.onsetMs,
      detectedAt: nowMs,
      trigger,
      startRates: readClassRates(onset.rates, 0),
      coveredMs: onset.coveredMs,
      thresholds: thresholdsOf(v.thr, v.thrOff),
      acc: new AttackAccumulator(
        new SpaceSaving(initial, cfg.maxPerAttack, (by) => this.#grow(d, by)),
        scope === 'prefix' ? new SpaceSaving(initialTargets, cfg.maxPerAttack, (by) => this.#grow(d, by)) : undefined,
      ),
      budget: initial + initialTargets,
      ordinaryPps: this.#ordinaryPps(v.data, v.base, Math.floor(onset.onsetMs / 1000)),
    });
    // Until the records fed at start say otherwise, the crossing record's shift.
    d.shiftMs = shiftMs;
    this.slots[slot] = d;
    this.#fresh.push(d);
    if (scope === 'host') st.hosts.pinned[entity] = slot;
    else if (scope === 'prefix') st.prefixAttack[entity] = slot;
    else st.outHosts!.pinned[entity] = slot;
    if (scope !== 'outbound') for (let m = net; m >= 0; m = st.networks.parent[m]!) st.networkAttacks[m]!++;
    this.counters.started[scope]++;
  }

  /** Lets a detection's source (or destination) sketch grow by `by` entries if the global budget allows. */
  #grow(d: Detection, by: number): boolean {
    if (this.#budget < by) return false;
    this.#budget -= by;
    d.budget += by;
    return true;
  }

  /**
   * Mean total packets per second of an entity over the ring's seconds before `s` that had
   * traffic (seconds before an address was first seen say nothing about its ordinary rate).
   */
  #ordinaryPps(data: Float32Array, base: number, s: number): number {
    const st = this.#st;
    let sum = 0;
    let n = 0;
    for (let t = s - st.window + 2; t < s; t++) {
      const v = data[base + st.bucket(t)]!;
      if (v > 0) {
        sum += v;
        n++;
      }
    }
    return n > 0 ? sum / n : 0;
  }

  /** True when prefix `m` is above its threshold for series `k` without its hosts under attack. */
  #prefixResidualAbove(m: number, k: number, s: number, nowMs: number): boolean {
    const st = this.#st;
    const w = this.#prevWeight(nowMs);
    const rate = (data: Float32Array, base: number): number => rateOf(data, base + st.bucket(s), s === st.second ? base + st.bucket(s - 1) : -1, w, k);
    let residual = rate(st.prefixData, m * st.stride);
    for (const d of this.slots) {
      if (d?.scope !== 'host') continue;
      let inside = false;
      for (let n = d.net; n >= 0 && !inside; n = st.networks.parent[n]!) inside = n === m;
      if (inside) residual -= rate(st.hosts.data, d.entity * st.stride);
    }
    return residual >= st.prefixThr[m * SERIES + k]!;
  }
}
