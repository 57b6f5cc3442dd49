/**
 * The role matrix: every route of the API, called by every role, by an operator of another
 * organisation and anonymously, against an explicit table of expected statuses. A route added
 * without a row here fails the coverage test. 403 is a refusal by role (route or service), 404 an
 * object outside the caller's scope, 409 a call its role may make but the object's state forbids.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../core/roles.js';
import { startApiFixture, type ApiFixture, type TestUser } from './testing/api-fixture.js';
import { INTEL, seedIntel } from './testing/intel-world.js';
import { ACTIVE_SOURCES, buildWorld, type World } from './testing/world.js';

let emergencyCalls = 0;

const WHO = ['analyst', 'officer', 'defence', 'commission1', 'airline', 'bank', 'regulator', 'auditor', 'partner', 'admin', 'anon'] as const;
type Who = (typeof WHO)[number];
type Row = Record<Who, number>;

/** `allowed` statuses for the listed principals; 403 for other roles; 401 anonymously (unless public). */
function row(allowed: Partial<Record<Who, number>>, anon = 401): Row {
  return Object.fromEntries(WHO.map((w) => [w, allowed[w] ?? (w === 'anon' ? anon : 403)])) as Row;
}
const all = (status: number): Partial<Record<Who, number>> => Object.fromEntries(WHO.filter((w) => w !== 'anon').map((w) => [w, status]));
const ops = (status: number) => ({ analyst: status, officer: status, defence: status, commission1: status });
const workers = (status: number) => ({ analyst: status, officer: status, defence: status });
const traffic = (status: number) => ({ ...ops(status), airline: status, bank: status, regulator: status });

interface Call {
  readonly method: string;
  readonly url: string;
  readonly body?: unknown;
  /** Credentials to use instead of the principal's own (a fresh session). */
  readonly as?: TestUser;
  /** Stream: checked over a real socket, reading only the status. */
  readonly stream?: boolean;
}

interface Route {
  readonly expect: Row;
  call(who: Who, w: World, f: ApiFixture): Promise<Call>;
}

const purposeOf = (who: Who) => (who === 'commission1' ? 'oversight_inspection' : 'incident_response');

