/**
 * The TAXII server's release filter tried the way an outsider would: an organisation let in by a
 * role grant only, a TLP:RED object, references to withheld objects outside the page, a caller
 * with no organisation and no role, an audit log that fails. Runs over the SQL backend on SQLite
 * and PostgreSQL, through the TAXII service.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditEventInput } from '../../core/audit-event.js';
import { asId, type OrganizationId } from '../../core/ids.js';
import type { Role } from '../../core/roles.js';
import { TLP2_IDS } from '../../stix/marking/index.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { StixStore } from '../stix/stix-store.js';
import { indicator, malware, relationship, stixId } from '../stix/testing/stix-objects.js';
import { createTaxiiService, type TaxiiPrincipal } from '../taxii/index.js';
import { createSqlTaxiiBackend, TaxiiGrantStore } from '../taxii/sql/index.js';
import { createTaxiiRelease, recipientOf, type TaxiiCaller } from './taxii-release.js';

const OFFICE = asId<OrganizationId>('office');
const ROOT = 'sakimori';

interface Who extends TaxiiPrincipal {
  readonly organizationId?: string;
  readonly roles: Role[];
}

const bank: Who = { id: 'u-bank', organizationId: 'org-bank', roles: ['operator_reporter'] };
const airline: Who = { id: 'u-air', organizationId: 'org-air', roles: ['operator_reporter'] };
const analyst: Who = { id: 'u-analyst', roles: ['nco_analyst'] };
const nobody: Who = { id: 'u-nobody', organizationId: undefined as unknown as string, roles: [] };

describeStorage('TAXII release filter', (s) => {
  let store: StixStore;
  let events: AuditEventInput[];
  let failAudit: boolean;
  let service: ReturnType<typeof createTaxiiService>;

  beforeEach(async () => {
    await s.reset();
    events = [];
    failAudit = false;
    store = new StixStore(s.db);
    await store.createCollection('shared', { title: 'Shared' }, 0);
    const grants = new TaxiiGrantStore(s.db);
    await grants.grant({ collectionId: 'shared', granteeKind: 'organization', grantee: 'org-bank', canRead: true, canWrite: false }, 1);
    // The airline is let in by its role only: not part of the collection's TLP:AMBER audience.
    await grants.grant({ collectionId: 'shared', granteeKind: 'role', grantee: 'operator_reporter', canRead: true, canWrite: false }, 1);
    await grants.grant({ collectionId: 'shared', granteeKind: 'role', grantee: 'nco_analyst', canRead: true, canWrite: false }, 1);
    const backend = createSqlTaxiiBackend(s.db, {
      discovery: { title: 'T' },
      baseUrl: 'http://127.0.0.1/taxii2/',
      roots: [{ name: ROOT, title: 'R', collections: 'all' }],
      defaultMarkingRef: TLP2_IDS.amber,
      administratorRoles: ['admin'],
      now: () => 5000,
    });
    const release = createTaxiiRelease({
      db: s.db,
      office: OFFICE,
      officeRoles: ['nco_analyst'],
      callerOf: (p): TaxiiCaller => {
        const w = p as Who;
        return { userId: w.id, roles: w.roles, organization: w.organizationId === undefined ? undefined : { id: asId<OrganizationId>(w.organizationId), sector: 'finance' } };
      },
      audit: {
        append: async (e) => {
          if (failAudit) throw new Error('audit store down');
          events.push(e);
        },
      },
    });
    service = createTaxiiService({ backend, release });
  });

  const ingest = (objects: Record<string, unknown>[], now = 1000) => store.ingest(objects, { source: 'test', defaultMarkingRef: TLP2_IDS.amber, collectionId: 'shared', now });
  const ids = async (who: Who, limit?: number, next?: string) => {
    const r = await service.objects({
      principal: who,
      params: { root: ROOT, collection: 'shared', object: '', status: '' },
      query: { ...(limit === undefined ? {} : { limit: String(limit) }), ...(next === undefined ? {} : { next }) },
    });
    const body = r.answer.body as { objects?: Record<string, unknown>[]; next?: string; more?: boolean };
    return { objects: (body.objects ?? []).filter((o) => o.type !== 'marking-definition'), next: body.next, more: body.more };
  };

  it('sends TLP:AMBER to organisations granted the collection and the office, not to one let in by a role grant', async () => {
    await ingest([indicator(1, undefined, { object_marking_refs: [TLP2_IDS.amber] }), indicator(2, undefined, { object_marking_refs: [TLP2_IDS.green] })]);
    expect((await ids(bank)).objects.map((o) => o.id)).toEqual([stixId('indicator', 1), stixId('indicator', 2)]);
    expect((await ids(analyst)).objects.map((o) => o.id)).toEqual([stixId('indicator', 1), stixId('indicator', 2)]);
    expect((await ids(airline)).objects.map((o) => o.id)).toEqual([stixId('indicator', 2)]);
  });

  it('never sends TLP:RED over TAXII, and drops references to it from objects in the page', async () => {
    const red = malware(9);
    await ingest([{ ...red, object_marking_refs: [TLP2_IDS.red] }]);
    const rel = relationship(3, stixId('indicator', 1), stixId('malware', 9));
    const report = {
      type: 'report',
      spec_version: '2.1',
      id: stixId('report', 4),
      created: '2024-03-01T09:00:00.000Z',
      modified: '2024-03-01T09:00:00.000Z',
      name: 'r',
      published: '2024-03-01T09:00:00.000Z',
      object_refs: [stixId('indicator', 1), stixId('malware', 9)],
      object_marking_refs: [TLP2_IDS.green],
    };
    await ingest([indicator(1, undefined, { object_marking_refs: [TLP2_IDS.green] }), { ...rel, object_marking_refs: [TLP2_IDS.green] }, report], 2000);
    const got = await ids(bank);
    const text = JSON.stringify(got.objects);
    expect(text).not.toContain(stixId('malware', 9).slice(-12));
    expect(got.objects.map((o) => o.id).sort()).toEqual([stixId('indicator', 1), stixId('report', 4)].sort());
    expect(got.objects.find((o) => o.type === 'report')?.object_refs).toEqual([stixId('indicator', 1)]);
  });

  it('keeps a reference to an object on an earlier page only when the caller may see it', async () => {
    await ingest([malware(5)], 1000); // TLP:AMBER by default
    await ingest(
      [{ ...relationship(6, stixId('indicator', 7), stixId('malware', 5)), object_marking_refs: [TLP2_IDS.green] }, indicator(7, undefined, { object_marking_refs: [TLP2_IDS.green] })],
      2000,
    );
    // Page 1 holds the malware only; page 2 the relationship and the indicator.
    const first = await ids(bank, 1);
    expect(first.objects.map((o) => o.id)).toEqual([stixId('malware', 5)]);
    const second = await ids(bank, 5, first.next);
    expect(second.objects.map((o) => o.id).sort()).toEqual([stixId('indicator', 7), stixId('relationship', 6)].sort());
    // The airline cannot see the TLP:AMBER malware: the relationship that requires it is withheld.
    const airFirst = await ids(airline, 1);
    expect(airFirst.objects).toEqual([]);
    const air = await ids(airline, 5, airFirst.next);
    expect(air.objects.map((o) => o.id)).toEqual([stixId('indicator', 7)]);
    expect(JSON.stringify(air.objects)).not.toContain(stixId('malware', 5));
  });

  it('treats a caller without organisation as the office only when it holds an office role', async () => {
    expect(recipientOf({ userId: 'a', roles: ['nco_analyst'] }, OFFICE, ['nco_analyst'])).toEqual({ kind: 'role', role: 'nco_analyst', organisationId: OFFICE });
    expect(recipientOf({ userId: 'p', roles: ['partner'] }, OFFICE, ['nco_analyst'])).toEqual({ kind: 'role', role: 'partner', organisationId: 'user:p' });
    await ingest([indicator(1, undefined, { object_marking_refs: [TLP2_IDS.amber] }), indicator(2, undefined, { object_marking_refs: [TLP2_IDS.green] })]);
    const partner: Who = { id: 'u-partner', roles: ['partner' as Role] };
    await new TaxiiGrantStore(s.db).grant({ collectionId: 'shared', granteeKind: 'role', grantee: 'partner', canRead: true, canWrite: false }, 2);
    expect((await ids(partner)).objects.map((o) => o.id)).toEqual([stixId('indicator', 2)]);
  });

  it('sends nothing to a caller with no organisation and no role', async () => {
    await ingest([indicator(1, undefined, { object_marking_refs: [TLP2_IDS.clear] })]);
    expect(recipientOf({ userId: 'x', roles: [] }, OFFICE, ['nco_analyst'])).toMatchObject({ kind: 'group', memberOrganisationIds: [] });
    // The backend itself refuses the read (no grant names it); the filter would send nothing either.
    await expect(ids(nobody)).rejects.toMatchObject({ code: 'SAKIMORI_ERR_TAXII_FORBIDDEN' });
  });

  it('audit-logs every share with recipient, channel, ids and markings, and sends nothing when the log fails', async () => {
    await ingest([indicator(1, undefined, { object_marking_refs: [TLP2_IDS.amber] }), indicator(2, undefined, { object_marking_refs: [TLP2_IDS.green] })]);
    await ids(airline);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'data.share',
      actor: { kind: 'user', id: 'u-air' },
      subjects: [{ type: 'stix_collection', id: 'shared' }],
      details: { channel: 'taxii', recipient: 'organisation:org-air', objects: [stixId('indicator', 2)], markings: [TLP2_IDS.green] },
    });
    failAudit = true;
    await expect(ids(bank)).rejects.toThrow('audit store down');
  });

  describe('many objects', () => {
    it('splits the audit of a large page into entries of at most 200 ids', async () => {
      await ingest(Array.from({ length: 450 }, (_, i) => indicator(i + 1, undefined, { object_marking_refs: [TLP2_IDS.green] })));
      const got = await ids(bank, 1000);
      expect(got.objects).toHaveLength(450);
      expect(events.map((e) => ((e.details?.objects ?? []) as string[]).length)).toEqual([200, 200, 50]);
    });
  });
});
