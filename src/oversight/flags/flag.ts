/**
 * Excessive-monitoring flags: what the platform reports to the commission when a look at
 * personal data had no case, reached outside its case, was far above the user's norm, or kept
 * returning to the same person, and when a case's scope was declared wider than the limit. Each flag waits in a queue the commission works through.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { ERR_OVERSIGHT_TRANSITION } from '../errors.js';

/**
 * Kinds of flag. `wide_scope`: a case scope entry wider than the configured limit was declared;
 * it counts for nothing until a commission member approves it.
 */
export const FLAG_KINDS = ['no_case', 'out_of_scope', 'volume', 'repeated_lookup', 'wide_scope'] as const;
/** A kind of flag. */
export type FlagKind = (typeof FLAG_KINDS)[number];

/** Where a flag stands in the commission's queue. */
export const FLAG_STATES = ['open', 'acknowledged', 'closed'] as const;
/** A flag state. */
export type FlagState = (typeof FLAG_STATES)[number];

/** Allowed moves: acknowledge (being looked into), close with a finding, reopen on new facts. */
const MOVES: Readonly<Record<FlagState, readonly FlagState[]>> = {
  open: ['acknowledged', 'closed'],
  acknowledged: ['closed', 'open'],
  closed: ['open'],
};

/** Throws {@link ERR_OVERSIGHT_TRANSITION} unless `from → to` is allowed. */
export function checkFlagMove(from: FlagState, to: FlagState): void {
  if (!MOVES[from].includes(to)) throw new ERR_OVERSIGHT_TRANSITION('a flag', from, to);
}

/** A flag as the commission sees it. */
export interface MonitoringFlag {
  readonly id: string;
  readonly kind: FlagKind;
  readonly state: FlagState;
  /** Who made the query (opaque user id). */
  readonly userId: string;
  readonly caseId: string | null;
  /** Non-personal facts: counts, thresholds, reason codes, keyed hashes. */
  readonly details: Readonly<Record<string, string | number | boolean | null>>;
  readonly accessId: string | null;
  readonly raisedAt: number;
  readonly updatedAt: number;
  readonly acknowledgedBy: string | null;
  readonly acknowledgedAt: number | null;
  readonly closedBy: string | null;
  readonly closedAt: number | null;
}

/** A note on a flag. */
export interface FlagNote {
  readonly id: string;
  readonly flagId: string;
  readonly author: string;
  /** The state the flag moved to with this note. */
  readonly state: FlagState;
  readonly text: string;
  readonly createdAt: number;
}

/** A flag about to be raised. */
export interface NewFlag {
  readonly kind: FlagKind;
  readonly userId: string;
  readonly caseId: string | null;
  /** While a flag with this key is not closed, the same flag is not raised again. */
  readonly dedupeKey: string | null;
  readonly details: Readonly<Record<string, string | number | boolean | null>>;
  readonly accessId: string | null;
}
