/**
 * Bad input on every route: unknown fields in bodies and query strings are refused with their
 * path, malformed path parameters and cursors are refused, oversized bodies get 413, and no error
 * answer ever carries a stack trace or the message of an unexpected failure.
 */
import { DEFAULT_ASSETS_CONFIG } from '../cooperation/assets/config.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../core/roles.js';
import { startApiFixture, type ApiFixture, type TestUser } from './testing/api-fixture.js';

describe('bad input', () => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await startApiFixture({ overrides: { api: { signIn: { addressAttempts: 10_000 } } } });
  });
  afterAll(async () => {
    await f?.stop();
  });

  /** A fixture user allowed to call a route with this access. */
  function callerFor(access: unknown): TestUser | undefined {
    if (access === 'public') return undefined;
    if (access === 'signed-in') return f.users.analyst;
    const roles = access as readonly Role[];
    return Object.values(f.users).find((u) => u.roles.some((r) => roles.includes(r)));
  }
  const fill = (url: string) => url.replace(/:size\b/, '7').replace(/:[A-Za-z]+/g, '01HZZZZZZZZZZZZZZZZZZZZZZZ');
  const expectCleanError = (text: string) => {
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(body).every((k) => ['code', 'message', 'details'].includes(k))).toBe(true);
    expect(text).not.toMatch(/\bat .+\.(ts|js):\d+|node_modules|stack/);
  };

  it('refuses an unknown body field on every route that takes a body, naming it', async () => {
    const routes = f.platform.api.routes().filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method));
    let checked = 0;
    for (const r of routes) {
      const doc = f.platform.api.openapi() as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
      const op = doc.paths[r.url.replace(/:([A-Za-z]+)/g, '{$1}')]?.[r.method.toLowerCase()];
      if (op?.requestBody === undefined) continue;
      const a = await f.call(callerFor(r.access), r.method, fill(r.url), { surprise: 1 });
      expect({ route: `${r.method} ${r.url}`, status: a.status, body: a.body }).toMatchObject({ status: 400, body: { code: 'SAKIMORI_ERR_API_VALIDATION', details: { path: 'body/surprise' } } });
      expectCleanError(a.text);
      checked++;
    }
    expect(checked).toBeGreaterThan(25);
  });

  it('refuses an unknown query parameter on every route with a query string, and malformed path parameters', async () => {
    const doc = f.platform.api.openapi() as { paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>> };
    let query = 0;
    let params = 0;
    for (const r of f.platform.api.routes().filter((x) => !x.hidden)) {
      const op = doc.paths[r.url.replace(/:([A-Za-z]+)/g, '{$1}')]![r.method.toLowerCase()]!;
      const user = callerFor(r.access);
      const body = ['POST', 'PUT', 'PATCH'].includes(r.method) ? {} : undefined;
      if (op.parameters?.some((p) => p.in === 'query')) {
        const a = await f.call(user, r.method, `${fill(r.url)}?bogus=1`, body);
        expect({ route: r.url, status: a.status, path: (a.body as { details?: { path?: string } }).details?.path }).toEqual({ route: r.url, status: 400, path: 'querystring/bogus' });
        query++;
      }
      const p = op.parameters?.find((x) => x.in === 'path');
      if (p !== undefined) {
        const a = await f.call(user, r.method, r.url.replace(`:${p.name}`, 'no%20such%20thing').replace(/:[A-Za-z]+/g, '01HZZZZZZZZZZZZZZZZZZZZZZZ'), body);
        expect({ route: r.url, status: a.status, path: (a.body as { details?: { path?: string } }).details?.path }).toEqual({ route: r.url, status: 400, path: `params/${p.name}` });
        expectCleanError(a.text);
        params++;
      }
    }
    expect(query).toBeGreaterThan(15);
    expect(params).toBeGreaterThan(25);
  });

  it('keeps null as null in nullable body fields (unassign, open-ended scope), and still refuses wrong types', async () => {
    const analyst = f.users.analyst!;
    const opened = await f.call(analyst, 'POST', '/api/v1/cases', { title: 'nullable fields' });
    expect(opened.status).toBe(201);
    const id = (opened.body as { case: { id: string } }).case.id;
    const open = await f.call(analyst, 'POST', `/api/v1/cases/${id}/scope`, { prefix: '100.96.0.0/11', from: 1000, to: null });
    expect({ status: open.status, to: (open.body as { to: unknown }).to }).toEqual({ status: 201, to: null });
    const bounded = await f.call(analyst, 'POST', `/api/v1/cases/${id}/scope`, { prefix: '100.96.0.0/11', from: 1000, to: 5000 });
    expect({ status: bounded.status, to: (bounded.body as { to: unknown }).to }).toEqual({ status: 201, to: 5000 });
    const wrong = await f.call(analyst, 'POST', `/api/v1/cases/${id}/scope`, { prefix: '100.96.0.0/11', from: 1000, to: 'soon' });
    expect({ status: wrong.status, code: (wrong.body as { code: string }).code }).toEqual({ status: 400, code: 'SAKIMORI_ERR_API_VALIDATION' });
    const assigned = await f.call(analyst, 'PATCH', `/api/v1/cases/${id}`, { assignee: analyst.id });
    expect((assigned.body as { assignee: unknown }).assignee).toBe(analyst.id);
    const unassigned = await f.call(analyst, 'PATCH', `/api/v1/cases/${id}`, { assignee: null });
    expect({ status: unassigned.status, assignee: (unassigned.body as { assignee: unknown }).assignee }).toEqual({ status: 200, assignee: null });
  });

  it('answers 413 to a body over the limit on every route that takes one', async () => {
    const big = JSON.stringify({ title: 'x'.repeat(2 << 20) });
    // The TAXII server under /taxii2 has its own limit (the API root's max_content_length) and answers in TAXII's error form.
    // The asset import takes whole documents: its own, larger limit is tried on its own.
    for (const r of f.platform.api.routes().filter((x) => ['POST', 'PUT', 'PATCH'].includes(x.method) && x.url.startsWith('/api/') && x.url !== '/api/v1/assets/import')) {
      const a = await f.call(callerFor(r.access), r.method, fill(r.url), big);
      expect({ route: r.url, status: a.status, code: (a.body as { code: string }).code }).toEqual({ route: r.url, status: 413, code: 'SAKIMORI_ERR_API_BODY_TOO_LARGE' });
    }
  });

  it('answers 413 to an asset import over its own limit (twice the largest document, and a little)', async () => {
    const c = DEFAULT_ASSETS_CONFIG;
    const big = { format: 'csv', content: 'x'.repeat(2 * Math.max(c.csvMaxBytes, c.sbomMaxBytes) + 65 * 1024) };
    const a = await f.call(f.users.airline, 'POST', '/api/v1/assets/import', big);
    expect({ status: a.status, code: (a.body as { code: string }).code }).toEqual({ status: 413, code: 'SAKIMORI_ERR_API_BODY_TOO_LARGE' });
  });

  it('refuses malformed JSON, other content types, coerced types, bad cursors and unknown routes with coded errors', async () => {
    const admin = f.users.admin!;
    expect((await f.call(admin, 'POST', '/api/v1/organizations', '{"name": "x",')).body).toMatchObject({ code: 'SAKIMORI_ERR_API_INVALID_JSON' });
    expect((await f.call(admin, 'POST', '/api/v1/organizations', 'name=x', { 'content-type': 'text/plain' })).status).toBe(415);
    // Bodies are JSON: a string is not a boolean, null is not 0.
    expect((await f.call(admin, 'PATCH', `/api/v1/users/${f.users.partner!.id}`, { disabled: 'true' })).body).toMatchObject({ details: { path: 'body/disabled' } });
    expect((await f.call(f.users.analyst, 'GET', '/api/v1/attacks?cursor=bm90LWEtY3Vyc29y')).body).toMatchObject({ code: 'SAKIMORI_ERR_ATTACK_QUERY' });
    expect((await f.call(f.users.analyst, 'GET', '/api/v1/attacks?limit=0')).body).toMatchObject({ details: { path: 'querystring/limit' } });
    expect((await f.call(f.users.analyst, 'GET', '/api/v1/attacks?limit=5000')).status).toBe(400);
    expect(await f.call(f.users.analyst, 'GET', '/api/v1/nothing-here')).toMatchObject({ status: 404, body: { code: 'SAKIMORI_ERR_API_NOT_FOUND' } });
    expect(await f.call(undefined, 'DELETE', '/api/v1/nothing-here')).toMatchObject({ status: 404, body: { code: 'SAKIMORI_ERR_API_NOT_FOUND' } });
  });

  it('never leaks the message or stack of an unexpected failure', async () => {
    const store = f.platform.attacks as unknown as { list: unknown };
    const original = store.list;
    store.list = async () => {
      throw new Error('connection to postgres://admin:s3cret@db failed for user alice at 100.64.1.10');
    };
    try {
      const a = await f.call(f.users.analyst, 'GET', '/api/v1/attacks');
      expect(a).toMatchObject({ status: 500, body: { code: 'SAKIMORI_ERR_INTERNAL', message: 'internal error' } });
      expect(a.text).not.toMatch(/s3cret|alice|100\.64|Error/);
    } finally {
      store.list = original;
    }
  });
});
