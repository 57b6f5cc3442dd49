/**
 * The emergency path through the services on both engines: only during an active attack,
 * executed at once, time-boxed, the commission notified, reviewed on time or escalated when
 * overdue, and withdrawn at once on the commission's order.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

const HOUR = 3_600_000;

describeStorage('operations: emergency path', (ctx) => {
  let f: OperationsFixture;
  let caseId: string;
  const emergencyInput = (over: Record<string, unknown> = {}) => requestInput(caseId, { mechanism: 'blocklist', prefixes: [...BOTS] }, { durationSeconds: 1800, urgency: 'immediate', ...over });
  const blocklist = (): string => readFileSync(join(f.dataDir, 'blocklist', 'blocklist.txt'), 'utf8');

  beforeEach(async () => {
    await ctx.reset();
    f = await createOperationsFixture(ctx);
    f.attacks.add({ id: 'A1', target: '192.0.2.7', organizationId: f.orgs['Aozora Airlines'] }, [...BOTS]);
    caseId = (await f.ops.cases.open(PEOPLE.analyst, { title: 'flood', evidence: [{ kind: 'attack', ref: 'A1' }] })).case.id;
  });
  afterEach(() => f.close());

  it('executes at once during an active attack and tells the commission', async () => {
    const t0 = ctx.clock.now();
    const e = await f.ops.emergency.create(PEOPLE.officer, emergencyInput());
    expect(e.request).toMatchObject({ path: 'emergency', state: 'active', decidedAt: t0, review: { dueAt: t0 + 24 * HOUR, state: 'pending', escalatedAt: null } });
    expect(e.execution).toMatchObject({ state: 'active', expiresAt: t0 + 1_800_000 });
    expect(blocklist()).toContain('100.64.0.1');
    await f.subjects();
    const started = f.events.find((m) => m.subject === 'operations.emergency.started');
    expect(started?.data).toEqual({ requestId: e.request.id, caseId, mechanism: 'blocklist', attackIds: ['A1'], expiresAt: t0 + 1_800_000, reviewDueAt: t0 + 24 * HOUR });
    expect(f.audit.trail()).toEqual(['case.create/success', 'emergency.start/success', 'execution.start/success']);
    // Time-boxed: it expires by itself.
    ctx.clock.advance(1_800_000);
    await f.ops.check();
    expect((await f.ops.requests.get(PEOPLE.memberA, e.request.id)).request.state).toBe('expired');
    expect(blocklist()).not.toContain('100.64.0.1');
  });

  it('refuses the emergency path without an active linked attack, beyond the time box, or without the gates', async () => {
    f.attacks.add({ id: 'A2', target: '192.0.2.8', organizationId: f.orgs['Aozora Airlines'] }, ['100.64.0.9']);
    f.attacks.end('A2', ctx.clock.now());
    expect(await codeOf(f.ops.emergency.create(PEOPLE.officer, emergencyInput({ evidence: [{ kind: 'attack', ref: 'A2' }] })))).toBe('SAKIMORI_ERR_OPERATIONS_EMERGENCY_NO_ACTIVE_ATTACK');
    expect(await codeOf(f.ops.emergency.create(PEOPLE.officer, emergencyInput({ evidence: [] })))).toBe('SAKIMORI_ERR_OPERATIONS_EMERGENCY_NO_ACTIVE_ATTACK');
    expect(await codeOf(f.ops.emergency.create(PEOPLE.officer, emergencyInput({ durationSeconds: 7201 })))).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_DURATION');
    expect(await codeOf(f.ops.emergency.create(PEOPLE.analyst, emergencyInput()))).toBe('SAKIMORI_ERR_OPERATIONS_FORBIDDEN');
    expect(await codeOf(f.ops.emergency.create(PEOPLE.officer, requestInput(caseId, { mechanism: 'abuse_notice', attackId: 'A1', sources: ['100.64.0.1'] }, { durationSeconds: undefined })))).toBe(
      'SAKIMORI_ERR_OPERATIONS_MECHANISM_NOT_ALLOWED',
    );
    // A defence unit acts only on the Prime Minister's order, which the platform cannot verify:
    // a reference the requester types is a fact for the commission, never a key to the emergency path.
    expect(await codeOf(f.ops.emergency.create(PEOPLE.defence, emergencyInput()))).toBe('SAKIMORI_ERR_OPERATIONS_EMERGENCY_GATE');
    expect(await codeOf(f.ops.emergency.create(PEOPLE.defence, emergencyInput({ gates: { prime_minister_order: 'PMO-2026-0042 (trust me)' } })))).toBe('SAKIMORI_ERR_OPERATIONS_EMERGENCY_GATE');
    expect(await ctx.db.selectFrom('countermeasure_requests').selectAll().execute()).toEqual([]);
    expect(await ctx.db.selectFrom('executions').selectAll().execute()).toEqual([]);
    expect(f.audit.of('emergency.start').map((a) => a.outcome)).toEqual(['denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied']);
    // The same order goes through prior approval, where the commission reads the reference first.
    const prior = await f.ops.requests.create(PEOPLE.defence, emergencyInput({ gates: { prime_minister_order: 'PMO-2026-0042' } }));
    expect(prior.request).toMatchObject({ state: 'pending_approval', gates: [{ kind: 'prime_minister_order', reference: 'PMO-2026-0042', recordedBy: 'defence-mori' }] });
  });

  it('records an on-time review once, never by the requester', async () => {
    const e = await f.ops.emergency.create(PEOPLE.officer, emergencyInput());
    expect(await codeOf(f.ops.emergency.review(PEOPLE.officerMember, e.request.id, { outcome: 'upheld' }))).toBeUndefined();
    expect(await codeOf(f.ops.emergency.review(PEOPLE.memberA, e.request.id, { outcome: 'upheld' }))).toBe('SAKIMORI_ERR_OPERATIONS_EMERGENCY_REVIEWED');
    const own = await f.ops.emergency.create(PEOPLE.officerMember, emergencyInput());
    expect(await codeOf(f.ops.emergency.review(PEOPLE.officerMember, own.request.id, { outcome: 'upheld' }))).toBe('SAKIMORI_ERR_APPROVAL_SELF_VOTE');
    const r = await f.ops.requests.get(PEOPLE.memberA, e.request.id);
    expect(r.request.review).toMatchObject({ state: 'upheld', reviewedBy: 'officer-member-endo', escalatedAt: null });
    expect(r.request.state).toBe('active');
    await f.ops.emergency.review(PEOPLE.memberA, own.request.id, { outcome: 'upheld' });
    // Reviewed on time: no escalation when the deadline passes.
    ctx.clock.advance(25 * HOUR);
    await f.ops.check();
    expect(await f.subjects()).not.toContain('operations.emergency.review_overdue');
  });

  it('escalates a review that is overdue, once', async () => {
    const t0 = ctx.clock.now();
    const e = await f.ops.emergency.create(PEOPLE.officer, emergencyInput());
    ctx.clock.advance(24 * HOUR - 1);
    await f.ops.check();
    expect(await f.subjects()).not.toContain('operations.emergency.review_overdue');
    ctx.clock.advance(60_001);
    await f.ops.check();
    await f.ops.check();
    await f.subjects();
    const overdue = f.events.filter((m) => m.subject === 'operations.emergency.review_overdue');
    expect(overdue.map((m) => m.data)).toEqual([
      { requestId: e.request.id, caseId, mechanism: 'blocklist', attackIds: ['A1'], expiresAt: t0 + 1_800_000, reviewDueAt: t0 + 24 * HOUR, overdueSeconds: 60 },
    ]);
    const r = await f.ops.requests.get(PEOPLE.memberA, e.request.id);
    expect(r.request.review).toMatchObject({ state: 'pending', escalatedAt: t0 + 24 * HOUR + 60_000 });
    expect(f.audit.of('emergency.review')).toMatchObject([{ actor: { kind: 'system' }, outcome: 'failed', details: { escalated: true, overdueSeconds: 60 } }]);
    // A late review is still recorded, and marked late.
    await f.ops.emergency.review(PEOPLE.memberB, e.request.id, { outcome: 'upheld', reason: 'proportionate' });
    const late = f.audit.of('emergency.review').at(-1)!;
    expect([late.outcome ?? 'success', late.details]).toEqual(['success', { outcome: 'upheld', late: true, reason: 'proportionate' }]);
  });

  it('withdraws at once on the commission’s order, which must give reasons', async () => {
    const e = await f.ops.emergency.create(PEOPLE.officer, emergencyInput());
    ctx.clock.advance(10 * 60_000);
    expect(await codeOf(f.ops.emergency.review(PEOPLE.memberA, e.request.id, { outcome: 'withdraw' }))).toBe('SAKIMORI_ERR_APPROVAL_REASON_REQUIRED');
    expect(blocklist()).toContain('100.64.0.1');
    const r = await f.ops.emergency.review(PEOPLE.memberA, e.request.id, { outcome: 'withdraw', reason: 'The attack had already subsided.' });
    expect(r.request).toMatchObject({
      state: 'withdrawn',
      endReason: 'withdrawal ordered by the commission: The attack had already subsided.',
      review: { state: 'withdrawal_ordered', reviewedBy: 'member-abe' },
    });
    expect(r.execution).toMatchObject({ state: 'withdrawn', endReason: 'withdrawal_ordered', endedAt: ctx.clock.now() });
    expect(blocklist()).not.toContain('100.64.0.1');
    expect(f.audit.of('execution.stop')).toMatchObject([{ actor: { kind: 'user', id: 'member-abe', role: 'commission_member' }, details: { reason: 'withdrawal_ordered' } }]);
  });

  it('retries a failed emergency action within its time box, and refuses once the time box is over', async () => {
    // The block-list directory cannot be created: every write fails.
    rmSync(join(f.dataDir, 'blocklist'), { recursive: true, force: true });
    writeFileSync(join(f.dataDir, 'blocklist'), 'not a directory');
    const e = await f.ops.emergency.create(PEOPLE.officer, emergencyInput());
    expect(e.request.state).toBe('failed');
    expect(e.execution).toMatchObject({ state: 'failed', endReason: 'failed' });
    expect(e.execution?.lastError).toMatch(/ENOTDIR|EEXIST/);
    expect(f.audit.of('execution.start')).toMatchObject([{ outcome: 'failed' }]);
    rmSync(join(f.dataDir, 'blocklist'));
    mkdirSync(join(f.dataDir, 'blocklist'));
    ctx.clock.advance(20 * 60_000);
    const again = await f.ops.executions.retry(PEOPLE.officer, e.request.id);
    expect(again.request.state).toBe('active');
    // The deadline stays where it was: a retry never lengthens the action.
    expect(again.execution?.expiresAt).toBe(e.execution!.expiresAt);
    expect(blocklist()).toContain('100.64.0.1');

    rmSync(join(f.dataDir, 'blocklist'), { recursive: true, force: true });
    writeFileSync(join(f.dataDir, 'blocklist'), 'not a directory');
    const late = await f.ops.emergency.create(PEOPLE.officer2, emergencyInput());
    expect(late.request.state).toBe('failed');
    ctx.clock.advance(1_800_000);
    expect(await codeOf(f.ops.executions.retry(PEOPLE.officer2, late.request.id))).toBe('SAKIMORI_ERR_OPERATIONS_EMERGENCY_EXPIRED');
    expect(await codeOf(f.ops.executions.retry(PEOPLE.officer, late.request.id))).toBe('SAKIMORI_ERR_OPERATIONS_NOT_REQUESTER');
    expect((await f.ops.requests.get(PEOPLE.memberA, late.request.id)).execution?.state).toBe('failed');
  });
});
