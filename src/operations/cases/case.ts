/**
 * Cases: the file that gathers the evidence of one incident (attacks, sightings, attacker lists,
 * indicators, reports, affected organisations) and the countermeasures requested for it.
 *
 * Pure: no I/O, no `node:` imports.
 */
import Type from 'typebox';
import type { CaseId, UserId } from '../../core/ids.js';
import { ERR_OPERATIONS_CASE_TRANSITION } from '../errors.js';

/** Where a case stands. */
export type CaseState = 'open' | 'contained' | 'closed';

/**
 * Allowed transitions: a case is contained once the attack is under control, reopened when it
 * flares up again, and closed from either; a closed case may be reopened (new evidence), which
 * the audit log records like every transition.
 */
const TRANSITIONS: Readonly<Record<CaseState, readonly CaseState[]>> = {
  open: ['contained', 'closed'],
  contained: ['open', 'closed'],
  closed: ['open'],
};

/** Throws {@link ERR_OPERATIONS_CASE_TRANSITION} unless `from → to` is allowed. */
export function checkCaseTransition(from: CaseState, to: CaseState): void {
  if (!TRANSITIONS[from].includes(to)) throw new ERR_OPERATIONS_CASE_TRANSITION(from, to);
}

/** Kinds of evidence a case links to. */
export const EVIDENCE_KINDS = ['attack', 'sighting', 'attacker_list', 'indicator', 'report', 'organization', 'intel'] as const;
/** One kind of evidence. */
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** Schema of an evidence kind, for input checks. */
export const EvidenceKindSchema = Type.Union(EVIDENCE_KINDS.map((k) => Type.Literal(k)));

/** A case. */
export interface Case {
  readonly id: CaseId;
  readonly title: string;
  readonly description: string | null;
  readonly state: CaseState;
  /** Flagged serious: every request in it needs the national security council's review. */
  readonly serious: boolean;
  readonly assignee: UserId | null;
  readonly createdBy: UserId;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly closedAt: number | null;
}

/** One piece of evidence linked to a case. */
export interface CaseEvidence {
  readonly id: string;
  readonly caseId: CaseId;
  readonly kind: EvidenceKind;
  /** Id of the attack, sighting, report or organisation; the indicator value; for `attacker_list`, the attack id. */
  readonly ref: string;
  readonly note: string | null;
  readonly addedBy: UserId;
  readonly addedAt: number;
}

/** A timestamped note on a case. */
export interface CaseNote {
  readonly id: string;
  readonly caseId: CaseId;
  readonly author: UserId;
  readonly text: string;
  readonly createdAt: number;
}