const ROUTES: Record<string, Route> = {
  'POST /api/v1/auth/sign-in': { expect: row(all(200), 200), call: async () => ({ method: 'POST', url: '/api/v1/auth/sign-in', body: { username: 'auditor', password: 'auditor-test-password' } }) },
  // Not a demo installation: the demo accounts are not listed to anyone.
  'GET /api/v1/auth/demo': { expect: row(all(404), 404), call: async () => ({ method: 'GET', url: '/api/v1/auth/demo' }) },
  'GET /api/v1/auth/session': { expect: row(all(200)), call: async () => ({ method: 'GET', url: '/api/v1/auth/session' }) },
  'POST /api/v1/auth/sign-out': {
    expect: row(all(204)),
    call: async (who, _w, f) => ({ method: 'POST', url: '/api/v1/auth/sign-out', ...(who === 'anon' ? {} : { as: await fresh(f, who) }) }),
  },
  'POST /api/v1/auth/password': {
    expect: row(all(204)),
    call: async (who, _w, f) => {
      const u = who === 'anon' ? undefined : f.users[who]!;
      return {
        method: 'POST',
        url: '/api/v1/auth/password',
        body: { currentPassword: u?.password ?? 'x', newPassword: u?.password ?? 'xxxxxxxxxxxxxxx' },
        ...(u === undefined ? {} : { as: await fresh(f, who) }),
      };
    },
  },
  'GET /api/v1/users': { expect: row({ admin: 200 }), call: async () => ({ method: 'GET', url: '/api/v1/users' }) },
  'POST /api/v1/users': {
    expect: row({ admin: 201 }),
    call: async (_who, w) => ({ method: 'POST', url: '/api/v1/users', body: { username: `u${w.unique()}`, password: 'a fine passphrase 1', roles: ['auditor'] } }),
  },
  'PATCH /api/v1/users/{id}': { expect: row({ admin: 200 }), call: async (_who, _w, f) => ({ method: 'PATCH', url: `/api/v1/users/${f.users.partner!.id}`, body: { displayName: 'Partner feed' } }) },
  // Tokens belong to their creator: anyone signed in lists and mints their own; only their owner and admins revoke one.
  'GET /api/v1/tokens': { expect: row(all(200)), call: async () => ({ method: 'GET', url: '/api/v1/tokens' }) },
  'POST /api/v1/tokens': { expect: row(all(201)), call: async () => ({ method: 'POST', url: '/api/v1/tokens', body: { name: 'feed' } }) },
  'DELETE /api/v1/tokens/{id}': {
    expect: row({ ...all(404), partner: 204, admin: 204 }),
    call: async (_who, _w, f) => ({
      method: 'DELETE',
      url: `/api/v1/tokens/${((await f.call(f.users.partner, 'POST', '/api/v1/tokens', { name: 'old' })).body as { record: { id: string } }).record.id}`,
    }),
  },
  'GET /api/v1/commission/role-grants': { expect: row({ commission1: 200, admin: 200 }), call: async () => ({ method: 'GET', url: '/api/v1/commission/role-grants' }) },
  'POST /api/v1/commission/role-grants/{id}/confirm': {
    expect: row({ commission1: 200 }),
    call: async (_who, w, f) => ({ method: 'POST', url: `/api/v1/commission/role-grants/${await newGrant(f, w)}/confirm` }),
  },
  'POST /api/v1/commission/role-grants/{id}/decline': {
    expect: row({ commission1: 200 }),
    call: async (_who, w, f) => ({ method: 'POST', url: `/api/v1/commission/role-grants/${await newGrant(f, w)}/decline` }),
  },
  'GET /api/v1/organizations': { expect: row({ ...traffic(200), admin: 200 }), call: async () => ({ method: 'GET', url: '/api/v1/organizations' }) },
  'GET /api/v1/organizations/{id}': { expect: row({ ...traffic(200), bank: 404, admin: 200 }), call: async (_who, _w, f) => ({ method: 'GET', url: `/api/v1/organizations/${f.orgs.airline}` }) },
  'POST /api/v1/organizations': {
    expect: row({ analyst: 201, admin: 201 }),
    call: async (_who, w) => ({ method: 'POST', url: '/api/v1/organizations', body: { name: `Org ${w.unique()}`, sector: 'water' } }),
  },
  'PATCH /api/v1/organizations/{id}': {
    expect: row({ analyst: 200, admin: 200 }),
    call: async (_who, w) => ({ method: 'PATCH', url: `/api/v1/organizations/${w.testOrg}`, body: { contactPhone: '+81 3 0000 0000' } }),
  },
  'GET /api/v1/networks': { expect: row({ ...traffic(200), admin: 200 }), call: async () => ({ method: 'GET', url: '/api/v1/networks' }) },
  'GET /api/v1/networks/{id}': { expect: row({ ...traffic(200), bank: 404, admin: 200 }), call: async (_who, w) => ({ method: 'GET', url: `/api/v1/networks/${w.airlineNet}` }) },
  'POST /api/v1/networks': {
    expect: row({ analyst: 201, admin: 201 }),
    call: async (_who, w) => ({ method: 'POST', url: '/api/v1/networks', body: { organizationId: w.testOrg, prefix: nextPrefix(), name: 'plant' } }),
  },
  'PATCH /api/v1/networks/{id}': {
    expect: row({ analyst: 200, admin: 200 }),
    call: async (_who, w) => ({ method: 'PATCH', url: `/api/v1/networks/${w.airlineNet}`, body: { description: 'booking' } }),
  },
  'DELETE /api/v1/networks/{id}': {
    expect: row({ analyst: 204, admin: 204 }),
    call: async (_who, w, f) => ({
      method: 'DELETE',
      url: `/api/v1/networks/${((await f.call(f.users.admin, 'POST', '/api/v1/networks', { organizationId: w.testOrg, prefix: nextPrefix() })).body as { id: string }).id}`,
    }),
  },
  'GET /api/v1/exporters': { expect: row({ analyst: 200, admin: 200 }), call: async () => ({ method: 'GET', url: '/api/v1/exporters' }) },
  'GET /api/v1/rates': { expect: row(traffic(200)), call: async () => ({ method: 'GET', url: '/api/v1/rates?seconds=10' }) },
  'GET /api/v1/rates/{networkId}': { expect: row({ ...traffic(200), bank: 404 }), call: async (_who, w) => ({ method: 'GET', url: `/api/v1/rates/${w.airlineNet}?seconds=10` }) },
  'GET /api/v1/rates/stream': { expect: row(traffic(200)), call: async () => ({ method: 'GET', url: '/api/v1/rates/stream', stream: true }) },
  'GET /api/v1/attacks': { expect: row(traffic(200)), call: async () => ({ method: 'GET', url: '/api/v1/attacks' }) },
  'GET /api/v1/attacks/{id}': { expect: row({ ...traffic(200), bank: 404 }), call: async (_who, w) => ({ method: 'GET', url: `/api/v1/attacks/${w.endedAttack}` }) },
  'GET /api/v1/attacks/{id}/attackers': {
    expect: row(ops(200)),
    call: async (who, w) => ({ method: 'GET', url: `/api/v1/attacks/${w.endedAttack}/attackers?caseId=${w.caseId}&purpose=${purposeOf(who)}&prefix=100.64.0.0/16` }),
  },
  'GET /api/v1/sightings': { expect: row({ ...ops(200), airline: 200, bank: 200 }), call: async () => ({ method: 'GET', url: '/api/v1/sightings' }) },
  'GET /api/v1/sightings/hosts': {
    expect: row(ops(200)),
    call: async (who, w) => ({ method: 'GET', url: `/api/v1/sightings/hosts?caseId=${w.caseId}&purpose=${purposeOf(who)}&prefix=100.64.0.0/16&from=${w.startedAt}&to=${w.startedAt + 60_000}` }),
  },
  'GET /api/v1/cases': { expect: row(ops(200)), call: async () => ({ method: 'GET', url: '/api/v1/cases' }) },
  'POST /api/v1/cases': {
    expect: row(workers(201)),
    call: async () => ({ method: 'POST', url: '/api/v1/cases', body: { title: 'Phishing wave', evidence: [{ kind: 'indicator', ref: 'c2.example' }] } }),
  },
  'GET /api/v1/cases/{id}': { expect: row(ops(200)), call: async (_who, w) => ({ method: 'GET', url: `/api/v1/cases/${w.caseId}` }) },
  'PATCH /api/v1/cases/{id}': { expect: row(workers(200)), call: async (_who, w) => ({ method: 'PATCH', url: `/api/v1/cases/${w.caseId}`, body: { assignee: 'analyst' } }) },
  'POST /api/v1/cases/{id}/transition': { expect: row(workers(200)), call: async (_who, w) => ({ method: 'POST', url: `/api/v1/cases/${await w.newCase()}/transition`, body: { to: 'contained' } }) },
  'POST /api/v1/cases/{id}/evidence': {
    expect: row(workers(201)),
    call: async (_who, w) => ({ method: 'POST', url: `/api/v1/cases/${w.caseId}/evidence`, body: { kind: 'indicator', ref: `c2-${w.unique()}.example` } }),
  },
  // Case writes are for the case workers: the commission inspects cases, it does not work them.
  'POST /api/v1/cases/{id}/notes': { expect: row(workers(201)), call: async (_who, w) => ({ method: 'POST', url: `/api/v1/cases/${w.caseId}/notes`, body: { text: 'looked at it' } }) },
  'GET /api/v1/cases/{id}/scope': { expect: row(ops(200)), call: async (_who, w) => ({ method: 'GET', url: `/api/v1/cases/${w.caseId}/scope` }) },
  // Only a case's creator or assignee changes its scope: each case worker does so on a case of their own.
  'POST /api/v1/cases/{id}/scope': {
    expect: row(workers(201)),
    call: async (who, w, f) => ({ method: 'POST', url: `/api/v1/cases/${(await ownCase(f, w, who)).id}/scope`, body: { prefix: '100.96.0.0/16', from: w.startedAt, to: null } }),
  },
  'DELETE /api/v1/cases/{id}/scope/{scopeId}': {
    expect: row(workers(204)),
    call: async (who, w, f) => {
      const c = await ownCase(f, w, who);
      const s = await f.platform.oversight.scopes.add(c.owner, c.id, { prefix: '100.96.0.0/16', from: w.startedAt, to: null });
      return { method: 'DELETE', url: `/api/v1/cases/${c.id}/scope/${s.id}` };
    },
  },
  'POST /api/v1/cases/{id}/scope/{scopeId}/decision': {
    expect: row({ commission1: 200 }),
    call: async (_who, w, f) => {
      const c = await w.newCase();
      const s = await f.platform.oversight.scopes.add(w.actor(f.users.analyst!), c, { prefix: '100.0.0.0/8', from: w.startedAt, to: null });
      return { method: 'POST', url: `/api/v1/cases/${c}/scope/${s.id}/decision`, body: { decision: 'approve' } };
    },
  },
  'GET /api/v1/catalogue': { expect: row(ops(200)), call: async () => ({ method: 'GET', url: '/api/v1/catalogue' }) },
  'GET /api/v1/requests': { expect: row(ops(200)), call: async () => ({ method: 'GET', url: '/api/v1/requests' }) },
  // dns_rpz is for officers: an analyst may only request notices (refused by the service).
  'POST /api/v1/requests': {
    expect: row({ analyst: 403, officer: 201, defence: 201 }),
    call: async (_who, w) => ({
      method: 'POST',
      url: '/api/v1/requests',
      body: {
        caseId: w.caseId,
        action: { mechanism: 'dns_rpz', domains: [`c2-${w.unique()}.example`] },
        durationSeconds: 3600,
        justification: 'botnet C2',
        harm: { life: 'none', body: 'none', property: 'low' },
        urgency: 'urgent',
      },
    }),
  },
  'GET /api/v1/requests/{id}': { expect: row(ops(200)), call: async (_who, w) => ({ method: 'GET', url: `/api/v1/requests/${(await w.pendingRequest()).id}` }) },
  'PUT /api/v1/requests/{id}': {
    expect: row({ analyst: 403, officer: 200, defence: 403 }),
    call: async (_who, w) => ({
      method: 'PUT',
      url: `/api/v1/requests/${(await w.pendingRequest()).id}`,
      body: {
        caseId: w.caseId,
        action: { mechanism: 'dns_rpz', domains: [`c2-${w.unique()}.example`] },
        durationSeconds: 1800,
        justification: 'shorter',
        harm: { life: 'none', body: 'none', property: 'low' },
        urgency: 'urgent',
      },
    }),
  },
  'POST /api/v1/requests/{id}/cancel': {
    expect: row({ analyst: 403, officer: 200, defence: 403 }),
    call: async (_who, w) => ({ method: 'POST', url: `/api/v1/requests/${(await w.pendingRequest()).id}/cancel`, body: { reason: 'no longer needed' } }),
  },
  'POST /api/v1/requests/{id}/votes': {
    expect: row({ commission1: 200 }),
    call: async (_who, w) => {
      const r = await w.pendingRequest();
      return { method: 'POST', url: `/api/v1/requests/${r.id}/votes`, body: { decision: 'approve', digest: r.digest } };
    },
  },
  'POST /api/v1/requests/{id}/gates': {
    expect: row({ analyst: 200, officer: 200, defence: 403 }),
    call: async (_who, w) => ({ method: 'POST', url: `/api/v1/requests/${(await w.pendingRequest(true)).id}/gates`, body: { gate: 'national_security_council_review', reference: 'NSC-2026-17' } }),
  },
  'POST /api/v1/requests/{id}/withdraw': {
    expect: row({ analyst: 403, officer: 200, defence: 403, commission1: 200 }),
    call: async (_who, w) => ({ method: 'POST', url: `/api/v1/requests/${await w.activeRequest()}/withdraw`, body: { reason: 'attack over' } }),
  },
  'POST /api/v1/requests/{id}/retry': {
    expect: row({ analyst: 403, officer: 409, defence: 403 }),
    call: async (_who, w) => ({ method: 'POST', url: `/api/v1/requests/${(await w.pendingRequest()).id}/retry` }),
  },
  'POST /api/v1/requests/{id}/outcome': {
    expect: row({ officer: 409, defence: 403 }),
    call: async (_who, w) => ({ method: 'POST', url: `/api/v1/requests/${await w.activeRequest()}/outcome`, body: { outcome: 'neutralised', report: 'done' } }),
  },
  'GET /api/v1/requests/{id}/targets': { expect: row(ops(200)), call: async (_who, w) => ({ method: 'GET', url: `/api/v1/requests/${await w.activeRequest()}/targets` }) },
  // A defence unit acts only on the Prime Minister's order, a gate the emergency path cannot satisfy (409).
  'POST /api/v1/emergency': {
    expect: row({ officer: 201, defence: 409 }),
    call: async (_who, w) => ({
      method: 'POST',
      url: '/api/v1/emergency',
      body: {
        caseId: w.caseId,
        action: { mechanism: 'blocklist', prefixes: [ACTIVE_SOURCES[40 + (emergencyCalls++ % 20)]] },
        durationSeconds: 1800,
        justification: 'attack under way',
        harm: { life: 'none', body: 'none', property: 'low' },
        urgency: 'immediate',
        evidence: [{ kind: 'attack', ref: w.activeAttack }],
        gates: { prime_minister_order: 'PMO-2026-3' },
      },
    }),
  },
  'GET /api/v1/emergency': { expect: row(ops(200)), call: async () => ({ method: 'GET', url: '/api/v1/emergency?review=pending' }) },
  'POST /api/v1/emergency/{id}/review': {
    expect: row({ commission1: 200 }),
    call: async (_who, w) => ({ method: 'POST', url: `/api/v1/emergency/${await w.emergencyAction()}/review`, body: { outcome: 'upheld' } }),
  },
  'GET /api/v1/executions': { expect: row(ops(200)), call: async () => ({ method: 'GET', url: '/api/v1/executions?state=active' }) },
  'GET /api/v1/audit/checkpoints/latest': { expect: row(all(200)), call: async () => ({ method: 'GET', url: '/api/v1/audit/checkpoints/latest' }) },
  'GET /api/v1/audit/checkpoints': { expect: row(all(200)), call: async () => ({ method: 'GET', url: '/api/v1/audit/checkpoints' }) },
  'GET /api/v1/audit/checkpoints/{size}': {
    expect: row(all(200)),
    call: async (_who, _w, f) => ({ method: 'GET', url: `/api/v1/audit/checkpoints/${(await f.platform.audit.checkpoint()).size}` }),
  },
  'GET /api/v1/audit/verifier-key': { expect: row(all(200)), call: async () => ({ method: 'GET', url: '/api/v1/audit/verifier-key' }) },
  'GET /api/v1/audit/proofs/inclusion': {
    expect: row(all(200)),
    call: async (_who, _w, f) => ({ method: 'GET', url: `/api/v1/audit/proofs/inclusion?seq=0&size=${(await f.platform.audit.checkpoint()).size}` }),
  },
  'GET /api/v1/audit/proofs/consistency': {
    expect: row(all(200)),
    call: async (_who, _w, f) => ({ method: 'GET', url: `/api/v1/audit/proofs/consistency?first=1&second=${(await f.platform.audit.checkpoint()).size}` }),
  },
  'GET /api/v1/audit/entries': { expect: row({ commission1: 200, auditor: 200 }), call: async () => ({ method: 'GET', url: '/api/v1/audit/entries?from=0&limit=5' }) },
  'GET /api/v1/reports/transparency': { expect: row(all(200)), call: async () => ({ method: 'GET', url: '/api/v1/reports/transparency?period=2026' }) },
  'GET /api/v1/reports/transparency.svg': { expect: row(all(200)), call: async () => ({ method: 'GET', url: '/api/v1/reports/transparency.svg?period=2026-Q2' }) },
  'GET /api/v1/commission/flags': { expect: row({ commission1: 200, auditor: 200 }), call: async () => ({ method: 'GET', url: '/api/v1/commission/flags' }) },
  'GET /api/v1/commission/flags/{id}': { expect: row({ commission1: 200, auditor: 200 }), call: async (_who, w, f) => ({ method: 'GET', url: `/api/v1/commission/flags/${await newFlag(f, w)}` }) },
  'POST /api/v1/commission/flags/{id}/move': {
    expect: row({ commission1: 200 }),
    call: async (_who, w, f) => ({ method: 'POST', url: `/api/v1/commission/flags/${await newFlag(f, w)}/move`, body: { state: 'acknowledged', note: 'looking into it' } }),
  },
  'GET /api/v1/commission/inspections': { expect: row({ commission1: 200, auditor: 200 }), call: async () => ({ method: 'GET', url: '/api/v1/commission/inspections' }) },
  'POST /api/v1/commission/inspections': {
    expect: row({ commission1: 201 }),
    call: async () => ({ method: 'POST', url: '/api/v1/commission/inspections', body: { title: 'Q2 data handling', scope: 'attacker list reads' } }),
  },
  'POST /api/v1/commission/inspections/{id}/findings': {
    expect: row({ commission1: 200 }),
    call: async (_who, w, f) => ({
      method: 'POST',
      url: `/api/v1/commission/inspections/${(await f.platform.oversight.commission.openInspection(w.actor(f.users.commission2!), { title: 'x', scope: 'y' })).id}/findings`,
      body: { findings: 'in order', close: true },
    }),
  },
  'GET /api/v1/commission/directives': { expect: row({ commission1: 200, auditor: 200 }), call: async () => ({ method: 'GET', url: '/api/v1/commission/directives' }) },
  'GET /api/v1/commission/directives/{id}': {
    expect: row({ commission1: 200, auditor: 200 }),
    call: async (_who, w, f) => ({ method: 'GET', url: `/api/v1/commission/directives/${await newDirective(f, w)}` }),
  },
  'POST /api/v1/commission/directives': {
    expect: row({ commission1: 201 }),
    call: async () => ({ method: 'POST', url: '/api/v1/commission/directives', body: { kind: 'recommendation', addressee: 'NCO', subject: 'Retention', body: 'Shorten it.' } }),
  },
  'POST /api/v1/commission/directives/{id}/follow-up': {
    expect: row({ commission1: 200 }),
    call: async (_who, w, f) => ({ method: 'POST', url: `/api/v1/commission/directives/${await newDirective(f, w)}/follow-up`, body: { state: 'acknowledged', note: 'received' } }),
  },
  'GET /api/v1/events': { expect: row(traffic(200)), call: async () => ({ method: 'GET', url: '/api/v1/events', stream: true }) },
  // Intel: rights come from collection grants (the airline's organisation here), not from the route;
  // a collection or object outside them answers as an unknown one.
  'GET /api/v1/assets': { expect: row({ analyst: 200, airline: 200, bank: 200, regulator: 200 }), call: async () => ({ method: 'GET', url: '/api/v1/assets' }) },
  'GET /api/v1/exposure/findings': { expect: row({ analyst: 200, airline: 200, bank: 200, regulator: 200 }), call: async () => ({ method: 'GET', url: '/api/v1/exposure/findings' }) },
  'GET /api/v1/exposure/summary': { expect: row({ analyst: 200, airline: 200, bank: 200, regulator: 200 }), call: async () => ({ method: 'GET', url: '/api/v1/exposure/summary' }) },
  'GET /api/v1/vulns/{cve}': {
    expect: row({ analyst: 200, airline: 200, bank: 200, regulator: 200 }),
    call: async (_who, _w, f) => ({ method: 'GET', url: `/api/v1/vulns/${await vulnRecord(f)}` }),
  },
  'GET /api/v1/vulns/imports': { expect: row({ analyst: 200 }), call: async () => ({ method: 'GET', url: '/api/v1/vulns/imports' }) },
  'GET /api/v1/advisories': { expect: row({ analyst: 200, airline: 200, bank: 200, regulator: 200 }), call: async () => ({ method: 'GET', url: '/api/v1/advisories' }) },
  'POST /api/v1/advisories': { expect: row({ analyst: 201 }), call: async () => ({ method: 'POST', url: '/api/v1/advisories', body: advisoryBody() }) },
  // Published to the airline only: the bank's reporter gets not-found, the aviation regulator reads it.
  'GET /api/v1/advisories/{id}': {
    expect: row({ analyst: 200, airline: 200, bank: 404, regulator: 200 }),
    call: async (_who, _w, f) => ({ method: 'GET', url: `/api/v1/advisories/${await publishedAdvisory(f)}` }),
  },
  'PATCH /api/v1/advisories/{id}': {
    expect: row({ analyst: 200 }),
    call: async (_who, _w, f) => ({ method: 'PATCH', url: `/api/v1/advisories/${await newDraft(f)}`, body: { title: 'Patch FortiOS now' } }),
  },
  'POST /api/v1/advisories/{id}/publish': { expect: row({ analyst: 200 }), call: async (_who, _w, f) => ({ method: 'POST', url: `/api/v1/advisories/${await newDraft(f)}/publish` }) },
  'POST /api/v1/advisories/{id}/withdraw': {
    expect: row({ analyst: 200 }),
    call: async (_who, _w, f) => ({ method: 'POST', url: `/api/v1/advisories/${await publish(f, await newDraft(f))}/withdraw` }),
  },
  'POST /api/v1/advisories/{id}/acknowledgement': {
    expect: row({ airline: 200, bank: 404 }),
    call: async (_who, _w, f) => ({ method: 'POST', url: `/api/v1/advisories/${await publishedAdvisory(f)}/acknowledgement` }),
  },
  'PUT /api/v1/advisories/{id}/assets/{assetId}': {
    expect: row({ airline: 200, bank: 404 }),
    call: async (_who, _w, f) => ({ method: 'PUT', url: `/api/v1/advisories/${await publishedAdvisory(f)}/assets/${await exposedAsset(f)}`, body: { answer: 'patched' } }),
  },
  'GET /api/v1/assets/notifications': { expect: row({ analyst: 200, airline: 200, bank: 200, regulator: 200 }), call: async () => ({ method: 'GET', url: '/api/v1/assets/notifications' }) },
  'GET /api/v1/assets/{id}': {
    expect: row({ analyst: 200, airline: 200, bank: 404, regulator: 200 }),
    call: async (_who, _w, f) => ({ method: 'GET', url: `/api/v1/assets/${await airlineAsset(f)}` }),
  },
  // An analyst writes for a named organisation; an operator for its own, another's reads as unknown.
  'POST /api/v1/assets': {
    expect: row({ analyst: 201, airline: 201, bank: 404 }),
    call: async (_who, w, f) => ({ method: 'POST', url: '/api/v1/assets', body: { organizationId: f.orgs.airline, ...assetBody(w) } }),
  },
  'PATCH /api/v1/assets/{id}': {
    expect: row({ analyst: 200, airline: 200, bank: 404 }),
    call: async (_who, w, f) => ({ method: 'PATCH', url: `/api/v1/assets/${await airlineAsset(f)}`, body: { site: `Site ${w.unique()}` } }),
  },
  'POST /api/v1/assets/{id}/notification': {
    expect: row({ analyst: 200, airline: 200, bank: 404 }),
    call: async (_who, _w, f) => ({ method: 'POST', url: `/api/v1/assets/${await airlineAsset(f)}/notification`, body: { notifiedAt: f.clock.now() } }),
  },
  'POST /api/v1/assets/import': {
    expect: row({ analyst: 200, airline: 200, bank: 404 }),
    call: async (_who, w, f) => ({
      method: 'POST',
      url: '/api/v1/assets/import',
      body: { organizationId: f.orgs.airline, format: 'csv', content: `vendor,product,version,introduced_on,status\nCisco,IOS XE ${w.unique()},17.9,2026-01-10,in-service\n` },
    }),
  },
  'GET /api/v1/incidents': { expect: row({ analyst: 200, airline: 200, bank: 200, regulator: 200 }), call: async () => ({ method: 'GET', url: '/api/v1/incidents' }) },
  'GET /api/v1/incidents/picture': { expect: row({ analyst: 200 }), call: async () => ({ method: 'GET', url: '/api/v1/incidents/picture' }) },
  'GET /api/v1/incidents/export.csv': { expect: row({ analyst: 200, regulator: 200 }), call: async () => ({ method: 'GET', url: '/api/v1/incidents/export.csv' }) },
  'GET /api/v1/incidents/{id}/export': {
    expect: row({ analyst: 200, airline: 200, bank: 404, regulator: 200 }),
    call: async (_who, _w, f) => ({ method: 'GET', url: `/api/v1/incidents/${await airlineIncident(f)}/export?format=html` }),
  },
  'POST /api/v1/incidents/{id}/case': { expect: row({ analyst: 201 }), call: async (_who, _w, f) => ({ method: 'POST', url: `/api/v1/incidents/${await airlineIncident(f)}/case`, body: {} }) },
  'POST /api/v1/incidents/{id}/analyses': {
    expect: row({ analyst: 201 }),
    call: async (_who, w, f) => ({ method: 'POST', url: `/api/v1/incidents/${await airlineIncident(f)}/analyses`, body: { title: `Analysis ${w.unique()}`, text: 'What we saw.', tlp: 'amber' } }),
  },
  'GET /api/v1/incidents/overdue': { expect: row({ analyst: 200, regulator: 200 }), call: async () => ({ method: 'GET', url: '/api/v1/incidents/overdue' }) },
  // An operator reports for its own organisation only.
  'POST /api/v1/incidents': {
    expect: row({ airline: 201, bank: 403 }),
    call: async (_who, w, f) => ({ method: 'POST', url: '/api/v1/incidents', body: { organizationId: f.orgs.airline, ...incidentBody(w, f) } }),
  },
  'GET /api/v1/incidents/{id}': {
    expect: row({ analyst: 200, airline: 200, bank: 404, regulator: 200 }),
    call: async (_who, _w, f) => ({ method: 'GET', url: `/api/v1/incidents/${await airlineIncident(f)}` }),
  },
  'PATCH /api/v1/incidents/{id}': {
    expect: row({ airline: 200, bank: 404 }),
    call: async (_who, w, f) => ({ method: 'PATCH', url: `/api/v1/incidents/${await airlineIncident(f)}`, body: { title: `Changed ${w.unique()}` } }),
  },
  'POST /api/v1/incidents/{id}/links': {
    expect: row({ analyst: 200, airline: 200, bank: 404 }),
    call: async (_who, w, f) => ({ method: 'POST', url: `/api/v1/incidents/${await airlineIncident(f)}/links`, body: { links: [{ kind: 'attack', ref: `atk-${w.unique()}` }] } }),
  },
  'POST /api/v1/incidents/{id}/links/remove': {
    expect: row({ analyst: 200, airline: 200, bank: 404 }),
    call: async (_who, _w, f) => ({ method: 'POST', url: `/api/v1/incidents/${await airlineIncident(f)}/links/remove`, body: { links: [{ kind: 'attack', ref: 'atk-none' }] } }),
  },
  'GET /api/v1/incidents/{id}/reports': {
    expect: row({ analyst: 200, airline: 200, bank: 404, regulator: 200 }),
    call: async (_who, _w, f) => ({ method: 'GET', url: `/api/v1/incidents/${await airlineIncident(f)}/reports` }),
  },
  'GET /api/v1/incidents/{id}/timeline': {
    expect: row({ analyst: 200, airline: 200, bank: 404, regulator: 200 }),
    call: async (_who, _w, f) => ({ method: 'GET', url: `/api/v1/incidents/${await airlineIncident(f)}/timeline` }),
  },
  'PUT /api/v1/incidents/{id}/reports/{stage}/draft': {
    expect: row({ airline: 200, bank: 404 }),
    call: async (_who, _w, f) => ({ method: 'PUT', url: `/api/v1/incidents/${await airlineIncident(f)}/reports/written-report/draft`, body: { content: { summary: 'draft' } } }),
  },
  'POST /api/v1/incidents/{id}/reports/{stage}': {
    expect: row({ airline: 201, bank: 404 }),
    call: async (_who, w, f) => ({ method: 'POST', url: `/api/v1/incidents/${await newIncident(f, w)}/reports/prompt-report`, body: { content: { summary: 'first report' } } }),
  },
  'POST /api/v1/incidents/{id}/reports/{stage}/amendments': {
    expect: row({ airline: 201, bank: 404 }),
    call: async (_who, w, f) => ({ method: 'POST', url: `/api/v1/incidents/${await newIncident(f, w, true)}/reports/prompt-report/amendments`, body: { content: { summary: 'more' } } }),
  },
  // The sector's regulator: the airline is aviation, as is the regulator.
  'POST /api/v1/incidents/{id}/reports/{stage}/acknowledgement': {
    expect: row({ regulator: 200 }),
    call: async (_who, w, f) => ({ method: 'POST', url: `/api/v1/incidents/${await newIncident(f, w, true)}/reports/prompt-report/acknowledgement` }),
  },
  'POST /api/v1/incidents/{id}/information-requests': {
    expect: row({ regulator: 201 }),
    call: async (_who, w, f) => ({
      method: 'POST',
      url: `/api/v1/incidents/${await newIncident(f, w, true)}/information-requests`,
      body: { stage: 'prompt-report', text: 'Which systems?', dueAt: f.clock.now() + 86_400_000 },
    }),
  },
  'POST /api/v1/incidents/{id}/correction-orders': {
    expect: row({ regulator: 201 }),
    call: async (_who, w, f) => ({
      method: 'POST',
      url: `/api/v1/incidents/${await newIncident(f, w, true)}/correction-orders`,
      body: { stage: 'prompt-report', text: 'Report the affected computer.', deadline: f.clock.now() + 86_400_000 },
    }),
  },
  'POST /api/v1/incidents/{id}/close': { expect: row({ regulator: 200 }), call: async (_who, w, f) => ({ method: 'POST', url: `/api/v1/incidents/${await newIncident(f, w, true)}/close` }) },
  'GET /api/v1/intel/collections': { expect: row(all(200)), call: async (_who, _w, f) => intel(f, '/api/v1/intel/collections') },
  'GET /api/v1/intel/collections/{id}/objects': {
    expect: row({ ...all(404), analyst: 200, airline: 200 }),
    call: async (_who, _w, f) => intel(f, `/api/v1/intel/collections/${INTEL.orgCollection}/objects`),
  },
  'GET /api/v1/intel/objects/{id}': { expect: row({ ...all(404), analyst: 200, airline: 200 }), call: async (_who, _w, f) => intel(f, `/api/v1/intel/objects/${INTEL.green}`) },
  'GET /api/v1/intel/inbox': { expect: row(all(200)), call: async (_who, _w, f) => intel(f, '/api/v1/intel/inbox') },
  'GET /api/v1/intel/shares': { expect: row({ analyst: 200, auditor: 200, airline: 200, bank: 200 }), call: async (_who, _w, f) => intel(f, '/api/v1/intel/shares') },
  'GET /api/v1/intel/campaigns': { expect: row({ analyst: 200 }), call: async () => ({ method: 'GET', url: '/api/v1/intel/campaigns' }) },
  'POST /api/v1/intel/publish': {
    expect: row({ analyst: 200 }),
    call: async (_who, w, f) => ({ method: 'POST', url: '/api/v1/intel/publish', body: { attackId: w.endedAttack, recipients: [f.orgs.airline], tlp: 'amber' } }),
  },
  'GET /api/v1/intel/feeds': { expect: row({ analyst: 200, admin: 200 }), call: async (_who, _w, f) => intel(f, '/api/v1/intel/feeds') },
};

