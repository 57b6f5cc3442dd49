/**
 * Scores one replayed scenario against its ground truth: per true attack whether and when it was
 * detected (from the first export datagram carrying its traffic and from its true start), the
 * vectors, the attacker list (recall and precision against all true sources and against those
 * observable in the export) and the reported rate against the true rate; detections matching no
 * true attack (false attacks); and for C2 beacons, that the beaconing host was not reported as an
 * attack.
 *
 * Pure: no I/O.
 */
import type { AttackerEntry, DetectionEvent } from '../detection/attack.js';
import { formatPrefix, parsePrefix } from '../core/ip.js';
import type { AttackTruth, GroundTruth } from '../simulator/ground-truth.js';
import type { MeteredPrefix } from '../simulator/traffic-meter.js';
import type { TargetSightings } from './attack-traffic-observer.js';
import { detectedAttacks, median, reportedPpsWithin, type DetectedAttack } from './detected-attacks.js';
import { matchAttacks, targetRelation } from './match.js';
import { scoreRates, type RateScore } from './rate-score.js';
import { expectedObservableFraction, firstAttackDatagram, observableSources, scoreSources, type SourceScore } from './source-score.js';
import { scoreVectors, type VectorScore } from './vector-score.js';

/** A detection as the score reports it. */
export interface DetectionSummary {
  readonly attackId: string;
  readonly scope: 'host' | 'prefix';
  readonly target: string;
  /** Offsets from the scenario start, ms. */
  readonly detectedAtMs: number;
  readonly startedAtMs: number;
  readonly trigger: string;
}

/** Score of one true attack. */
export interface AttackScore {
  readonly id: string;
  readonly kind: string;
  readonly target: string;
  readonly targetType: 'host' | 'prefix';
  /** Offsets from the scenario start, ms. */
  readonly startMs: number;
  readonly endMs: number;
  readonly truePps: number;
  readonly detected: boolean;
  /** The first primary detection. */
  readonly detection: DetectionSummary | undefined;
  readonly primaryDetections: number;
  /** Related detections (hosts inside a carpet-bombed prefix, the prefix around an attacked host). */
  readonly secondaryDetections: number;
  /** Offset of the first export datagram carrying this attack's traffic, ms; undefined if none did. */
  readonly firstDatagramMs: number | undefined;
  readonly timeToDetect: { readonly fromFirstDatagramMs: number | undefined; readonly fromTrueStartMs: number } | undefined;
  readonly vectors: VectorScore;
  readonly sources: SourceScore & { readonly expectedObservableFraction: number; readonly effectiveSamplingRate: number };
  /** Reported total pps: median and peak of the settled seconds inside the true window. */
  readonly reportedPps: { readonly median: number; readonly peak: number } | undefined;
  /** Offset of the first packet that reached the target, ms. */
  readonly firstPacketMs: number;
  /** Rate and start-time errors of the first primary detection (when the truth was metered). */
  readonly rates: RateScore | undefined;
}

/** Score of one C2 beacon series. */
export interface BeaconScore {
  readonly name: string;
  readonly host: string;
  readonly beacons: number;
  /** Detections whose target is the beaconing host or one of its C2 addresses. */
  readonly reportedAsAttack: number;
  /** `host.infected` evidence kinds published for the host (indicator sightings are reported elsewhere). */
  readonly infectedReports: readonly string[];
}

/** Score of a whole scenario. */
export interface ScenarioScore {
  readonly scenario: string;
  readonly seed: number;
  readonly durationS: number;
  readonly attacks: readonly AttackScore[];
  readonly falseAttacks: readonly DetectionSummary[];
  readonly beacons: readonly BeaconScore[];
}

/** What {@link scoreScenario} reads. */
export interface ScoreInputs {
  readonly truth: GroundTruth;
  readonly events: readonly DetectionEvent[];
  /** Full attacker list per attack id. */
  readonly attackers: ReadonlyMap<string, readonly AttackerEntry[]>;
  /** Sightings of traffic towards each true attack's target, by attack id. */
  readonly sightings: (attackId: string) => TargetSightings;
  /** The detector's `attackers.minVectorShare`. */
  readonly minVectorShare: number;
  /** True packets per second towards attack targets and protected prefixes (see `score-replay.ts`). */
  readonly metered?: readonly MeteredPrefix[];
}

/** Scores a replay against its ground truth. */
export function scoreScenario(x: ScoreInputs): ScenarioScore {
  const t = x.truth;
  const detected = detectedAttacks(x.events);
  const { matches, falseAttacks } = matchAttacks(t.attacks, detected, { earlyMs: 1000, lateMs: exportDelayMs(t) });
  const attacks = t.attacks.map((a, i) => scoreAttack(x, a, matches[i]!.primary, matches[i]!.secondary.length));
  return {
    scenario: t.scenario,
    seed: t.seed,
    durationS: (t.endMs - t.startMs) / 1000,
    attacks,
    falseAttacks: falseAttacks.map((d) => summary(d, t.startMs)),
    beacons: t.beacons.map((b) => scoreBeacon(b, detected, x.events)),
  };
}

