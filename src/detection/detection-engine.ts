/**
 * The detection engine: everything between a decoded {@link FlowBatch} and attack events, with no
 * I/O and no timers. The {@link Detector} component wraps it with a clock, metrics and a sink.
 *
 * Each batch: the clock is advanced (completing seconds: per-second reports, ends, learning,
 * bucket recycling), the record path counts the batch and notes threshold crossings, crossings
 * start detections at once — time to detect is the time for the rate over the last second to
 * reach the threshold, not the next tick — and the batch is fed into the evidence of every active
 * detection before `attack.started` is published.
 *
 * Pure: no I/O.
 */
import type { AddressWords } from '../core/ip.js';
import { tryParseAddress } from '../core/ip.js';
import type { FlowBatch } from '../flow/flow-batch.js';
import type { AttackerEntry, AttackSink, AttackUpdated } from './attack.js';
import type { EnrichFunction } from './attack-accumulator.js';
import { AttackTracker } from './attack-tracker.js';
import { hourOfWeek, type BaselineSnapshot } from './baseline.js';
import type { DetectionConfig } from './config.js';
import { addressText } from './detection.js';
import { recomputeThresholds, setOutboundThresholds } from './effective-thresholds.js';
import { EngineState } from './engine-state.js';
import { InfectionReporter } from './infection-reporter.js';
import { ingestBatch } from './ingest.js';
import { Crossings, RecordScratch } from './record-scratch.js';
import { applyNetworks } from './network-update.js';
import { buildAllowlist, type ProtectedNetworkInput } from './protected-networks.js';
import { BUCKET, SERIES } from './traffic-class.js';

/** What the engine needs besides its configuration. */
export interface EngineDeps {
  readonly sink: AttackSink;
  /** Fills country and ASN of listed sources. */
  readonly enrich?: EnrichFunction | undefined;
  /** Generates attack ids; defaults to random UUIDs. */
  readonly newId?: (() => string) | undefined;
}

/** An indicator-based infection report (the hook for indicator sightings). */
export interface InfectionReport {
  /** The host inside a protected network. */
  readonly address: string | Readonly<AddressWords>;
  /** What was matched, e.g. `ipv4-addr:203.0.113.9 (MirrorFace C2)`. */
  readonly indicator: string;
  readonly details?: Readonly<Record<string, unknown>>;
  /** When it was observed, ms since the epoch; defaults to now. */
  readonly observedAt?: number;
}

/** The pure detection engine. */
export class DetectionEngine {
  readonly state: EngineState;
  readonly tracker: AttackTracker;
  readonly infections: InfectionReporter;
  readonly #rec = new RecordScratch();
  readonly #cross = new Crossings();
  #hostMax = new Float32Array(0);
  #hour: number;

  constructor(config: DetectionConfig, deps: EngineDeps, nowMs: number) {
    this.state = new EngineState(config, nowMs);
    this.infections = new InfectionReporter(deps.sink, config.outbound.reportIntervalSeconds);
    this.tracker = new AttackTracker(this.state, { sink: deps.sink, infections: this.infections, newId: deps.newId ?? (() => globalThis.crypto.randomUUID()), enrich: deps.enrich });
    setOutboundThresholds(this.state);
    this.setAllowlist(config.allowlist);
    this.#hour = hourOfWeek(this.state.second, config.baseline.utcOffsetMinutes);
  }

  /** Replaces the protected networks (see `network-update.ts`); throws on an invalid list. */
  setNetworks(networks: readonly ProtectedNetworkInput[], nowMs: number): void {
    this.advance(nowMs);
    applyNetworks(this.state, this.tracker, networks, nowMs);
  }

  /** Replaces the allowlist; throws {@link ERR_DETECTION_INVALID_ALLOWLIST} on a bad entry. */
  setAllowlist(entries: readonly string[]): void {
    this.state.allow = entries.length === 0 ? undefined : buildAllowlist(entries);
  }

