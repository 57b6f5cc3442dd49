/**
 * Purpose-bound reads of personal data over HTTP, tried as an outsider would (issue 10): who may
 * change a case's scope and how wide it may be, the scope a case gets from the attacks it cites,
 * repeated look-ups counted by the hosts returned, sighting hosts answered as audited, and reads
 * without a case, purpose or prefix refused by the access guard (audited and flagged) rather than
 * by input validation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeExternal, tcpAvailable, TEST_PG_URL } from '../testing/external.js';
import { startApiFixture, type Answer, type ApiFixture, type TestUser } from './testing/api-fixture.js';
import { seedAttack } from './testing/seed.js';

type Items<T = Record<string, unknown>> = { items: T[]; next: string | null };
interface Entry {
  readonly action: string;
  readonly outcome: string;
  readonly subjects: readonly { type: string; id: string }[];
  readonly details: Record<string, unknown>;
}
interface Flag {
  readonly kind: string;
  readonly caseId: string | null;
  readonly userId: string;
  readonly details: Record<string, unknown>;
}

const pg = new URL(TEST_PG_URL);
const PG_MISSING = (await tcpAvailable(pg.hostname, Number(pg.port || 5432))) ? [] : [`PostgreSQL at ${pg.host} (set SAKIMORI_TEST_PG_URL)`];

describe('purpose-bound reads [sqlite]', () => purposeBoundReads('sqlite'));
describeExternal('purpose-bound reads [postgres]', PG_MISSING, () => purposeBoundReads('postgres'));

function purposeBoundReads(dialect: 'sqlite' | 'postgres'): void {
  let f: ApiFixture;
  let airlineNet: string;
  let n = 0;
  beforeAll(async () => {
    f = await startApiFixture({ dialect, overrides: { api: { signIn: { addressAttempts: 10_000 } } } });
    const nets = (await f.call(f.users.analyst, 'GET', '/api/v1/networks?limit=100')).body as Items<{ id: string; prefix: string }>;
    airlineNet = nets.items.find((x) => x.prefix === '192.0.2.0/24')!.id;
  });
  afterAll(async () => {
    await f?.stop();
  });

  const hour = 3_600_000;
  /** An ended attack on `target` with `sources`; returns its id and start. */
  const attack = async (target: string, sources: readonly string[]) => {
    const id = `atk-pbr-${++n}`;
    const startedAt = f.clock.now() - 2 * hour;
    await seedAttack(f.platform.attacks, { id, organizationId: f.orgs.airline, networkId: airlineNet, networkPrefix: '192.0.2.0/24', target, startedAt, endedAt: startedAt + 600_000, sources });
    return { id, startedAt };
  };
  const openCase = async (by: TestUser, evidence: readonly { kind: string; ref: string }[] = []): Promise<string> => {
    const r = await f.call(by, 'POST', '/api/v1/cases', { title: `case ${++n}`, evidence });
    expect(r.status).toBe(201);
    return (r.body as { case: { id: string } }).case.id;
  };
  const declare = (by: TestUser, caseId: string, prefix: string, from = 0) => f.call(by, 'POST', `/api/v1/cases/${caseId}/scope`, { prefix, from, to: null });
  const attackers = (by: TestUser, attackId: string, query: string) => f.call(by, 'GET', `/api/v1/attacks/${attackId}/attackers?${query}`);
  const codeOf = (a: Answer) => ({ status: a.status, code: (a.body as { code?: string }).code });
  const audit = async (): Promise<Entry[]> => {
    await f.platform.audit.flush();
    const out: Entry[] = [];
    let cursor: string | null = '0';
    while (cursor !== null) {
      const page = (await f.call(f.users.auditor, 'GET', `/api/v1/audit/entries?limit=1000&cursor=${cursor}`)).body as Items<{ entry: Entry }>;
      out.push(...page.items.map((i) => i.entry));
      cursor = page.next;
    }
    return out;
  };
  const flags = async (kind: string): Promise<Flag[]> => ((await f.call(f.users.commission1, 'GET', `/api/v1/commission/flags?kind=${kind}&limit=1000`)).body as Items<Flag>).items;

  it('only the case’s creator or assignee may change its scope; anyone else is refused with a code, and the refusal is audited', async () => {
    const { analyst, officer, defence } = f.users as Record<string, TestUser>;
    const caseId = await openCase(analyst!);
    expect(codeOf(await declare(officer!, caseId, '203.0.113.0/24'))).toEqual({ status: 403, code: 'SAKIMORI_ERR_ACCESS_SCOPE_NOT_OWNER' });
    expect(((await f.call(analyst, 'GET', `/api/v1/cases/${caseId}/scope`)).body as Items).items).toEqual([]);
    const own = await declare(analyst!, caseId, '203.0.113.0/24');
    expect(own.status).toBe(201);
    const entryId = (own.body as { id: string }).id;
    expect(codeOf(await f.call(defence, 'DELETE', `/api/v1/cases/${caseId}/scope/${entryId}`))).toEqual({ status: 403, code: 'SAKIMORI_ERR_ACCESS_SCOPE_NOT_OWNER' });
    // The assignee may, once assigned.
    expect((await f.call(analyst, 'PATCH', `/api/v1/cases/${caseId}`, { assignee: officer!.id })).status).toBe(200);
    expect((await declare(officer!, caseId, '198.51.100.0/24')).status).toBe(201);
    expect((await f.call(officer, 'DELETE', `/api/v1/cases/${caseId}/scope/${entryId}`)).status).toBe(204);
    const changes = (await audit()).filter((e) => e.action === 'case.access_scope' && e.subjects.some((s) => s.id === caseId));
    expect(changes.map((e) => [e.outcome, e.details.change, e.details.code ?? null])).toEqual([
      ['denied', 'add', 'SAKIMORI_ERR_ACCESS_SCOPE_NOT_OWNER'],
      ['success', 'add', null],
      ['denied', 'remove', 'SAKIMORI_ERR_ACCESS_SCOPE_NOT_OWNER'],
      ['success', 'add', null],
      ['success', 'remove', null],
    ]);
  });

  it('a scope entry wider than the limit (0.0.0.0/0, ::/0, ::ffff:0:0/96, 2001::/16) reads nothing until a commission member approves it, and is flagged at once', async () => {
    const { analyst, commission1 } = f.users as Record<string, TestUser>;
    const caseId = await openCase(analyst!);
    const now = f.clock.now();
    const hosts = (prefix: string) => f.call(analyst, 'GET', `/api/v1/sightings/hosts?caseId=${caseId}&purpose=incident_response&prefix=${prefix}&from=${now - hour}&to=${now}`);
    const added: string[] = [];
    for (const wide of ['0.0.0.0/0', '::/0', '::ffff:0:0/96', '2001::/16']) {
      const r = await declare(analyst!, caseId, wide);
      expect({ status: r.status, approval: (r.body as { approval: string }).approval }).toEqual({ status: 201, approval: 'pending' });
      added.push((r.body as { id: string }).id);
    }
    for (const p of ['203.0.113.0/24', '2001:db8:300::/48', '::ffff:203.0.113.7']) expect(codeOf(await hosts(p))).toEqual({ status: 403, code: 'SAKIMORI_ERR_ACCESS_OUT_OF_SCOPE' });
    const raised = (await flags('wide_scope')).filter((x) => x.caseId === caseId);
    expect(raised.map((x) => [x.details.scope, x.details.family, x.details.length, x.details.widest]).reverse()).toEqual([
      [added[0], 4, 0, 16],
      // ::/0 holds every IPv4 address too, and is judged by the IPv4 limit.
      [added[1], 4, 0, 16],
      [added[2], 4, 0, 16],
      [added[3], 6, 16, 32],
    ]);
    // Case workers cannot approve; a commission member can, once.
    expect((await f.call(analyst, 'POST', `/api/v1/cases/${caseId}/scope/${added[0]}/decision`, { decision: 'approve' })).status).toBe(403);
    const approved = await f.call(commission1, 'POST', `/api/v1/cases/${caseId}/scope/${added[0]}/decision`, { decision: 'approve' });
    expect(approved.body).toMatchObject({ approval: 'approved', decidedBy: commission1!.id });
    expect(codeOf(await f.call(commission1, 'POST', `/api/v1/cases/${caseId}/scope/${added[0]}/decision`, { decision: 'reject' }))).toEqual({ status: 409, code: 'SAKIMORI_ERR_OVERSIGHT_TRANSITION' });
    expect((await hosts('203.0.113.0/24')).status).toBe(200);
    // A /16 is within the default limit and counts at once.
    const narrow = await declare(analyst!, caseId, '198.51.0.0/16');
    expect((narrow.body as { approval: string }).approval).toBe('not_needed');
  });

  it('a case that cites an attack may read its attacker list without any hand-written scope; a case that does not cite it may not', async () => {
    const { analyst, officer } = f.users as Record<string, TestUser>;
    const a = await attack('192.0.2.31', ['100.65.1.1', '100.65.1.2', '100.65.9.3']);
    const citing = await openCase(analyst!, [{ kind: 'attack', ref: a.id }]);
    const scope = ((await f.call(officer, 'GET', `/api/v1/cases/${citing}/scope`)).body as Items).items;
    expect(scope).toMatchObject([{ origin: 'evidence', prefix: '192.0.2.31/32', attackId: a.id, approval: 'not_needed', from: a.startedAt - hour, to: a.startedAt + 600_000 + hour }]);
    const all = await attackers(officer!, a.id, `caseId=${citing}&purpose=countermeasure_preparation`);
    expect((all.body as Items<{ address: string }>).items.map((x) => x.address)).toEqual(['100.65.1.1', '100.65.1.2', '100.65.9.3']);
    const narrowed = await attackers(officer!, a.id, `caseId=${citing}&purpose=countermeasure_preparation&prefix=100.65.9.0/24`);
    expect((narrowed.body as Items<{ address: string }>).items.map((x) => x.address)).toEqual(['100.65.9.3']);
    const other = await openCase(analyst!);
    expect(codeOf(await attackers(officer!, a.id, `caseId=${other}&purpose=countermeasure_preparation`))).toEqual({ status: 403, code: 'SAKIMORI_ERR_ACCESS_OUT_OF_SCOPE' });
    // Even with every address in its declared scope (waiting for the commission), the attack is not the case's.
    await declare(analyst!, other, '0.0.0.0/0');
    expect(codeOf(await attackers(officer!, a.id, `caseId=${other}&purpose=countermeasure_preparation`))).toEqual({ status: 403, code: 'SAKIMORI_ERR_ACCESS_OUT_OF_SCOPE' });
  });

  it('counts look-ups by the hosts returned: one attacker read through a /24, a /16 and a /8 in three cases raises the repeated look-up flag', async () => {
    const { analyst } = f.users as Record<string, TestUser>;
    const a = await attack('192.0.2.32', ['100.66.7.7']);
    const cases = [await openCase(analyst!, [{ kind: 'attack', ref: a.id }]), await openCase(analyst!, [{ kind: 'attack', ref: a.id }]), await openCase(analyst!, [{ kind: 'attack', ref: a.id }])];
    const through = ['100.66.7.0/24', '100.66.0.0/16', '100.0.0.0/8'];
    for (let i = 0; i < 3; i++) {
      // What an outsider declares to read "different" prefixes in each case (the /8 waits for the commission).
      await declare(analyst!, cases[i]!, through[i]!);
      const r = await attackers(analyst!, a.id, `caseId=${cases[i]}&purpose=incident_response&prefix=${through[i]}`);
      expect((r.body as Items<{ address: string }>).items.map((x) => x.address)).toEqual(['100.66.7.7']);
    }
    const repeated = (await flags('repeated_lookup')).filter((x) => x.caseId === cases[2]);
    expect(repeated).toMatchObject([{ userId: analyst!.id, details: { cases: 3, resource: 'attackers' } }]);
  });

  it('GET /sightings/hosts answers the sightings in scope with their hosts, and the audit log counts what was answered', async () => {
    const { analyst } = f.users as Record<string, TestUser>;
    const now = f.clock.now();
    await insertSighting(f, 'sgt-pbr-in', '192.0.2.77', now - 30 * 60_000);
    await insertSighting(f, 'sgt-pbr-out', '198.51.100.9', now - 30 * 60_000);
    const caseId = await openCase(analyst!);
    await declare(analyst!, caseId, '192.0.2.0/24', now - 2 * hour);
    const r = await f.call(analyst, 'GET', `/api/v1/sightings/hosts?caseId=${caseId}&purpose=incident_response&prefix=192.0.2.0/24&from=${now - hour}&to=${now}`);
    expect(r.status).toBe(200);
    expect((r.body as Items).items).toMatchObject([{ id: 'sgt-pbr-in', host: '192.0.2.77', hostPrefix: '192.0.2.0/24', indicator: { value: '5.8.95.174' } }]);
    const read = (await audit()).filter((e) => e.action === 'data.read' && e.details.resource === 'sightings' && e.subjects.some((s) => s.id === caseId));
    expect(read.map((e) => [e.outcome, e.details.rows, e.details.persons])).toEqual([['success', 1, 1]]);
  });

  it('reads without a case, a purpose or prefixes are refused by the access guard — audited, and flagged without a case — not by input validation', async () => {
    const { analyst } = f.users as Record<string, TestUser>;
    const a = await attack('192.0.2.33', ['100.67.0.1']);
    const caseId = await openCase(analyst!, [{ kind: 'attack', ref: a.id }]);
    const now = f.clock.now();
    const flagsBefore = (await flags('no_case')).length;
    const tries: [string, { status: number; code: string }][] = [
      [`/api/v1/attacks/${a.id}/attackers?purpose=incident_response`, { status: 403, code: 'SAKIMORI_ERR_ACCESS_CASE_REQUIRED' }],
      [`/api/v1/attacks/${a.id}/attackers?caseId=${caseId}`, { status: 403, code: 'SAKIMORI_ERR_ACCESS_PURPOSE_REQUIRED' }],
      [`/api/v1/attacks/${a.id}/attackers?caseId=${caseId}&purpose=curiosity`, { status: 400, code: 'SAKIMORI_ERR_ACCESS_UNKNOWN_PURPOSE' }],
      [`/api/v1/attacks/${a.id}/attackers?caseId=..%2F${caseId}&purpose=incident_response`, { status: 403, code: 'SAKIMORI_ERR_ACCESS_CASE_REQUIRED' }],
      [`/api/v1/sightings/hosts?purpose=incident_response&prefix=192.0.2.0/24&from=${now - hour}&to=${now}`, { status: 403, code: 'SAKIMORI_ERR_ACCESS_CASE_REQUIRED' }],
      [`/api/v1/sightings/hosts?caseId=${caseId}&purpose=incident_response&from=${now - hour}&to=${now}`, { status: 400, code: 'SAKIMORI_ERR_ACCESS_INVALID_QUERY' }],
      [`/api/v1/sightings/hosts?caseId=${caseId}&purpose=incident_response&prefix=192.0.2.33`, { status: 400, code: 'SAKIMORI_ERR_ACCESS_INVALID_QUERY' }],
    ];
    for (const [url, want] of tries) expect({ url, ...codeOf(await f.call(analyst, 'GET', url)) }).toEqual({ url, ...want });
    const denied = (await audit()).filter((e) => e.action === 'data.read' && e.outcome === 'denied').slice(-tries.length);
    expect(denied.map((e) => e.details.code)).toEqual(tries.map(([, want]) => want.code));
    const raised = (await flags('no_case')).slice(0, (await flags('no_case')).length - flagsBefore);
    expect(raised.map((x) => [x.userId, x.details.reason, x.details.resource]).reverse()).toEqual([
      [analyst!.id, 'no_case', 'attackers'],
      [analyst!.id, 'malformed_case', 'attackers'],
      [analyst!.id, 'no_case', 'sightings'],
    ]);
  });
}

/** A sighting of a MirrorFace C2 address with `host`, first and last seen at `at`. */
async function insertSighting(f: ApiFixture, id: string, host: string, at: number): Promise<void> {
  await f.platform.storage.db
    .insertInto('sightings')
    .values({
      id,
      indicator_key: 'ip:5.8.95.174',
      indicator_value: '5.8.95.174',
      indicator_label: 'MirrorFace C2',
      indicator_kind: 'ip',
      indicator_source: 'eset',
      host,
      family: 4,
      network_id: null,
      organization_id: null,
      network_prefix: null,
      first_seen: at,
      last_seen: at + 60_000,
      records: 3,
      outbound_records: 3,
      inbound_records: 0,
      packets: 12,
      bytes: 1200,
      ports: '[443]',
      protocols: '[6]',
      created_at: at,
      updated_at: at,
    })
    .execute();
}
