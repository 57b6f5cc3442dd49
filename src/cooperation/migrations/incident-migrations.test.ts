import { expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { inTransaction } from '../../storage/transaction.js';
import { down, up } from './0018-cooperation-incidents.js';
import * as m0019 from './0019-incident-alerts.js';
import { ensureIncidentTables } from '../incidents/testing/incident-fixtures.js';

const TABLES = ['incident_events', 'incident_links', 'incident_report_drafts', 'incident_report_versions', 'incident_requests', 'incidents'];
const WITH_ALERTS = ['incident_alerts', ...TABLES];

describeStorage('migrations 0018 (incidents) and 0019 (alerts)', (ctx) => {
  it('go up, down and up again, the later one first down', async () => {
    const db = ctx.db as unknown as Kysely<unknown>;
    const names = async () =>
      (await ctx.db.introspection.getTables())
        .map((t) => t.name)
        .filter((n) => n.startsWith('incident'))
        .sort();
    await ensureIncidentTables(ctx.db);
    expect(await names()).toEqual(WITH_ALERTS);
    await inTransaction(db, (trx) => m0019.down(trx));
    await inTransaction(db, (trx) => down(trx));
    expect(await names()).toEqual([]);
    await inTransaction(db, (trx) => up(trx));
    expect(await names()).toEqual(TABLES);
    await inTransaction(db, (trx) => m0019.up(trx));
    expect(await names()).toEqual(WITH_ALERTS);
  });
});