  /** Counts one batch and acts on what crossed a threshold. `nowMs` is the detector clock. */
  consume(batch: FlowBatch, nowMs: number): void {
    const now = this.#now(nowMs);
    this.advance(nowMs);
    ingestBatch(this.state, batch, now, this.#rec, this.#cross);
    this.tracker.startFromCrossings(this.#cross, now);
    this.tracker.feed(batch, this.#rec);
    this.tracker.publishStarted(now);
  }

  /**
   * Completes every second up to the one containing `nowMs`: reports and ends detections, learns
   * baselines, recycles buckets and evicts idle hosts. A clock that went backwards changes nothing.
   */
  advance(nowMs: number): void {
    const st = this.state;
    const now = this.#now(nowMs);
    const target = Math.floor(now / 1000);
    if (!(target > st.second)) return;
    // Past window + cooldown every ring is empty and every detection ended: skip the rest.
    const steps = Math.min(target - st.second, st.window + st.config.cooldownSeconds + st.config.settleSeconds + 2);
    for (let k = 0; k < steps; k++) this.#step(now);
    st.second = target;
  }

  /**
   * The engine's time for a clock reading. A clock that steps back by less than the window is
   * carried forward by the step (`timeShift`, applied to record times too): records stamped by the
   * same clock — sFlow samples carry their receive time — would otherwise be counted a second time
   * in seconds already filled. A larger step restarts the rings at the new time instead.
   */
  #now(nowMs: number): number {
    const st = this.state;
    let now = nowMs + st.timeShift;
    if (now < st.lastNow) {
      if (st.lastNow - now > st.window * 1000) {
        this.#rebase(Math.floor(nowMs / 1000));
        now = nowMs;
      } else {
        st.timeShift += st.lastNow - now;
        now = st.lastNow;
      }
    }
    st.lastNow = now;
    return now;
  }

  /** Publishes `host.infected` for an indicator match; false when not protected or already reported. */
  reportInfection(report: InfectionReport, nowMs: number): boolean {
    const st = this.state;
    const w = typeof report.address === 'string' ? tryParseAddress(report.address) : report.address;
    if (w === undefined) return false;
    const net = st.networks.table.lookup(w[0], w[1], w[2], w[3]);
    if (net < 0) return false;
    const at = report.observedAt ?? nowMs;
    const t = addressText(Uint32Array.from(w), 0);
    return this.infections.report(
      {
        kind: 'host.infected',
        host: t.text,
        family: t.family,
        networkId: st.networks.ids[net]!,
        organizationId: st.networks.organizationIds[net]!,
        networkPrefix: st.networks.prefixTexts[net]!,
        detectedAt: at,
        evidence: { kind: 'indicator', indicator: report.indicator, details: report.details ?? {} },
      },
      Math.floor(at / 1000),
    );
  }

  /** Attacker list of an active or recently ended attack. */
  attackers(attackId: string): readonly AttackerEntry[] | undefined {
    return this.tracker.attackers(attackId);
  }

  /** The current state of every active attack, as `attack.updated` would report it now. */
  activeAttacks(nowMs: number): AttackUpdated[] {
    return this.tracker.snapshot(nowMs);
  }

  /** Learned baselines as plain data, for storage. */
  exportBaselines(): BaselineSnapshot {
    return this.state.baselines.export();
  }

  /** Changes whenever the learned baselines may have changed; equal revisions mean equal exports. */
  baselineRevision(): number {
    return this.state.baselines.revision;
  }

  /** Restores learned baselines; returns networks restored. Throws on a malformed snapshot. */
  importBaselines(snapshot: unknown): number {
    const n = this.state.baselines.import(snapshot);
    recomputeThresholds(this.state, this.state.second);
    return n;
  }

  /** Ends every detection (on shutdown). */
  shutdown(nowMs: number): void {
    this.tracker.endAll('shutdown', nowMs);
  }

  /**
   * The detector clock stepped back by more than the window: records stamped with it would all be
   * "late" until it caught up. Start the rings afresh at the new time (an empty ring cannot raise
   * an attack); detections go on and end by their quiet count as usual.
   */
  #rebase(target: number): void {
    const st = this.state;
    st.prefixData.fill(0);
    st.secondRecords.fill(0);
    for (const t of [st.hosts, st.outHosts]) {
      if (t === undefined) continue;
      t.data.fill(0);
      for (let s = 0; s < t.highWater; s++) if (t.used(s)) t.lastSecond[s] = Math.min(t.lastSecond[s]!, target);
    }
    st.second = target;
    st.timeShift = 0;
    st.lastNow = target * 1000;
    st.counters.clockSteps++;
  }

  /** Completes the current second and opens the next. */
  #step(nowMs: number): void {
    const st = this.state;
    const completed = st.second;
    // The lags as of the second about to be reported, also when no records arrived since.
    st.exporterLag.advance(completed + 1);
    st.networkLag.advance(completed + 1);
    this.tracker.tick(completed, nowMs);
    const next = completed + 1;
    this.#retire(next - st.window);
    st.second = next;
    const how = hourOfWeek(next, st.config.baseline.utcOffsetMinutes);
    if (how !== this.#hour) {
      this.#hour = how;
      recomputeThresholds(st, next);
    }
  }

  /** Learns from the oldest second of the rings, then clears its buckets for reuse. */
  #retire(sr: number): void {
    const st = this.state;
    const b = st.bucket(sr);
    const stride = st.stride;
    if (st.config.baseline.enabled && st.secondRecords[sr % st.window]! > 0) this.#learn(sr, b);
    st.secondRecords[sr % st.window] = 0;
    for (let n = 0; n < st.networks.size; n++) st.prefixData.fill(0, n * stride + b, n * stride + b + BUCKET);
    for (const t of [st.hosts, st.outHosts]) {
      if (t === undefined) continue;
      for (let s = 0; s < t.highWater; s++) {
        if (!t.used(s)) continue;
        if (t.lastSecond[s]! <= sr && t.pinned[s]! < 0) {
          t.release(s);
          t.evictions++;
        } else t.data.fill(0, s * stride + b, s * stride + b + BUCKET);
      }
    }
  }

  /** Feeds one completed second into the baselines of every network not under attack. */
  #learn(sr: number, b: number): void {
    const st = this.state;
    const n = st.networks.size;
    if (this.#hostMax.length < n * SERIES) this.#hostMax = new Float32Array(n * SERIES);
    const hm = this.#hostMax;
    hm.fill(0);
    const hosts = st.hosts;
    for (let s = 0; s < hosts.highWater; s++) {
      if (!hosts.used(s)) continue;
      const net = hosts.network[s]!;
      const o = s * st.stride + b;
      for (let k = 0; k < SERIES; k++) if (hosts.data[o + k]! > hm[net * SERIES + k]!) hm[net * SERIES + k] = hosts.data[o + k]!;
    }
    for (let i = 0; i < n; i++) {
      if (st.networkSeen[i] === 0) continue;
      let attacked = false;
      for (let m = i; m >= 0 && !attacked; m = st.networks.parent[m]!) attacked = st.networkAttacks[m]! > 0;
      if (!attacked) st.baselines.observe(i, sr, hm, i * SERIES, st.prefixData, i * st.stride + b);
    }
  }
}
