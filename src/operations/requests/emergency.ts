/**
 * The emergency path's clock: the time box of an action and the commission's review deadline,
 * escalated when it passes. Who may act in an emergency, and on what, is the request policy's
 * decision (`../policy/request-policy.ts`).
 *
 * Pure: no I/O, no `node:` imports.
 */
import type { Mechanism } from '../catalogue/mechanism.js';
import type { EmergencyReview } from './request.js';

/** Settings of the emergency path (the `operations.emergency` section). */
export interface EmergencyPolicy {
  readonly maxDurationSeconds: number;
  readonly reviewDeadlineSeconds: number;
  readonly mechanisms: readonly Mechanism[];
}

/** The review the commission owes an emergency action taken at `now`. */
export function newReview(now: number, policy: EmergencyPolicy): EmergencyReview {
  return { dueAt: now + policy.reviewDeadlineSeconds * 1000, state: 'pending', reviewedBy: null, reviewedAt: null, reason: null, escalatedAt: null };
}

/** The end of an emergency action's time box (its latest possible expiry). */
export function timeBoxEnd(createdAt: number, policy: EmergencyPolicy): number {
  return createdAt + policy.maxDurationSeconds * 1000;
}