let intelSeeded: Promise<void> | undefined;
/** A GET of an intel route, the collections and grants of `seedIntel` stored first. */
function incidentBody(w: World, f: ApiFixture) {
  return { regime: 'jp-act', title: `DDoS ${w.unique()}`, category: 'ddos', anchors: { awareness: f.clock.now() - 3_600_000 } };
}

let incidentMade: Promise<string> | undefined;
/** An incident of the airline, opened once by its reporter. */
function airlineIncident(f: ApiFixture): Promise<string> {
  incidentMade ??= f
    .call(f.users.airline, 'POST', '/api/v1/incidents', { regime: 'jp-act', title: 'Matrix incident', category: 'ddos', anchors: { awareness: f.clock.now() - 3_600_000 } })
    .then((r) => (r.body as { id: string }).id);
  return incidentMade;
}

/** A fresh incident of the airline (its prompt report submitted when asked), for calls that change its state. */
async function newIncident(f: ApiFixture, w: World, submitted = false): Promise<string> {
  const id = ((await f.call(f.users.airline, 'POST', '/api/v1/incidents', incidentBody(w, f))).body as { id: string }).id;
  if (submitted) await f.call(f.users.airline, 'POST', `/api/v1/incidents/${id}/reports/prompt-report`, { content: { summary: 'first report' } });
  return id;
}

