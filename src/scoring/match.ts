/**
 * Matching detected attacks to the ground truth. A detection matches a true attack when its
 * target relates to the attack's target and it was detected during the attack (from a little
 * before its start, for timestamp rounding, to its end plus the export delay, since flow records
 * arrive after the traffic they describe):
 *
 * - **primary**: the same kind of target — the attacked host itself, or for a carpet-bombing
 *   attack on a prefix, a prefix-scope detection overlapping that prefix;
 * - **secondary**: a related target — a prefix-scope detection of the network around an attacked
 *   host, or a host-scope detection of one host inside a carpet-bombed prefix (that host's own
 *   traffic did cross its threshold).
 *
 * A detection that matches no true attack is a **false attack**.
 *
 * Pure: no I/O.
 */
import { parsePrefix, type Prefix } from '../core/ip.js';
import type { DetectedAttack } from './detected-attacks.js';

/** What the matcher needs of a true attack. */
export interface TruthTarget {
  readonly id: string;
  /** Host address or prefix. */
  readonly target: string;
  readonly targetType: 'host' | 'prefix';
  readonly startMs: number;
  readonly endMs: number;
}

/** Tolerances of the matcher. */
export interface MatchOptions {
  /** How long before the true start a detection may come (timestamp rounding). */
  readonly earlyMs: number;
  /** How long after the true end a detection may come (export delay of the slowest exporter). */
  readonly lateMs: number;
}

/** What the matcher needs of a detection (any detector's: Sakimori's events, FastNetMon's bans). */
export type MatchableDetection = Pick<DetectedAttack, 'scope' | 'target' | 'detectedAt'>;

/** The detections of one true attack. */
export interface AttackMatch<D extends MatchableDetection = DetectedAttack> {
  readonly truthId: string;
  /** Primary detections, in detection order. */
  readonly primary: readonly D[];
  readonly secondary: readonly D[];
}

/** Result of matching. */
export interface MatchResult<D extends MatchableDetection = DetectedAttack> {
  /** One entry per true attack, in the truth's order. */
  readonly matches: readonly AttackMatch<D>[];
  /** Detections that match no true attack. */
  readonly falseAttacks: readonly D[];
}

/** How a detected target relates to a true one. */
export type TargetRelation = 'primary' | 'secondary' | 'none';

/** Relates a detection's target to a true attack's target. */
export function targetRelation(truth: Pick<TruthTarget, 'target' | 'targetType'>, detected: Pick<DetectedAttack, 'scope' | 'target'>): TargetRelation {
  const t = parsePrefix(truth.target);
  const d = parsePrefix(detected.target);
  if (!overlaps(t, d)) return 'none';
  if (truth.targetType === 'host') return detected.scope === 'host' ? 'primary' : 'secondary';
  return detected.scope === 'prefix' ? 'primary' : 'secondary';
}

/** Matches every detection against every true attack. */
export function matchAttacks<D extends MatchableDetection>(truth: readonly TruthTarget[], detected: readonly D[], options: MatchOptions): MatchResult<D> {
  const matched = new Set<D>();
  const matches = truth.map((t) => {
    const primary: D[] = [];
    const secondary: D[] = [];
    for (const d of detected) {
      if (d.detectedAt < t.startMs - options.earlyMs || d.detectedAt > t.endMs + options.lateMs) continue;
      const r = targetRelation(t, d);
      if (r === 'none') continue;
      (r === 'primary' ? primary : secondary).push(d);
      matched.add(d);
    }
    return { truthId: t.id, primary, secondary };
  });
  return { matches, falseAttacks: detected.filter((d) => !matched.has(d)) };
}

/** True when one prefix contains the other (prefixes either nest or are disjoint). */
function overlaps(a: Prefix, b: Prefix): boolean {
  const len = Math.min(a.length, b.length);
  for (let k = 0; k < 4; k++) {
    const bits = Math.max(0, Math.min(32, len - k * 32));
    if (bits === 0) return true;
    const mask = bits === 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
    if ((a.words[k]! & mask) >>> 0 !== (b.words[k]! & mask) >>> 0) return false;
  }
  return true;
}
