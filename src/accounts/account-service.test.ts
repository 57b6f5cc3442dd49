import { beforeEach, expect, it } from 'vitest';
import { isSakimoriError } from '../core/errors.js';
import { MemoryAuditSink } from '../operations/testing/memory-audit.js';
import { OperatorRegistry } from '../registry/registry.js';
import { describeStorage } from '../storage/testing/storage-suite.js';
import { AccountService, AUTH_CACHE_MS } from './account-service.js';
import type { AccountsTables } from './tables.js';

const FAST = { ln: 10, r: 8, p: 1 };
const PASSWORD = 'a fine passphrase 42';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return isSakimoriError(e) ? e.code : String(e);
  }
}

describeStorage('account service', (ctx) => {
  let audit: MemoryAuditSink;
  let accounts: AccountService;
  let orgId: string;
  beforeEach(async () => {
    await ctx.reset();
    audit = new MemoryAuditSink(ctx.db);
    accounts = new AccountService(ctx.db, {
      clock: ctx.clock,
      audit,
      scryptCost: FAST,
      sessions: { idleMs: 30 * 60_000, absoluteMs: 12 * 3600_000 },
      limits: { accountFailures: 3, accountWindowMs: 15 * 60_000, addressAttempts: 100, addressWindowMs: 60_000 },
      // Checks run when the tests ask (recheckWatched), not on a timer.
      watchIntervalMs: 3_600_000,
    });
    orgId = (await new OperatorRegistry(ctx.db, ctx.clock).organizations.create({ name: 'Aozora Airlines', sector: 'aviation' })).id;
  });

  it('creates users with roles and scope, refuses duplicates and incompatible roles, and audits without names in the clear', async () => {
    const u = await accounts.createUser('cli', { username: 'Alice', password: PASSWORD, roles: ['nco_analyst'] });
    expect(u).toMatchObject({ username: 'alice', roles: ['nco_analyst'], organizationId: null, disabled: false });
    expect(await codeOf(accounts.createUser('cli', { username: 'alice', password: PASSWORD, roles: ['auditor'] }))).toBe('SAKIMORI_ERR_ACCOUNT_DUPLICATE');
    expect(await codeOf(accounts.createUser('cli', { username: 'bob', password: PASSWORD, roles: ['operator_reporter'] }))).toBe('SAKIMORI_ERR_ACCOUNT_INVALID');
    expect(await codeOf(accounts.createUser('cli', { username: 'bob', password: PASSWORD, roles: ['commission_member', 'designated_officer'] }))).toBe('SAKIMORI_ERR_ACCOUNT_INVALID');
    expect(await codeOf(accounts.createUser('cli', { username: 'bob', password: 'short', roles: ['auditor'] }))).toBe('SAKIMORI_ERR_ACCOUNT_INVALID');
    const op = await accounts.createUser('cli', { username: 'airline', password: PASSWORD, roles: ['operator_reporter'], organizationId: orgId });
    expect(op.organizationId).toBe(orgId);
    const created = audit.of('user.create');
    expect(created).toHaveLength(2);
    expect(created[0]).toMatchObject({ actor: { kind: 'service', id: 'cli' }, personal: [{ kind: 'account', value: 'alice' }], details: { roles: ['nco_analyst'] } });
    expect(JSON.stringify(created[0]!.details)).not.toContain('alice');
  });

  it('makes no account change whose audit entry cannot be recorded with it', async () => {
    const root = await accounts.createUser('cli', { username: 'root', password: 'a fine root passphrase', roles: ['admin'] });
    const broken = { append: audit.append.bind(audit), drain: async () => undefined, record: async () => Promise.reject(new Error('the audit outbox refuses writes')) };
    const a = new AccountService(ctx.db, { clock: ctx.clock, audit: broken, scryptCost: FAST });
    await expect(a.createUser('cli', { username: 'ghost', password: 'a fine ghost passphrase', roles: ['auditor'] })).rejects.toThrow(/refuses writes/);
    expect(await a.userByName('ghost')).toBeUndefined();
    await expect(a.updateUser('cli', root.id, { roles: ['auditor'] })).rejects.toThrow(/refuses writes/);
    expect((await a.userByName('root'))?.roles).toEqual(['admin']);
    await expect(a.signIn('root', 'a fine root passphrase', '192.0.2.1')).rejects.toThrow(/refuses writes/);
    expect(await ctx.db.withTables<AccountsTables>().selectFrom('sessions').selectAll().execute()).toEqual([]);
  });

  it('signs in with the right password only; a wrong name, a wrong password and a disabled account look the same', async () => {
    const u = await accounts.createUser('cli', { username: 'alice', password: PASSWORD, roles: ['nco_analyst'] });
    const s = await accounts.signIn('ALICE ', PASSWORD, '192.0.2.7');
    expect(s.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.principal.actor).toEqual({ userId: u.id, roles: ['nco_analyst'] });
    expect(await codeOf(accounts.signIn('alice', 'wrong password!', '192.0.2.7'))).toBe('SAKIMORI_ERR_AUTH_INVALID_CREDENTIALS');
    expect(await codeOf(accounts.signIn('nobody', PASSWORD, '192.0.2.7'))).toBe('SAKIMORI_ERR_AUTH_INVALID_CREDENTIALS');
    await accounts.updateUser('cli', u.id, { disabled: true });
    expect(await codeOf(accounts.signIn('alice', PASSWORD, '192.0.2.7'))).toBe('SAKIMORI_ERR_AUTH_INVALID_CREDENTIALS');
    // The session of the disabled user is gone.
    expect(await accounts.authenticateSession(s.token)).toBeUndefined();
    expect(audit.trail()).toEqual(['user.create/success', 'auth.sign_in/success', 'auth.sign_in_failed/denied', 'auth.sign_in_failed/denied', 'user.disable/success', 'auth.sign_in_failed/denied']);
    expect(audit.of('auth.sign_in_failed').map((e) => e.details?.['reason'])).toEqual(['wrong_password', 'unknown_user', 'disabled']);
    // The source address is personal data: only in `personal`.
    expect(audit.of('auth.sign_in')[0]!.personal).toEqual([{ kind: 'ip', value: '192.0.2.7' }]);
  });

  it('locks an account for the failing address after repeated failures, even for the right password, until the window passes; other addresses still sign in', async () => {
    await accounts.createUser('cli', { username: 'alice', password: PASSWORD, roles: ['auditor'] });
    for (let i = 0; i < 3; i++) await codeOf(accounts.signIn('alice', 'guess number ' + i, '198.51.100.1'));
    expect(await codeOf(accounts.signIn('alice', PASSWORD, '198.51.100.1'))).toBe('SAKIMORI_ERR_AUTH_RATE_LIMITED');
    expect(await codeOf(accounts.signIn('alice', PASSWORD, '198.51.100.2'))).toBe('ok');
    ctx.clock.advance(15 * 60_000);
    expect(await codeOf(accounts.signIn('alice', PASSWORD, '198.51.100.1'))).toBe('ok');
  });

  it('never sends a user name with a control character to the database, and audits the attempt', async () => {
    expect(await codeOf(accounts.signIn('alice\u0000', PASSWORD, '192.0.2.7'))).toBe('SAKIMORI_ERR_AUTH_INVALID_CREDENTIALS');
    expect(audit.of('auth.sign_in_failed').map((e) => e.details?.['reason'])).toEqual(['malformed_name']);
  });

  it('ends sessions after the idle time and after the absolute lifetime, and on sign-out', async () => {
    await accounts.createUser('cli', { username: 'alice', password: PASSWORD, roles: ['nco_analyst'] });
    const s = await accounts.signIn('alice', PASSWORD, '192.0.2.7');
    ctx.clock.advance(29 * 60_000);
    expect((await accounts.authenticateSession(s.token))?.user.username).toBe('alice');
    ctx.clock.advance(29 * 60_000);
    expect(await accounts.authenticateSession(s.token)).toBeDefined();
    ctx.clock.advance(31 * 60_000);
    expect(await accounts.authenticateSession(s.token)).toBeUndefined();

    const t = await accounts.signIn('alice', PASSWORD, '192.0.2.7');
    // Kept busy every 20 minutes, it still ends 12 h after sign-in.
    for (let i = 1; i < 36; i++) {
      ctx.clock.advance(20 * 60_000);
      expect(await accounts.authenticateSession(t.token)).toBeDefined();
    }
    ctx.clock.advance(20 * 60_000);
    expect(await accounts.authenticateSession(t.token)).toBeUndefined();

    const r = await accounts.signIn('alice', PASSWORD, '192.0.2.7');
    const p = (await accounts.authenticateSession(r.token))!;
    expect(accounts.checkCsrf(p, p.csrfToken)).toBe(true);
    expect(accounts.checkCsrf(p, 'x'.repeat(43))).toBe(false);
    expect(accounts.checkCsrf(p, undefined)).toBe(false);
    await accounts.signOut(p);
    expect(await accounts.authenticateSession(r.token)).toBeUndefined();
    expect(await accounts.authenticateSession('made-up-token-made-up-token-made-up-token')).toBeUndefined();
  });

  it('API tokens: minted only by their own user from a session or the CLI with the password, hashed at rest, limited to roles the user holds, stop with revocation, expiry and disabling', async () => {
    const u = await accounts.createUser('cli', { username: 'robot', password: PASSWORD, roles: ['nco_analyst', 'partner'] });
    const other = await accounts.createUser('cli', { username: 'victim', password: PASSWORD, roles: ['commission_member'] });
    const admin = await accounts.createUser('cli', { username: 'root', password: PASSWORD, roles: ['admin'] });
    const session = (await accounts.signIn('robot', PASSWORD, '192.0.2.7')).principal;
    const adminSession = (await accounts.signIn('root', PASSWORD, '192.0.2.7')).principal;
    expect(await codeOf(accounts.createToken(adminSession, { userId: other.id, name: 'quorum' }))).toBe('SAKIMORI_ERR_ACCOUNT_TOKEN_NOT_OWN');
    expect(audit.events.at(-1)).toMatchObject({
      actor: { id: admin.id },
      action: 'user.role_change',
      outcome: 'denied',
      subjects: [{ type: 'user', id: other.id }],
      details: { change: 'token_created', reason: 'not_own' },
    });
    expect(await codeOf(accounts.createToken(session, { name: 'ci', roles: ['admin'] }))).toBe('SAKIMORI_ERR_ACCOUNT_INVALID');
    const t = await accounts.createToken(session, { name: 'feed', roles: ['partner'], expiresInDays: 1 });
    expect(t.token).toMatch(/^skm_[0-9A-Z]{26}_[A-Za-z0-9_-]{43}$/);
    expect(t.record).toMatchObject({ userId: u.id, createdBy: u.id });
    const row = await accounts.store.tokenRow(t.record.id);
    expect(row?.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(t.token.slice(31));
    const viaToken = (await accounts.authenticateToken(t.token))!;
    expect(viaToken.actor.roles).toEqual(['partner']);
    expect(await codeOf(accounts.createToken(viaToken, { name: 'child' }))).toBe('SAKIMORI_ERR_ACCOUNT_TOKEN_NEEDS_SESSION');
    expect(await accounts.authenticateToken(t.token.slice(0, -1) + (t.token.endsWith('A') ? 'B' : 'A'))).toBeUndefined();
    ctx.clock.advance(86_400_000);
    expect(await accounts.authenticateToken(t.token)).toBeUndefined();

    const cli = await accounts.signInLocal('robot', PASSWORD);
    expect(await codeOf(accounts.signInLocal('robot', 'not the password'))).toBe('SAKIMORI_ERR_AUTH_INVALID_CREDENTIALS');
    const t2 = await accounts.createToken(cli, { name: 'feed 2' });
    expect((await accounts.authenticateToken(t2.token))?.actor.roles).toEqual(['nco_analyst', 'partner']);
    await accounts.updateUser('cli', u.id, { roles: ['partner'] });
    expect((await accounts.authenticateToken(t2.token))?.actor.roles).toEqual(['partner']);
    // Someone else's token is not found; its owner and an admin revoke it.
    expect(await codeOf(accounts.revokeToken(adminSession.actor, 'nonexistent'))).toBe('SAKIMORI_ERR_ACCOUNT_NOT_FOUND');
    expect(await codeOf(accounts.revokeToken({ userId: other.id as never, roles: ['commission_member'] }, t2.record.id))).toBe('SAKIMORI_ERR_ACCOUNT_NOT_FOUND');
    await accounts.revokeToken(session.actor, t2.record.id);
    expect(await accounts.authenticateToken(t2.token)).toBeUndefined();
    expect(audit.of('user.role_change').map((e) => `${String(e.details?.['change'])}/${e.outcome ?? 'success'}`)).toEqual([
      'token_created/denied',
      'token_created/success',
      'token_created/denied',
      'token_created/success',
      'roles/success',
      'token_revoked/success',
    ]);
  });

  it('refuses tokens that their own user did not mint (rows from before migration 0009)', async () => {
    const u = await accounts.createUser('cli', { username: 'robot', password: PASSWORD, roles: ['partner'] });
    const t = await accounts.createToken(await accounts.signInLocal('robot', PASSWORD), { name: 'feed' });
    expect(await accounts.authenticateToken(t.token)).toBeDefined();
    await ctx.db.withTables<AccountsTables>().updateTable('api_tokens').set({ created_by: null }).where('id', '=', t.record.id).execute();
    ctx.clock.advance(AUTH_CACHE_MS);
    expect(await accounts.authenticateToken(t.token)).toBeUndefined();
    expect(u.id).toBe(t.record.userId);
  });

  it('keeps an admin’s commission grant pending through other changes — even by the CLI — and the CLI’s own grant says it needed no member', async () => {
    const root = await accounts.createUser('cli', { username: 'root', password: PASSWORD, roles: ['admin'] });
    const admin = { userId: root.id as never, roles: ['admin' as const] };
    const x = await accounts.createUser(admin, { username: 'newbie', password: PASSWORD, roles: ['commission_member'] });
    expect(x.roles).toEqual([]);
    await accounts.updateUser('cli', x.id, { displayName: 'New member' });
    await accounts.updateUser('cli', x.id, { disabled: true });
    expect((await accounts.store.requireUser(x.id)).roles).toEqual([]);
    expect((await accounts.grants.pendingOf(x.id)).map((g) => g.role)).toEqual(['commission_member']);
    await accounts.updateUser('cli', x.id, { roles: ['commission_member'], disabled: false });
    expect((await accounts.store.requireUser(x.id)).roles).toEqual(['commission_member']);
    expect(await accounts.grants.pendingOf(x.id)).toEqual([]);
    expect(audit.of('user.role_change').map((e) => [e.details?.['change'], e.details?.['commissionBootstrap'] === undefined ? '' : 'bootstrap'])).toEqual([
      ['role_grant_requested', ''],
      ['roles', 'bootstrap'],
      ['role_grant_superseded', ''],
    ]);
    expect(audit.of('user.create').map((e) => e.details?.['pendingRoles'])).toEqual([[], ['commission_member']]);
  });

  it('ends watchers at once on a change here, and on a change by another process at the next check', async () => {
    const u = await accounts.createUser('cli', { username: 'watcher', password: PASSWORD, roles: ['nco_analyst'] });
    const a = await accounts.signIn('watcher', PASSWORD, '192.0.2.7');
    const b = await accounts.signIn('watcher', PASSWORD, '192.0.2.7');
    const ended: string[] = [];
    accounts.watch(a.principal, () => ended.push('a'));
    accounts.watch(b.principal, () => ended.push('b'));
    await accounts.signOut(a.principal);
    expect(ended).toEqual(['a']);
    // Another process (its own service) changes the roles: found by the next check.
    const elsewhere = new AccountService(ctx.db, { clock: ctx.clock, audit, scryptCost: FAST });
    await elsewhere.updateUser('cli', u.id, { roles: ['auditor'] });
    expect(ended).toEqual(['a']);
    await accounts.recheckWatched();
    expect(ended).toEqual(['a', 'b']);
    // Idle expiry ends a watched session too (watching is not activity).
    const c = await accounts.signIn('watcher', PASSWORD, '192.0.2.7');
    accounts.watch(c.principal, () => ended.push('c'));
    await accounts.recheckWatched();
    ctx.clock.advance(31 * 60_000);
    await accounts.recheckWatched();
    expect(ended).toEqual(['a', 'b', 'c']);
  });
});
