/**
 * Every refusal of the issue, through the services on both engines: each answers with its stable
 * code, executes nothing, and is recorded as a denied attempt.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { BOTS, requestInput } from '../testing/inputs.js';
import { createOperationsFixture, PEOPLE, type OperationsFixture } from '../testing/operations-fixture.js';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return isSakimoriError(e) ? e.code : `not coded: ${String(e)}`;
  }
}

describeStorage('operations: refusals', (ctx) => {
  let f: OperationsFixture;
  let caseId: string;
  const blocklistInput = (over: Record<string, unknown> = {}, prefixes: string[] = [...BOTS]) => requestInput(caseId, { mechanism: 'blocklist', prefixes }, over);

  beforeEach(async () => {
    await ctx.reset();
    f = await createOperationsFixture(ctx);
    f.attacks.add({ id: 'A1', target: '192.0.2.7', organizationId: f.orgs['Aozora Airlines'] }, [...BOTS]);
    caseId = (await f.ops.cases.open(PEOPLE.analyst, { title: 'flood', evidence: [{ kind: 'attack', ref: 'A1' }] })).case.id;
  });
  afterEach(() => f.close());

  /** Nothing was executed: no execution row, and no target in the block list. */
  async function nothingExecuted(): Promise<void> {
    expect(await ctx.db.selectFrom('executions').selectAll().execute()).toEqual([]);
    const file = join(f.dataDir, 'blocklist', 'blocklist.txt');
    if (existsSync(file)) expect(readFileSync(file, 'utf8')).not.toMatch(/^100\./m);
  }

  /** The refusal counter for `code` on the metrics registry. */
  async function refusals(code: string): Promise<number> {
    const m = await ctx.deps.metrics.getSingleMetric('sakimori_operations_refusals_total')?.get();
    return m?.values.find((v) => v.labels['code'] === code)?.value ?? 0;
  }

  it('refuses self-approval, even by a requester who sits on the commission', async () => {
    const r = await f.ops.requests.create(PEOPLE.officerMember, blocklistInput());
    const before = await refusals('SAKIMORI_ERR_APPROVAL_SELF_VOTE');
    expect(await codeOf(f.ops.approvals.vote(PEOPLE.officerMember, r.request.id, { decision: 'approve', digest: r.request.digest }))).toBe('SAKIMORI_ERR_APPROVAL_SELF_VOTE');
    expect(await refusals('SAKIMORI_ERR_APPROVAL_SELF_VOTE')).toBe(before + 1);
    await f.ops.approvals.vote(PEOPLE.memberA, r.request.id, { decision: 'approve', digest: r.request.digest });
    expect((await f.ops.requests.get(PEOPLE.memberA, r.request.id)).approvals).toBe(1);
    await nothingExecuted();
    expect(f.audit.of('request.vote').map((e) => [e.actor.id, e.outcome ?? 'success', e.details?.['code'] ?? null])).toEqual([
      ['officer-member-endo', 'denied', 'SAKIMORI_ERR_APPROVAL_SELF_VOTE'],
      ['member-abe', 'success', null],
    ]);
  });

  it('refuses a second vote by the same member, and votes by non-members', async () => {
    const r = await f.ops.requests.create(PEOPLE.officer, blocklistInput());
    await f.ops.approvals.vote(PEOPLE.memberA, r.request.id, { decision: 'approve', digest: r.request.digest });
    expect(await codeOf(f.ops.approvals.vote(PEOPLE.memberA, r.request.id, { decision: 'approve', digest: r.request.digest }))).toBe('SAKIMORI_ERR_APPROVAL_DUPLICATE_VOTE');
    expect(await codeOf(f.ops.approvals.vote(PEOPLE.analyst, r.request.id, { decision: 'approve', digest: r.request.digest }))).toBe('SAKIMORI_ERR_OPERATIONS_FORBIDDEN');
    expect(await codeOf(f.ops.approvals.vote(PEOPLE.memberB, r.request.id, { decision: 'approve', digest: 'not-a-digest' }))).toBe('SAKIMORI_ERR_OPERATIONS_INVALID_INPUT');
    expect((await f.ops.requests.get(PEOPLE.memberA, r.request.id)).approvals).toBe(1);
    await nothingExecuted();
  });

  it('voids votes when the action changes and refuses votes on the old action', async () => {
    const r = await f.ops.requests.create(PEOPLE.officer, blocklistInput());
    await f.ops.approvals.vote(PEOPLE.memberA, r.request.id, { decision: 'approve', digest: r.request.digest });
    const amended = await f.ops.requests.amend(PEOPLE.officer, r.request.id, blocklistInput({}, [...BOTS, '100.64.9.9']));
    expect(amended.request.digest).not.toBe(r.request.digest);
    expect(amended).toMatchObject({ approvals: 0, request: { revision: 2, state: 'pending_approval' }, votes: [{ voter: 'member-abe', current: false }] });
    expect(await codeOf(f.ops.approvals.vote(PEOPLE.memberB, r.request.id, { decision: 'approve', digest: r.request.digest }))).toBe('SAKIMORI_ERR_APPROVAL_DIGEST_MISMATCH');
    await nothingExecuted();
    // Only the requester amends, and only while the request awaits approval.
    expect(await codeOf(f.ops.requests.amend(PEOPLE.officer2, r.request.id, blocklistInput()))).toBe('SAKIMORI_ERR_OPERATIONS_NOT_REQUESTER');
    // Both members now vote on the new action: it executes.
    await f.ops.approvals.vote(PEOPLE.memberA, r.request.id, { decision: 'approve', digest: amended.request.digest });
    const done = await f.ops.approvals.vote(PEOPLE.memberB, r.request.id, { decision: 'approve', digest: amended.request.digest });
    expect(done.targets).toEqual([{ peer: 'file', state: 'active', n: 4 }]);
    expect(await codeOf(f.ops.requests.amend(PEOPLE.officer, r.request.id, blocklistInput()))).toBe('SAKIMORI_ERR_OPERATIONS_REQUEST_STATE');
  });

  it('rejects with reasons, and refuses a rejection without them', async () => {
    const r = await f.ops.requests.create(PEOPLE.officer, blocklistInput());
    expect(await codeOf(f.ops.approvals.vote(PEOPLE.memberA, r.request.id, { decision: 'reject', digest: r.request.digest }))).toBe('SAKIMORI_ERR_APPROVAL_REASON_REQUIRED');
    const rejected = await f.ops.approvals.vote(PEOPLE.memberA, r.request.id, { decision: 'reject', digest: r.request.digest, reason: 'Sources are spoofed; blocking them harms third parties.' });
    expect(rejected.request).toMatchObject({ state: 'rejected', rejectionReasons: ['Sources are spoofed; blocking them harms third parties.'] });
    expect(await codeOf(f.ops.approvals.vote(PEOPLE.memberB, r.request.id, { decision: 'approve', digest: r.request.digest }))).toBe('SAKIMORI_ERR_APPROVAL_NOT_PENDING');
    await nothingExecuted();
    expect(f.audit.of('request.decide').at(-1)).toMatchObject({ details: { decision: 'rejected', reasons: ['Sources are spoofed; blocking them harms third parties.'] } });
    expect(await f.subjects()).toContain('operations.request.rejected');
  });

  it('refuses requests that exceed the guards or name malformed prefixes, storing nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [blocklistInput({}, ['8.8.8.8']), 'SAKIMORI_ERR_OPERATIONS_GUARD_ALLOWLISTED'],
      [blocklistInput({}, ['198.51.100.0/25']), 'SAKIMORI_ERR_OPERATIONS_GUARD_PROTECTED'],
      [blocklistInput({}, ['100.64.0.0/12']), 'SAKIMORI_ERR_OPERATIONS_GUARD_PREFIX_TOO_WIDE'],
      [blocklistInput({ durationSeconds: 604801 }), 'SAKIMORI_ERR_OPERATIONS_GUARD_DURATION'],
      [blocklistInput({}, ['100.64.0.1/24']), 'SAKIMORI_ERR_OPERATIONS_INVALID_PREFIX'],
      [blocklistInput({}, ['100.64.0.256']), 'SAKIMORI_ERR_OPERATIONS_INVALID_PREFIX'],
      [blocklistInput({}, ['2001:db8:f000::g']), 'SAKIMORI_ERR_OPERATIONS_INVALID_PREFIX'],
      [requestInput(caseId, { mechanism: 'rtbh', victim: '192.0.2.7' }), 'SAKIMORI_ERR_OPERATIONS_NO_EXECUTOR'],
      [blocklistInput({ evidence: [{ kind: 'attack', ref: 'A404' }] }), 'SAKIMORI_ERR_OPERATIONS_ATTACK_NOT_FOUND'],
      [blocklistInput({ caseId: 'C404' }), 'SAKIMORI_ERR_OPERATIONS_CASE_NOT_FOUND'],
      [blocklistInput({ harm: { life: 'none' } }), 'SAKIMORI_ERR_OPERATIONS_INVALID_INPUT'],
    ];
    const got = [];
    for (const [input] of cases) got.push(await codeOf(f.ops.requests.create(PEOPLE.officer, input)));
    expect(got).toEqual(cases.map(([, code]) => code));
    expect(await ctx.db.selectFrom('countermeasure_requests').selectAll().execute()).toEqual([]);
    await nothingExecuted();
    expect(f.audit.of('request.create').every((e) => e.outcome === 'denied')).toBe(true);
  });

  it('refuses requests from roles the mechanism does not allow, and in closed cases', async () => {
    expect(await codeOf(f.ops.requests.create(PEOPLE.analyst, blocklistInput()))).toBe('SAKIMORI_ERR_OPERATIONS_FORBIDDEN');
    expect(await codeOf(f.ops.requests.create(PEOPLE.memberA, blocklistInput()))).toBe('SAKIMORI_ERR_OPERATIONS_FORBIDDEN');
    await f.ops.cases.transition(PEOPLE.analyst, caseId, 'closed');
    expect(await codeOf(f.ops.requests.create(PEOPLE.officer, blocklistInput()))).toBe('SAKIMORI_ERR_OPERATIONS_CASE_CLOSED');
    await nothingExecuted();
  });

  it('refuses more rules in force than allowed when the action would take effect', async () => {
    await f.close();
    await ctx.reset();
    f = await createOperationsFixture(ctx, { config: { guards: { maxConcurrentRules: { blocklist: 4 } } } });
    f.attacks.add({ id: 'A1', target: '192.0.2.7', organizationId: f.orgs['Aozora Airlines'] }, [...BOTS]);
    caseId = (await f.ops.cases.open(PEOPLE.analyst, { title: 'flood' })).case.id;
    const first = await f.ops.requests.create(PEOPLE.officer, blocklistInput());
    const second = await f.ops.requests.create(PEOPLE.officer2, blocklistInput({}, ['100.64.5.5', '100.64.5.6']));
    for (const m of [PEOPLE.memberA, PEOPLE.memberB]) await f.ops.approvals.vote(m, first.request.id, { decision: 'approve', digest: first.request.digest });
    await f.ops.approvals.vote(PEOPLE.memberA, second.request.id, { decision: 'approve', digest: second.request.digest });
    const over = await f.ops.approvals.vote(PEOPLE.memberB, second.request.id, { decision: 'approve', digest: second.request.digest });
    expect(over.request).toMatchObject({ state: 'failed', endReason: 'blocklist: 5 rule(s) would exceed the limit of 4 in force' });
    expect(over.execution).toBeNull();
    expect(readFileSync(join(f.dataDir, 'blocklist', 'blocklist.txt'), 'utf8')).not.toContain('100.64.5.5');
    expect(await codeOf(f.ops.requests.create(PEOPLE.officer2, blocklistInput({}, ['100.64.5.5', '100.64.5.6'])))).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_TOO_MANY_RULES');
  });
});
