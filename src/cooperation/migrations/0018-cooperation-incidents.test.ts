import { expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { inTransaction } from '../../storage/transaction.js';
import { down, up } from './0018-cooperation-incidents.js';
import { ensureIncidentTables } from '../incidents/testing/incident-fixtures.js';

const TABLES = ['incident_events', 'incident_links', 'incident_report_drafts', 'incident_report_versions', 'incident_requests', 'incidents'];

describeStorage('migration 0018 (incidents)', (ctx) => {
  it('goes up, down and up again', async () => {
    const db = ctx.db as unknown as Kysely<unknown>;
    const names = async () =>
      (await ctx.db.introspection.getTables())
        .map((t) => t.name)
        .filter((n) => n.startsWith('incident'))
        .sort();
    await ensureIncidentTables(ctx.db);
    expect(await names()).toEqual(TABLES);
    await inTransaction(db, (trx) => down(trx));
    expect(await names()).toEqual([]);
    await inTransaction(db, (trx) => up(trx));
    expect(await names()).toEqual(TABLES);
  });
});
