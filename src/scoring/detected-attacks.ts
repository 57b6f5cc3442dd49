/**
 * One summary per detected attack, folded from the detector's lifecycle events: when it was
 * detected and what triggered it, the vectors as last reported, the reported true rates second by
 * second (to compare with the ground truth's rate), and when it ended.
 *
 * Pure: no I/O.
 */
import type { AttackScope, AttackTrigger, DetectionEvent, VectorShare } from '../detection/attack.js';

/** A detected attack as the scorer sees it. */
export interface DetectedAttack {
  readonly attackId: string;
  readonly scope: AttackScope;
  /** Host address or prefix, as the events spell it. */
  readonly target: string;
  readonly networkPrefix: string;
  /** Start of the second of the first crossing. */
  readonly startedAt: number;
  /** Detector time when `attack.started` was published. */
  readonly detectedAt: number;
  readonly trigger: AttackTrigger;
  /** Total pps `attack.started` announced. */
  readonly startedPps: number;
  /** Vectors of the latest event (ended, else the last update, else started). */
  vectors: readonly VectorShare[];
  /** Start of the second each `attack.updated` describes, in order. */
  readonly updatedSeconds: number[];
  /** Total pps of each of those seconds. */
  readonly updatedPps: number[];
  /** Highest total pps reported (the ended event's peak when it ended). */
  peakPps: number;
  endedAt: number | undefined;
  sourceCount: number;
}

/** Folds lifecycle events (in publication order) into one summary per attack, in detection order. */
export function detectedAttacks(events: readonly DetectionEvent[]): DetectedAttack[] {
  const byId = new Map<string, DetectedAttack>();
  const out: DetectedAttack[] = [];
  for (const e of events) {
    switch (e.kind) {
      case 'attack.started': {
        const a: DetectedAttack = {
          attackId: e.attackId,
          scope: e.scope,
          target: e.target,
          networkPrefix: e.networkPrefix,
          startedAt: e.startedAt,
          detectedAt: e.detectedAt,
          trigger: e.trigger,
          startedPps: e.rates.total.pps,
          vectors: e.vectors,
          updatedSeconds: [],
          updatedPps: [],
          peakPps: e.rates.total.pps,
          endedAt: undefined,
          sourceCount: e.sourceCount,
        };
        byId.set(e.attackId, a);
        out.push(a);
        break;
      }
      case 'attack.updated': {
        const a = byId.get(e.attackId);
        if (a === undefined) break;
        a.vectors = e.vectors;
        a.updatedSeconds.push(e.second);
        a.updatedPps.push(e.rates.total.pps);
        a.peakPps = Math.max(a.peakPps, e.peak.total.pps);
        a.sourceCount = e.sourceCount;
        break;
      }
      case 'attack.ended': {
        const a = byId.get(e.attackId);
        if (a === undefined) break;
        a.vectors = e.vectors;
        a.peakPps = Math.max(a.peakPps, e.peak.total.pps);
        a.endedAt = e.endedAt;
        a.sourceCount = e.sourceCount;
        break;
      }
      case 'host.infected':
        break;
    }
  }
  return out;
}

/** Reported pps of the seconds that lie wholly inside `[fromMs, toMs)`. */
export function reportedPpsWithin(a: DetectedAttack, fromMs: number, toMs: number): number[] {
  const out: number[] = [];
  a.updatedSeconds.forEach((s, i) => {
    if (s >= fromMs && s + 1000 <= toMs) out.push(a.updatedPps[i]!);
  });
  return out;
}

/** Median of a list (NaN when empty). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
