import { beforeAll, beforeEach, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import type { Actor } from '../../core/roles.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import type { IncidentService } from './incident-service.js';
import { actor, ensureIncidentTables, type IncidentFixture, incidentRowCounts, RecordingAudit, seedOrganizations, testService } from './testing/incident-fixtures.js';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isSakimoriError(e)) return e.code;
    throw e;
  }
  return 'allowed';
}

const NOW = Date.parse('2026-10-05T03:00:00Z');
const AWARE = '2026-10-05T09:30:00+09:00';

describeStorage('incident roles', (ctx) => {
  let f: IncidentFixture;
  let audit: RecordingAudit;
  let incidents: IncidentService;
  let kaminariReporter: Actor;
  let kohakuReporter: Actor;
  let electricity: Actor;
  let finance: Actor;
  let analyst: Actor;
  let incidentId: string;

  beforeAll(() => ensureIncidentTables(ctx.db));
  beforeEach(async () => {
    await ctx.reset();
    f = await seedOrganizations(ctx.db, ctx.clock);
    ctx.clock.set(NOW);
    audit = new RecordingAudit();
    incidents = testService(ctx.db, ctx.clock, audit);
    kaminariReporter = actor('usr-kaminari-1', 'operator_reporter', { organizationId: f.kaminari.id });
    kohakuReporter = actor('usr-kohaku-1', 'operator_reporter', { organizationId: f.kohaku.id });
    electricity = actor('usr-meti-1', 'sector_regulator', { sector: 'electricity' });
    finance = actor('usr-fsa-1', 'sector_regulator', { sector: 'finance' });
    analyst = actor('usr-nco-1', 'nco_analyst');
    const view = await incidents.create(kaminariReporter, { organizationId: f.kaminari.id, regime: 'jp-act', title: 'VPN compromise', category: 'intrusion', anchors: { awareness: AWARE } });
    incidentId = view.id;
    await incidents.submit(kaminariReporter, incidentId, 'prompt-report', { summary: 'VPN compromise.' });
  });

  const newIncident = (organizationId: string) => ({ organizationId, regime: 'jp-act', title: 'Intrusion', category: 'intrusion', anchors: { awareness: AWARE } });

  it('refuses every call the way around its rule with a coded error, and writes nothing', async () => {
    const partner = actor('usr-partner-1', 'partner');
    const auditor = actor('usr-auditor-1', 'auditor');
    const admin = actor('usr-admin-1', 'admin');
    const cases: [string, () => Promise<unknown>, string][] = [
      ['an operator creating for another organisation', () => incidents.create(kaminariReporter, newIncident(f.kohaku.id)), 'SAKIMORI_ERR_INCIDENT_WRONG_ORGANIZATION'],
      ['an operator reading another organisation’s incident', () => incidents.get(kohakuReporter, incidentId), 'SAKIMORI_ERR_INCIDENT_NOT_FOUND'],
      ['an operator reading its timeline', () => incidents.timeline(kohakuReporter, incidentId), 'SAKIMORI_ERR_INCIDENT_NOT_FOUND'],
      ['an operator reading its reports', () => incidents.reports(kohakuReporter, incidentId), 'SAKIMORI_ERR_INCIDENT_NOT_FOUND'],
      ['an operator amending another organisation’s report', () => incidents.amend(kohakuReporter, incidentId, 'prompt-report', { summary: 'x' }), 'SAKIMORI_ERR_INCIDENT_NOT_FOUND'],
      ['an operator changing another organisation’s incident', () => incidents.update(kohakuReporter, incidentId, { title: 'x' }), 'SAKIMORI_ERR_INCIDENT_NOT_FOUND'],
      ['an operator citing in another organisation’s incident', () => incidents.link(kohakuReporter, incidentId, [{ kind: 'attack', ref: 'a1' }]), 'SAKIMORI_ERR_INCIDENT_NOT_FOUND'],
      ['an operator acknowledging its own report', () => incidents.acknowledge(kaminariReporter, incidentId, 'prompt-report'), 'SAKIMORI_ERR_INCIDENT_FORBIDDEN'],
      [
        'an operator ordering a correction',
        () => incidents.orderCorrection(kaminariReporter, incidentId, { stage: 'written-report', text: 'x', deadline: NOW + 1000 }),
        'SAKIMORI_ERR_INCIDENT_FORBIDDEN',
      ],
      ['an operator closing', () => incidents.close(kaminariReporter, incidentId), 'SAKIMORI_ERR_INCIDENT_FORBIDDEN'],
      ['an operator asking for the overdue list', () => incidents.overdue(kaminariReporter), 'SAKIMORI_ERR_INCIDENT_FORBIDDEN'],
      ['a regulator of another sector acknowledging', () => incidents.acknowledge(finance, incidentId, 'prompt-report'), 'SAKIMORI_ERR_INCIDENT_NOT_FOUND'],
      ['a regulator of another sector requesting information', () => incidents.requestInformation(finance, incidentId, { stage: 'prompt-report', text: 'x' }), 'SAKIMORI_ERR_INCIDENT_NOT_FOUND'],
      ['a regulator of another sector reading', () => incidents.get(finance, incidentId), 'SAKIMORI_ERR_INCIDENT_NOT_FOUND'],
      ['a regulator asking for another sector’s overdue list', () => incidents.overdue(finance, { sector: 'electricity' }), 'SAKIMORI_ERR_INCIDENT_FORBIDDEN'],
      ['a regulator creating an incident', () => incidents.create(electricity, newIncident(f.kaminari.id)), 'SAKIMORI_ERR_INCIDENT_FORBIDDEN'],
      ['a regulator submitting a report', () => incidents.submit(electricity, incidentId, 'written-report', { summary: 'x' }), 'SAKIMORI_ERR_INCIDENT_FORBIDDEN'],
      ['an NCO analyst amending', () => incidents.amend(analyst, incidentId, 'prompt-report', { summary: 'x' }), 'SAKIMORI_ERR_INCIDENT_FORBIDDEN'],
      ['an NCO analyst acknowledging', () => incidents.acknowledge(analyst, incidentId, 'prompt-report'), 'SAKIMORI_ERR_INCIDENT_FORBIDDEN'],
      ['a partner reading', () => incidents.get(partner, incidentId), 'SAKIMORI_ERR_INCIDENT_FORBIDDEN'],
      ['a partner listing', () => incidents.list(partner), 'SAKIMORI_ERR_INCIDENT_FORBIDDEN'],
      ['a partner creating', () => incidents.create(partner, newIncident(f.kaminari.id)), 'SAKIMORI_ERR_INCIDENT_FORBIDDEN'],
      ['a partner citing', () => incidents.link(partner, incidentId, [{ kind: 'attack', ref: 'a1' }]), 'SAKIMORI_ERR_INCIDENT_FORBIDDEN'],
      ['an auditor reading', () => incidents.get(auditor, incidentId), 'SAKIMORI_ERR_INCIDENT_FORBIDDEN'],
      ['an auditor acknowledging', () => incidents.acknowledge(auditor, incidentId, 'prompt-report'), 'SAKIMORI_ERR_INCIDENT_FORBIDDEN'],
      ['an auditor asking for the overdue list', () => incidents.overdue(auditor), 'SAKIMORI_ERR_INCIDENT_FORBIDDEN'],
      ['an administrator closing', () => incidents.close(admin, incidentId), 'SAKIMORI_ERR_INCIDENT_FORBIDDEN'],
      ['a reader of an incident that does not exist', () => incidents.get(analyst, '01JNOSUCHINCIDENT000000000'), 'SAKIMORI_ERR_INCIDENT_NOT_FOUND'],
    ];
    const before = await incidentRowCounts(ctx.db);
    const events = audit.events.length;
    const got: [string, string][] = [];
    for (const [name, call] of cases) got.push([name, await codeOf(call())]);
    expect(got).toEqual(cases.map(([name, , code]) => [name, code]));
    expect(await incidentRowCounts(ctx.db)).toEqual(before);
    expect(audit.events.length).toBe(events);
  });

  it('answers "not found" alike for an incident out of scope and one that does not exist', async () => {
    const hidden = await incidents.get(kohakuReporter, incidentId).catch((e: Error) => e.message);
    const missing = await incidents.get(kohakuReporter, '01JNOSUCHINCIDENT000000000').catch((e: Error) => e.message);
    expect(hidden).toBe(`no incident ${incidentId}`);
    expect(missing).toBe('no incident 01JNOSUCHINCIDENT000000000');
  });

  it('lists to each role what it may see: its organisation, its sector, or everything', async () => {
    const bank = await incidents.create(kohakuReporter, { ...newIncident(f.kohaku.id), title: 'Card fraud API abuse' });
    const ids = async (a: Actor) => (await incidents.list(a)).map((i) => i.id).sort();
    expect(await ids(kaminariReporter)).toEqual([incidentId]);
    expect(await ids(kohakuReporter)).toEqual([bank.id]);
    expect(await ids(electricity)).toEqual([incidentId]);
    expect(await ids(finance)).toEqual([bank.id]);
    expect(await ids(analyst)).toEqual([incidentId, bank.id].sort());
    expect((await incidents.list(analyst, { sector: 'finance' })).map((i) => i.id)).toEqual([bank.id]);
    expect(await incidents.list(electricity, { organizationId: f.kohaku.id })).toEqual([]);
    expect(await incidents.list(kaminariReporter, { organizationId: f.kohaku.id })).toEqual([]);
  });

  it('lets the sector’s regulator acknowledge, ask and order, and the NCO read everything', async () => {
    expect((await incidents.acknowledge(electricity, incidentId, 'prompt-report')).acknowledgedBy).toBe('usr-meti-1');
    expect((await incidents.get(analyst, incidentId)).stages[0]).toMatchObject({ acknowledged: true });
    expect(audit.events.at(-1)).toMatchObject({ actor: { kind: 'user', id: 'usr-meti-1', role: 'sector_regulator' }, action: 'incident.acknowledge' });
  });
});
