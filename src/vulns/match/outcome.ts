/**
 * What one configuration or statement says of one asset, as a small number the hot path can compare
 * without allocating, and the scratch space evaluation writes into. Higher is stronger.
 */
import type { Certainty } from './finding.js';
import type { VersionComparator } from './version-comparator.js';

/** Nothing applies. */
export const NONE = 0;
/** It would apply if a version the scheme cannot order were in range. */
export const UNDECIDED = 1;
/** The product matches; its versions are only text (`needs-review`). */
export const REVIEW = 2;
/** The vulnerable product matches; a required platform is not named by the asset (`platform-unstated`). */
export const UNSTATED = 3;
/** Applies (`confirmed`). */
export const CONFIRMED = 4;

/** The certainty of an outcome that is a finding. */
export function certaintyOf(outcome: number): Certainty {
  return outcome === CONFIRMED ? 'confirmed' : outcome === UNSTATED ? 'platform-unstated' : 'needs-review';
}

/**
 * Reusable buffers of one matcher: the state of each criterion of the record being evaluated and the
 * asset CPE that decided it, and which asset CPEs satisfied a vulnerable criterion. Grown, never
 * shrunk; one per index, so evaluating a pair allocates nothing.
 */
export class Scratch {
  states = new Uint8Array(64);
  cpeOf = new Int32Array(64);
  used = new Uint8Array(8);
  /** How the last statement version status was decided: a `VERDICT_*` and the affected range that held (-1 for none). */
  readonly verdict = { kind: 0, range: -1 };

  /** Makes room for a record of `criteria` criteria and an asset of `cpes` CPE names. */
  ensure(criteria: number, cpes: number): void {
    if (criteria > this.states.length) {
      const size = Math.max(criteria, this.states.length * 2);
      this.states = new Uint8Array(size);
      this.cpeOf = new Int32Array(size);
    }
    if (cpes > this.used.length) this.used = new Uint8Array(Math.max(cpes, this.used.length * 2));
  }
}

/** What evaluating needs: the comparator and the scratch space. */
export interface MatchContext {
  readonly versions: VersionComparator;
  readonly scratch: Scratch;
}
