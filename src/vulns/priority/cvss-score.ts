/**
 * Chooses the CVSS score a finding is ranked by and recomputes its base score from the vector with
 * a maintained calculator (ae-cvss-calculator, FIRST's formulas for 2.0, 3.0, 3.1 and 4.0), rather
 * than trusting the number a source wrote beside it.
 */
import cvssCalculator from 'ae-cvss-calculator';
import type { CvssMetric, Sourced } from '../record.js';

/** The score chosen for ranking, and where it came from. */
export interface ChosenCvss {
  readonly version: CvssMetric['version'];
  readonly vector: string;
  /** Base score recomputed from the vector; the source's own when the vector cannot be read. */
  readonly baseScore: number;
  readonly scoredBy: string;
  /** True when the calculator refused the vector and the source's number was used. */
  readonly vectorUnreadable: boolean;
}

const VERSION_RANK: Readonly<Record<CvssMetric['version'], number>> = { '4.0': 4, '3.1': 3, '3.0': 2, '2.0': 1 };

/**
 * Picks one score: the newest CVSS version present (4.0 before 3.1 before 3.0 before 2.0, as a
 * newer version describes the flaw with more care); within a version, NVD's primary score, then
 * the CNA's (the vendor knows its product), then any other.
 */
export function chooseCvss(scores: readonly Sourced<CvssMetric>[]): ChosenCvss | undefined {
  let best: Sourced<CvssMetric> | undefined;
  for (const s of scores) if (best === undefined || rank(s) > rank(best)) best = s;
  if (best === undefined) return undefined;
  const computed = computeBaseScore(best.value.vector);
  return {
    version: best.value.version,
    vector: best.value.vector,
    baseScore: computed ?? best.value.baseScore,
    scoredBy: best.value.scoredBy,
    vectorUnreadable: computed === undefined,
  };
}

function rank(s: Sourced<CvssMetric>): number {
  const origin = s.source === 'nvd' && s.value.type === 'Primary' ? 3 : s.source === 'cve5' && s.detail === 'cna' ? 2 : 1;
  return VERSION_RANK[s.value.version] * 10 + origin;
}

/** The base score of a CVSS vector (any version), or undefined when the calculator cannot read it. */
export function computeBaseScore(vector: string): number | undefined {
  try {
    const parsed = cvssCalculator.fromVector(vector) as { calculateScores(): { base?: number } } | undefined | null;
    const base = parsed?.calculateScores().base;
    return typeof base === 'number' && Number.isFinite(base) ? base : undefined;
  } catch {
    return undefined;
  }
}
