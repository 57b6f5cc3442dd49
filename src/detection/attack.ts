/**
 * The events the detector publishes: attack lifecycle (`attack.started`, `attack.updated`,
 * `attack.ended`) and infected hosts inside protected networks (`host.infected`). Each is plain,
 * JSON-serialisable data with a `kind` that is also its bus subject.
 *
 * Rates are true rates measured over one second (renormalised by the sampling rate), never a
 * smoothed figure: `rates` describe the second starting at `second`, `peak` the highest value of
 * each series over the whole attack (series may peak in different seconds). A second is reported
 * only once it is complete. The one estimate is the rate `attack.started` carries, and it says so
 * (`ratesEstimate`).
 *
 * Times are the records' own times (the exporters' clocks, corrected for a clock offset), also for
 * records an exporter sent after its inactive timeout (see `detection/README.md`, "Times").
 */
import type { Bus } from '../bus/bus.js';
import type { AttackId } from '../core/ids.js';
import type { DETECTION_SUBJECTS } from './event-schemas.js';
import type { HitExtent } from './hit-extent.js';
import type { NetworkThresholds, ThresholdSource } from './thresholds.js';
import type { ClassName, ClassRates, MetricName } from './traffic-class.js';
import type { VectorName } from './vectors.js';

/** What an attack is aimed at: one host, or a whole protected prefix (carpet bombing). */
export type AttackScope = 'host' | 'prefix';

/** Share of an attack's packets carried by one vector. */
export interface VectorShare {
  readonly vector: VectorName;
  /** For `reflection`: the abused service (`dns`, `ntp`, …) and its source port. */
  readonly service?: string;
  readonly port?: number;
  /** Estimated true packets and bytes since the attack started. */
  readonly packets: number;
  readonly bytes: number;
  /** Fraction of the attack's packets, 0–1. */
  readonly share: number;
}

/** One source of an attack (or, for outbound floods, one target). */
export interface AttackerEntry {
  /** Dotted IPv4 or RFC 5952 IPv6. */
  readonly address: string;
  /** Estimated true packets and bytes from this source since the attack started. */
  readonly packets: number;
  readonly bytes: number;
  /** Fractions of the attack's packets and bytes, 0–1. */
  readonly packetShare: number;
  readonly byteShare: number;
  /** First and last record time, ms since the epoch. */
  readonly firstSeen: number;
  readonly lastSeen: number;
  /** Vectors this source's records matched. */
  readonly vectors: readonly VectorName[];
  /** Upper bound on the overestimate of `packets` (0 when exact; see Space-Saving). */
  readonly errorBound: number;
  /** From the optional enrichment function. */
  readonly country?: string;
  readonly asn?: number;
}

/** The measurement that started an attack. */
export interface AttackTrigger {
  readonly class: ClassName;
  readonly metric: MetricName;
  /** Rate observed over the last second when the threshold was crossed. */
  readonly rate: number;
  readonly threshold: number;
  readonly thresholdSource: ThresholdSource;
}

/** Fields every attack event carries. */
export interface AttackIdentity {
  readonly attackId: AttackId;
  readonly scope: AttackScope;
  /** The attacked host address, or the prefix for `prefix` scope. */
  readonly target: string;
  readonly family: 4 | 6;
  readonly networkId: string;
  readonly organizationId: string;
  /** The protected network the target lies in. */
  readonly networkPrefix: string;
  /**
   * When the attack began, ms since the epoch: the onset of the rise that crossed the threshold,
   * estimated to the millisecond from the records' own times (see `onset.ts`).
   */
  readonly startedAt: number;
}

/** How the rate of `attack.started` was obtained: from the part of the attack seen at detection. */
export interface RatesEstimate {
  readonly estimated: true;
  /** Time since the onset the estimate rests on, ms. */
  readonly coveredMs: number;
  /** The same as a fraction of one second (at most 1). */
  readonly coveredFraction: number;
}

/** Evidence common to started, updated and ended events. */
export interface AttackEvidence {
  readonly vectors: readonly VectorShare[];
  /** Largest sources so far, by packets. */
  readonly topSources: readonly AttackerEntry[];
  /** Estimated distinct sources so far. */
  readonly sourceCount: number;
  /** Estimated distinct destination hosts so far (1 for `host` scope). */
  readonly targetCount: number;
  /** Estimated true packets and bytes since the attack started. */
  readonly totals: { readonly packets: number; readonly bytes: number };
  /**
   * For a `prefix` attack (carpet bombing): the part of the protected network it hits — the
   * smallest covering prefix and a few tighter ones with the share of their hosts hit — which is
   * what a mitigation should target rather than `networkPrefix`. Absent for `host` attacks and
   * before any destination is known.
   */
  readonly extent?: HitExtent;
}