let assetMade: Promise<string> | undefined;
/** An asset of the airline, made once by the analyst. */
function airlineAsset(f: ApiFixture): Promise<string> {
  assetMade ??= f
    .call(f.users.analyst, 'POST', '/api/v1/assets', {
      organizationId: f.orgs.airline,
      vendor: 'Cisco',
      product: 'ASA',
      version: '9.18',
      role: 'firewall',
      introducedOn: '2026-01-10',
      status: 'in-service',
    })
    .then((r) => (r.body as { id: string }).id);
  return assetMade;
}

let vulnImported: Promise<string> | undefined;
/** A vulnerability record in the store (the demo's NVD page, imported once). */
function vulnRecord(f: ApiFixture): Promise<string> {
  vulnImported ??= readFile(new URL('../../scenarios/demo-vulns/nvd-page.json', import.meta.url), 'utf8')
    .then((text) => f.platform.exposure.importDocument({ kind: 'nvd', text, origin: 'nvd-page.json' }))
    .then(() => 'CVE-2023-27997');
  return vulnImported;
}

const advisoryBody = () => ({ title: 'FortiOS SSL-VPN', summary: 'Heap overflow in the SSL-VPN.', action: 'Upgrade FortiOS.', cves: ['CVE-2023-27997'], acknowledgeWithinDays: 14, tlp: 'amber' });

