/**
 * The request policy on its own, transition by transition: each rule the facts can break gives its
 * code, the first broken one wins, and what is allowed is granted in the role the audit log records.
 * (The services run the same rules end to end in `approval-rules.test.ts` and `bypass.test.ts`.)
 */
import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { asId, type RequestId, type UserId } from '../../core/ids.js';
import type { Actor, Role } from '../../core/roles.js';
import { parseTarget } from '../catalogue/prefixes.js';
import { normaliseAction } from '../catalogue/action.js';
import type { Vote } from '../requests/approval.js';
import type { LinkedAttackFacts } from './derive-targets.js';
import { authorize, held, rolesOf, type Grant, type RequestFacts, type TransitionFacts } from './request-policy.js';

const settings = { emergencyMechanisms: ['rtbh', 'flowspec', 'blocklist', 'access_neutralisation'] as const };
const who = (id: string, ...roles: Role[]): Actor => ({ userId: asId<UserId>(id), roles });
const officer = who('off', 'designated_officer');
const member = who('mem', 'commission_member');
const analyst = who('ana', 'nco_analyst');
const request = (over: Partial<RequestFacts> = {}): RequestFacts => ({
  id: asId<RequestId>('R1'),
  state: 'pending_approval',
  path: 'prior',
  mechanism: 'blocklist',
  requestedBy: asId<UserId>('off'),
  requesterRole: 'designated_officer',
  digest: 'd2',
  gates: [],
  review: null,
  ...over,
});
const emergencyRequest = (over: Partial<RequestFacts> = {}): RequestFacts =>
  request({ path: 'emergency', state: 'active', review: { dueAt: 1, state: 'pending', reviewedBy: null, reviewedAt: null, reason: null, escalatedAt: null }, ...over });

function decide(f: TransitionFacts): Grant | string {
  try {
    return authorize(f, settings);
  } catch (e) {
    return isSakimoriError(e) ? e.code : `not coded: ${String(e)}`;
  }
}

const attack = (over: Partial<LinkedAttackFacts> = {}): LinkedAttackFacts => ({
  id: 'A1',
  active: true,
  target: parseTarget('192.0.2.7', 't').prefix,
  sources: new Set(['100.64.0.1']),
  domains: new Set(),
  ...over,
});
const blocklist = normaliseAction({ mechanism: 'blocklist', prefixes: ['100.64.0.1'] });
const emergency = (over: Partial<Extract<TransitionFacts, { transition: 'emergency' }>> = {}): TransitionFacts => ({
  transition: 'emergency',
  actor: officer,
  action: blocklist,
  caseId: 'C1',
  caseState: 'open',
  attacks: [attack()],
  requiredGates: [],
  ...over,
});
const vote = (v: Partial<Vote>): Vote => ({ id: 'v', requestId: 'R1', voter: asId<UserId>('mem2'), decision: 'approve', digest: 'd2', reason: null, createdAt: 0, ...v });