/** An attack was detected. */
export interface AttackStarted extends AttackIdentity, AttackEvidence {
  readonly kind: 'attack.started';
  /** Detector time of detection, ms since the epoch. */
  readonly detectedAt: number;
  readonly trigger: AttackTrigger;
  /**
   * The best estimate of the attack's rates at detection: the traffic since the onset over the
   * time it covers, the target's ordinary traffic included. The first `attack.updated` carries the
   * first complete second.
   */
  readonly rates: ClassRates;
  readonly ratesEstimate: RatesEstimate;
  /** Effective thresholds for the target at detection. */
  readonly thresholds: NetworkThresholds;
}

/** An attack is ongoing; published every second. */
export interface AttackUpdated extends AttackIdentity, AttackEvidence {
  readonly kind: 'attack.updated';
  readonly at: number;
  /** Start of the second `rates` describe, ms since the epoch. */
  readonly second: number;
  readonly rates: ClassRates;
  readonly peak: ClassRates;
}

/** Why an attack ended. */
export type AttackEndReason = 'quiet' | 'networks-changed' | 'shutdown';

/** An attack ended: its traffic stayed below the hysteresis level for the cooldown. */
export interface AttackEnded extends AttackIdentity, AttackEvidence {
  readonly kind: 'attack.ended';
  readonly endedAt: number;
  /** End of the last second above the hysteresis level, ms since the epoch. */
  readonly lastActiveAt: number;
  readonly durationSeconds: number;
  readonly reason: AttackEndReason;
  readonly peak: ClassRates;
  /** Every listed source (see `attackersTruncated`). */
  readonly attackers: readonly AttackerEntry[];
  readonly attackersTruncated: boolean;
}

/** Why a host inside a protected network is believed infected. */
export type InfectionEvidence =
  | {
      /** The host sends a flood out of its network. */
      readonly kind: 'outbound-flood';
      readonly trigger: AttackTrigger;
      readonly rates: ClassRates;
      readonly vectors: readonly VectorShare[];
      readonly topTargets: readonly AttackerEntry[];
      readonly targetCount: number;
    }
  | {
      /** The host is a source of an attack on another protected target. */
      readonly kind: 'attack-source';
      readonly attackId: AttackId;
      readonly attackTarget: string;
      readonly packets: number;
      readonly bytes: number;
    }
  | {
      /** Reported through the indicator hook (e.g. traffic to a known C2 address). */
      readonly kind: 'indicator';
      readonly indicator: string;
      readonly details: Readonly<Record<string, unknown>>;
    };

/** A host inside a protected network is likely infected. */
export interface HostInfected {
  readonly kind: 'host.infected';
  readonly host: string;
  readonly family: 4 | 6;
  readonly networkId: string;
  readonly organizationId: string;
  readonly networkPrefix: string;
  readonly detectedAt: number;
  readonly evidence: InfectionEvidence;
}

/** Every event the detector publishes. */
export type DetectionEvent = AttackStarted | AttackUpdated | AttackEnded | HostInfected;

/** Where detection events go. Must not throw; must not keep the event mutable. */
export interface AttackSink {
  publish(event: DetectionEvent): void;
}

/** A sink that publishes each event on the bus under its `kind` as subject. */
export function busSink(bus: Pick<Bus<typeof DETECTION_SUBJECTS>, 'publish'>, onError: (err: unknown, event: DetectionEvent) => void): AttackSink {
  return {
    publish(event) {
      bus.publish(event.kind, event).catch((err: unknown) => onError(err, event));
    },
  };
}

/** A sink that keeps events in an array; for tests and replays. */
export class CollectingAttackSink implements AttackSink {
  readonly events: DetectionEvent[] = [];
  publish(event: DetectionEvent): void {
    this.events.push(event);
  }
  /** Events of one kind. */
  of<K extends DetectionEvent['kind']>(kind: K): Extract<DetectionEvent, { kind: K }>[] {
    return this.events.filter((e): e is Extract<DetectionEvent, { kind: K }> => e.kind === kind);
  }
}