let exposedMade: Promise<string> | undefined;
/** An airline FortiOS gateway exposed to CVE-2023-27997 (the record imported, the asset matched). */
function exposedAsset(f: ApiFixture): Promise<string> {
  exposedMade ??= (async () => {
    await vulnRecord(f);
    const r = await f.call(f.users.analyst, 'POST', '/api/v1/assets', {
      organizationId: f.orgs.airline,
      vendor: 'Fortinet',
      product: 'FortiGate',
      version: '7.2.4',
      cpe: 'cpe:2.3:o:fortinet:fortios:7.2.4:*:*:*:*:*:*:*',
      role: 'vpn-gateway',
      introducedOn: '2026-01-10',
      status: 'in-service',
    });
    await f.platform.exposure.refresh();
    return (r.body as { id: string }).id;
  })();
  return exposedMade;
}

/** A new draft advisory about the exposed gateway's CVE. */
async function newDraft(f: ApiFixture): Promise<string> {
  await exposedAsset(f);
  return ((await f.call(f.users.analyst, 'POST', '/api/v1/advisories', advisoryBody())).body as { id: string }).id;
}

async function publish(f: ApiFixture, id: string): Promise<string> {
  await f.call(f.users.analyst, 'POST', `/api/v1/advisories/${id}/publish`);
  return id;
}

