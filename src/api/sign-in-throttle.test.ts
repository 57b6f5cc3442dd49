/**
 * Throttling that an outsider cannot turn against the account it attacks (issue 10, items 10 and
 * 15): wrong current passwords on `/auth/password` are throttled; a sign-in lock holds for the
 * account *and* the source address that failed, so guessing at a commission member's password
 * does not lock the member out; an account attacked from many addresses is slowed down and
 * reported, never locked; and the counters live in the database, so a restart keeps a 429 a 429.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountService } from '../accounts/account-service.js';
import { isSakimoriError } from '../core/errors.js';
import { startApiFixture, type ApiFixture } from './testing/api-fixture.js';

describe('sign-in and password throttling', () => {
  let f: ApiFixture;
  beforeAll(async () => {
    // trustProxy: attempts below come "from" several addresses through X-Forwarded-For.
    f = await startApiFixture({ overrides: { api: { trustProxy: true, signIn: { accountFailures: 5, addressAttempts: 20 } } } });
  });
  afterAll(async () => {
    await f?.stop();
  });

  const signInFrom = (address: string, username: string, password: string) => f.call(undefined, 'POST', '/api/v1/auth/sign-in', { username, password }, { 'x-forwarded-for': address });
  const trail = async () => {
    await f.platform.audit.flush();
    return ((await f.call(f.users.auditor, 'GET', '/api/v1/audit/entries?from=0&limit=1000')).body as { items: { entry: { action: string; details: Record<string, unknown> } }[] }).items.map(
      (i) => i.entry,
    );
  };

  it('throttles wrong current passwords on POST /auth/password (429 with Retry-After after five), and audits them', async () => {
    const s = await f.signIn('partner', 'partner-test-password');
    const user = { ...f.users.partner!, cookie: s.cookie, csrf: s.csrf };
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await f.call(user, 'POST', '/api/v1/auth/password', { currentPassword: `guess number ${i}`, newPassword: 'a fresh passphrase 77' })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
    const last = await f.call(user, 'POST', '/api/v1/auth/password', { currentPassword: user.password, newPassword: 'a fresh passphrase 77' });
    expect(last).toMatchObject({ status: 429, body: { code: 'SAKIMORI_ERR_AUTH_RATE_LIMITED' } });
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(800);
    expect((await trail()).filter((e) => e.action === 'user.role_change' && e.details['change'] === 'password' && e.details['reason'] === 'wrong_password')).toHaveLength(5);
  });

  it('locks only the source address that failed: an outsider cannot lock a commission member out', async () => {
    for (let i = 0; i < 5; i++) expect((await signInFrom('203.0.113.66', 'commission1', `guess number ${i}`)).status).toBe(401);
    const locked = await signInFrom('203.0.113.66', 'commission1', 'commission1-test-password');
    expect(locked).toMatchObject({ status: 429, body: { code: 'SAKIMORI_ERR_AUTH_RATE_LIMITED' } });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
    expect((await signInFrom('192.0.2.201', 'commission1', 'commission1-test-password')).status).toBe(200);
  });

  it('slows down and reports an account attacked from many addresses, without locking it', async () => {
    for (let i = 0; i < 21; i++) expect((await signInFrom(`198.51.100.${100 + i}`, 'commission2', `guess number ${i}`)).status).toBe(401);
    expect((await signInFrom('192.0.2.202', 'commission2', 'commission2-test-password')).status).toBe(200);
    expect((await trail()).filter((e) => e.action === 'auth.sign_in_failed' && e.details['reason'] === 'account_under_attack')).toHaveLength(1);
  });

  it('keeps counters in the database: a restarted service still answers 429', async () => {
    for (let i = 0; i < 5; i++) await signInFrom('203.0.113.77', 'auditor', `guess number ${i}`);
    expect((await signInFrom('203.0.113.77', 'auditor', 'auditor-test-password')).status).toBe(429);
    const restarted = new AccountService(f.platform.storage.db, {
      clock: f.clock,
      audit: f.platform.audit,
      limits: { accountFailures: 5, accountWindowMs: 15 * 60_000, addressAttempts: 20, addressWindowMs: 5 * 60_000 },
    });
    const code = await restarted.signIn('auditor', 'auditor-test-password', '203.0.113.77').then(
      () => 'signed in',
      (e: unknown) => (isSakimoriError(e) ? e.code : String(e)),
    );
    expect(code).toBe('SAKIMORI_ERR_AUTH_RATE_LIMITED');
  });
});
