/**
 * Control characters are refused at the edge, on both storage engines alike (issue 10, item 14):
 * a NUL in the sign-in user name, in `?assignee=`, in a case's assignee or in a request's caseId
 * answers 400 `SAKIMORI_ERR_API_CONTROL_CHARACTER` (PostgreSQL answered 500, as it cannot store
 * NUL in text), and the refused sign-in is on the record as a failed sign-in. Free text keeps its
 * tabs and line breaks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeExternal, tcpAvailable, TEST_PG_URL } from '../testing/external.js';
import { startApiFixture, type ApiFixture } from './testing/api-fixture.js';
import { buildWorld, type World } from './testing/world.js';

const CODE = 'SAKIMORI_ERR_API_CONTROL_CHARACTER';
const pg = new URL(TEST_PG_URL);
const PG_MISSING = (await tcpAvailable(pg.hostname, Number(pg.port || 5432))) ? [] : [`PostgreSQL at ${pg.host} (set SAKIMORI_TEST_PG_URL)`];

function suite(dialect: 'sqlite' | 'postgres') {
  let f: ApiFixture;
  let w: World;
  beforeAll(async () => {
    f = await startApiFixture({ dialect, overrides: { api: { signIn: { addressAttempts: 10_000 } } } });
    w = await buildWorld(f);
  });
  afterAll(async () => {
    await f?.stop();
  });

  it('refuses a NUL in the sign-in user name with 400 and audits it as a failed sign-in', async () => {
    const a = await f.call(undefined, 'POST', '/api/v1/auth/sign-in', { username: 'analyst\u0000', password: 'analyst-test-password' });
    expect(a).toMatchObject({ status: 400, body: { code: CODE, details: { path: 'body/username' } } });
    expect((await f.call(undefined, 'POST', '/api/v1/auth/sign-in', { username: 'analyst', password: 'analyst-test-\u0000password' })).status).toBe(400);
    await f.platform.audit.flush();
    const entries = (
      (await f.call(f.users.auditor, 'GET', '/api/v1/audit/entries?from=0&limit=1000')).body as { items: { entry: { action: string; outcome: string; details: { reason?: string } } }[] }
    ).items.map((i) => i.entry);
    expect(entries.filter((e) => e.action === 'auth.sign_in_failed' && e.details.reason === 'control_character').map((e) => e.outcome)).toEqual(['denied', 'denied']);
  });

  it('refuses a NUL in ?assignee=, a case’s assignee and a request’s caseId with 400', async () => {
    expect(await f.call(f.users.analyst, 'GET', '/api/v1/cases?assignee=a%00b')).toMatchObject({ status: 400, body: { code: CODE, details: { path: 'querystring/assignee' } } });
    expect(await f.call(f.users.analyst, 'PATCH', `/api/v1/cases/${w.caseId}`, { assignee: 'a\u0000b' })).toMatchObject({ status: 400, body: { code: CODE, details: { path: 'body/assignee' } } });
    const request = {
      caseId: 'a\u0000b',
      action: { mechanism: 'dns_rpz', domains: ['c2.example'] },
      durationSeconds: 3600,
      justification: 'C2',
      harm: { life: 'none', body: 'none', property: 'low' },
      urgency: 'urgent',
    };
    expect(await f.call(f.users.officer, 'POST', '/api/v1/requests', request)).toMatchObject({ status: 400, body: { code: CODE, details: { path: 'body/caseId' } } });
    expect(await f.call(f.users.analyst, 'GET', '/api/v1/cases/a%00b')).toMatchObject({ status: 400, body: { code: CODE, details: { path: 'params/id' } } });
  });

  it('refuses other control characters in query strings and bodies, but keeps tabs and line breaks in body text', async () => {
    expect((await f.call(f.users.analyst, 'GET', '/api/v1/cases?assignee=a%0Ab')).body).toMatchObject({ code: CODE });
    expect((await f.call(f.users.analyst, 'GET', '/api/v1/cases?assignee=a%C2%85b')).body).toMatchObject({ code: CODE });
    expect((await f.call(f.users.analyst, 'POST', `/api/v1/cases/${w.caseId}/notes`, { text: 'ring \u0007 the bell' })).body).toMatchObject({ code: CODE, details: { path: 'body/text' } });
    expect((await f.call(f.users.analyst, 'POST', `/api/v1/cases/${w.caseId}/notes`, { text: 'first line\nsecond line' })).status).toBe(201);
    expect((await f.call(f.users.analyst, 'POST', '/api/v1/cases', { title: 'nested', evidence: [{ kind: 'indicator', ref: 'c2\u0000.example' }] })).body).toMatchObject({
      code: CODE,
      details: { path: 'body/evidence/0/ref' },
    });
  });
}

describe('control characters at the edge (SQLite)', () => suite('sqlite'));
describeExternal('control characters at the edge (PostgreSQL)', PG_MISSING, () => suite('postgres'));
