import { beforeAll, beforeEach, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import type { Actor } from '../../core/roles.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import type { IncidentService } from './incident-service.js';
import { actor, ensureIncidentTables, type IncidentFixture, incidentDb, RecordingAudit, seedOrganizations, testService } from './testing/incident-fixtures.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-10-07T03:00:00Z');

describeStorage('incident deadlines over time', (ctx) => {
  let f: IncidentFixture;
  let audit: RecordingAudit;
  let incidents: IncidentService;
  let kaminari: Actor;
  let kohaku: Actor;
  let electricity: Actor;
  let finance: Actor;
  let analyst: Actor;

  beforeAll(() => ensureIncidentTables(ctx.db));
  beforeEach(async () => {
    await ctx.reset();
    f = await seedOrganizations(ctx.db, ctx.clock);
    ctx.clock.set(NOW);
    audit = new RecordingAudit();
    incidents = testService(ctx.db, ctx.clock, audit);
    kaminari = actor('usr-kaminari-1', 'operator_reporter', { organizationId: f.kaminari.id });
    kohaku = actor('usr-kohaku-1', 'operator_reporter', { organizationId: f.kohaku.id });
    electricity = actor('usr-meti-1', 'sector_regulator', { sector: 'electricity' });
    finance = actor('usr-fsa-1', 'sector_regulator', { sector: 'finance' });
    analyst = actor('usr-nco-1', 'nco_analyst');
  });

  const open = async (who: Actor, organizationId: string, title: string, awareness: string) =>
    (await incidents.create(who, { organizationId, regime: 'jp-act', title, category: 'ddos', anchors: { awareness } })).id;

  it('lists each sector’s overdue incidents, earliest due first, one page after another', async () => {
    const later = await open(kaminari, f.kaminari.id, 'Portal DDoS', '2026-10-05T09:30:00+09:00'); // prompt report expected by 6 Oct 00:30 UTC
    const earlier = await open(kaminari, f.kaminari.id, 'SCADA gateway scan', '2026-10-04T08:00:00+09:00'); // by 4 Oct 23:00 UTC
    const reported = await open(kaminari, f.kaminari.id, 'Phishing wave', '2026-10-04T12:00:00+09:00');
    await incidents.submit(kaminari, reported, 'prompt-report', { summary: 'Phishing against the control room staff.' });
    const closed = await open(kaminari, f.kaminari.id, 'False alarm', '2026-10-03T12:00:00+09:00');
    await incidents.close(electricity, closed);
    const bank = await open(kohaku, f.kohaku.id, 'Card API abuse', '2026-10-05T12:00:00+09:00'); // by 6 Oct 03:00 UTC
    const fresh = await open(kohaku, f.kohaku.id, 'Login storm', '2026-10-07T11:00:00+09:00'); // not due yet

    const rows = await incidents.overdue(electricity);
    expect(rows.map((r) => [r.id, r.nextDue?.ref, r.nextDue?.local, r.overdueBySeconds])).toEqual([
      [earlier, 'prompt-report', '2026-10-05T08:00:00+09:00', (NOW - Date.parse('2026-10-04T23:00:00Z')) / 1000],
      [later, 'prompt-report', '2026-10-06T09:30:00+09:00', (NOW - Date.parse('2026-10-06T00:30:00Z')) / 1000],
    ]);
    expect((await incidents.overdue(finance)).map((r) => r.id)).toEqual([bank]);
    expect((await incidents.overdue(analyst)).map((r) => r.id)).toEqual([earlier, later, bank]);
    expect((await incidents.overdue(analyst, { sector: 'finance' })).map((r) => r.id)).toEqual([bank]);
    const [first] = await incidents.overdue(electricity, { limit: 1 });
    expect(first!.id).toBe(earlier);
    expect((await incidents.overdue(electricity, { limit: 1, after: { dueAt: first!.nextDue!.at, id: first!.id } })).map((r) => r.id)).toEqual([later]);
    expect([reported, closed, fresh].some((id) => rows.some((r) => r.id === id))).toBe(false);
  });

  it('flags a correction order not complied with by its deadline, once, and keeps the flag after a late answer', async () => {
    const id = await open(kaminari, f.kaminari.id, 'Portal DDoS', '2026-10-05T09:30:00+09:00');
    await incidents.submit(kaminari, id, 'prompt-report', { summary: 'Portal unreachable for 3 h.' });
    const deadline = Date.parse('2026-10-10T00:00:00Z');
    const order = await incidents.orderCorrection(electricity, id, { stage: 'written-report', text: 'File the written report with the 7 items.', deadline });
    expect((await incidents.get(electricity, id)).nextDue).toEqual({ at: deadline, local: '2026-10-10T09:00:00+09:00', ref: 'correction-order' });
    const refusedClose = await incidents.close(electricity, id).catch((e: unknown) => (isSakimoriError(e) ? e.code : e));
    expect(refusedClose).toBe('SAKIMORI_ERR_INCIDENT_STATE');

    ctx.clock.set(deadline); // the deadline's own instant is still in time
    expect(await incidents.reevaluate()).toMatchObject({ nonCompliant: 0 });
    ctx.clock.set(deadline + DAY);
    expect(await incidents.reevaluate()).toEqual({ incidents: 1, updated: 1, nonCompliant: 1, failed: 0 });
    expect(await incidents.reevaluate()).toEqual({ incidents: 1, updated: 0, nonCompliant: 0, failed: 0 });
    let view = await incidents.get(electricity, id);
    expect(view.nonCompliant).toBe(true);
    expect(view.requests).toMatchObject([{ id: order.id, kind: 'correction-order', status: 'non-compliant', nonCompliantAt: deadline + DAY }]);
    expect((await incidents.timeline(electricity, id)).at(-1)).toMatchObject({ kind: 'non-compliant', actor: 'system', details: { request: order.id, lateBySeconds: 86_400 } });
    expect(audit.events.at(-1)).toMatchObject({
      actor: { kind: 'system', id: 'sakimori' },
      action: 'incident.non_compliance',
      subjects: [{ type: 'incident', id }, {}, { type: 'incident_request', id: order.id }],
    });
    expect((await incidents.overdue(electricity)).map((r) => [r.id, r.nextDue?.ref, r.nonCompliant])).toEqual([[id, 'correction-order', true]]);

    await incidents.submit(kaminari, id, 'written-report', { items: writtenItems() });
    view = await incidents.get(electricity, id);
    expect(view.requests).toMatchObject([{ status: 'answered', fulfilledVersion: 1 }]);
    expect([view.nonCompliant, view.nextDue]).toEqual([true, null]);
    expect(await incidents.overdue(electricity)).toEqual([]);
    await incidents.close(electricity, id);
  });

  it('flags an order answered late even before the re-evaluation ran, and never one answered in time', async () => {
    const late = await open(kaminari, f.kaminari.id, 'Portal DDoS', '2026-10-05T09:30:00+09:00');
    const inTime = await open(kaminari, f.kaminari.id, 'Mail relay abuse', '2026-10-05T10:30:00+09:00');
    for (const id of [late, inTime]) await incidents.orderCorrection(electricity, id, { stage: 'prompt-report', text: 'Report now.', deadline: NOW + DAY });
    await incidents.submit(kaminari, inTime, 'prompt-report', { summary: 'Relay abused for spam.' });
    ctx.clock.set(NOW + 2 * DAY);
    await incidents.submit(kaminari, late, 'prompt-report', { summary: 'Portal unreachable.' });
    expect((await incidents.get(electricity, late)).nonCompliant).toBe(true);
    expect((await incidents.get(electricity, inTime)).nonCompliant).toBe(false);
    expect((await incidents.reevaluate()).nonCompliant).toBe(0);
  });

  it('refreshes stored summaries that drifted, skips what it cannot read, and leaves closed incidents alone', async () => {
    const a = await open(kaminari, f.kaminari.id, 'Portal DDoS', '2026-10-06T09:30:00+09:00');
    const b = await open(kohaku, f.kohaku.id, 'Card API abuse', '2026-10-06T12:00:00+09:00');
    const db = incidentDb(ctx.db);
    const row = (id: string) => db.selectFrom('incidents').select(['next_due_at', 'next_due_ref', 'overdue', 'revision']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(await row(a)).toEqual({ next_due_at: Date.parse('2026-10-07T00:30:00Z'), next_due_ref: 'prompt-report', overdue: 1, revision: 1 });
    await db.updateTable('incidents').set({ next_due_at: 1, next_due_ref: 'written-report', overdue: 0 }).where('id', '=', a).execute();
    await db.updateTable('incidents').set({ facts: '{not json' }).where('id', '=', b).execute();
    const failed: string[] = [];
    expect(await incidents.reevaluate({ onError: (id) => failed.push(id) })).toEqual({ incidents: 2, updated: 1, nonCompliant: 0, failed: 1 });
    expect(failed).toEqual([b]);
    expect(await row(a)).toEqual({ next_due_at: Date.parse('2026-10-07T00:30:00Z'), next_due_ref: 'prompt-report', overdue: 1, revision: 1 });
  });
});

function writtenItems(): Record<string, string> {
  return {
    'category-of-the-report': '確報',
    operator: 'Kaminari Power',
    'overview-of-the-event': 'Volumetric DDoS against the customer portal.',
    'affected-computer': 'Customer portal front ends',
    'technical-details': 'UDP and GRE floods from ~40 000 home routers.',
    response: 'Upstream scrubbing; RTBH for the worst prefixes.',
    other: 'None.',
  };
}
