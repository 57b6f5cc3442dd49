/**
 * The whole prior-approval flow through the services, on SQLite and PostgreSQL: request → two
 * commission members approve → executed at once → expires on time → (another) withdrawn early.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { BOTS, requestInput } from '../testing/inputs.js';
import { createOperationsFixture, PEOPLE, type OperationsFixture } from '../testing/operations-fixture.js';

describeStorage('operations: prior approval', (ctx) => {
  let f: OperationsFixture;
  let caseId: string;
  beforeEach(async () => {
    await ctx.reset();
    f = await createOperationsFixture(ctx);
    f.attacks.add({ id: 'A1', target: '192.0.2.7', organizationId: f.orgs['Aozora Airlines'] }, [...BOTS]);
    caseId = (await f.ops.cases.open(PEOPLE.analyst, { title: 'SYN flood on Aozora Airlines booking', evidence: [{ kind: 'attack', ref: 'A1' }] })).case.id;
  });
  afterEach(() => f.close());

  const blocklist = (): string => readFileSync(join(f.dataDir, 'blocklist', 'blocklist.txt'), 'utf8');

  it('executes at once when the second member approves, and expires on time', async () => {
    const made = await f.ops.requests.create(PEOPLE.officer, requestInput(caseId, { mechanism: 'blocklist', prefixes: [...BOTS] }, { durationSeconds: 600 }));
    const id = made.request.id;
    expect(made).toMatchObject({
      request: { state: 'pending_approval', requestedBy: 'officer-sato', requesterRole: 'designated_officer', revision: 1 },
      approvals: 0,
      quorum: 2,
      openGates: [],
      execution: null,
    });
    expect(made.request.digest).toMatch(/^[0-9a-f]{64}$/);

    const one = await f.ops.approvals.vote(PEOPLE.memberA, id, { decision: 'approve', digest: made.request.digest });
    expect(one).toMatchObject({ request: { state: 'pending_approval' }, approvals: 1, execution: null });
    expect(blocklist()).not.toContain('100.64.0.1');

    ctx.clock.advance(30_000);
    const approvedAt = ctx.clock.now();
    const two = await f.ops.approvals.vote(PEOPLE.memberB, id, { decision: 'approve', digest: made.request.digest });
    expect(two.request).toMatchObject({ state: 'active', decidedAt: approvedAt });
    expect(two.execution).toMatchObject({ state: 'active', startedAt: approvedAt, expiresAt: approvedAt + 600_000 });
    expect(two.targets).toEqual([{ peer: 'file', state: 'active', n: 3 }]);
    expect(blocklist()).toContain('100.64.0.1\n100.64.0.2\n100.64.3.77\n');

    ctx.clock.advance(599_999);
    await f.ops.check();
    expect((await f.ops.requests.get(PEOPLE.officer, id)).request.state).toBe('active');
    ctx.clock.advance(1);
    await f.ops.check();
    const ended = await f.ops.requests.get(PEOPLE.memberC, id);
    expect(ended.request).toMatchObject({ state: 'expired', endReason: 'expired' });
    expect(ended.execution).toMatchObject({ state: 'expired', endedAt: approvedAt + 600_000, endReason: 'expired' });
    expect(ended.targets).toEqual([{ peer: 'file', state: 'withdrawn', n: 3 }]);
    expect(blocklist()).not.toContain('100.64.0.1');

    expect(f.audit.trail()).toEqual([
      'case.create/success',
      'request.create/success',
      'request.vote/success',
      'request.vote/success',
      'request.decide/success',
      'execution.start/success',
      'data.read/success',
      'execution.expire/success',
      'data.read/success',
    ]);
    // Target addresses are kept as personal references, never in the details.
    expect(f.audit.of('request.create')[0]!.personal).toEqual(BOTS.map((value) => ({ kind: 'ip', value })));
    expect(await f.subjects()).toEqual([
      'operations.case.opened',
      'operations.request.created',
      'operations.request.voted',
      'operations.request.approved',
      'operations.execution.started',
      'operations.execution.ended',
    ]);
  });

  it('takes an action out of force at once when the requester withdraws it', async () => {
    const made = await f.ops.requests.create(
      PEOPLE.officer,
      requestInput(caseId, { mechanism: 'dns_rpz', domains: ['www.ninesmn.com'] }, { evidence: [{ kind: 'indicator', ref: 'www.ninesmn.com' }] }),
    );
    for (const m of [PEOPLE.memberA, PEOPLE.memberC]) await f.ops.approvals.vote(m, made.request.id, { decision: 'approve', digest: made.request.digest });
    const zone = join(f.dataDir, 'rpz', 'sakimori.rpz');
    expect(readFileSync(zone, 'utf8')).toContain('www.ninesmn.com CNAME .');
    ctx.clock.advance(60_000);
    const done = await f.ops.executions.withdraw(PEOPLE.officer, made.request.id, 'C2 taken down by the hosting provider');
    expect(done.request).toMatchObject({ state: 'withdrawn', endReason: 'C2 taken down by the hosting provider' });
    expect(done.execution).toMatchObject({ state: 'withdrawn', endReason: 'withdrawn' });
    expect(readFileSync(zone, 'utf8')).not.toContain('ninesmn');
    expect(f.audit.of('execution.stop')[0]).toMatchObject({ actor: { kind: 'user', id: 'officer-sato', role: 'designated_officer' }, details: { reason: 'withdrawn' } });
    // Nothing left to expire.
    ctx.clock.advance(3_600_000);
    await f.ops.check();
    expect(f.audit.of('execution.expire')).toEqual([]);
    expect(existsSync(zone)).toBe(true);
  });

  it('lists requests without their targets and shows per-target state', async () => {
    const made = await f.ops.requests.create(PEOPLE.officer, requestInput(caseId, { mechanism: 'blocklist', prefixes: [...BOTS] }));
    const list = await f.ops.requests.list(PEOPLE.memberA, { caseId });
    expect(list).toHaveLength(1);
    expect(list[0]).not.toHaveProperty('action');
    expect(list[0]).toMatchObject({ id: made.request.id, targetCount: 3, state: 'pending_approval' });
    for (const m of [PEOPLE.memberA, PEOPLE.memberB]) await f.ops.approvals.vote(m, made.request.id, { decision: 'approve', digest: made.request.digest });
    expect((await f.ops.executions.targets(PEOPLE.analyst, made.request.id)).map((t) => `${t.ruleKey} ${t.peer} ${t.state} ${t.attempts}`)).toEqual([
      'blocklist 100.64.0.1/32 file active 1',
      'blocklist 100.64.0.2/32 file active 1',
      'blocklist 100.64.3.77/32 file active 1',
    ]);
    expect((await f.ops.cases.get(PEOPLE.memberA, caseId)).requests).toMatchObject([{ id: made.request.id, state: 'active' }]);
  });
});
