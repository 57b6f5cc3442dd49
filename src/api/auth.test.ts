/**
 * Sign-in, sessions, CSRF protection and API tokens over HTTP, as a browser and a machine meet
 * them: cookie attributes, the CSRF header and origin checks on unsafe methods, throttling of
 * sign-in per account and per address, sign-out, disabling, and bearer tokens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiFixture, type ApiFixture } from './testing/api-fixture.js';

describe('authentication over HTTP', () => {
  let f: ApiFixture;
  beforeAll(async () => {
    // trustProxy: sign-ins below come "from" several addresses through X-Forwarded-For.
    f = await startApiFixture({ overrides: { api: { trustProxy: true, signIn: { accountFailures: 5, addressAttempts: 20 } } } });
  });
  afterAll(async () => {
    await f?.stop();
  });

  const signInFrom = (address: string, username: string, password: string, headers: Record<string, string> = {}) =>
    f.call(undefined, 'POST', '/api/v1/auth/sign-in', { username, password }, { 'x-forwarded-for': address, ...headers });

  it('sets an HttpOnly, SameSite=Strict session cookie (Secure over https) and returns the user and the CSRF token', async () => {
    const a = await signInFrom('192.0.2.50', 'airline', 'airline-test-password');
    expect(a.status).toBe(200);
    const cookie = String(a.headers['set-cookie']);
    expect(cookie).toMatch(/^sakimori_session=[A-Za-z0-9_-]{43}; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Strict$/);
    expect(a.body).toMatchObject({
      user: { username: 'airline', roles: ['operator_reporter'], organizationId: f.orgs.airline, organizationName: 'Aozora Airlines' },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const https = await signInFrom('192.0.2.50', 'airline', 'airline-test-password', { 'x-forwarded-proto': 'https' });
    expect(String(https.headers['set-cookie'])).toMatch(/; Secure; SameSite=Strict$/);
    expect(JSON.stringify(a.body)).not.toContain(cookie.slice(17, 60));
  });

  it('refuses cookie-authenticated unsafe requests without the CSRF token or from another origin; bearer tokens need none', async () => {
    const analyst = f.users.analyst!;
    const body = { title: 'CSRF probe' };
    const noHeader = await f.call({ ...analyst, csrf: '' }, 'POST', '/api/v1/cases', body);
    expect(noHeader).toMatchObject({ status: 403, body: { code: 'SAKIMORI_ERR_AUTH_CSRF' } });
    expect((await f.call({ ...analyst, csrf: f.users.officer!.csrf }, 'POST', '/api/v1/cases', body)).status).toBe(403);
    expect((await f.call(analyst, 'POST', '/api/v1/cases', body, { origin: 'https://evil.example' })).body).toMatchObject({ code: 'SAKIMORI_ERR_AUTH_CSRF' });
    expect((await f.call(analyst, 'POST', '/api/v1/cases', body, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await f.call(analyst, 'POST', '/api/v1/cases', body, { origin: 'http://localhost:80' })).status).toBe(201);
    expect((await f.call(analyst, 'POST', '/api/v1/cases', body)).status).toBe(201);
    // Safe methods need no token.
    expect((await f.call({ ...analyst, csrf: '' }, 'GET', '/api/v1/cases')).status).toBe(200);

    const made = await f.call(analyst, 'POST', '/api/v1/tokens', { name: 'ci', roles: ['nco_analyst'], expiresInDays: 30 });
    const token = (made.body as { token: string; record: { id: string } }).token;
    const bearer = { authorization: `Bearer ${token}` };
    expect((await f.call(undefined, 'POST', '/api/v1/cases', body, bearer)).status).toBe(201);
    expect((await f.call(undefined, 'GET', '/api/v1/auth/session', undefined, bearer)).body).toMatchObject({ user: { username: 'analyst' }, csrfToken: null });
    expect((await f.call(undefined, 'GET', '/api/v1/users', undefined, bearer)).status).toBe(403);
    expect((await f.call(f.users.admin, 'DELETE', `/api/v1/tokens/${(made.body as { record: { id: string } }).record.id}`)).status).toBe(204);
    expect((await f.call(undefined, 'GET', '/api/v1/cases', undefined, bearer)).status).toBe(401);
    expect((await f.call(undefined, 'GET', '/api/v1/cases', undefined, { authorization: 'Bearer skm_nonsense' })).status).toBe(401);
  });

  it('throttles sign-in per account and source address (429 with Retry-After) and per source address; wrong name and wrong password look the same', async () => {
    const unknown = await signInFrom('198.51.100.1', 'nobody', 'whatever-password');
    const wrong = await signInFrom('198.51.100.1', 'auditor', 'whatever-password');
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong).toMatchObject({ status: 401, body: { code: 'SAKIMORI_ERR_AUTH_INVALID_CREDENTIALS' } });
    for (let i = 0; i < 4; i++) await signInFrom('198.51.100.1', 'auditor', 'whatever-password');
    const locked = await signInFrom('198.51.100.1', 'auditor', 'auditor-test-password');
    expect(locked).toMatchObject({ status: 429, body: { code: 'SAKIMORI_ERR_AUTH_RATE_LIMITED' } });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);

    for (let i = 0; i < 20; i++) await signInFrom('203.0.113.7', `someone${i}`, 'whatever-password');
    expect((await signInFrom('203.0.113.7', 'officer', 'officer-test-password')).status).toBe(429);
    expect((await signInFrom('203.0.113.8', 'officer', 'officer-test-password')).status).toBe(200);
  });

  it('signing out and disabling end the session at once', async () => {
    const s = await signInFrom('192.0.2.60', 'defence', 'defence-test-password');
    const cookie = String(s.headers['set-cookie']).split(';')[0]!;
    const user = { ...f.users.defence!, cookie, csrf: (s.body as { csrfToken: string }).csrfToken };
    expect((await f.call(user, 'GET', '/api/v1/cases')).status).toBe(200);
    const out = await f.call(user, 'POST', '/api/v1/auth/sign-out');
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^sakimori_session=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict$/);
    expect(await f.call(user, 'GET', '/api/v1/cases')).toMatchObject({ status: 401, body: { code: 'SAKIMORI_ERR_AUTH_REQUIRED' } });

    expect((await f.call(f.users.partner, 'GET', '/api/v1/auth/session')).status).toBe(200);
    expect((await f.call(f.users.admin, 'PATCH', `/api/v1/users/${f.users.partner!.id}`, { disabled: true })).status).toBe(200);
    expect((await f.call(f.users.partner, 'GET', '/api/v1/auth/session')).status).toBe(401);
    expect((await f.call(f.users.admin, 'PATCH', `/api/v1/users/${f.users.admin!.id}`, { disabled: true })).body).toMatchObject({ code: 'SAKIMORI_ERR_ACCOUNT_INVALID' });

    await f.platform.audit.flush();
    const trail = (await f.call(f.users.auditor, 'GET', '/api/v1/audit/entries?from=0&limit=1000')).body as { items: { entry: { action: string } }[] };
    const actions = new Set(trail.items.map((i) => i.entry.action));
    for (const a of ['user.create', 'auth.sign_in', 'auth.sign_in_failed', 'auth.sign_out', 'user.disable', 'user.role_change']) expect(actions).toContain(a);
  });
});
