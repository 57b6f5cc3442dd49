/**
 * The request policy: the one place that decides who may take which transition of a countermeasure
 * request, from the request's current state and the acting user. Every service calls
 * {@link authorize} before it changes anything, and nothing else decides; the rules it applies are
 * the table in `rules.ts` (rendered as docs/approval-rules.md).
 *
 * Security invariants enforced here:
 * - a request is made and amended only by a holder of a role the catalogue lists for the mechanism
 *   it asks for *now* — an amendment is checked exactly like a new request, so it cannot escalate
 *   the mechanism past the requester's rights;
 * - only the requester amends, cancels, retries and reports; nobody decides on a request they made
 *   (checked by user id, whatever roles they hold); a vote counts only on the digest it names;
 * - the emergency path is open only to officers, for the configured mechanisms, while a linked
 *   attack is active, with every target derived from the active linked attacks and no gate
 *   required: a typed gate reference is a fact for the commission, never a key.
 *
 * Pure: no I/O, no `node:` imports.
 */
import type { Actor, Role } from '../../core/roles.js';
import type { CountermeasureAction } from '../catalogue/action.js';
import { CATALOGUE, type Mechanism } from '../catalogue/mechanism.js';
import type { CaseState } from '../cases/case.js';
import {
  ERR_APPROVAL_DIGEST_MISMATCH,
  ERR_APPROVAL_DUPLICATE_VOTE,
  ERR_APPROVAL_GATE_NOT_APPLICABLE,
  ERR_APPROVAL_NOT_PENDING,
  ERR_APPROVAL_REASON_REQUIRED,
  ERR_APPROVAL_SELF_VOTE,
  ERR_OPERATIONS_CASE_CLOSED,
  ERR_OPERATIONS_EMERGENCY_EXPIRED,
  ERR_OPERATIONS_EMERGENCY_GATE,
  ERR_OPERATIONS_EMERGENCY_NO_ACTIVE_ATTACK,
  ERR_OPERATIONS_EMERGENCY_NOT_DERIVED,
  ERR_OPERATIONS_EMERGENCY_REVIEWED,
  ERR_OPERATIONS_FORBIDDEN,
  ERR_OPERATIONS_MECHANISM_NOT_ALLOWED,
  ERR_OPERATIONS_NOT_REQUESTER,
  ERR_OPERATIONS_REQUEST_STATE,
} from '../errors.js';
import type { Vote, VoteDecision } from '../requests/approval.js';
import type { CountermeasureRequest, GateKind } from '../requests/request.js';
import { firstUnderivedTarget, type LinkedAttackFacts } from './derive-targets.js';
import { RULES, type Transition } from './rules.js';

/** Settings the policy reads (from `operations.emergency`). */
export interface PolicySettings {
  readonly emergencyMechanisms: readonly Mechanism[];
}

/** The request as the policy sees it. */
export type RequestFacts = Pick<CountermeasureRequest, 'id' | 'state' | 'path' | 'mechanism' | 'requestedBy' | 'requesterRole' | 'digest' | 'gates' | 'review'>;

/** What one transition is decided on: the acting user, the request's current state and the input. */
export type TransitionFacts =
  | { readonly transition: 'create'; readonly actor: Actor; readonly mechanism: Mechanism; readonly caseId: string; readonly caseState: CaseState }
  | { readonly transition: 'amend'; readonly actor: Actor; readonly request: RequestFacts; readonly mechanism: Mechanism; readonly caseId: string; readonly caseState: CaseState }
  | { readonly transition: 'record_gate'; readonly actor: Actor; readonly request: RequestFacts; readonly gate: GateKind }
  | {
      readonly transition: 'vote';
      readonly actor: Actor;
      readonly request: RequestFacts;
      readonly votes: readonly Vote[];
      readonly votedDigest: string;
      readonly decision: VoteDecision;
      readonly reason: string | null;
    }
  | {
      readonly transition: 'emergency';
      readonly actor: Actor;
      readonly action: CountermeasureAction;
      readonly caseId: string;
      readonly caseState: CaseState;
      readonly attacks: readonly LinkedAttackFacts[];
      readonly requiredGates: readonly GateKind[];
    }
  | { readonly transition: 'review'; readonly actor: Actor; readonly request: RequestFacts; readonly outcome: 'upheld' | 'withdraw'; readonly reason: string | null }
  | { readonly transition: 'withdraw'; readonly actor: Actor; readonly request: RequestFacts; readonly reason: string | null }
  | { readonly transition: 'cancel'; readonly actor: Actor; readonly request: RequestFacts }
  | {
      readonly transition: 'retry';
      readonly actor: Actor;
      readonly request: RequestFacts;
      readonly executionFailed: boolean;
      readonly now: number;
      readonly deadline: number | null;
      readonly timeBoxEnd: number | null;
    }
  | { readonly transition: 'report_outcome'; readonly actor: Actor; readonly request: RequestFacts }
  | { readonly transition: 'flag_serious'; readonly actor: Actor; readonly caseId: string; readonly caseState: CaseState };

