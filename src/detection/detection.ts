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
  /** Second in which the threshold was crossed. */
  readonly startSecond: number;
  readonly detectedAt: number;
  readonly trigger: AttackTrigger;
  readonly startRates: ClassRates;
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
    detectedAt: number;
    trigger: AttackTrigger;
    startRates: ClassRates;
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
    this.detectedAt = init.detectedAt;
    this.trigger = init.trigger;
    this.startRates = init.startRates;
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