let advisoryMade: Promise<string> | undefined;
/** One advisory published to the airline, made once. */
function publishedAdvisory(f: ApiFixture): Promise<string> {
  advisoryMade ??= newDraft(f).then((id) => publish(f, id));
  return advisoryMade;
}

function assetBody(w: World) {
  return { vendor: 'Yokogawa', product: `CENTUM ${w.unique()}`, version: 'R6', role: 'ot-controller', introducedOn: '2026-01-10', status: 'in-service' };
}

async function intel(f: ApiFixture, url: string): Promise<Call> {
  intelSeeded ??= seedIntel(f.platform.storage.db, f.orgs.airline, f.clock.now());
  await intelSeeded;
  return { method: 'GET', url };
}

let prefixCounter = 0;
function nextPrefix(): string {
  prefixCounter++;
  return `10.${100 + Math.floor(prefixCounter / 256)}.${prefixCounter % 256}.0/24`;
}

/** A new case opened by `who` when a case worker (else by the analyst), with its creator. */
async function ownCase(f: ApiFixture, w: World, who: Who): Promise<{ id: string; owner: Actor }> {
  const owner = w.actor(['officer', 'defence'].includes(who) ? f.users[who]! : f.users.analyst!);
  return { id: (await f.platform.operations.cases.open(owner, { title: `case ${w.unique()}` })).case.id, owner };
}

