/**
 * Publishing an attack as intel through the API, end to end: the analyst sees the campaign two
 * attacks on two organisations form, publishes the airline's attack to the bank under TLP:AMBER,
 * and the bank reads it from its inbox over TAXII with its API token; the airline cannot. Tried
 * the way around too: an operator publishing, a POST without the CSRF token, TLP:RED, an unknown
 * attack or recipient.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxCollectionId } from '../intel/attack-intel/publisher.js';
import { TLP2_IDS } from '../stix/marking/index.js';
import { type ApiFixture, startApiFixture } from './testing/api-fixture.js';
import { seedAttack } from './testing/seed.js';

const TAXII = 'application/taxii+json;version=2.1';

describe('publishing attacks as intel', () => {
  let f: ApiFixture;
  const bots = Array.from({ length: 12 }, (_, i) => `198.51.100.${i + 1}`);
  const targets: string[] = [];
  beforeAll(async () => {
    f = await startApiFixture();
    const nets = (await f.call(f.users.analyst, 'GET', '/api/v1/networks?limit=100')).body as { items: { id: string; prefix: string; organizationId: string }[] };
    const net = (org: string) => nets.items.find((n) => n.organizationId === org)!;
    const start = f.clock.now() - 3_600_000;
    for (const [id, org, sources] of [
      ['atk-pub-1', f.orgs.airline, bots.slice(0, 10)],
      ['atk-pub-2', f.orgs.bank, bots.slice(2, 12)],
    ] as const) {
      const n = net(org);
      const target = n.prefix.replace(/0\/\d+$/, '77');
      targets.push(target);
      await seedAttack(f.platform.attacks, {
        id,
        organizationId: org,
        networkId: n.id,
        networkPrefix: n.prefix,
        target,
        startedAt: start,
        endedAt: start + 600_000,
        sources,
      });
    }
  }, 120_000);
  afterAll(() => f?.stop());

  it('shows the campaign across the two organisations to the analyst, and to nobody else', async () => {
    const r = await f.call(f.users.analyst, 'GET', '/api/v1/intel/campaigns');
    expect(r.status).toBe(200);
    expect((r.body as { items: unknown[] }).items).toEqual([
      expect.objectContaining({ attackIds: ['atk-pub-1', 'atk-pub-2'], organizationIds: [f.orgs.airline, f.orgs.bank].sort(), sharedSources: 8 }),
    ]);
    for (const u of ['airline', 'bank', 'auditor', 'commission1', 'admin', 'partner']) expect((await f.call(f.users[u], 'GET', '/api/v1/intel/campaigns')).status).toBe(403);
  });

  it("publishes to the bank's inbox, which the bank reads over TAXII and the airline cannot", async () => {
    const r = await f.call(f.users.analyst, 'POST', '/api/v1/intel/publish', { attackId: 'atk-pub-1', recipients: [f.orgs.bank], tlp: 'amber', pap: 'green' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ attackId: 'atk-pub-1', campaignId: 'atk-pub-1', deliveries: [{ organizationId: f.orgs.bank, pseudonymised: false }] });
    const token = async (u: string) => ((await f.call(f.users[u], 'POST', '/api/v1/tokens', { name: `t-${u}` })).body as { token: string }).token;
    const url = `/taxii2/sakimori/collections/${inboxCollectionId(f.orgs.bank)}/objects/`;
    const bank = await f.call(undefined, 'GET', url, undefined, { accept: TAXII, authorization: `Bearer ${await token('bank')}` });
    expect(bank.status).toBe(200);
    const objects = (bank.body as { objects: { type: string; pattern?: string; object_marking_refs?: string[] }[] }).objects;
    expect(objects.filter((o) => o.type === 'indicator').map((o) => o.pattern)).toHaveLength(10);
    expect(objects.some((o) => o.type === 'campaign')).toBe(true);
    expect(objects.find((o) => o.type === 'indicator')?.object_marking_refs).toContain(TLP2_IDS.amber);
    // The attacked address is not in what was published.
    expect(targets[0]).toMatch(/\.77$/);
    for (const t of targets) expect(bank.text).not.toContain(t);
    const airline = await f.call(undefined, 'GET', url, undefined, { accept: TAXII, authorization: `Bearer ${await token('airline')}` });
    expect(airline.status).toBe(403);
  });

  it('refuses an operator, a POST without CSRF, TLP:RED, an unknown attack or recipient, and pseudonymisation without a key', async () => {
    const body = { attackId: 'atk-pub-1', recipients: [f.orgs.bank], tlp: 'amber' };
    expect((await f.call(f.users.airline, 'POST', '/api/v1/intel/publish', body)).status).toBe(403);
    expect((await f.call({ cookie: f.users.analyst!.cookie, csrf: '' }, 'POST', '/api/v1/intel/publish', body)).status).toBe(403);
    const red = await f.call(f.users.analyst, 'POST', '/api/v1/intel/publish', { ...body, tlp: 'red' });
    expect([red.status, (red.body as { code: string }).code]).toEqual([400, 'SAKIMORI_ERR_INTEL_PUBLISH_MARKING']);
    expect((await f.call(f.users.analyst, 'POST', '/api/v1/intel/publish', { ...body, attackId: 'atk-none' })).status).toBe(404);
    const nobody = await f.call(f.users.analyst, 'POST', '/api/v1/intel/publish', { ...body, recipients: ['org-none'] });
    expect((nobody.body as { code: string }).code).toBe('SAKIMORI_ERR_INTEL_PUBLISH_RECIPIENT');
    const noKey = await f.call(f.users.analyst, 'POST', '/api/v1/intel/publish', { ...body, pseudonymise: true });
    expect((noKey.body as { code: string }).code).toBe('SAKIMORI_ERR_INTEL_PUBLISH_NO_KEY');
    expect((await f.call(f.users.analyst, 'POST', '/api/v1/intel/publish', { ...body, extra: 1 })).status).toBe(400);
  });
});
