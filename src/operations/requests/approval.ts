/**
 * Counting the commission's votes: a quorum of approvals on the current digest, extra gates where
 * the law requires them, rejections with reasons. Who may cast a vote is the request policy's
 * decision (`../policy/request-policy.ts`); this module only counts.
 *
 * Security invariants enforced here:
 * - a vote counts only for the digest it names, so an amended request starts from zero votes;
 * - a request is approved only when the quorum is met on its current digest and every gate is recorded.
 *
 * Pure: no I/O, no `node:` imports.
 */
import type { UserId } from '../../core/ids.js';
import type { Role } from '../../core/roles.js';
import type { Mechanism } from '../catalogue/mechanism.js';
import type { Gate, GateKind } from './request.js';

/** A member's decision. */
export type VoteDecision = 'approve' | 'reject';

/** One vote, bound to the digest the member read. */
export interface Vote {
  readonly id: string;
  readonly requestId: string;
  readonly voter: UserId;
  readonly decision: VoteDecision;
  readonly digest: string;
  readonly reason: string | null;
  readonly createdAt: number;
}

/** The policy's settings (from the `operations.approval` and `operations.gates` sections). */
export interface ApprovalPolicy {
  readonly quorum: number;
  readonly rejectionsToReject: number;
  readonly foreignConsultationMechanisms: readonly Mechanism[];
}

/** What decides which gates apply. */
export interface GateFacts {
  readonly mechanism: Mechanism;
  readonly abroad: boolean;
  readonly requesterRole: Role;
  readonly caseSerious: boolean;
}

/**
 * The gates that apply: a target abroad needs the foreign ministry consulted (for the mechanisms
 * that act on the remote computer); a defence unit acts only on the Prime Minister's order; a
 * case flagged serious goes to the national security council.
 */
export function requiredGates(f: GateFacts, policy: ApprovalPolicy): GateKind[] {
  const out: GateKind[] = [];
  if (f.abroad && policy.foreignConsultationMechanisms.includes(f.mechanism)) out.push('foreign_ministry_consultation');
  if (f.requesterRole === 'defence_operator') out.push('prime_minister_order');
  if (f.caseSerious) out.push('national_security_council_review');
  return out;
}

/** Gates not yet recorded. */
export function openGates(gates: readonly Gate[]): GateKind[] {
  return gates.filter((g) => g.reference === null).map((g) => g.kind);
}

/** The count of votes on the current digest, and what it means. */
export interface Tally {
  readonly approvals: readonly UserId[];
  readonly rejections: readonly { readonly voter: UserId; readonly reason: string }[];
  /** `approved` needs the gates too; see {@link decide}. */
  readonly outcome: 'pending' | 'quorum' | 'rejected';
}

/** Counts the votes cast on `digest`; votes on earlier digests are void. */
export function tally(votes: readonly Vote[], digest: string, policy: ApprovalPolicy): Tally {
  const current = votes.filter((v) => v.digest === digest);
  const approvals = current.filter((v) => v.decision === 'approve').map((v) => v.voter);
  const rejections = current.filter((v) => v.decision === 'reject').map((v) => ({ voter: v.voter, reason: v.reason ?? '' }));
  const outcome = rejections.length >= policy.rejectionsToReject ? 'rejected' : approvals.length >= policy.quorum ? 'quorum' : 'pending';
  return { approvals, rejections, outcome };
}

/** The decision after a vote: keep waiting, approve (quorum and gates), or reject. */
export function decide(t: Tally, gates: readonly Gate[]): 'pending' | 'approved' | 'rejected' {
  if (t.outcome === 'rejected') return 'rejected';
  if (t.outcome === 'quorum' && openGates(gates).length === 0) return 'approved';
  return 'pending';
}
