import { beforeAll, beforeEach, expect, it } from 'vitest';
import { isSakimoriError, type SakimoriError } from '../../core/errors.js';
import type { Actor } from '../../core/roles.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import type { IncidentService } from './incident-service.js';
import { actor, ensureIncidentTables, type IncidentFixture, incidentRowCounts, RecordingAudit, seedOrganizations, testService } from './testing/incident-fixtures.js';

async function refusal(p: Promise<unknown>): Promise<SakimoriError> {
  try {
    await p;
  } catch (e) {
    if (isSakimoriError(e)) return e;
    throw e;
  }
  throw new Error('not refused');
}

const NOW = Date.parse('2026-10-05T03:00:00Z'); // 12:00 in Tokyo
const AWARE = '2026-10-05T09:30:00+09:00';
const WRITTEN_DUE = Date.parse('2026-11-04T15:00:00Z'); // end of 4 Nov in Tokyo: day 30 after awareness (Civil Code 140)

const ITEMS = {
  'category-of-the-report': '確報',
  operator: 'Kaminari Power, electricity transmission',
  'overview-of-the-event': 'Unauthorised logins to the remote-access VPN, then lateral movement to the OT jump host.',
  'affected-computer': 'FortiGate 60F (FortiOS 7.0.12), Tokyo DC',
  'technical-details': 'CVE-2023-27997 exploited; web shell found; C2 over TCP 8443.',
  response: 'VPN isolated, credentials rotated, firmware updated.',
  other: 'None.',
};

