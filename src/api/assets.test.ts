/**
 * Operators' assets over the API, tried the way around each rule: an operator writing for another
 * organisation, reading or changing another's asset by id, a regulator writing or reading outside its
 * sector, an import with one bad row or a document that is not CycloneDX (nothing stored), and the
 * notification deadline the regulator sees.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../core/clock.js';
import { startApiFixture, type ApiFixture } from './testing/api-fixture.js';

const testdata = (name: string) => readFileSync(new URL(`../cooperation/assets/testdata/${name}`, import.meta.url), 'utf8');

interface AssetBody {
  readonly id: string;
  readonly organizationId: string;
  readonly cpe: string | null;
}

describe('operators’ assets over the API', () => {
  let f: ApiFixture;
  let airlineAsset: AssetBody;
  beforeAll(async () => {
    f = await startApiFixture({ dialect: 'sqlite', manualClock: true });
  });
  afterAll(async () => {
    await f?.stop();
  });
  const count = async (org: string) =>
    (
      await f.platform.storage.db
        .selectFrom('operator_assets')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('organization_id', '=', org)
        .executeTakeFirstOrThrow()
    ).n;

  it('lets an operator register its own asset, the CPE written as a 2.2 URI normalised, and audits it', async () => {
    const r = await f.call(f.users.airline, 'POST', '/api/v1/assets', {
      vendor: 'Fortinet',
      product: 'FortiGate',
      version: '7.2.4',
      cpe: 'cpe:/o:fortinet:fortios:7.2.4',
      role: 'vpn-gateway',
      site: 'Haneda DC',
      addresses: ['192.0.2.10'],
      introducedOn: '2026-04-20',
      status: 'in-service',
    });
    expect(r.body).toMatchObject({ id: expect.any(String) });
    expect(r.status).toBe(201);
    airlineAsset = r.body as AssetBody;
    expect(airlineAsset).toMatchObject({ organizationId: f.orgs.airline, cpe: 'cpe:2.3:o:fortinet:fortios:7.2.4:*:*:*:*:*:*:*' });
    await f.platform.audit.flush();
    const page = (await f.call(f.users.auditor, 'GET', '/api/v1/audit/entries?limit=1000&cursor=0')).body as { items: { entry: { action: string; subjects: { id: string }[] } }[] };
    expect(page.items.some((i) => i.entry.action === 'asset.change' && i.entry.subjects.some((x) => x.id === airlineAsset.id))).toBe(true);
  });

  it('refuses an introduction in the future with a coded error, storing nothing', async () => {
    const before = await count(f.orgs.airline);
    const r = await f.call(f.users.airline, 'POST', '/api/v1/assets', { vendor: 'x', product: 'y', version: '1', role: 'server', introducedOn: '2099-01-01', status: 'in-service' });
    expect(r).toMatchObject({ status: 400, body: { code: 'SAKIMORI_ERR_ASSET_DATE' } });
    expect(await count(f.orgs.airline)).toBe(before);
  });

  it('refuses an operator writing for another organisation, and answers another’s asset as unknown', async () => {
    const before = await count(f.orgs.bank);
    const r = await f.call(f.users.airline, 'POST', '/api/v1/assets', {
      organizationId: f.orgs.bank,
      vendor: 'x',
      product: 'y',
      version: '1',
      role: 'server',
      introducedOn: '2026-04-20',
      status: 'in-service',
    });
    expect(r.status).toBe(404);
    expect(await count(f.orgs.bank)).toBe(before);
    expect((await f.call(f.users.bank, 'GET', `/api/v1/assets/${airlineAsset.id}`)).status).toBe(404);
    expect((await f.call(f.users.bank, 'PATCH', `/api/v1/assets/${airlineAsset.id}`, { site: 'elsewhere' })).status).toBe(404);
    expect((await f.call(f.users.bank, 'POST', `/api/v1/assets/${airlineAsset.id}/notification`, { notifiedAt: f.clock.now() })).status).toBe(404);
    const bankList = (await f.call(f.users.bank, 'GET', '/api/v1/assets')).body as { items: AssetBody[] };
    expect(bankList.items.map((a) => a.id)).not.toContain(airlineAsset.id);
    // Asking by organisation outside the scope yields nothing rather than the other organisation's list.
    expect(((await f.call(f.users.bank, 'GET', `/api/v1/assets?organizationId=${f.orgs.airline}`)).body as { items: unknown[] }).items).toEqual([]);
  });

  it('imports a CycloneDX SBOM once (a second import adds nothing) and refuses SPDX and a CSV with a bad row, storing nothing', async () => {
    const sbom = testdata('substation-gateway.cdx.json');
    const first = await f.call(f.users.airline, 'POST', '/api/v1/assets/import', { format: 'cyclonedx', content: sbom, introducedOn: '2026-04-25', role: 'ot-controller' });
    expect(first.status).toBe(200);
    expect((first.body as { created: number }).created).toBeGreaterThan(0);
    const before = await count(f.orgs.airline);
    const again = await f.call(f.users.airline, 'POST', '/api/v1/assets/import', { format: 'cyclonedx', content: sbom, introducedOn: '2026-04-25', role: 'ot-controller' });
    expect(again.body).toMatchObject({ created: 0 });
    const spdx = await f.call(f.users.airline, 'POST', '/api/v1/assets/import', { format: 'cyclonedx', content: testdata('spdx-2.3.json'), introducedOn: '2026-04-25' });
    expect(spdx).toMatchObject({ status: 400, body: { code: 'SAKIMORI_ERR_SBOM_INVALID' } });
    const csv = 'vendor,product,version,cpe,introduced_on,status\nCisco,IOS XE,17.9.4,,2026-10-01,in-service\nJuniper,Junos,22.4,cpe:2.3:o:juniper:junos:22.4:*:*:*:*:*:*,2026-10-01,in-service\n';
    const bad = await f.call(f.users.airline, 'POST', '/api/v1/assets/import', { format: 'csv', content: csv });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/row 3|line 3/);
    expect(await count(f.orgs.airline)).toBe(before);
  });
  it('shows the aviation regulator its sector’s assets and their notification deadline, read only', async () => {
    const list = (await f.call(f.users.regulator, 'GET', '/api/v1/assets')).body as { items: AssetBody[] };
    expect(list.items.map((a) => a.id)).toContain(airlineAsset.id);
    expect(list.items.every((a) => a.organizationId === f.orgs.airline)).toBe(true);
    expect((await f.call(f.users.regulator, 'POST', '/api/v1/assets', { vendor: 'x', product: 'y', version: '1', introducedOn: '2026-06-01', status: 'in-service' })).status).toBe(403);
    type Notifications = { items: { assetId: string; deadline: { state: string; dueLocal: string } }[] };
    // Introduced before the airline's designation (its registry entry, 2026-05-01): 6 months of designation,
    // 2026-11-01 being a Sunday, to the end of the next working day in Japan.
    const detail = (await f.call(f.users.regulator, 'GET', `/api/v1/assets/${airlineAsset.id}`)).body as { deadline: { state: string; dueLocal: string } };
    expect(detail.deadline).toMatchObject({ state: 'open', dueLocal: '2026-11-02T24:00:00+09:00' });
    expect(((await f.call(f.users.regulator, 'GET', '/api/v1/assets/notifications?state=overdue')).body as Notifications).items).toEqual([]);
    (f.clock as ManualClock).advance(40 * 86_400_000 * 5);
    // Sessions do not outlive 200 days: sign in again.
    const again = await f.signIn('regulator', f.users.regulator!.password);
    const overdue = (await f.call(again, 'GET', '/api/v1/assets/notifications?state=overdue')).body as Notifications;
    expect(overdue.items.find((x) => x.assetId === airlineAsset.id)?.deadline.state).toBe('overdue');
    expect(((await f.call(again, 'GET', `/api/v1/assets/notifications?organizationId=${f.orgs.bank}`)).body as { items: unknown[] }).items).toEqual([]);
  });
});
