/**
 * Rules of the emergency path: allowed only while a linked attack is active, only for the
 * mechanisms configured for it, with every applicable gate already obtained; time-boxed; reviewed
 * by the commission within a deadline, escalated when the deadline passes.
 *
 * Pure: no I/O, no `node:` imports.
 */
import type { Mechanism } from '../catalogue/mechanism.js';
import { ERR_APPROVAL_GATE_OPEN, ERR_OPERATIONS_EMERGENCY_NO_ACTIVE_ATTACK, ERR_OPERATIONS_MECHANISM_NOT_ALLOWED } from '../errors.js';
import type { EmergencyReview, GateKind } from './request.js';

/** Settings of the emergency path (the `operations.emergency` section). */
export interface EmergencyPolicy {
  readonly maxDurationSeconds: number;
  readonly reviewDeadlineSeconds: number;
  readonly mechanisms: readonly Mechanism[];
}

/** What an emergency request is checked against. */
export interface EmergencyFacts {
  readonly mechanism: Mechanism;
  /** Linked attack ids and whether each is active now. */
  readonly attacks: readonly { readonly id: string; readonly active: boolean }[];
  readonly requiredGates: readonly GateKind[];
  readonly suppliedGates: readonly GateKind[];
}

/**
 * Refuses an emergency request the policy does not allow.
 *
 * @throws ERR_OPERATIONS_MECHANISM_NOT_ALLOWED, ERR_OPERATIONS_EMERGENCY_NO_ACTIVE_ATTACK, ERR_APPROVAL_GATE_OPEN
 */
export function checkEmergency(f: EmergencyFacts, policy: EmergencyPolicy): void {
  if (!policy.mechanisms.includes(f.mechanism)) throw new ERR_OPERATIONS_MECHANISM_NOT_ALLOWED(f.mechanism, 'on the emergency path');
  if (f.attacks.length === 0) throw new ERR_OPERATIONS_EMERGENCY_NO_ACTIVE_ATTACK('no attack is linked');
  if (!f.attacks.some((a) => a.active)) throw new ERR_OPERATIONS_EMERGENCY_NO_ACTIVE_ATTACK(`${f.attacks.map((a) => a.id).join(', ')} ended`);
  // No time to consult is no reason to skip a consultation the law requires: gates come first.
  const missing = f.requiredGates.filter((g) => !f.suppliedGates.includes(g));
  if (missing.length > 0) throw new ERR_APPROVAL_GATE_OPEN(missing.join(', '));
}

/** The review the commission owes an emergency action taken at `now`. */
export function newReview(now: number, policy: EmergencyPolicy): EmergencyReview {
  return { dueAt: now + policy.reviewDeadlineSeconds * 1000, state: 'pending', reviewedBy: null, reviewedAt: null, reason: null, escalatedAt: null };
}

/** The end of an emergency action's time box (its latest possible expiry). */
export function timeBoxEnd(createdAt: number, policy: EmergencyPolicy): number {
  return createdAt + policy.maxDurationSeconds * 1000;
}

/** True when the review is past its deadline and still pending. */
export function isReviewOverdue(review: EmergencyReview, now: number): boolean {
  return review.state === 'pending' && review.dueAt <= now;
}
