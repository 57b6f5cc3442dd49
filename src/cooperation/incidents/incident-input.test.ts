import { beforeAll, beforeEach, expect, it } from 'vitest';
import { isSakimoriError, type SakimoriError } from '../../core/errors.js';
import type { Actor } from '../../core/roles.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import type { IncidentService } from './incident-service.js';
import { actor, ensureIncidentTables, type IncidentFixture, incidentRowCounts, RecordingAudit, SEEDED, seedOrganizations, testService } from './testing/incident-fixtures.js';

async function refusal(p: Promise<unknown>): Promise<SakimoriError> {
  try {
    await p;
  } catch (e) {
    if (isSakimoriError(e)) return e;
    throw e;
  }
  throw new Error('not refused');
}

const NOW = Date.parse('2026-10-05T03:00:00Z');

describeStorage('incident input', (ctx) => {
  let f: IncidentFixture;
  let incidents: IncidentService;
  let reporter: Actor;
  let bank: Actor;

  beforeAll(() => ensureIncidentTables(ctx.db));
  beforeEach(async () => {
    await ctx.reset();
    f = await seedOrganizations(ctx.db, ctx.clock);
    ctx.clock.set(NOW);
    // Kohaku Bank also has an EU establishment: EU regimes apply to it, not to Kaminari Power.
    incidents = testService(ctx.db, ctx.clock, new RecordingAudit(), { eu: [f.kohaku.id] });
    reporter = actor('usr-kaminari-1', 'operator_reporter', { organizationId: f.kaminari.id });
    bank = actor('usr-kohaku-1', 'operator_reporter', { organizationId: f.kohaku.id });
  });

  const base = (over: Record<string, unknown> = {}) => ({
    organizationId: f.kaminari.id,
    regime: 'jp-act',
    title: 'VPN compromise',
    category: 'intrusion',
    anchors: { awareness: '2026-10-05T09:30:00+09:00' },
    ...over,
  });

  it('refuses bad input with a coded error naming the problem, and writes nothing', async () => {
    const cases: [string, () => Promise<unknown>, string, string][] = [
      [
        'awareness in the future',
        () => incidents.create(reporter, base({ anchors: { awareness: NOW + 3_600_000 } })),
        'SAKIMORI_ERR_INCIDENT_DATE',
        'anchors.awareness refused: 2026-10-05T04:00:00.000Z lies in the future (now 2026-10-05T03:00:00.000Z)',
      ],
      [
        'awareness before the organisation existed',
        () => incidents.create(reporter, base({ anchors: { awareness: '2026-08-31T23:59:59Z' } })),
        'SAKIMORI_ERR_INCIDENT_DATE',
        `anchors.awareness refused: 2026-08-31T23:59:59.000Z lies before organization ${f.kaminari.id} existed (${new Date(SEEDED).toISOString()})`,
      ],
      [
        'a regime of a jurisdiction the organisation is not in',
        () => incidents.create(reporter, base({ regime: 'eu-nis2', timeZone: 'Europe/Berlin' })),
        'SAKIMORI_ERR_INCIDENT_REGIME_NOT_APPLICABLE',
        `regime eu-nis2 (EU) does not apply to organization ${f.kaminari.id} (jurisdictions: JP)`,
      ],
      [
        'an unknown regime',
        () => incidents.create(reporter, base({ regime: 'uk-nis' })),
        'SAKIMORI_ERR_INCIDENT_INVALID',
        'invalid incident input at /regime: expected one of jp-act, jp-appi, eu-nis2, eu-dora, us-circia, eu-cra',
      ],
      [
        'an anchor the regime does not read',
        () => incidents.create(reporter, base({ anchors: { payment: NOW } })),
        'SAKIMORI_ERR_INCIDENT_INVALID',
        'invalid incident input at /anchors/payment: jp-act reads only awareness',
      ],
      ['no anchor', () => incidents.create(reporter, base({ anchors: {} })), 'SAKIMORI_ERR_INCIDENT_INVALID', 'invalid incident input at /anchors: give at least one of awareness'],
      [
        'an instant without an offset',
        () => incidents.create(reporter, base({ anchors: { awareness: '2026-10-05T09:30:00' } })),
        'SAKIMORI_ERR_INCIDENT_INVALID',
        'invalid incident input at /anchors/awareness: expected ISO 8601 with Z or an offset, e.g. 2026-10-05T09:30:00+09:00',
      ],
      [
        'a date that does not exist',
        () => incidents.create(reporter, base({ anchors: { awareness: '2026-02-30T09:30:00Z' } })),
        'SAKIMORI_ERR_INCIDENT_INVALID',
        'invalid incident input at /anchors/awareness: "2026-02-30T09:30:00Z" is not a real date and time',
      ],
      [
        'a condition the regime does not read',
        () => incidents.create(reporter, base({ conditions: { malicious: true } })),
        'SAKIMORI_ERR_INCIDENT_INVALID',
        'invalid incident input at /conditions/malicious: not a condition of jp-act (known: none)',
      ],
      [
        'a time zone for a regime that counts in Tokyo',
        () => incidents.create(reporter, base({ timeZone: 'Europe/Berlin' })),
        'SAKIMORI_ERR_INCIDENT_INVALID',
        'invalid incident input at /timeZone: jp-act counts in Asia/Tokyo; leave the time zone out',
      ],
      [
        'an EU regime without the entity’s zone',
        () => incidents.create(bank, base({ organizationId: f.kohaku.id, regime: 'eu-nis2' })),
        'SAKIMORI_ERR_INCIDENT_INVALID',
        "invalid incident input at /timeZone: eu-nis2 counts in the entity's time zone; give its IANA name (e.g. Europe/Berlin)",
      ],
      [
        'an unknown zone',
        () => incidents.create(bank, base({ organizationId: f.kohaku.id, regime: 'eu-nis2', timeZone: 'Europe/Atlantis' })),
        'SAKIMORI_ERR_REPORTING_TIME_ZONE',
        'time zone for Europe/Atlantis: unknown IANA time zone',
      ],
      [
        'a title with a bidirectional override',
        () => incidents.create(reporter, base({ title: 'VPN \u202ecompromise' })),
        'SAKIMORI_ERR_INCIDENT_INVALID',
        'invalid incident input at /title: contains control characters',
      ],
      ['an unknown field', () => incidents.create(reporter, base({ severity: 'high' })), 'SAKIMORI_ERR_INCIDENT_INVALID', 'invalid incident input at /: unknown key "severity"'],
      [
        'a link of an unknown kind',
        () => incidents.create(reporter, base({ links: [{ kind: 'ticket', ref: 'T-1' }] })),
        'SAKIMORI_ERR_INCIDENT_INVALID',
        'invalid incident input at /links/0/kind: expected one of attack, sighting, case, intel',
      ],
    ];
    const before = await incidentRowCounts(ctx.db);
    const got: [string, string, string][] = [];
    for (const [name, call] of cases) {
      const e = await refusal(call());
      got.push([name, e.code, e.message]);
    }
    expect(got).toEqual(cases.map(([name, , code, message]) => [name, code, message]));
    expect(await incidentRowCounts(ctx.db)).toEqual(before);
  });

  it('refuses reports of stages that do not exist or do not apply, and anchors reports were judged against', async () => {
    const cra = await incidents.create(bank, {
      organizationId: f.kohaku.id,
      regime: 'eu-cra',
      title: 'Exploited flaw in the card terminal firmware',
      category: 'vulnerability',
      anchors: { awareness: '2026-10-05T04:00:00+02:00' },
      conditions: { 'actively-exploited-vulnerability': true },
      timeZone: 'Europe/Luxembourg',
    });
    expect(cra.stages.map((s) => [s.stage, s.state])).toEqual([
      ['vulnerability-early-warning', 'open'],
      ['vulnerability-notification', 'open'],
      ['vulnerability-final-report', 'pending'],
      ['incident-early-warning', 'not-applicable'],
      ['incident-notification', 'not-applicable'],
      ['incident-final-report', 'not-applicable'],
    ]);
    const before = await incidentRowCounts(ctx.db);
    const notApplicable = await refusal(incidents.submit(bank, cra.id, 'incident-early-warning', { summary: 'x' }));
    expect([notApplicable.code, notApplicable.message]).toEqual([
      'SAKIMORI_ERR_INCIDENT_STAGE',
      'stage incident-early-warning of regime eu-cra: does not apply to this incident (its conditions do not hold)',
    ]);
    expect((await refusal(incidents.submit(bank, cra.id, 'prompt-report', { summary: 'x' }))).code).toBe('SAKIMORI_ERR_INCIDENT_STAGE');
    expect((await refusal(incidents.amend(bank, cra.id, 'vulnerability-early-warning', { summary: 'x' }))).code).toBe('SAKIMORI_ERR_INCIDENT_STATE');
    expect(await incidentRowCounts(ctx.db)).toEqual(before);

    await incidents.submit(bank, cra.id, 'vulnerability-early-warning', { summary: 'Exploitation seen in the wild.' });
    const moved = await refusal(incidents.update(bank, cra.id, { anchors: { awareness: '2026-10-05T03:00:00+02:00' } }));
    expect([moved.code, moved.message]).toEqual(['SAKIMORI_ERR_INCIDENT_STATE', `incident ${cra.id}: anchor awareness cannot change: reports were judged against it`]);
    // A new anchor may still be recorded: the corrective measure starts the final report's 14 days.
    ctx.clock.advance(2 * 86_400_000);
    const updated = await incidents.update(bank, cra.id, { anchors: { 'corrective-measure': '2026-10-06T09:00:00+02:00' } });
    expect(updated.stages[2]).toMatchObject({ stage: 'vulnerability-final-report', state: 'open', dueLocal: '2026-10-20T24:00:00+02:00' });
  });

  it('counts an EU regime in the entity’s zone, and an authority’s request sets the NIS2 intermediate report’s due date', async () => {
    const nis2 = await incidents.create(bank, {
      organizationId: f.kohaku.id,
      regime: 'eu-nis2',
      title: 'Ransomware at the Frankfurt branch',
      category: 'ransomware',
      anchors: { awareness: '2026-10-05T01:30:00+02:00' },
      timeZone: 'Europe/Berlin',
    });
    expect(nis2.zone).toBe('Europe/Berlin');
    expect(nis2.stages.slice(0, 3).map((s) => [s.stage, s.state, s.dueLocal])).toEqual([
      ['early-warning', 'open', '2026-10-06T01:30:00+02:00'],
      ['notification', 'open', '2026-10-08T01:30:00+02:00'],
      ['intermediate-report', 'pending', null],
    ]);
    const csirt = actor('usr-bafin-1', 'sector_regulator', { sector: 'finance' });
    const due = Date.parse('2026-10-12T12:00:00+02:00');
    await incidents.requestInformation(csirt, nis2.id, { stage: 'intermediate-report', text: 'Send an intermediate report on the restoration.', dueAt: due });
    const view = await incidents.get(csirt, nis2.id);
    expect(view.anchors['intermediate-request']).toEqual({ at: NOW, local: '2026-10-05T05:00:00+02:00' });
    expect(view.stages[2]).toMatchObject({ stage: 'intermediate-report', state: 'open', basis: 'set-by-authority', dueAt: due, dueLocal: '2026-10-12T12:00:00+02:00' });
  });
});
