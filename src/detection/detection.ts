/**
 * One ongoing detection: an attack on a host or a prefix, or an outbound flood from a host inside
 * a protected network. Holds what is needed to report it: identity, trigger, accumulated evidence,
 * peak rates and the quiet-second count that ends it.
 *
 * Pure: no I/O.
 */
import { formatAddress, type AddressWords } from '../core/ip.js';
import type { AttackerEntry, AttackTrigger } from './attack.js';
import type { AttackAccumulator, EnrichFunction } from './attack-accumulator.js';
import type { NetworkThresholds } from './thresholds.js';
import { SERIES, type ClassRates } from './traffic-class.js';

/** What a detection watches. */
export type DetectionScope = 'host' | 'prefix' | 'outbound';

/** An active detection. */
export class Detection {
  readonly slot: number;
  readonly id: string;
  readonly scope: DetectionScope;
  /** Host slot (`host`), network index (`prefix`) or outbound slot (`outbound`). */
  entity: number;
  /** Protected network index (of the target, or of the outbound source). */
  net: number;
  readonly target: string;
  readonly family: 4 | 6;
  /** Second (engine timeline) in which the attack began: the first one reported. */
  readonly startSecond: number;
  /** When the attack began, ms, in the engine's timeline (see `onset.ts`). */
  readonly onsetMs: number;
  readonly detectedAt: number;
  readonly trigger: AttackTrigger;
  /** Best estimate of the rates at detection, and the time since the onset it covers (ms). */
  readonly startRates: ClassRates;
  readonly coveredMs: number;
  /**
   * Milliseconds the engine's timeline is ahead of the records' own times for this target: the
   * export-delay shift (whole seconds) of the records that fed the detection when it started.
   * Event times are own times: `startedAt` and each reported second are moved back by it.
   */
  shiftMs = 0;
  /**
   * Packets fed so far by records not shifted and by shifted ones, and packets × shift of the
   * latter: {@link shiftMs} is fixed at start by the larger part (exporters with different delays
   * carrying one target make a bucket's own time ambiguous; the traffic that rose decides).
   */
  unshiftedWeight = 0;
  shiftedWeight = 0;
  shiftSum = 0;
  /** Largest arrival lag (ms) of the exporters whose records fed the detection: its settle time. */
  lagMs = 0;
  /** Last second (engine timeline) reported in `attack.updated`. */
  lastReported: number;
  readonly thresholds: NetworkThresholds;
  readonly acc: AttackAccumulator;
  /** Budgeted sketch entries, returned when the detection ends. */
  budget: number;
  /** Highest rate of each series so far. */
  readonly peak = new Float64Array(SERIES);
  /** Consecutive quiet seconds. */
  quiet = 0;
  /** Last second that was above the hysteresis level. */
  lastLoudSecond: number;
  /** Packets per second of the target before the attack (mean of the ring's earlier seconds). */
  readonly ordinaryPps: number;

  constructor(init: {
    slot: number;
    id: string;
    scope: DetectionScope;
    entity: number;
    net: number;
    target: string;
    family: 4 | 6;
    startSecond: number;
    onsetMs: number;
    detectedAt: number;
    trigger: AttackTrigger;
    startRates: ClassRates;
    coveredMs: number;
    thresholds: NetworkThresholds;
    acc: AttackAccumulator;
    budget: number;
    ordinaryPps: number;
  }) {
    this.slot = init.slot;
    this.id = init.id;
    this.scope = init.scope;
    this.entity = init.entity;
    this.net = init.net;
    this.target = init.target;
    this.family = init.family;
    this.startSecond = init.startSecond;
    this.onsetMs = init.onsetMs;
    this.detectedAt = init.detectedAt;
    this.trigger = init.trigger;
    this.startRates = init.startRates;
    this.coveredMs = init.coveredMs;
    this.lastReported = init.startSecond - 1;
    this.thresholds = init.thresholds;
    this.acc = init.acc;
    this.budget = init.budget;
    this.lastLoudSecond = init.startSecond;
    this.ordinaryPps = init.ordinaryPps;
  }

  /**
   * Packets ordinary traffic would have sent to the target over the attack so far, with a 50 %
   * margin; vectors must exceed it (see `AttackAccumulator.vectorMask`).
   */
  ordinaryPackets(): number {
    return this.ordinaryPps * (this.lastLoudSecond - this.startSecond + 1) * 1.5;
  }

  /** Bit mask of the attack's vectors. */
  vectorMask(minShare: number): number {
    return this.acc.vectorMask(minShare, this.ordinaryPackets());
  }

  /** When the attack began, ms since the epoch, in the records' own time. */
  get startedAt(): number {
    return Math.round(this.onsetMs - this.shiftMs);
  }

  /**
   * Seconds a second is left open before it is reported: enough for the records of the
   * exporters feeding this detection to arrive (`lagMs`), at least `least`, at most `most`.
   */
  settleSeconds(least: number, most: number): number {
    return Math.min(most, Math.max(least, Math.floor(this.lagMs / 1000) + 1));
  }

  /** Raises peaks with one bucket of rates. */
  raisePeak(data: ArrayLike<number>, offset: number): void {
    for (let k = 0; k < SERIES; k++) if (data[offset + k]! > this.peak[k]!) this.peak[k] = data[offset + k]!;
  }

  /** The listed sources (targets for outbound), largest first. */
  attackers(limit: number, minVectorShare: number, enrich?: EnrichFunction): AttackerEntry[] {
    return this.acc.list(limit, this.vectorMask(minVectorShare), enrich);
  }
}

/** Text of the address of a host slot. */
export function addressText(keys: Uint32Array, slot: number): { text: string; words: AddressWords; family: 4 | 6 } {
  const o = slot * 4;
  const words: AddressWords = [keys[o]!, keys[o + 1]!, keys[o + 2]!, keys[o + 3]!];
  const family = words[0] === 0 && words[1] === 0 && words[2] === 0xffff ? 4 : 6;
  return { text: formatAddress(...words), words, family };
}