describe('request policy', () => {
  it('create: a requester of the mechanism, in an open case, in the role it holds for it', () => {
    expect(decide({ transition: 'create', actor: officer, mechanism: 'blocklist', caseId: 'C1', caseState: 'open' })).toEqual({ role: 'designated_officer' });
    expect(decide({ transition: 'create', actor: analyst, mechanism: 'abuse_notice', caseId: 'C1', caseState: 'open' })).toEqual({ role: 'nco_analyst' });
    expect(decide({ transition: 'create', actor: analyst, mechanism: 'blocklist', caseId: 'C1', caseState: 'open' })).toBe('SAKIMORI_ERR_OPERATIONS_FORBIDDEN');
    expect(decide({ transition: 'create', actor: officer, mechanism: 'blocklist', caseId: 'C1', caseState: 'closed' })).toBe('SAKIMORI_ERR_OPERATIONS_CASE_CLOSED');
    expect(decide({ transition: 'create', actor: officer, mechanism: 'blocklist', caseId: 'C1', caseState: 'contained' })).toEqual({ role: 'designated_officer' });
  });

  it('amend: only the requester, awaiting approval, with the rights for the new mechanism now, in an open case', () => {
    const f = (over: Partial<Extract<TransitionFacts, { transition: 'amend' }>>): TransitionFacts => ({
      transition: 'amend',
      actor: officer,
      request: request(),
      mechanism: 'flowspec',
      caseId: 'C1',
      caseState: 'open',
      ...over,
    });
    expect(decide(f({}))).toEqual({ role: 'designated_officer' });
    expect(decide(f({ actor: who('off2', 'designated_officer') }))).toBe('SAKIMORI_ERR_OPERATIONS_NOT_REQUESTER');
    expect(decide(f({ request: request({ state: 'active' }) }))).toBe('SAKIMORI_ERR_OPERATIONS_REQUEST_STATE');
    expect(decide(f({ actor: who('off', 'nco_analyst') }))).toBe('SAKIMORI_ERR_OPERATIONS_FORBIDDEN');
    expect(decide(f({ actor: who('off', 'nco_analyst'), mechanism: 'abuse_notice' }))).toEqual({ role: 'nco_analyst' });
    expect(decide(f({ caseState: 'closed' }))).toBe('SAKIMORI_ERR_OPERATIONS_CASE_CLOSED');
  });

  it('record_gate: the requester or an analyst, awaiting approval, a gate that applies; granted in the role recorded', () => {
    const gated = request({ gates: [{ kind: 'prime_minister_order', reference: null, recordedBy: null, recordedAt: null }], requesterRole: 'defence_operator' });
    const f = (actor: Actor, r = gated, gate: 'prime_minister_order' | 'foreign_ministry_consultation' = 'prime_minister_order'): TransitionFacts => ({
      transition: 'record_gate',
      actor,
      request: r,
      gate,
    });
    expect(decide(f(analyst))).toEqual({ role: 'nco_analyst' });
    expect(decide(f(who('off', 'defence_operator')))).toEqual({ role: 'defence_operator' });
    expect(decide(f(member))).toBe('SAKIMORI_ERR_OPERATIONS_FORBIDDEN');
    expect(decide(f(analyst, { ...gated, state: 'approved' }))).toBe('SAKIMORI_ERR_APPROVAL_NOT_PENDING');
    expect(decide(f(analyst, gated, 'foreign_ministry_consultation'))).toBe('SAKIMORI_ERR_APPROVAL_GATE_NOT_APPLICABLE');
  });

  it('vote: a member, never the requester, awaiting approval, on the current digest, once, a rejection with visible reasons', () => {
    const f = (over: Partial<Extract<TransitionFacts, { transition: 'vote' }>>): TransitionFacts => ({
      transition: 'vote',
      actor: member,
      request: request(),
      votes: [],
      votedDigest: 'd2',
      decision: 'approve',
      reason: null,
      ...over,
    });
    expect(decide(f({}))).toEqual({ role: 'commission_member' });
    // A requester who also sits on the commission acts as a member only on others' requests.
    expect(decide(f({ actor: who('off', 'designated_officer', 'commission_member') }))).toBe('SAKIMORI_ERR_APPROVAL_SELF_VOTE');
    expect(decide(f({ actor: who('off2', 'designated_officer', 'commission_member') }))).toEqual({ role: 'commission_member' });
    expect(decide(f({ actor: officer }))).toBe('SAKIMORI_ERR_OPERATIONS_FORBIDDEN');
    expect(decide(f({ request: request({ state: 'approved' }) }))).toBe('SAKIMORI_ERR_APPROVAL_NOT_PENDING');
    expect(decide(f({ votedDigest: 'd1' }))).toBe('SAKIMORI_ERR_APPROVAL_DIGEST_MISMATCH');
    expect(decide(f({ votes: [vote({ voter: asId<UserId>('mem') })] }))).toBe('SAKIMORI_ERR_APPROVAL_DUPLICATE_VOTE');
    // A vote on an earlier revision, or another member's vote, does not count against this one.
    expect(decide(f({ votes: [vote({ voter: asId<UserId>('mem'), digest: 'd1' }), vote({})] }))).toEqual({ role: 'commission_member' });
    expect(decide(f({ decision: 'reject' }))).toBe('SAKIMORI_ERR_APPROVAL_REASON_REQUIRED');
    expect(decide(f({ decision: 'reject', reason: '   ' }))).toBe('SAKIMORI_ERR_APPROVAL_REASON_REQUIRED');
    expect(decide(f({ decision: 'reject', reason: 'not proportionate' }))).toEqual({ role: 'commission_member' });
    // The first rule broken wins: the requester is told it is theirs before the digest is compared.
    expect(decide(f({ actor: who('off', 'commission_member'), votedDigest: 'd1' }))).toBe('SAKIMORI_ERR_APPROVAL_SELF_VOTE');
  });

  it('emergency: a designated officer, a mechanism of the emergency path, an open case, an active cited attack, no gate, derived targets', () => {
    expect(decide(emergency())).toEqual({ role: 'designated_officer' });
    expect(decide(emergency({ actor: who('def', 'defence_operator') }))).toBe('SAKIMORI_ERR_OPERATIONS_EMERGENCY_GATE');
    expect(decide(emergency({ actor: analyst }))).toBe('SAKIMORI_ERR_OPERATIONS_FORBIDDEN');
    expect(decide(emergency({ actor: member }))).toBe('SAKIMORI_ERR_OPERATIONS_FORBIDDEN');
    expect(decide(emergency({ action: normaliseAction({ mechanism: 'dns_rpz', domains: ['c2.botnet.example'] }) }))).toBe('SAKIMORI_ERR_OPERATIONS_MECHANISM_NOT_ALLOWED');
    expect(decide(emergency({ caseState: 'closed' }))).toBe('SAKIMORI_ERR_OPERATIONS_CASE_CLOSED');
    expect(decide(emergency({ attacks: [] }))).toBe('SAKIMORI_ERR_OPERATIONS_EMERGENCY_NO_ACTIVE_ATTACK');
    expect(decide(emergency({ attacks: [attack({ active: false })] }))).toBe('SAKIMORI_ERR_OPERATIONS_EMERGENCY_NO_ACTIVE_ATTACK');
    expect(decide(emergency({ attacks: [attack({ active: false }), attack({ id: 'A2' })] }))).toEqual({ role: 'designated_officer' });
    expect(decide(emergency({ requiredGates: ['national_security_council_review'] }))).toBe('SAKIMORI_ERR_OPERATIONS_EMERGENCY_GATE');
    expect(decide(emergency({ attacks: [attack({ sources: new Set(['100.64.0.2']) })] }))).toBe('SAKIMORI_ERR_OPERATIONS_EMERGENCY_NOT_DERIVED');
  });

  it('review: a member, never the requester, of an emergency action whose review is pending; withdrawal with reasons', () => {
    const f = (over: Partial<Extract<TransitionFacts, { transition: 'review' }>>): TransitionFacts => ({
      transition: 'review',
      actor: member,
      request: emergencyRequest(),
      outcome: 'upheld',
      reason: null,
      ...over,
    });
    expect(decide(f({}))).toEqual({ role: 'commission_member' });
    expect(decide(f({ actor: analyst }))).toBe('SAKIMORI_ERR_OPERATIONS_FORBIDDEN');
    expect(decide(f({ request: request({ state: 'active' }) }))).toBe('SAKIMORI_ERR_OPERATIONS_REQUEST_STATE');
    expect(decide(f({ request: { ...emergencyRequest(), review: null } }))).toBe('SAKIMORI_ERR_OPERATIONS_REQUEST_STATE');
    expect(decide(f({ request: { ...emergencyRequest(), path: 'prior' } }))).toBe('SAKIMORI_ERR_OPERATIONS_REQUEST_STATE');
    expect(decide(f({ actor: who('off', 'commission_member') }))).toBe('SAKIMORI_ERR_APPROVAL_SELF_VOTE');
    const upheld = emergencyRequest();
    expect(decide(f({ request: { ...upheld, review: { ...upheld.review!, state: 'upheld' } } }))).toBe('SAKIMORI_ERR_OPERATIONS_EMERGENCY_REVIEWED');
    expect(decide(f({ outcome: 'withdraw' }))).toBe('SAKIMORI_ERR_APPROVAL_REASON_REQUIRED');
    expect(decide(f({ outcome: 'withdraw', reason: 'not necessary' }))).toEqual({ role: 'commission_member' });
  });

  it('withdraw: the requester as requester, a member with reasons as the commission, only an action in force', () => {
    const f = (over: Partial<Extract<TransitionFacts, { transition: 'withdraw' }>>): TransitionFacts => ({
      transition: 'withdraw',
      actor: officer,
      request: request({ state: 'active' }),
      reason: null,
      ...over,
    });
    expect(decide(f({}))).toEqual({ role: 'designated_officer', as: 'requester' });
    expect(decide(f({ actor: member, reason: 'quiet now' }))).toEqual({ role: 'commission_member', as: 'commission' });
    expect(decide(f({ actor: member }))).toBe('SAKIMORI_ERR_APPROVAL_REASON_REQUIRED');
    expect(decide(f({ actor: who('off2', 'designated_officer'), reason: 'mine too' }))).toBe('SAKIMORI_ERR_OPERATIONS_FORBIDDEN');
    expect(decide(f({ request: request({ state: 'pending_approval' }) }))).toBe('SAKIMORI_ERR_OPERATIONS_REQUEST_STATE');
    // A requester who sits on the commission withdraws their own as requester, without reasons.
    expect(decide(f({ actor: who('off', 'designated_officer', 'commission_member') }))).toEqual({ role: 'designated_officer', as: 'requester' });
  });

  it('cancel, retry, report_outcome: the requester only, from their states, in the role they requested in', () => {
    expect(decide({ transition: 'cancel', actor: officer, request: request() })).toEqual({ role: 'designated_officer' });
    expect(decide({ transition: 'cancel', actor: member, request: request() })).toBe('SAKIMORI_ERR_OPERATIONS_NOT_REQUESTER');
    expect(decide({ transition: 'cancel', actor: officer, request: request({ state: 'active' }) })).toBe('SAKIMORI_ERR_OPERATIONS_REQUEST_STATE');

    const retry = (over: Partial<Extract<TransitionFacts, { transition: 'retry' }>>): TransitionFacts => ({
      transition: 'retry',
      actor: officer,
      request: request({ state: 'failed' }),
      executionFailed: true,
      now: 1000,
      deadline: 5000,
      timeBoxEnd: null,
      ...over,
    });
    expect(decide(retry({}))).toEqual({ role: 'designated_officer' });
    expect(decide(retry({ deadline: null }))).toEqual({ role: 'designated_officer' });
    expect(decide(retry({ actor: who('off2', 'designated_officer') }))).toBe('SAKIMORI_ERR_OPERATIONS_NOT_REQUESTER');
    expect(decide(retry({ executionFailed: false }))).toBe('SAKIMORI_ERR_OPERATIONS_REQUEST_STATE');
    expect(decide(retry({ request: request({ state: 'active' }) }))).toBe('SAKIMORI_ERR_OPERATIONS_REQUEST_STATE');
    // Never past the deadline: at it, or after it.
    expect(decide(retry({ deadline: 1000 }))).toBe('SAKIMORI_ERR_OPERATIONS_REQUEST_STATE');
    expect(decide(retry({ deadline: 999 }))).toBe('SAKIMORI_ERR_OPERATIONS_REQUEST_STATE');
    expect(decide(retry({ deadline: 1001 }))).toEqual({ role: 'designated_officer' });
    // An emergency action never past its time box, nor past its own deadline within it.
    expect(decide(retry({ timeBoxEnd: 1000, deadline: 9000 }))).toBe('SAKIMORI_ERR_OPERATIONS_EMERGENCY_EXPIRED');
    expect(decide(retry({ timeBoxEnd: 9000, deadline: 1000 }))).toBe('SAKIMORI_ERR_OPERATIONS_EMERGENCY_EXPIRED');
    expect(decide(retry({ timeBoxEnd: 9000, deadline: null }))).toEqual({ role: 'designated_officer' });
    expect(decide(retry({ timeBoxEnd: 1001, deadline: 9000 }))).toEqual({ role: 'designated_officer' });

    const an = request({ mechanism: 'access_neutralisation', state: 'expired' });
    expect(decide({ transition: 'report_outcome', actor: officer, request: an })).toEqual({ role: 'designated_officer' });
    expect(decide({ transition: 'report_outcome', actor: member, request: an })).toBe('SAKIMORI_ERR_OPERATIONS_NOT_REQUESTER');
    expect(decide({ transition: 'report_outcome', actor: officer, request: { ...an, mechanism: 'blocklist' } })).toBe('SAKIMORI_ERR_OPERATIONS_REQUEST_STATE');
    expect(decide({ transition: 'report_outcome', actor: officer, request: { ...an, state: 'pending_approval' } })).toBe('SAKIMORI_ERR_OPERATIONS_REQUEST_STATE');
  });

  it('flag_serious: an analyst, on an open case', () => {
    expect(decide({ transition: 'flag_serious', actor: analyst, caseId: 'C1', caseState: 'open' })).toEqual({ role: 'nco_analyst' });
    expect(decide({ transition: 'flag_serious', actor: officer, caseId: 'C1', caseState: 'open' })).toBe('SAKIMORI_ERR_OPERATIONS_FORBIDDEN');
    expect(decide({ transition: 'flag_serious', actor: analyst, caseId: 'C1', caseState: 'closed' })).toBe('SAKIMORI_ERR_OPERATIONS_CASE_CLOSED');
  });

  it('reads roles from the rules table: the catalogue for requests, none for the platform', () => {
    expect(rolesOf('create', 'abuse_notice')).toEqual(['nco_analyst', 'designated_officer', 'defence_operator']);
    expect(rolesOf('vote')).toEqual(['commission_member']);
    expect(rolesOf('execute')).toEqual([]);
    expect(held(who('x', 'commission_member', 'designated_officer'), ['designated_officer', 'commission_member'])).toBe('designated_officer');
    expect(held(who('x', 'auditor'), rolesOf('vote'))).toBeUndefined();
  });
});
