/**
 * The detection engine's state, shared by the record path (`ingest.ts`), the attack tracker and
 * the engine that coordinates them: protected networks, the host and prefix rate rings, effective
 * thresholds, and counters. Plain fields, so the hot loop reads typed arrays directly.
 *
 * Pure: no I/O.
 */
import { Baselines } from './baseline.js';
import type { DetectionConfig } from './config.js';
import { ExportDelay, ExporterClock } from './exporter-clock.js';
import { ExporterLag } from './exporter-lag.js';
import { RecentMax } from './recent-max.js';
import { HostTable } from './host-table.js';
import type { PrefixTable } from './prefix-table.js';
import { ProtectedNetworks } from './protected-networks.js';
import { SourceHistory } from './source-history.js';
import { BUCKET, SERIES } from './traffic-class.js';

/** Where an effective threshold came from, per series (see `ThresholdSource`). */
export const ThresholdOrigin = { Configured: 0, Learned: 1, Default: 2 } as const;

/** Counters of the record path; plain numbers, read by metrics at scrape time. */
export class EngineCounters {
  /** Records offered to the detector. */
  records = 0;
  /** Records counted towards a protected host, prefix or outbound source. */
  accepted = 0;
  /** Records with neither end in a protected network. */
  unprotected = 0;
  /** Records from or to an allowlisted address. */
  allowlisted = 0;
  /** Records refused as implausible (zero or absurd counts, impossible rates). */
  implausible = 0;
  /** Records entirely older than the window, even after moving them by their exporter's export delay. */
  late = 0;
  /** Records exported late (after the inactive timeout) and moved forward by their exporter's export delay. */
  delayed = 0;
  /** Records whose end preceded their start (times swapped). */
  reversed = 0;
  /** Records ahead of the detector clock, shifted back. */
  future = 0;
  /** Times the detector clock stepped back by more than the window and the rings restarted. */
  clockSteps = 0;
  /** CPU time spent in `consume`, seconds. */
  processingSeconds = 0;
}

/** Mutable engine state. */
export class EngineState {
  readonly config: DetectionConfig;
  /** Seconds per ring. */
  readonly window: number;
  readonly counters = new EngineCounters();
  networks: ProtectedNetworks;
  allow: PrefixTable | undefined;
  readonly hosts: HostTable;
  readonly outHosts: HostTable | undefined;
  /** Per network: `window × BUCKET` numbers, the per-second buckets of the aggregate. */
  prefixData: Float32Array;
  /** Detection slot of the prefix attack of each network, or -1. */
  prefixAttack: Int32Array;
  /** Active host and prefix attacks per network (learning pauses while > 0). */
  networkAttacks: Int32Array;
  /** Networks that have seen traffic (baselines are allocated for these only). */
  networkSeen: Uint8Array;
  /** Effective thresholds, `SERIES` per network. */
  hostThr: Float64Array;
  prefixThr: Float64Array;
  hostOrigin: Uint8Array;
  prefixOrigin: Uint8Array;
  /** Per network: class mask of the classes with at least one finite host (prefix) threshold. */
  hostClasses: Uint8Array;
  prefixClasses: Uint8Array;
  /** Class mask of the classes with a finite outbound threshold. */
  outClasses = 0;
  /** Outbound thresholds, `SERIES`, the same for every source. */
  readonly outThr: Float64Array;
  /** Records per second in the ring (learning skips seconds without telemetry). */
  readonly secondRecords: Float64Array;
  /** The current second (epoch seconds); only moves forward. */
  second: number;
  /**
   * Milliseconds added to the detector clock and to every record time: the sum of the clock's small
   * backward steps, so the engine's timeline never repeats a second (see `DetectionEngine.now`).
   */
  timeShift = 0;
  /** Latest shifted time seen. */
  lastNow: number;
  readonly history: SourceHistory | undefined;
  readonly baselines: Baselines;
  readonly exporterClock: ExporterClock;
  /** Per-exporter export delay of late records (inactive-timeout exports). */
  readonly exportDelay = new ExportDelay();
  /** Per-exporter time for placed records to arrive: what a detection's settle time is made of. */
  readonly exporterLag: ExporterLag;
  /** Per protected network: the largest lag of the exporters carrying its traffic lately. */
  readonly networkLag = new RecentMax();

  constructor(config: DetectionConfig, nowMs: number) {
    this.config = config;
    this.window = config.windowSeconds;
    this.networks = new ProtectedNetworks([]);
    this.hosts = new HostTable(config.maxHosts, this.window);
    this.outHosts = config.outbound.enabled ? new HostTable(config.outbound.maxHosts, this.window) : undefined;
    this.prefixData = new Float32Array(0);
    this.prefixAttack = new Int32Array(0);
    this.networkAttacks = new Int32Array(0);
    this.networkSeen = new Uint8Array(0);
    this.hostThr = new Float64Array(0);
    this.prefixThr = new Float64Array(0);
    this.hostOrigin = new Uint8Array(0);
    this.prefixOrigin = new Uint8Array(0);
    this.hostClasses = new Uint8Array(0);
    this.prefixClasses = new Uint8Array(0);
    this.outThr = new Float64Array(SERIES).fill(Infinity);
    this.secondRecords = new Float64Array(this.window);
    this.second = Math.floor(nowMs / 1000);
    this.lastNow = nowMs;
    const ks = config.knownSources;
    this.history = ks.enabled ? new SourceHistory(ks) : undefined;
    this.baselines = new Baselines(
      { percentile: config.baseline.percentile, minSecondsPerHour: config.baseline.minSecondsPerHour, smoothing: config.baseline.smoothing, utcOffsetMinutes: config.baseline.utcOffsetMinutes },
      [],
    );
    this.exporterClock = new ExporterClock((this.window - 2) * 1000, config.plausibility.futureToleranceMs);
    this.exporterLag = new ExporterLag((this.window - 2) * 1000);
  }

  /** Numbers per ring entity. */
  get stride(): number {
    return this.window * BUCKET;
  }

  /** Offset of the bucket of second `s` within an entity's ring. */
  bucket(s: number): number {
    return (s % this.window) * BUCKET;
  }
}
