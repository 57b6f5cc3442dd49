/**
 * Scope and personal data over HTTP: operators never see another operator's data, regulators only
 * their sector, attacker addresses appear only through a purpose-bound read (which is audited and
 * refused outside the case's scope), and nobody can approve their own request.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeExternal, tcpAvailable, TEST_PG_URL } from '../testing/external.js';
import { startApiFixture, type ApiFixture } from './testing/api-fixture.js';
import { buildWorld, type World } from './testing/world.js';

type Items<T = Record<string, unknown>> = { items: T[]; next: string | null };

const pg = new URL(TEST_PG_URL);
const PG_MISSING = (await tcpAvailable(pg.hostname, Number(pg.port || 5432))) ? [] : [`PostgreSQL at ${pg.host} (set SAKIMORI_TEST_PG_URL)`];

// The whole platform on each storage engine: the scoping queries run on SQLite and PostgreSQL.
describe('scope and personal data [sqlite]', () => scopeTests('sqlite'));
describeExternal('scope and personal data [postgres]', PG_MISSING, () => scopeTests('postgres'));

function scopeTests(dialect: 'sqlite' | 'postgres'): void {
  let f: ApiFixture;
  let w: World;
  beforeAll(async () => {
    f = await startApiFixture({ dialect, overrides: { api: { signIn: { addressAttempts: 10_000 } } } });
    w = await buildWorld(f);
  });
  afterAll(async () => {
    await f?.stop();
  });

  it("an operator sees only its own organisation's attacks, networks, rates, organisation and contacts", async () => {
    const bank = f.users.bank!;
    const attacks = (await f.call(bank, 'GET', '/api/v1/attacks')).body as Items<{ organizationId: string }>;
    expect(attacks.items.map((a) => a.organizationId)).toEqual([f.orgs.bank]);
    expect(((await f.call(bank, 'GET', `/api/v1/attacks?organizationId=${f.orgs.airline}`)).body as Items).items).toEqual([]);
    // By network: the analyst gets the airline network's attacks only; the bank never gets the airline's.
    const byNet = (await f.call(f.users.analyst, 'GET', `/api/v1/attacks?networkId=${w.airlineNet}`)).body as Items<{ id: string; networkId: string }>;
    expect(byNet.items.map((a) => a.id).sort()).toEqual([w.activeAttack, w.endedAttack].sort());
    expect(byNet.items.every((a) => a.networkId === w.airlineNet)).toBe(true);
    expect(((await f.call(bank, 'GET', `/api/v1/attacks?networkId=${w.airlineNet}`)).body as Items).items).toEqual([]);
    const orgs = (await f.call(bank, 'GET', '/api/v1/organizations')).body as Items<{ id: string; contact: unknown }>;
    expect(orgs.items.map((o) => o.id)).toEqual([f.orgs.bank]);
    expect(orgs.items[0]!.contact).toMatchObject({ email: 'csirt@minato-bank.example' });
    const nets = (await f.call(bank, 'GET', '/api/v1/networks')).body as Items<{ organizationId: string }>;
    expect(new Set(nets.items.map((n) => n.organizationId))).toEqual(new Set([f.orgs.bank]));
    const rates = (await f.call(bank, 'GET', '/api/v1/rates?seconds=5')).body as Items<{ organizationId: string }>;
    expect(new Set(rates.items.map((n) => n.organizationId))).toEqual(new Set([f.orgs.bank]));
    expect((await f.call(bank, 'GET', `/api/v1/attacks/${w.endedAttack}`)).body).toMatchObject({ code: 'SAKIMORI_ERR_ATTACK_NOT_FOUND' });
  });

  it('a sector regulator sees its sector only, without contacts', async () => {
    const orgs = (await f.call(f.users.regulator, 'GET', '/api/v1/organizations')).body as Items<{ id: string; contact: unknown }>;
    expect(orgs.items).toEqual([expect.objectContaining({ id: f.orgs.airline, contact: null })]);
    const attacks = (await f.call(f.users.regulator, 'GET', '/api/v1/attacks')).body as Items<{ organizationId: string }>;
    expect(new Set(attacks.items.map((a) => a.organizationId))).toEqual(new Set([f.orgs.airline]));
  });

  it('attack lists and details show sources only as /24 with country and ASN; full addresses need a case and a purpose', async () => {
    const analyst = f.users.analyst!;
    const list = await f.call(analyst, 'GET', '/api/v1/attacks?state=ended');
    const detail = await f.call(analyst, 'GET', `/api/v1/attacks/${w.endedAttack}`);
    for (const text of [list.text, detail.text]) expect(text).not.toMatch(/100\.64\.[12]\.(10|11|20)\b/);
    expect((detail.body as { topSources: unknown[] }).topSources[0]).toEqual({
      prefix: '100.64.1.0/24',
      country: 'ZZ',
      asn: 64512,
      packets: 3000,
      bytes: 1_500_000,
      packetShare: 0.5,
      byteShare: 0.5,
      vectors: ['udp_flood'],
    });

    const ok = await f.call(analyst, 'GET', `/api/v1/attacks/${w.endedAttack}/attackers?caseId=${w.caseId}&purpose=incident_response&prefix=100.64.1.0/24`);
    expect((ok.body as Items<{ address: string }>).items.map((a) => a.address)).toEqual(['100.64.1.10', '100.64.1.11']);
    const outside = await f.call(analyst, 'GET', `/api/v1/attacks/${w.endedAttack}/attackers?caseId=${w.seriousCaseId}&purpose=incident_response&prefix=100.64.1.0/24`);
    expect(outside).toMatchObject({ status: 403, body: { code: 'SAKIMORI_ERR_ACCESS_OUT_OF_SCOPE' } });
    const noCase = await f.call(analyst, 'GET', `/api/v1/attacks/${w.endedAttack}/attackers?purpose=incident_response&prefix=100.64.1.0/24`);
    expect(noCase).toMatchObject({ status: 403, body: { code: 'SAKIMORI_ERR_ACCESS_CASE_REQUIRED' } });
    // The commission inspects, it does not investigate.
    const wrongPurpose = await f.call(f.users.commission1, 'GET', `/api/v1/attacks/${w.endedAttack}/attackers?caseId=${w.caseId}&purpose=incident_response&prefix=100.64.1.0/24`);
    expect(wrongPurpose).toMatchObject({ status: 403, body: { code: 'SAKIMORI_ERR_ACCESS_ROLE' } });

    // Every look is in the audit log: granted with the case and purpose, refused with the code.
    await f.platform.audit.flush();
    const entries = (await f.call(f.users.auditor, 'GET', `/api/v1/audit/entries?from=0&limit=1000`)).body as Items<{
      entry: { action: string; outcome: string; purpose?: unknown; details: Record<string, unknown> };
    }>;
    const reads = entries.items.map((e) => e.entry).filter((e) => e.action === 'data.read' && e.details['resource'] === 'attackers');
    expect(reads.map((e) => e.outcome)).toEqual(['success', 'denied', 'denied', 'denied']);
    expect(reads[0]).toMatchObject({ purpose: { case: w.caseId, purpose: 'incident_response' }, details: { rows: 2 } });
    expect(JSON.stringify(entries)).not.toContain('100.64.1.10');
  });

  it('nobody can approve their own request, even after being made a commission member', async () => {
    expect((await f.call(f.users.admin, 'POST', '/api/v1/users', { username: 'both', password: 'a fine passphrase 1', roles: ['designated_officer', 'commission_member'] })).status).toBe(400);
    const officer = f.users.officer!;
    const made = await f.call(officer, 'POST', '/api/v1/requests', {
      caseId: w.caseId,
      action: { mechanism: 'dns_rpz', domains: ['c2-self.example'] },
      durationSeconds: 3600,
      justification: 'C2',
      harm: { life: 'none', body: 'none', property: 'low' },
      urgency: 'urgent',
    });
    const view = made.body as { request: { id: string; digest: string } };
    expect(made.status).toBe(201);
    expect((await f.call(f.users.admin, 'PATCH', `/api/v1/users/${officer.id}`, { roles: ['commission_member'] })).status).toBe(200);
    // An admin's grant of commission_member holds once a sitting member confirms it.
    const grant = (await f.platform.api.accounts.listRoleGrants({ state: 'pending', limit: 100 })).items.find((g) => g.userId === officer.id)!;
    expect((await f.call(f.users.commission1, 'POST', `/api/v1/commission/role-grants/${grant.id}/confirm`)).status).toBe(200);
    const s = await f.signIn(officer.username, officer.password);
    const vote = await f.call({ ...officer, cookie: s.cookie, csrf: s.csrf }, 'POST', `/api/v1/requests/${view.request.id}/votes`, { decision: 'approve', digest: view.request.digest });
    expect(vote).toMatchObject({ status: 403, body: { code: 'SAKIMORI_ERR_APPROVAL_SELF_VOTE' } });
    await f.call(f.users.admin, 'PATCH', `/api/v1/users/${officer.id}`, { roles: ['designated_officer'] });
  });

  it('votes are bound to the digest shown: the digest document hashes to it, and a stale digest is refused', async () => {
    const r = await w.pendingRequest();
    const got = (await f.call(f.users.commission1, 'GET', `/api/v1/requests/${r.id}`)).body as { request: { digest: string }; digestDocument: string; quorum: number };
    expect(createHash('sha256').update(got.digestDocument).digest('hex')).toBe(got.request.digest);
    expect(got.quorum).toBe(2);
    const stale = await f.call(f.users.commission1, 'POST', `/api/v1/requests/${r.id}/votes`, { decision: 'approve', digest: 'f'.repeat(64) });
    expect(stale).toMatchObject({ status: 409, body: { code: 'SAKIMORI_ERR_APPROVAL_DIGEST_MISMATCH' } });
    const one = await f.call(f.users.commission1, 'POST', `/api/v1/requests/${r.id}/votes`, { decision: 'approve', digest: r.digest });
    expect(one.body).toMatchObject({ approvals: 1, request: { state: 'pending_approval' } });
    const two = await f.call(f.users.commission2, 'POST', `/api/v1/requests/${r.id}/votes`, { decision: 'approve', digest: r.digest });
    expect(two.body).toMatchObject({ approvals: 2, request: { state: 'active' }, execution: { state: 'active' } });
    const targets = (await f.call(f.users.analyst, 'GET', `/api/v1/requests/${r.id}/targets`)).body as Items<{ state: string; peer: string }>;
    expect(targets.items.length).toBeGreaterThan(0);
    expect(targets.items.every((t) => t.state === 'active')).toBe(true);
    const executions = (await f.call(f.users.analyst, 'GET', '/api/v1/executions?state=active')).body as Items<{ requestId: string; targets: { state: string; n: number }[] }>;
    expect(executions.items.find((e) => e.requestId === r.id)?.targets).toEqual([expect.objectContaining({ state: 'active' })]);
  });
}
