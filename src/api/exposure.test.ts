/**
 * Exposure and advisories over the API on the real platform: the demo's records imported, assets
 * registered through the API, findings matched. Each rule tried the way around it: an operator
 * asking for another organisation's findings (by filter, by CVE), a regulator outside its sector,
 * an operator reaching another's advisory by id, answering for another's asset.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiFixture, type ApiFixture } from './testing/api-fixture.js';

const demo = (name: string) => readFileSync(new URL(`../../scenarios/demo-vulns/${name}`, import.meta.url), 'utf8');

interface Finding {
  readonly assetId: string;
  readonly organizationId: string;
  readonly cve: string;
  readonly certainty: string;
  readonly priority: number;
  readonly band: string;
  readonly kev: boolean;
  readonly why: string;
  readonly factors: { readonly exploitation: { readonly kev: boolean; readonly ransomware: boolean } };
}

describe('exposure and advisories over the API', () => {
  let f: ApiFixture;
  let gateway: string;
  let ivanti: string;
  const findings = async (who: keyof ApiFixture['users'], query = '') => {
    const r = await f.call(f.users[who], 'GET', `/api/v1/exposure/findings${query}`);
    expect(r.status).toBe(200);
    return (r.body as { items: Finding[] }).items;
  };
  const asset = async (organizationId: string, body: Record<string, unknown>) =>
    ((await f.call(f.users.analyst, 'POST', '/api/v1/assets', { organizationId, role: 'vpn-gateway', introducedOn: '2026-01-10', status: 'in-service', ...body })).body as { id: string }).id;

  beforeAll(async () => {
    f = await startApiFixture({ dialect: 'sqlite' });
    gateway = await asset(f.orgs.airline, { vendor: 'Fortinet', product: 'FortiGate', version: '7.2.4', cpe: 'cpe:2.3:o:fortinet:fortios:7.2.4:*:*:*:*:*:*:*' });
    ivanti = await asset(f.orgs.bank, { vendor: 'Ivanti', product: 'Connect Secure', version: '22.7R2.3', cpe: 'cpe:2.3:a:ivanti:connect_secure:22.7:r2.3:*:*:*:*:*:*' });
    // A patched gateway and a Log4j 2.17.1 (fixed): no finding for either.
    await asset(f.orgs.airline, { vendor: 'Fortinet', product: 'FortiGate', version: '7.2.7', cpe: 'cpe:2.3:o:fortinet:fortios:7.2.7:*:*:*:*:*:*:*', site: 'Narita' });
    await asset(f.orgs.airline, { vendor: 'Apache', product: 'Log4j', version: '2.17.1', cpe: 'cpe:2.3:a:apache:log4j:2.17.1:*:*:*:*:*:*:*', role: 'server' });
    await f.platform.exposure.refresh();
    for (const [kind, name] of [
      ['nvd', 'nvd-page.json'],
      ['kev-json', 'kev.json'],
      ['epss', 'epss.csv'],
    ] as const)
      await f.platform.exposure.importDocument({ kind, text: demo(name), origin: name });
  });
  afterAll(async () => {
    await f?.stop();
  });

  it('shows each operator its own findings only, with why and the priority factors', async () => {
    const airline = await findings('airline');
    expect(airline.map((x) => [x.assetId, x.cve]).sort()).toEqual([
      [gateway, 'CVE-2023-27997'],
      [gateway, 'CVE-2024-21762'],
    ]);
    expect(airline[0]).toMatchObject({ certainty: 'confirmed', kev: true, band: 'critical', factors: { exploitation: { kev: true, ransomware: true } } });
    expect(airline[0]?.why).toMatch(/^fortios 7\.2\.4 is in \[7\.2\.0, 7\.2\./);
    expect((await findings('bank')).map((x) => [x.assetId, x.cve])).toEqual([[ivanti, 'CVE-2025-0282']]);
    // The bank asking for the airline's findings, by organisation or by CVE, gets nothing.
    expect(await findings('bank', `?organizationId=${f.orgs.airline}`)).toEqual([]);
    expect(await findings('bank', '?cve=CVE-2023-27997')).toEqual([]);
    // The aviation regulator sees the airline, not the bank.
    expect(new Set((await findings('regulator')).map((x) => x.organizationId))).toEqual(new Set([f.orgs.airline]));
    expect((await findings('analyst')).length).toBe(3);
    expect((await findings('analyst', '?minPriority=100')).length).toBe(0);
  });

  it('summarises in scope, and serves a record with every field’s source', async () => {
    const summary = (await f.call(f.users.regulator, 'GET', '/api/v1/exposure/summary')).body as { findings: number; organizations: number; byCve: { cve: string }[] };
    expect({ findings: summary.findings, organizations: summary.organizations }).toEqual({ findings: 2, organizations: 1 });
    expect(summary.byCve.map((c) => c.cve).sort()).toEqual(['CVE-2023-27997', 'CVE-2024-21762']);
    const record = (await f.call(f.users.bank, 'GET', '/api/v1/vulns/CVE-2023-27997')).body as { kev: { source: string }; epss: { source: string }; configurations: { source: string } };
    expect({ kev: record.kev.source, epss: record.epss.source, configurations: record.configurations.source }).toEqual({ kev: 'kev', epss: 'epss', configurations: 'nvd' });
    expect((await f.call(f.users.bank, 'GET', '/api/v1/vulns/CVE-1999-0001')).body).toMatchObject({ code: 'SAKIMORI_ERR_VULN_NOT_FOUND' });
    expect((await f.call(f.users.bank, 'GET', '/api/v1/vulns/imports')).status).toBe(403);
    const runs = (await f.call(f.users.analyst, 'GET', '/api/v1/vulns/imports')).body as { source: string }[];
    expect(runs.map((r) => r.source)).toEqual(['epss', 'kev', 'nvd']);
  });

  it('drafts KEV additions for review, publishes to the exposed operator, takes its answer and acknowledgement', async () => {
    const drafts = (await f.call(f.users.analyst, 'GET', '/api/v1/advisories?status=draft')).body as { items: { id: string; cves: string[]; origin: string }[] };
    const forGateway = drafts.items.find((d) => d.cves.includes('CVE-2023-27997'));
    expect(forGateway?.origin).toBe('kev');
    expect(drafts.items.map((d) => d.cves[0]).sort()).toEqual(['CVE-2023-27997', 'CVE-2024-21762', 'CVE-2025-0282']);
    const id = forGateway?.id ?? '';
    expect((await f.call(f.users.airline, 'GET', `/api/v1/advisories/${id}`)).status).toBe(404);
    expect((await f.call(f.users.analyst, 'POST', `/api/v1/advisories/${id}/publish`)).status).toBe(200);
    expect((await f.call(f.users.bank, 'GET', `/api/v1/advisories/${id}`)).status).toBe(404);
    expect((await f.call(f.users.bank, 'POST', `/api/v1/advisories/${id}/acknowledgement`)).status).toBe(404);
    expect((await f.call(f.users.airline, 'PUT', `/api/v1/advisories/${id}/assets/${ivanti}`, { answer: 'patched' })).status).toBe(404);
    expect((await f.call(f.users.airline, 'PUT', `/api/v1/advisories/${id}/assets/${gateway}`, { answer: 'accepted-risk' })).body).toMatchObject({ code: 'SAKIMORI_ERR_ADVISORY_INVALID' });
    expect((await f.call(f.users.airline, 'PUT', `/api/v1/advisories/${id}/assets/${gateway}`, { answer: 'patched' })).status).toBe(200);
    const acked = (await f.call(f.users.airline, 'POST', `/api/v1/advisories/${id}/acknowledgement`)).body as { recipients: { state: string; answered: number }[] };
    expect(acked.recipients).toEqual([expect.objectContaining({ state: 'acknowledged', answered: 1 })]);
    const regulator = (await f.call(f.users.regulator, 'GET', `/api/v1/advisories/${id}`)).body as { recipients: { organizationId: string; state: string }[] };
    expect(regulator.recipients).toEqual([expect.objectContaining({ organizationId: f.orgs.airline, state: 'acknowledged' })]);
    // The advisory reached the airline's TAXII collection as STIX.
    const collection = await f.platform.storage.db.selectFrom('stix_collection_objects').select('object_id').where('collection_id', '=', `advisories-${f.orgs.airline}`).execute();
    expect(collection.some((o) => o.object_id.startsWith('vulnerability--'))).toBe(true);
  });
});
