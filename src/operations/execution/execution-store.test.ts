import { beforeEach, expect, it } from 'vitest';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { ExecutionStore } from './execution-store.js';
import type { TargetUpdate } from './execution.js';

describeStorage('execution store', (ctx) => {
  let store: ExecutionStore;
  beforeEach(async () => {
    await ctx.reset();
    store = new ExecutionStore(ctx.db, ctx.clock);
    // Executions belong to a request, which belongs to a case.
    const now = ctx.clock.now();
    await ctx.db
      .insertInto('cases')
      .values({ id: 'C1', title: 't', description: null, state: 'open', serious: 0, assignee: null, created_by: 'u', created_at: now, updated_at: now, closed_at: null })
      .execute();
    await ctx.db
      .insertInto('countermeasure_requests')
      .values({
        id: 'R1',
        case_id: 'C1',
        path: 'prior',
        mechanism: 'flowspec',
        action: '{}',
        rule_count: 1,
        duration_seconds: 60,
        justification: 'j',
        harm: '{}',
        urgency: 'urgent',
        evidence: '[]',
        abroad: 0,
        requested_by: 'u',
        requester_role: 'designated_officer',
        state: 'active',
        digest: 'd',
        revision: 1,
        gates: '[]',
        rejection_reasons: '[]',
        review_due_at: null,
        review_state: null,
        reviewed_by: null,
        reviewed_at: null,
        review_reason: null,
        escalated_at: null,
        outcome: null,
        end_reason: null,
        created_at: now,
        updated_at: now,
        decided_at: now,
      })
      .execute();
    await store.insert({
      id: 'E1',
      requestId: 'R1',
      mechanism: 'flowspec',
      state: 'pending',
      startedAt: now,
      expiresAt: now + 60_000,
      endedAt: null,
      endReason: null,
      lastError: null,
      updatedAt: now,
    });
  });

  it('writes 10 000 targets × 2 peers in bulk, then updates them, counting attempts', async () => {
    const updates = (state: TargetUpdate['state']): TargetUpdate[] =>
      Array.from({ length: 10_000 }, (_, i) => ['gobgp-1', 'gobgp-2'].map((peer) => ({ executionId: 'E1', ruleKey: `ipv4-flowspec [source: 100.64.${i >> 8}.${i & 255}/32]`, peer, state }))).flat();
    await store.writeTargets(updates('pending'), { attempt: true });
    await store.writeTargets(updates('active'));
    await store.writeTargets([{ executionId: 'E1', ruleKey: 'ipv4-flowspec [source: 100.64.0.0/32]', peer: 'gobgp-2', state: 'failed', error: 'family not negotiated' }], { attempt: true });
    expect(await store.targetSummary('E1')).toEqual([
      { peer: 'gobgp-1', state: 'active', n: 10_000 },
      { peer: 'gobgp-2', state: 'active', n: 9_999 },
      { peer: 'gobgp-2', state: 'failed', n: 1 },
    ]);
    const failed = (await store.targets('E1')).find((t) => t.state === 'failed');
    expect(failed).toMatchObject({ peer: 'gobgp-2', attempts: 2, error: 'family not negotiated' });
    await store.setAllTargets('E1', 'withdrawn');
    expect(await store.targetSummary('E1')).toEqual([
      { peer: 'gobgp-1', state: 'withdrawn', n: 10_000 },
      { peer: 'gobgp-2', state: 'withdrawn', n: 10_000 },
    ]);
  });

  it('changes state only from the expected states', async () => {
    expect(await store.transition('E1', ['active'], { state: 'expired' })).toBe(false);
    expect(await store.transition('E1', ['pending'], { state: 'active' })).toBe(true);
    expect(await store.transition('E1', ['pending', 'active'], { state: 'expired', endedAt: 5, endReason: 'expired' })).toBe(true);
    expect(await store.get('E1')).toMatchObject({ state: 'expired', endedAt: 5, endReason: 'expired' });
    expect((await store.inStates(['pending', 'active'])).length).toBe(0);
    expect((await store.byRequest('R1'))?.id).toBe('E1');
  });
});