function scoreAttack(x: ScoreInputs, a: AttackTruth, primary: readonly DetectedAttack[], secondary: number): AttackScore {
  const t0 = x.truth.startMs;
  const truthSources = new Set(a.sources ?? []);
  const sightings = x.sightings(a.id);
  const observable = observableSources(sightings, truthSources);
  const first = firstAttackDatagram(sightings, truthSources);
  const d = primary[0];
  const listed: string[] = [];
  for (const p of primary) for (const e of x.attackers.get(p.attackId) ?? []) listed.push(e.address);
  const vectors = primary.flatMap((p) => p.vectors);
  const reported = primary.flatMap((p) => reportedPpsWithin(p, a.startMs, a.endMs));
  const n = effectiveSamplingRate(x.truth, a.network);
  return {
    id: a.id,
    kind: a.kind,
    target: a.target,
    targetType: a.targetType,
    startMs: a.startMs - t0,
    endMs: a.endMs - t0,
    truePps: Math.round(a.pps),
    detected: d !== undefined,
    detection: d === undefined ? undefined : summary(d, t0),
    primaryDetections: primary.length,
    secondaryDetections: secondary,
    firstDatagramMs: first === undefined ? undefined : first - t0,
    timeToDetect: d === undefined ? undefined : { fromFirstDatagramMs: first === undefined ? undefined : d.detectedAt - first, fromTrueStartMs: d.detectedAt - a.startMs },
    vectors: scoreVectors(a.vectors, vectors, x.minVectorShare),
    sources: { ...scoreSources(listed, truthSources, observable), expectedObservableFraction: expectedObservableFraction(a.packets, a.sourceCount, n), effectiveSamplingRate: n },
    reportedPps: reported.length === 0 ? undefined : { median: Math.round(median(reported)), peak: Math.max(...reported) },
    firstPacketMs: a.firstPacketMs - t0,
    rates: d === undefined || x.metered === undefined ? undefined : scoreRates(d, meteredTarget(x.metered, d.target), a, n),
  };
}

/** The metered prefix of a detection's target: the host as a /32 or /128, or the prefix it names. */
function meteredTarget(metered: readonly MeteredPrefix[], target: string): MeteredPrefix | undefined {
  let key: string;
  try {
    key = formatPrefix(parsePrefix(target.includes('/') ? target : `${target}/${target.includes(':') ? 128 : 32}`));
  } catch {
    return undefined;
  }
  return metered.find((m) => m.prefix === key);
}

function scoreBeacon(b: GroundTruth['beacons'][number], detected: readonly DetectedAttack[], events: readonly DetectionEvent[]): BeaconScore {
  const addresses = [b.host, ...b.c2];
  const reported = detected.filter((d) => addresses.some((h) => targetRelation({ target: h, targetType: 'host' }, d) === 'primary'));
  const infected = events.filter((e) => e.kind === 'host.infected' && e.host === b.host).map((e) => (e.kind === 'host.infected' ? e.evidence.kind : ''));
  return { name: b.name, host: b.host, beacons: b.count, reportedAsAttack: reported.length, infectedReports: infected };
}

function summary(d: DetectedAttack, t0: number): DetectionSummary {
  return {
    attackId: d.attackId,
    scope: d.scope,
    target: d.target,
    detectedAtMs: d.detectedAt - t0,
    startedAtMs: d.startedAt - t0,
    trigger: `${d.trigger.class}.${d.trigger.metric} ${d.trigger.rate} >= ${d.trigger.threshold} (${d.trigger.thresholdSource})`,
  };
}

/**
 * Longest delay between traffic and its export: a flow exporter holds a flow up to its active
 * timeout; sFlow agents send within a second or two.
 */
export function exportDelayMs(t: Pick<GroundTruth, 'exporters'>): number {
  let delay = 2000;
  for (const e of t.exporters) if (e.format !== 'sflow') delay = Math.max(delay, e.activeTimeoutMs + 2000);
  return delay;
}

/**
 * The sampling rate that explains how often a source of `network` is sampled: exporters carrying
 * the network share its traffic equally (by flow hash), so a source goes unsampled with
 * probability e^(−p · mean(1/Nₑ)); this returns 1 / mean(1/Nₑ).
 */
export function effectiveSamplingRate(t: Pick<GroundTruth, 'exporters'>, network: string): number {
  const rates = t.exporters.filter((e) => e.networks.includes(network)).map((e) => e.samplingRate);
  if (rates.length === 0) return 1;
  return rates.length / rates.reduce((s, r) => s + 1 / r, 0);
}