/** What the policy grants: the role the actor acts in (null when acting only as the requester). */
export interface Grant {
  readonly role: Role | null;
  /** For `withdraw`: whether the requester withdraws or a commission member orders it. */
  readonly as?: 'requester' | 'commission';
}

/** The first role the actor holds among `roles` (in the order of `roles`). */
export function held(actor: Actor, roles: readonly Role[]): Role | undefined {
  return roles.find((r) => actor.roles.includes(r));
}

/** The roles the rules table lists for a transition (the catalogue's requesters for `create`/`amend`). */
export function rolesOf(t: Transition, mechanism?: Mechanism): readonly Role[] {
  const r = RULES[t].roles;
  if (r === 'catalogue') return CATALOGUE[mechanism!].requesters;
  return r === 'platform' ? [] : r;
}

function requireRoleFor(actor: Actor, t: Transition, what: string, mechanism?: Mechanism): Role {
  const roles = rolesOf(t, mechanism);
  const role = held(actor, roles);
  if (role === undefined) throw new ERR_OPERATIONS_FORBIDDEN(what, roles.join(', '));
  return role;
}

function requireRequester(actor: Actor, r: RequestFacts, what: string): void {
  if (r.requestedBy !== actor.userId) throw new ERR_OPERATIONS_NOT_REQUESTER(what);
}

function requireState(t: Transition, r: RequestFacts, why: string): void {
  if (!RULES[t].states.includes(r.state)) throw new ERR_OPERATIONS_REQUEST_STATE(r.id, r.state, why);
}

const isReason = (reason: string | null): reason is string => reason !== null && reason.trim() !== '';

/**
 * Decides a transition: returns the grant, or throws the coded refusal of the first rule the facts
 * break (see `rules.ts` for each transition's rules and refusals).
 */
