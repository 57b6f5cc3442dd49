/**
 * Live feeds never outlive the permissions they were opened with (issue 10, item 4): an open
 * `/rates/stream` or `/events` closes when the user is demoted, signs out, is disabled, changes
 * their password or has their token revoked — at once in this process, within a few seconds when
 * another process (the CLI on the same database) made the change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountService } from '../accounts/account-service.js';
import type { ApiFixture, TestUser } from './testing/api-fixture.js';
import { startApiFixture } from './testing/api-fixture.js';

interface OpenStream {
  /** Resolves with the time the server ended the stream. */
  readonly ended: Promise<number>;
  /** When the change that must end it was made. */
  markedAt: number;
  mark(): void;
  abort(): void;
}

describe('live feeds end with the permissions they were opened with', () => {
  let f: ApiFixture;
  let n = 0;
  beforeAll(async () => {
    f = await startApiFixture({ overrides: { api: { signIn: { addressAttempts: 10_000 } } } });
  });
  afterAll(async () => {
    await f?.stop();
  });

  async function open(path: string, headers: Record<string, string>): Promise<OpenStream> {
    const ac = new AbortController();
    const r = await fetch(`${f.platform.api.urls[0]}${path}`, { headers, signal: ac.signal });
    expect(r.status).toBe(200);
    const reader = r.body!.getReader();
    const ended = (async () => {
      try {
        while (!(await reader.read()).done);
      } catch {
        return Number.POSITIVE_INFINITY;
      }
      return Date.now();
    })();
    const s: OpenStream = { ended, markedAt: Date.now(), mark: () => void (s.markedAt = Date.now()), abort: () => ac.abort() };
    return s;
  }

  async function operator(): Promise<TestUser> {
    const username = `reporter${n++}`;
    const password = `${username}-test-password`;
    const u = await f.platform.api.accounts.createUser('cli', { username, password, roles: ['operator_reporter'], organizationId: f.orgs.airline });
    const s = await f.signIn(username, password);
    return { id: u.id, username, password, roles: ['operator_reporter'], cookie: s.cookie, csrf: s.csrf };
  }

  /** Milliseconds the stream stayed open after `mark()` (≤ 0: it had ended by then), or Infinity when still open well past `limitMs`. */
  function closedAfter(s: OpenStream, limitMs: number): Promise<number> {
    return Promise.race([s.ended.then((t) => t - s.markedAt), new Promise<number>((r) => setTimeout(() => r(Number.POSITIVE_INFINITY), limitMs + 2000))]);
  }

  /** The stream is still open after `ms`. */
  async function stillOpen(s: OpenStream, ms: number): Promise<boolean> {
    return Promise.race([s.ended.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), ms))]);
  }

  it('closes an operator’s rate stream at once when an admin demotes them to partner', async () => {
    const u = await operator();
    const s = await open('/api/v1/rates/stream', { cookie: u.cookie });
    expect(await stillOpen(s, 300)).toBe(true);
    expect((await f.call(f.users.admin, 'PATCH', `/api/v1/users/${u.id}`, { roles: ['partner'], organizationId: null })).status).toBe(200);
    s.mark();
    expect(await closedAfter(s, 1000)).toBeLessThan(1000);
    // Reconnecting is authorised afresh: a partner may not read rates.
    expect((await fetch(`${f.platform.api.urls[0]}/api/v1/rates/stream`, { headers: { cookie: u.cookie } })).status).toBe(403);
  });

  it('closes the streams of a session at once when it signs out, and of every session when the user changes their password', async () => {
    const u = await operator();
    const rates = await open('/api/v1/rates/stream', { cookie: u.cookie });
    const events = await open('/api/v1/events', { cookie: u.cookie });
    const other = await f.signIn(u.username, u.password);
    const otherStream = await open('/api/v1/events', { cookie: other.cookie });
    expect((await f.call(u, 'POST', '/api/v1/auth/sign-out')).status).toBe(204);
    rates.mark();
    events.mark();
    expect(await closedAfter(rates, 1000)).toBeLessThan(1000);
    expect(await closedAfter(events, 1000)).toBeLessThan(1000);
    expect(await stillOpen(otherStream, 300)).toBe(true);

    const third = await f.signIn(u.username, u.password);
    expect((await f.call({ ...u, cookie: third.cookie, csrf: third.csrf }, 'POST', '/api/v1/auth/password', { currentPassword: u.password, newPassword: `${u.username}-new-password` })).status).toBe(
      204,
    );
    otherStream.mark();
    expect(await closedAfter(otherStream, 1000)).toBeLessThan(1000);
  });

  it('closes a token’s stream when the token is revoked or its user disabled', async () => {
    const u = await operator();
    const made = (await f.call(u, 'POST', '/api/v1/tokens', { name: 'wallboard' })).body as { token: string; record: { id: string } };
    const s = await open('/api/v1/rates/stream', { authorization: `Bearer ${made.token}` });
    expect((await f.call(f.users.admin, 'DELETE', `/api/v1/tokens/${made.record.id}`)).status).toBe(204);
    s.mark();
    expect(await closedAfter(s, 1000)).toBeLessThan(1000);

    const t2 = ((await f.call(u, 'POST', '/api/v1/tokens', { name: 'wallboard 2' })).body as { token: string }).token;
    const s2 = await open('/api/v1/events', { authorization: `Bearer ${t2}` });
    expect((await f.call(f.users.admin, 'PATCH', `/api/v1/users/${u.id}`, { disabled: true })).status).toBe(200);
    s2.mark();
    expect(await closedAfter(s2, 1000)).toBeLessThan(1000);
  });

  it('closes streams within a few seconds when another process (the CLI) demotes or disables the user', async () => {
    // Another process on the same database: its own service, cache and watchers.
    const cli = new AccountService(f.platform.storage.db, { clock: f.clock, audit: f.platform.audit });
    const u = await operator();
    const s = await open('/api/v1/rates/stream', { cookie: u.cookie });
    await cli.updateUser('cli', u.id, { roles: ['partner'], organizationId: null });
    s.mark();
    expect(await closedAfter(s, 5000)).toBeLessThan(5000);

    const v = await operator();
    const s2 = await open('/api/v1/events', { cookie: v.cookie });
    await cli.updateUser('cli', v.id, { disabled: true });
    s2.mark();
    expect(await closedAfter(s2, 5000)).toBeLessThan(5000);
  });
});
