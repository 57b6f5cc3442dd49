/**
 * Every rule expires on time even across a restart: deadlines are stored, and a new process
 * reconciles them at start — re-applying rules still due, expiring (without re-applying) the
 * ones whose deadline passed while it was down.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { BOTS, requestInput } from '../testing/inputs.js';
import { createOperationsFixture, PEOPLE, type OperationsFixture } from '../testing/operations-fixture.js';

describeStorage('operations: restart mid-rule', (ctx) => {
  let f: OperationsFixture;
  let caseId: string;
  beforeEach(async () => {
    await ctx.reset();
    f = await createOperationsFixture(ctx);
    f.attacks.add({ id: 'A1', target: '192.0.2.7', organizationId: f.orgs['Aozora Airlines'] }, [...BOTS]);
    caseId = (await f.ops.cases.open(PEOPLE.analyst, { title: 'flood' })).case.id;
  });
  afterEach(() => f.close());

  const zone = (): string => readFileSync(join(f.dataDir, 'rpz', 'sakimori.rpz'), 'utf8');

  async function approved(domains: string[], durationSeconds: number): Promise<string> {
    const r = await f.ops.requests.create(PEOPLE.officer, requestInput(caseId, { mechanism: 'dns_rpz', domains }, { durationSeconds, evidence: [] }));
    for (const m of [PEOPLE.memberA, PEOPLE.memberB]) await f.ops.approvals.vote(m, r.request.id, { decision: 'approve', digest: r.request.digest });
    return r.request.id;
  }

  it('re-applies a rule after a restart and still expires it at its deadline', async () => {
    const t0 = ctx.clock.now();
    const id = await approved(['www.ninesmn.com'], 600);
    ctx.clock.advance(300_000);
    // The new process starts from the stored state only: its executors know nothing yet.
    await f.restart();
    expect(zone()).toContain('www.ninesmn.com CNAME .');
    expect(f.ops.engine.nextDeadline()).toBe(t0 + 600_000);
    expect(f.audit.of('execution.start').map((e) => e.details?.['restored'])).toEqual([false, true]);
    ctx.clock.advance(299_999);
    await f.ops.check();
    expect(zone()).toContain('www.ninesmn.com');
    ctx.clock.advance(1);
    await f.ops.check();
    expect(zone()).not.toContain('www.ninesmn.com');
    const r = await f.ops.requests.get(PEOPLE.memberA, id);
    expect(r.execution).toMatchObject({ state: 'expired', endedAt: t0 + 600_000 });
  });

  it('expires at start, without re-applying, a rule whose deadline passed while the process was down', async () => {
    const t0 = ctx.clock.now();
    const gone = await approved(['www.ninesmn.com'], 600);
    const kept = await approved(['www.aesorunwe.com'], 3600);
    await f.ops.stop();
    ctx.clock.advance(900_000);
    await f.restart();
    expect((await f.ops.requests.get(PEOPLE.memberA, gone)).execution).toMatchObject({ state: 'expired', endedAt: t0 + 900_000 });
    expect((await f.ops.requests.get(PEOPLE.memberA, kept)).execution).toMatchObject({ state: 'active' });
    expect(zone()).not.toContain('ninesmn');
    expect(zone()).toContain('www.aesorunwe.com CNAME .');
    // Reconciliation handles executions side by side: one expired, one restored, in either order.
    expect(
      f.audit
        .trail()
        .filter((a) => a.startsWith('execution.'))
        .sort(),
    ).toEqual(['execution.expire/success', 'execution.start/success', 'execution.start/success', 'execution.start/success']);
    expect(f.audit.of('execution.start').map((e) => e.details?.['restored'])).toEqual([false, false, true]);
  });

  it('expires on time with the real clock and timer, not only when asked', async () => {
    await f.close();
    await ctx.reset();
    // The periodic check runs only once a minute here: only the execution's own timer can end it in time.
    f = await createOperationsFixture(ctx, { clock: systemClock, config: { guards: { minDurationSeconds: 1 }, execution: { checkIntervalMs: 60_000, retryDelayMs: 0 } } });
    caseId = (await f.ops.cases.open(PEOPLE.analyst, { title: 'flood' })).case.id;
    const id = await approved(['c2.example.org'], 1);
    expect(zone()).toContain('c2.example.org');
    const deadline = (await f.ops.requests.get(PEOPLE.memberA, id)).execution!.expiresAt!;
    await new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now()) + 1500));
    expect(zone()).not.toContain('c2.example.org');
    const e = (await f.ops.requests.get(PEOPLE.memberA, id)).execution!;
    expect(e.state).toBe('expired');
    expect(e.endedAt! - deadline).toBeLessThan(1500);
  });
});
