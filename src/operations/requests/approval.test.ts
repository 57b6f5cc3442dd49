import { describe, expect, it } from 'vitest';
import { asId, type UserId } from '../../core/ids.js';
import { decide, requiredGates, tally, type ApprovalPolicy, type Vote } from './approval.js';
import type { Gate } from './request.js';

const policy: ApprovalPolicy = { quorum: 2, rejectionsToReject: 1, foreignConsultationMechanisms: ['access_neutralisation'] };
const u = (s: string): UserId => asId<UserId>(s);
const vote = (voter: string, decision: 'approve' | 'reject', digest = 'd1', reason: string | null = null): Vote => ({
  id: `${voter}-${digest}`,
  requestId: 'R',
  voter: u(voter),
  decision,
  digest,
  reason,
  createdAt: 0,
});
describe('vote counting', () => {
  it('counts only votes on the current digest', () => {
    const votes = [vote('a', 'approve', 'd1'), vote('b', 'approve', 'd1'), vote('a', 'approve', 'd2')];
    expect(tally(votes, 'd1', policy).outcome).toBe('quorum');
    expect(tally(votes, 'd2', policy)).toEqual({ approvals: [u('a')], rejections: [], outcome: 'pending' });
    expect(tally([vote('a', 'approve'), vote('b', 'reject', 'd1', 'not proportionate')], 'd1', policy)).toEqual({
      approvals: [u('a')],
      rejections: [{ voter: u('b'), reason: 'not proportionate' }],
      outcome: 'rejected',
    });
  });

  it('approves only once every gate is recorded', () => {
    const open: Gate[] = [{ kind: 'prime_minister_order', reference: null, recordedBy: null, recordedAt: null }];
    const done: Gate[] = [{ kind: 'prime_minister_order', reference: 'PMO-2026-7', recordedBy: u('x'), recordedAt: 1 }];
    const t = tally([vote('a', 'approve'), vote('b', 'approve')], 'd1', policy);
    expect(decide(t, open)).toBe('pending');
    expect(decide(t, done)).toBe('approved');
  });

  it('requires the gates the law names', () => {
    expect(requiredGates({ mechanism: 'flowspec', abroad: true, requesterRole: 'designated_officer', caseSerious: false }, policy)).toEqual([]);
    expect(requiredGates({ mechanism: 'access_neutralisation', abroad: true, requesterRole: 'designated_officer', caseSerious: false }, policy)).toEqual(['foreign_ministry_consultation']);
    expect(requiredGates({ mechanism: 'rtbh', abroad: false, requesterRole: 'defence_operator', caseSerious: true }, policy)).toEqual(['prime_minister_order', 'national_security_council_review']);
  });
});