async function fresh(f: ApiFixture, who: Who): Promise<TestUser> {
  const u = f.users[who]!;
  const s = await f.signIn(u.username, u.password);
  return { ...u, cookie: s.cookie, csrf: s.csrf };
}

/** A pending grant of commission_member by the admin to a fresh user. */
async function newGrant(f: ApiFixture, w: World): Promise<string> {
  const name = `grantee${w.unique()}`;
  const u = (await f.call(f.users.admin, 'POST', '/api/v1/users', { username: name, password: `${name}-test-password`, roles: ['commission_member'] })).body as { id: string };
  const grants = (await f.platform.api.accounts.listRoleGrants({ state: 'pending', limit: 1000 })).items;
  return grants.find((g) => g.userId === u.id)!.id;
}

async function newFlag(f: ApiFixture, w: World): Promise<string> {
  const flag = await f.platform.oversight.flags.raise({ kind: 'volume', userId: f.users.analyst!.id, caseId: w.caseId, dedupeKey: null, details: { rows: 5000 }, accessId: null });
  return flag!.id;
}

async function newDirective(f: ApiFixture, w: World): Promise<string> {
  return (await f.platform.oversight.commission.issueDirective(w.actor(f.users.commission2!), { kind: 'notice', addressee: 'NCO', subject: 'Logs', body: 'Keep them.' })).id;
}

