import { beforeAll, beforeEach, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { type AlertTables, sendDeadlineAlerts } from './deadline-alerts.js';
import type { IncidentService } from './incident-service.js';
import type { IncidentDeadlineEvent } from './subjects.js';
import { actor, ensureIncidentTables, type IncidentFixture, RecordingAudit, seedOrganizations, testService } from './testing/incident-fixtures.js';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-10-07T03:00:00Z');

describeStorage('incident deadline alerts', (ctx) => {
  let f: IncidentFixture;
  let incidents: IncidentService;
  let sent: IncidentDeadlineEvent[];
  const alerts = () => ({ db: ctx.db as unknown as Kysely<AlertTables>, dueSoonMs: 16 * HOUR, publish: async (e: IncidentDeadlineEvent) => void sent.push(e) });

  beforeAll(() => ensureIncidentTables(ctx.db));
  beforeEach(async () => {
    await ctx.reset();
    f = await seedOrganizations(ctx.db, ctx.clock);
    ctx.clock.set(NOW);
    incidents = testService(ctx.db, ctx.clock, new RecordingAudit());
    sent = [];
  });

  it('announces a deadline once as due soon and once as overdue, and nothing for one further off', async () => {
    const reporter = actor('usr-kaminari-1', 'operator_reporter', { organizationId: f.kaminari.id });
    // ACD Act prompt report: expected 24 h after awareness.
    const soon = await incidents.create(reporter, { organizationId: f.kaminari.id, regime: 'jp-act', title: 'Soon', category: 'ddos', anchors: { awareness: NOW - 10 * HOUR } });
    await incidents.create(reporter, { organizationId: f.kaminari.id, regime: 'jp-act', title: 'Far', category: 'ddos', anchors: { awareness: NOW - 5 * HOUR } });
    await incidents.reevaluate();
    expect(await sendDeadlineAlerts(alerts(), NOW)).toBe(1);
    expect(sent).toMatchObject([{ kind: 'due-soon', incidentId: soon.id, ref: 'prompt-report', overdueBySeconds: 0, organizationId: f.kaminari.id }]);
    // The next pass, and a restart of the pass, repeat nothing.
    expect(await sendDeadlineAlerts(alerts(), NOW + 60_000)).toBe(0);
    // 25 hours after awareness the first deadline has passed; the other one is now due soon.
    ctx.clock.set(NOW + 15 * HOUR);
    await incidents.reevaluate();
    expect(await sendDeadlineAlerts(alerts(), NOW + 15 * HOUR)).toBe(2);
    expect(sent.slice(1).map((e) => [e.kind, e.incidentId === soon.id ? 'soon' : 'far', e.overdueBySeconds])).toEqual(
      expect.arrayContaining([
        ['overdue', 'soon', 3600],
        ['due-soon', 'far', 0],
      ]),
    );
    expect(await sendDeadlineAlerts(alerts(), NOW + 16 * HOUR)).toBe(0);
  });

  it('publishes nothing it has not recorded: a failing bus leaves the alert to the next pass', async () => {
    const reporter = actor('usr-kaminari-1', 'operator_reporter', { organizationId: f.kaminari.id });
    await incidents.create(reporter, { organizationId: f.kaminari.id, regime: 'jp-act', title: 'Soon', category: 'ddos', anchors: { awareness: NOW - 10 * HOUR } });
    await incidents.reevaluate();
    await expect(sendDeadlineAlerts({ ...alerts(), publish: async () => Promise.reject(new Error('bus down')) }, NOW)).rejects.toThrow('bus down');
    expect(await sendDeadlineAlerts(alerts(), NOW)).toBe(1);
  });
});
