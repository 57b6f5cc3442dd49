/**
 * The TAXII server as `sakimori serve` mounts it at `/taxii2/`, tried as an outsider would: no
 * credential, the console's session cookie (which a browser sends on its own), a wrong media type,
 * an organisation with no grant, an organisation let in by its role only, TLP:RED in the collection.
 * Every share lands in the audit log with recipient, ids and markings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asId, type OrganizationId } from '../core/ids.js';
import { MispReleaseStore } from '../intel/misp/misp-release-store.js';
import { StixStore } from '../intel/stix/stix-store.js';
import { indicator, stixId } from '../intel/stix/testing/stix-objects.js';
import { TaxiiGrantStore } from '../intel/taxii/sql/index.js';
import { TLP2_IDS } from '../stix/marking/index.js';
import { type ApiFixture, startApiFixture } from './testing/api-fixture.js';

const TAXII = 'application/taxii+json;version=2.1';
const OBJECTS = '/taxii2/sakimori/collections/mirrorface/objects/';

describe('TAXII at /taxii2/ in the platform', () => {
  let f: ApiFixture;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    f = await startApiFixture();
    const db = f.platform.storage.db;
    const store = new StixStore(db);
    await store.ingest(
      [
        indicator(1, undefined, { object_marking_refs: [TLP2_IDS.amber] }),
        indicator(2, undefined, { object_marking_refs: [TLP2_IDS.green] }),
        indicator(3, undefined, { object_marking_refs: [TLP2_IDS.red] }),
      ],
      { source: 'test', defaultMarkingRef: TLP2_IDS.amber, collectionId: 'mirrorface', createCollection: { title: 'MirrorFace' }, now: Date.now() },
    );
    const grants = new TaxiiGrantStore(db);
    await grants.grant({ collectionId: 'mirrorface', granteeKind: 'organization', grantee: f.orgs.bank, canRead: true, canWrite: false }, Date.now());
    await grants.grant({ collectionId: 'mirrorface', granteeKind: 'role', grantee: 'partner', canRead: true, canWrite: false }, Date.now());
    for (const u of ['bank', 'airline', 'partner', 'analyst']) {
      const made = await f.call(f.users[u], 'POST', '/api/v1/tokens', { name: 'taxii' });
      expect(made.status).toBe(201);
      tokens[u] = (made.body as { token: string }).token;
    }
  }, 120_000);
  afterAll(() => f?.stop());

  const get = (url: string, headers: Record<string, string>) => f.call(undefined, 'GET', url, undefined, { accept: TAXII, ...headers });
  const bearer = (u: string) => ({ authorization: `Bearer ${tokens[u]}` });
  const idsOf = (body: unknown) =>
    ((body as { objects?: { id: string; type: string }[] }).objects ?? [])
      .filter((o) => o.type !== 'marking-definition')
      .map((o) => o.id)
      .sort();

  it('answers discovery to an API token, and 401 to no credential or to the console session cookie', async () => {
    const d = await get('/taxii2/', bearer('bank'));
    expect(d.status).toBe(200);
    expect(String(d.headers['content-type'])).toContain('application/taxii+json');
    expect((d.body as { api_roots: string[] }).api_roots).toEqual([expect.stringMatching(/\/taxii2\/sakimori\/$/)]);
    expect((await get('/taxii2/', {})).status).toBe(401);
    // The session cookie alone (what a cross-site form would carry) opens nothing here.
    const bank = f.users.bank!;
    expect((await f.call({ cookie: bank.cookie, csrf: '' }, 'GET', '/taxii2/', undefined, { accept: TAXII })).status).toBe(401);
    expect((await get('/taxii2/', { authorization: 'Bearer skm_not-a-token' })).status).toBe(401);
    expect((await get('/taxii2/', { ...bearer('bank'), accept: 'application/json' })).status).toBe(406);
  });

  it('releases per recipient: the granted organisation gets AMBER and GREEN, a role-granted partner GREEN only, nobody RED; an ungranted organisation is refused', async () => {
    const bank = await get(OBJECTS, bearer('bank'));
    expect(bank.status).toBe(200);
    expect(idsOf(bank.body)).toEqual([stixId('indicator', 1), stixId('indicator', 2)]);
    expect(bank.text).not.toContain(stixId('indicator', 3));
    const partner = await get(OBJECTS, bearer('partner'));
    expect(idsOf(partner.body)).toEqual([stixId('indicator', 2)]);
    expect((await get(OBJECTS, bearer('airline'))).status).toBe(403);
    // The office reads every collection (administrator roles), AMBER included, never RED over TAXII.
    expect(idsOf((await get(OBJECTS, bearer('analyst'))).body)).toEqual([stixId('indicator', 1), stixId('indicator', 2)]);
  });

  it('narrows by what a MISP import stored: an object of distribution 0 (its organisation only) reaches nobody else', async () => {
    const id = stixId('indicator', 4);
    await new StixStore(f.platform.storage.db).ingest([indicator(4, undefined, { object_marking_refs: [TLP2_IDS.green] })], {
      source: 'misp:test',
      defaultMarkingRef: TLP2_IDS.amber,
      collectionId: 'mirrorface',
      now: Date.now(),
    });
    expect(idsOf((await get(OBJECTS, bearer('bank'))).body)).toContain(id);
    await new MispReleaseStore(f.platform.storage.db).putContexts('event-x', new Map([[id, { producer: asId<OrganizationId>('org-elsewhere'), audience: [], distribution: 0 }]]));
    expect(idsOf((await get(OBJECTS, bearer('bank'))).body)).not.toContain(id);
    expect(idsOf((await get(OBJECTS, bearer('partner'))).body)).not.toContain(id);
  });

  it("refuses a POST over the API root's max_content_length with TAXII's 413, before reading it whole", async () => {
    const big = JSON.stringify({ objects: [{ type: 'note', content: 'x'.repeat(11 * 1024 * 1024) }] });
    const r = await f.call(undefined, 'POST', OBJECTS, big, { accept: TAXII, 'content-type': TAXII, ...bearer('analyst') });
    expect(r.status).toBe(413);
    expect(String(r.headers['content-type'])).toContain('application/taxii+json');
  });

  it('audit-logs each share with recipient, channel, object ids and markings', async () => {
    await get(OBJECTS, bearer('bank'));
    await f.platform.audit.flush();
    const trail = (await f.call(f.users.auditor, 'GET', '/api/v1/audit/entries?from=0&limit=1000')).body as {
      items: { entry: { action: string; actor: { id: string }; details?: Record<string, unknown> } }[];
    };
    const shares = trail.items.map((i) => i.entry).filter((e) => e.action === 'data.share' && e.actor.id === f.users.bank!.id);
    expect(shares.length).toBeGreaterThan(0);
    expect(shares.at(-1)?.details).toMatchObject({
      channel: 'taxii',
      recipient: `organisation:${f.orgs.bank}`,
      objects: [stixId('indicator', 1), stixId('indicator', 2)],
      markings: [TLP2_IDS.amber, TLP2_IDS.green].sort(),
    });
  });
});