export function authorize(f: TransitionFacts, settings: PolicySettings): Grant {
  switch (f.transition) {
    case 'create': {
      const role = requireRoleFor(f.actor, 'create', `requesting ${f.mechanism}`, f.mechanism);
      if (f.caseState === 'closed') throw new ERR_OPERATIONS_CASE_CLOSED(f.caseId);
      return { role };
    }
    case 'amend': {
      requireRequester(f.actor, f.request, 'amend a request');
      requireState('amend', f.request, 'only a request awaiting approval can be amended');
      // The rights for the mechanism asked for now, held now: never the role of the first revision.
      const role = requireRoleFor(f.actor, 'amend', `requesting ${f.mechanism}`, f.mechanism);
      if (f.caseState === 'closed') throw new ERR_OPERATIONS_CASE_CLOSED(f.caseId);
      return { role };
    }
    case 'record_gate': {
      const role = held(f.actor, rolesOf('record_gate'));
      if (f.request.requestedBy !== f.actor.userId && role === undefined) throw new ERR_OPERATIONS_FORBIDDEN('recording a gate', 'the requester or nco_analyst');
      if (f.request.state !== 'pending_approval') throw new ERR_APPROVAL_NOT_PENDING(f.request.id, f.request.state);
      if (!f.request.gates.some((g) => g.kind === f.gate)) throw new ERR_APPROVAL_GATE_NOT_APPLICABLE(f.gate);
      return { role: role ?? f.request.requesterRole };
    }
    case 'vote': {
      const role = requireRoleFor(f.actor, 'vote', 'voting on a request');
      if (f.request.state !== 'pending_approval') throw new ERR_APPROVAL_NOT_PENDING(f.request.id, f.request.state);
      // The requester is the only one who may amend, so this also keeps out the last amender.
      if (f.actor.userId === f.request.requestedBy) throw new ERR_APPROVAL_SELF_VOTE(f.actor.userId);
      if (f.votedDigest !== f.request.digest) throw new ERR_APPROVAL_DIGEST_MISMATCH(f.votedDigest, f.request.digest);
      if (f.votes.some((v) => v.voter === f.actor.userId && v.digest === f.request.digest)) throw new ERR_APPROVAL_DUPLICATE_VOTE(f.actor.userId);
      if (f.decision === 'reject' && !isReason(f.reason)) throw new ERR_APPROVAL_REASON_REQUIRED();
      return { role };
    }
    case 'emergency': {
      const m = f.action.mechanism;
      const role = held(f.actor, rolesOf('emergency'));
      if (role === undefined) {
        // A defence unit may request countermeasures, but only on the Prime Minister's order.
        if (f.actor.roles.includes('defence_operator')) throw new ERR_OPERATIONS_EMERGENCY_GATE('prime_minister_order');
        throw new ERR_OPERATIONS_FORBIDDEN('taking an emergency action', rolesOf('emergency').join(', '));
      }
      if (!settings.emergencyMechanisms.includes(m)) throw new ERR_OPERATIONS_MECHANISM_NOT_ALLOWED(m, 'on the emergency path');
      if (!CATALOGUE[m].requesters.includes(role)) throw new ERR_OPERATIONS_FORBIDDEN(`requesting ${m}`, CATALOGUE[m].requesters.join(', '));
      if (f.caseState === 'closed') throw new ERR_OPERATIONS_CASE_CLOSED(f.caseId);
      if (f.attacks.length === 0) throw new ERR_OPERATIONS_EMERGENCY_NO_ACTIVE_ATTACK('no attack is linked');
      if (!f.attacks.some((a) => a.active)) throw new ERR_OPERATIONS_EMERGENCY_NO_ACTIVE_ATTACK(`${f.attacks.map((a) => a.id).join(', ')} ended`);
      if (f.requiredGates.length > 0) throw new ERR_OPERATIONS_EMERGENCY_GATE(f.requiredGates.join(', '));
      const underived = firstUnderivedTarget(f.action, f.attacks);
      if (underived !== undefined) throw new ERR_OPERATIONS_EMERGENCY_NOT_DERIVED(underived.target, underived.reason);
      return { role };
    }
    case 'review': {
      const role = requireRoleFor(f.actor, 'review', 'reviewing an emergency action');
      if (f.request.path !== 'emergency' || f.request.review === null) throw new ERR_OPERATIONS_REQUEST_STATE(f.request.id, f.request.path, 'only emergency actions are reviewed afterwards');
      if (f.actor.userId === f.request.requestedBy) throw new ERR_APPROVAL_SELF_VOTE(f.actor.userId);
      if (f.request.review.state !== 'pending') throw new ERR_OPERATIONS_EMERGENCY_REVIEWED(f.request.id);
      if (f.outcome === 'withdraw' && !isReason(f.reason)) throw new ERR_APPROVAL_REASON_REQUIRED();
      return { role };
    }
    case 'withdraw': {
      const byRequester = f.request.requestedBy === f.actor.userId;
      const member = held(f.actor, rolesOf('withdraw'));
      if (!byRequester && member === undefined) throw new ERR_OPERATIONS_FORBIDDEN('withdrawing an action', 'the requester or commission_member');
      if (!byRequester && !isReason(f.reason)) throw new ERR_APPROVAL_REASON_REQUIRED();
      requireState('withdraw', f.request, 'only an action in force can be withdrawn');
      return byRequester ? { role: f.request.requesterRole, as: 'requester' } : { role: member!, as: 'commission' };
    }
    case 'cancel':
      requireRequester(f.actor, f.request, 'cancel a request');
      requireState('cancel', f.request, 'only a request awaiting approval can be cancelled');
      return { role: f.request.requesterRole };
    case 'retry':
      requireRequester(f.actor, f.request, 'retry an execution');
      if (!f.executionFailed) throw new ERR_OPERATIONS_REQUEST_STATE(f.request.id, f.request.state, 'only a failed execution can be retried');
      requireState('retry', f.request, 'only a failed execution can be retried');
      if (f.timeBoxEnd !== null && f.now >= Math.min(f.timeBoxEnd, f.deadline ?? Infinity)) throw new ERR_OPERATIONS_EMERGENCY_EXPIRED(f.request.id);
      if (f.deadline !== null && f.deadline <= f.now) throw new ERR_OPERATIONS_REQUEST_STATE(f.request.id, 'past its deadline', 'request approval again');
      return { role: f.request.requesterRole };
    case 'report_outcome':
      requireRequester(f.actor, f.request, 'report the outcome');
      if (f.request.mechanism !== 'access_neutralisation') throw new ERR_OPERATIONS_REQUEST_STATE(f.request.id, f.request.mechanism, 'only access and neutralisation has an outcome report');
      requireState('report_outcome', f.request, 'the authorisation was never in force');
      return { role: f.request.requesterRole };
    case 'flag_serious': {
      const role = requireRoleFor(f.actor, 'flag_serious', 'flagging a case serious');
      if (f.caseState === 'closed') throw new ERR_OPERATIONS_CASE_CLOSED(f.caseId);
      return { role };
    }
  }
}