describeStorage('incident service', (ctx) => {
  let f: IncidentFixture;
  let audit: RecordingAudit;
  let incidents: IncidentService;
  let reporter: Actor;
  let regulator: Actor;

  beforeAll(() => ensureIncidentTables(ctx.db));
  beforeEach(async () => {
    await ctx.reset();
    f = await seedOrganizations(ctx.db, ctx.clock);
    ctx.clock.set(NOW);
    audit = new RecordingAudit();
    incidents = testService(ctx.db, ctx.clock, audit);
    reporter = actor('usr-kaminari-1', 'operator_reporter', { organizationId: f.kaminari.id });
    regulator = actor('usr-meti-1', 'sector_regulator', { sector: 'electricity' });
  });

  const create = () => incidents.create(reporter, { organizationId: f.kaminari.id, regime: 'jp-act', title: 'VPN appliance compromised', category: 'intrusion', anchors: { awareness: AWARE } });

  it('creates an ACD Act incident in draft, each deadline in UTC with Tokyo time beside it', async () => {
    const view = await create();
    expect(view).toMatchObject({
      organizationId: f.kaminari.id,
      sector: 'electricity',
      regime: 'jp-act',
      state: 'draft',
      zone: 'Asia/Tokyo',
      anchors: { awareness: { at: Date.parse(AWARE), local: '2026-10-05T09:30:00+09:00' } },
      nextDue: { at: Date.parse('2026-10-06T00:30:00Z'), local: '2026-10-06T09:30:00+09:00', ref: 'prompt-report' },
      overdueBySeconds: null,
      revision: 1,
    });
    expect(view.stages.map((s) => [s.stage, s.state, s.basis, s.dueAt, s.dueLocal, s.versions])).toEqual([
      ['prompt-report', 'open', 'expectation', Date.parse('2026-10-06T00:30:00Z'), '2026-10-06T09:30:00+09:00', 0],
      ['written-report', 'open', 'statutory', WRITTEN_DUE, '2026-11-04T24:00:00+09:00', 0],
    ]);
    expect(await incidents.timeline(reporter, view.id)).toMatchObject([{ kind: 'created', actor: 'usr-kaminari-1', details: { regime: 'jp-act', category: 'intrusion' } }]);
    expect(audit.events).toEqual([
      {
        actor: { kind: 'user', id: 'usr-kaminari-1', role: 'operator_reporter' },
        action: 'incident.create',
        subjects: [
          { type: 'incident', id: view.id },
          { type: 'organization', id: f.kaminari.id },
        ],
        details: { regime: 'jp-act', category: 'intrusion' },
      },
    ]);
  });

  it('judges a written report 25 hours late as 90 000 seconds late, to the second', async () => {
    const { id } = await create();
    ctx.clock.set(WRITTEN_DUE + 25 * 3_600_000);
    const v = await incidents.submit(reporter, id, 'written-report', { items: ITEMS });
    expect(v).toMatchObject({ stage: 'written-report', version: 1, dueAt: WRITTEN_DUE, dueBasis: 'statutory', lateBySeconds: 90_000 });
    const view = await incidents.get(regulator, id);
    expect(view.state).toBe('open');
    expect(view.stages[1]).toMatchObject({ stage: 'written-report', state: 'submitted-late', lateBySeconds: 90_000, versions: 1 });
    // The prompt report is still owed: overdue against the product's 24 h expectation, by the full span.
    expect(view.nextDue).toMatchObject({ ref: 'prompt-report' });
    expect(view.overdueBySeconds).toBe((WRITTEN_DUE + 25 * 3_600_000 - Date.parse('2026-10-06T00:30:00Z')) / 1000);
    expect(await incidents.timeline(regulator, id)).toMatchObject([{ kind: 'created' }, { kind: 'submitted', details: { stage: 'written-report', version: 1, lateBySeconds: 90_000 } }]);
  });

  it('refuses a written report without its 7 items, and writes nothing', async () => {
    const { id } = await create();
    const before = await incidentRowCounts(ctx.db);
    const { other: _, ...six } = ITEMS;
    const e = await refusal(incidents.submit(reporter, id, 'written-report', { items: six }));
    expect([e.code, e.message]).toEqual(['SAKIMORI_ERR_INCIDENT_INVALID', 'invalid incident input at /content/items/other: required for the written-report report']);
    expect(await incidentRowCounts(ctx.db)).toEqual(before);
  });

  it('submits the saved draft, keeps every version on amendment, and shows drafts to the organisation only', async () => {
    const { id } = await create();
    await incidents.saveDraft(reporter, id, 'prompt-report', { summary: 'Suspicious VPN logins (draft).' });
    expect((await incidents.reports(reporter, id)).drafts).toMatchObject([{ stage: 'prompt-report', content: { summary: 'Suspicious VPN logins (draft).' } }]);
    expect((await incidents.reports(regulator, id)).drafts).toBeNull();
    expect((await incidents.get(regulator, id)).stages[0]!.hasDraft).toBeNull();
    ctx.clock.advance(3_600_000);
    const v1 = await incidents.submit(reporter, id, 'prompt-report');
    expect(v1).toMatchObject({ version: 1, content: { summary: 'Suspicious VPN logins (draft).' }, lateBySeconds: 0, dueBasis: 'expectation' });
    ctx.clock.advance(3_600_000);
    const v2 = await incidents.amend(reporter, id, 'prompt-report', { summary: 'Unauthorised VPN logins since 04:10 JST; OT jump host reached.' });
    expect(v2).toMatchObject({ version: 2, dueAt: null, lateBySeconds: null });
    const { versions, drafts } = await incidents.reports(reporter, id, 'prompt-report');
    expect(versions.map((v) => [v.version, v.content.summary, v.submittedAt])).toEqual([
      [1, 'Suspicious VPN logins (draft).', NOW + 3_600_000],
      [2, 'Unauthorised VPN logins since 04:10 JST; OT jump host reached.', NOW + 7_200_000],
    ]);
    expect(drafts).toEqual([]);
    // Regulators see what was submitted, never that a draft was saved.
    expect((await incidents.timeline(regulator, id)).map((e) => e.kind)).toEqual(['created', 'submitted', 'amended']);
    expect((await incidents.timeline(reporter, id)).map((e) => e.kind)).toEqual(['created', 'draft-saved', 'submitted', 'amended']);
    expect(audit.actions()).toEqual(['incident.create', 'incident.draft', 'incident.submit', 'incident.amend']);
  });

  it('refuses to amend an acknowledged report until the regulator asks for more', async () => {
    const { id } = await create();
    await incidents.submit(reporter, id, 'prompt-report', { summary: 'VPN compromise.' });
    const ack = await incidents.acknowledge(regulator, id, 'prompt-report');
    expect(ack).toMatchObject({ version: 1, acknowledgedAt: NOW, acknowledgedBy: 'usr-meti-1' });
    const before = await incidentRowCounts(ctx.db);
    const e = await refusal(incidents.amend(reporter, id, 'prompt-report', { summary: 'More.' }));
    expect(e.code).toBe('SAKIMORI_ERR_INCIDENT_ACKNOWLEDGED');
    expect(e.statusCode).toBe(409);
    expect(await incidentRowCounts(ctx.db)).toEqual(before);
    expect((await refusal(incidents.acknowledge(regulator, id, 'prompt-report'))).code).toBe('SAKIMORI_ERR_INCIDENT_STATE');

    const request = await incidents.requestInformation(regulator, id, { stage: 'prompt-report', text: 'Which accounts were used?', dueAt: NOW + 3 * 86_400_000 });
    ctx.clock.advance(86_400_000);
    const v2 = await incidents.amend(reporter, id, 'prompt-report', { summary: 'Two service accounts; both disabled.' });
    expect(v2).toMatchObject({ version: 2, answers: [request.id], dueAt: request.dueAt, dueBasis: 'set-by-authority', lateBySeconds: 0 });
    const view = await incidents.get(regulator, id);
    expect(view.stages[0]).toMatchObject({ versions: 2, acknowledged: false });
    expect(view.requests).toMatchObject([{ id: request.id, kind: 'information', status: 'answered', fulfilledVersion: 2 }]);
    expect(audit.actions()).toEqual(['incident.create', 'incident.submit', 'incident.acknowledge', 'incident.request_information', 'incident.amend']);
  });

  it('writes nothing when the audit log fails, for every kind of change', async () => {
    const { id } = await create();
    await incidents.submit(reporter, id, 'prompt-report', { summary: 'VPN compromise.' });
    const before = await incidentRowCounts(ctx.db);
    const revision = (await incidents.get(regulator, id)).revision;
    audit.failWith = new Error('audit log unreachable');
    const attempts: [string, () => Promise<unknown>][] = [
      ['create', () => create()],
      ['update', () => incidents.update(reporter, id, { title: 'VPN appliance and jump host compromised' })],
      ['link', () => incidents.link(reporter, id, [{ kind: 'attack', ref: '01JATTACK0000000000000001' }])],
      ['draft', () => incidents.saveDraft(reporter, id, 'written-report', { items: { other: 'tbd' } })],
      ['submit', () => incidents.submit(reporter, id, 'written-report', { items: ITEMS })],
      ['amend', () => incidents.amend(reporter, id, 'prompt-report', { summary: 'More.' })],
      ['acknowledge', () => incidents.acknowledge(regulator, id, 'prompt-report')],
      ['request', () => incidents.requestInformation(regulator, id, { stage: 'prompt-report', text: 'Which accounts?' })],
      ['order', () => incidents.orderCorrection(regulator, id, { stage: 'written-report', text: 'File it.', deadline: NOW + 86_400_000 })],
      ['close', () => incidents.close(regulator, id)],
    ];
    for (const [name, attempt] of attempts) {
      await expect(attempt(), name).rejects.toThrow('audit log unreachable');
      expect(await incidentRowCounts(ctx.db), name).toEqual(before);
    }
    audit.failWith = undefined;
    expect((await incidents.get(regulator, id)).revision).toBe(revision);
  });

  it('records in the outbox of a sink that has one, in the same transaction, and drains after the commit', async () => {
    const recorded: string[] = [];
    let drained = 0;
    const outbox = {
      append: async () => {
        throw new Error('append is not used when the sink has an outbox');
      },
      record: async (trx: unknown, event: { action: string }) => {
        expect((trx as { isTransaction: boolean }).isTransaction).toBe(true);
        if (event.action === 'incident.submit') throw new Error('outbox refused');
        recorded.push(event.action);
      },
      drain: async () => {
        drained += 1;
      },
    };
    const service = testService(ctx.db, ctx.clock, outbox);
    const { id } = await service.create(reporter, { organizationId: f.kaminari.id, regime: 'jp-act', title: 'DDoS on the customer portal', category: 'ddos', anchors: { awareness: AWARE } });
    expect([recorded, drained]).toEqual([['incident.create'], 1]);
    const before = await incidentRowCounts(ctx.db);
    await expect(service.submit(reporter, id, 'prompt-report', { summary: 'Portal down.' })).rejects.toThrow('outbox refused');
    expect(await incidentRowCounts(ctx.db)).toEqual(before);
    expect(drained).toBe(1);
  });

  it('cites attacks, sightings, cases and intel; a call that changes nothing writes nothing', async () => {
    const view = await incidents.create(reporter, {
      organizationId: f.kaminari.id,
      regime: 'jp-act',
      title: 'DDoS wave',
      category: 'ddos',
      anchors: { awareness: AWARE },
      links: [{ kind: 'attack', ref: '01JATTACK0000000000000001' }],
    });
    expect(view.links).toEqual([{ kind: 'attack', ref: '01JATTACK0000000000000001' }]);
    const analyst = actor('usr-nco-1', 'nco_analyst');
    expect(
      await incidents.link(analyst, view.id, [
        { kind: 'attack', ref: '01JATTACK0000000000000001' },
        { kind: 'intel', ref: 'indicator--1b4f8c9e-6f1a-4d2b-9a8e-0c3d2e1f4a5b' },
      ]),
    ).toEqual([{ kind: 'intel', ref: 'indicator--1b4f8c9e-6f1a-4d2b-9a8e-0c3d2e1f4a5b' }]);
    const before = await incidentRowCounts(ctx.db);
    expect(await incidents.link(reporter, view.id, [{ kind: 'attack', ref: '01JATTACK0000000000000001' }])).toEqual([]);
    expect(await incidents.unlink(reporter, view.id, [{ kind: 'case', ref: '01JCASE00000000000000000001' }])).toEqual([]);
    expect(await incidentRowCounts(ctx.db)).toEqual(before);
    expect(await incidents.unlink(reporter, view.id, [{ kind: 'attack', ref: '01JATTACK0000000000000001' }])).toEqual([{ kind: 'attack', ref: '01JATTACK0000000000000001' }]);
    expect((await incidents.get(regulator, view.id)).links).toEqual([{ kind: 'intel', ref: 'indicator--1b4f8c9e-6f1a-4d2b-9a8e-0c3d2e1f4a5b' }]);
    expect(audit.events.at(-1)).toMatchObject({ action: 'incident.link', details: { change: 'remove', count: 1 }, subjects: [{}, {}, { type: 'attack', id: '01JATTACK0000000000000001' }] });
  });
});