async function streamStatus(f: ApiFixture, url: string, user: TestUser | undefined): Promise<number> {
  const ac = new AbortController();
  const r = await fetch(`${f.platform.api.urls[0]}${url}`, { headers: user === undefined ? {} : { cookie: user.cookie }, signal: ac.signal });
  const status = r.status;
  ac.abort();
  await r.body?.cancel().catch(() => undefined);
  return status;
}

describe('role matrix', () => {
  let f: ApiFixture;
  let w: World;
  beforeAll(async () => {
    f = await startApiFixture({ overrides: { api: { signIn: { addressAttempts: 10_000 } } } });
    w = await buildWorld(f);
  });
  afterAll(async () => {
    await f?.stop();
  });

  it('has a row for every route, and every route declares who may call it', () => {
    const routes = f.platform.api.routes().filter((r) => !r.hidden && r.method !== 'HEAD');
    const keys = routes.map((r) => `${r.method} ${r.url.replace(/:([A-Za-z]+)/g, '{$1}')}`).sort();
    expect(keys).toEqual(Object.keys(ROUTES).sort());
    expect(f.platform.api.routes().filter((r) => r.access === undefined)).toEqual([]);
  });

  for (const [key, route] of Object.entries(ROUTES)) {
    it(key, async () => {
      const got: Partial<Row> = {};
      for (const who of WHO) {
        const c = await route.call(who, w, f);
        const user = who === 'anon' ? undefined : (c.as ?? f.users[who]!);
        const status = c.stream === true ? await streamStatus(f, c.url, user) : (await f.call(user, c.method, c.url, c.body)).status;
        got[who] = status;
        if (key === 'POST /api/v1/auth/password' && who !== 'anon') {
          // Changing the password ended the user's other sessions: sign the fixture user in again.
          const again = await fresh(f, who);
          f.users[who]!.cookie = again.cookie;
          f.users[who]!.csrf = again.csrf;
        }
      }
      expect(got).toEqual(route.expect);
    });
  }
});
