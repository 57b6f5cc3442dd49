/**
 * Nobody acts as another person, so one admin cannot make the commission's quorum alone (issue
 * 10, item 3): an admin cannot mint a token for a commission member, nor create or promote a
 * commission member without a different sitting member's confirmation; tokens are minted only by
 * their own user from an interactive session in a subset of their roles; admins list and revoke
 * anyone's tokens, users their own; and a role change reaches existing sessions and tokens at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiFixture, TestUser } from './testing/api-fixture.js';
import { startApiFixture } from './testing/api-fixture.js';
import { buildWorld, type World } from './testing/world.js';

describe('one admin cannot make the quorum alone', () => {
  let f: ApiFixture;
  let w: World;
  beforeAll(async () => {
    f = await startApiFixture({ overrides: { api: { signIn: { addressAttempts: 10_000 } } } });
    w = await buildWorld(f);
  });
  afterAll(async () => {
    await f?.stop();
  });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const vote = (r: { id: string; digest: string }, as: TestUser | undefined, headers: Record<string, string> = {}) =>
    f.call(as, 'POST', `/api/v1/requests/${r.id}/votes`, { decision: 'approve', digest: r.digest }, headers);
  const stateOf = async (id: string) => ((await f.call(f.users.analyst, 'GET', `/api/v1/requests/${id}`)).body as { request: { state: string } }).request.state;
  const auditTrail = async () => {
    await f.platform.audit.flush();
    return (
      (await f.call(f.users.auditor, 'GET', '/api/v1/audit/entries?from=0&limit=1000')).body as {
        items: { entry: { action: string; outcome: string; actor: { id: string }; details: Record<string, unknown> } }[];
      }
    ).items.map((i) => i.entry);
  };
  async function newUser(name: string, roles: string[], by: TestUser = f.users.admin!) {
    const password = `${name}-test-password`;
    const made = await f.call(by, 'POST', '/api/v1/users', { username: name, password, roles });
    const s = await f.signIn(name, password);
    return { made, user: { id: (made.body as { id: string }).id, username: name, password, roles: [], cookie: s.cookie, csrf: s.csrf } as TestUser };
  }

  it('refuses an admin a token that acts as another user (SAKIMORI_ERR_ACCOUNT_TOKEN_NOT_OWN), audited as denied; two such attempts approve nothing', async () => {
    const r = await w.pendingRequest();
    for (const member of ['commission1', 'commission2']) {
      const minted = await f.call(f.users.admin, 'POST', '/api/v1/tokens', { userId: f.users[member]!.id, name: 'quorum' });
      expect(minted).toMatchObject({ status: 403, body: { code: 'SAKIMORI_ERR_ACCOUNT_TOKEN_NOT_OWN' } });
      const token = (minted.body as { token?: string }).token;
      if (token !== undefined) await vote(r, undefined, bearer(token));
    }
    expect(await stateOf(r.id)).toBe('pending_approval');
    const denied = (await auditTrail()).filter((e) => e.action === 'user.role_change' && e.outcome === 'denied' && e.details['change'] === 'token_created');
    expect(denied.map((e) => [e.actor.id, e.details['reason']])).toEqual([
      [f.users.admin!.id, 'not_own'],
      [f.users.admin!.id, 'not_own'],
    ]);
  });

  it('mints a token only for the caller, from an interactive session, in a subset of their roles; the member’s own token votes', async () => {
    const c1 = f.users.commission1!;
    expect((await f.call(c1, 'POST', '/api/v1/tokens', { name: 'too much', roles: ['admin'] })).body).toMatchObject({ code: 'SAKIMORI_ERR_ACCOUNT_INVALID' });
    const own = await f.call(c1, 'POST', '/api/v1/tokens', { name: 'desk', userId: c1.id, expiresInDays: 7 });
    expect(own).toMatchObject({ status: 201, body: { record: { userId: c1.id, createdBy: c1.id, roles: ['commission_member'] } } });
    const token = (own.body as { token: string }).token;
    // A token cannot mint tokens (a stolen token must not breed more).
    expect(await f.call(undefined, 'POST', '/api/v1/tokens', { name: 'child' }, bearer(token))).toMatchObject({ status: 403, body: { code: 'SAKIMORI_ERR_ACCOUNT_TOKEN_NEEDS_SESSION' } });
    const r = await w.pendingRequest();
    expect((await vote(r, undefined, bearer(token))).status).toBe(200);
    expect((await vote(r, f.users.commission2)).status).toBe(200);
    // Approved by the quorum, and put into force at once.
    expect(await stateOf(r.id)).toBe('active');
  });

  it('lets admins list and revoke anyone’s tokens and users only their own (another user’s token is not found)', async () => {
    const mine = ((await f.call(f.users.analyst, 'POST', '/api/v1/tokens', { name: 'feed' })).body as { record: { id: string } }).record.id;
    const theirs = ((await f.call(f.users.officer, 'POST', '/api/v1/tokens', { name: 'feed' })).body as { record: { id: string } }).record.id;
    const listed = (await f.call(f.users.analyst, 'GET', '/api/v1/tokens')).body as { items: { id: string; userId: string }[] };
    expect(listed.items.every((t) => t.userId === f.users.analyst!.id)).toBe(true);
    expect(listed.items.map((t) => t.id)).toContain(mine);
    expect((await f.call(f.users.analyst, 'GET', `/api/v1/tokens?userId=${f.users.officer!.id}`)).body).toMatchObject({ code: 'SAKIMORI_ERR_ACCOUNT_TOKEN_NOT_OWN' });
    expect((await f.call(f.users.analyst, 'DELETE', `/api/v1/tokens/${theirs}`)).status).toBe(404);
    const all = (await f.call(f.users.admin, 'GET', `/api/v1/tokens?userId=${f.users.officer!.id}`)).body as { items: { id: string }[] };
    expect(all.items.map((t) => t.id)).toContain(theirs);
    expect((await f.call(f.users.admin, 'DELETE', `/api/v1/tokens/${theirs}`)).status).toBe(204);
    expect((await f.call(f.users.analyst, 'DELETE', `/api/v1/tokens/${mine}`)).status).toBe(204);
  });

  it('an admin-created commission member holds no commission role until a different sitting member confirms it', async () => {
    const { made, user: x } = await newUser('sleeper1', ['commission_member']);
    expect(made).toMatchObject({ status: 201, body: { roles: [], pendingRoles: ['commission_member'] } });
    const r = await w.pendingRequest();
    expect((await vote(r, x)).status).toBe(403);
    const pending = (await f.call(f.users.commission1, 'GET', '/api/v1/commission/role-grants')).body as { items: { id: string; userId: string; state: string }[] };
    const grant = pending.items.find((g) => g.userId === x.id)!;
    expect(grant.state).toBe('pending');
    // The admin and the grantee cannot confirm it; a sitting member can.
    expect((await f.call(f.users.admin, 'POST', `/api/v1/commission/role-grants/${grant.id}/confirm`)).status).toBe(403);
    expect((await f.call(x, 'POST', `/api/v1/commission/role-grants/${grant.id}/confirm`)).status).toBe(403);
    expect(await f.call(f.users.commission1, 'POST', `/api/v1/commission/role-grants/${grant.id}/confirm`)).toMatchObject({ status: 200, body: { state: 'confirmed' } });
    expect((await f.call(f.users.commission2, 'POST', `/api/v1/commission/role-grants/${grant.id}/confirm`)).body).toMatchObject({ code: 'SAKIMORI_ERR_ACCOUNT_GRANT_DECIDED' });
    // At once, in the session the grantee already had.
    expect((await vote(r, x)).status).toBe(200);
    const steps = (await auditTrail()).filter((e) => e.action === 'user.role_change' && typeof e.details['change'] === 'string' && String(e.details['change']).startsWith('role_grant'));
    expect(steps.map((e) => `${String(e.details['change'])}/${e.outcome}`)).toEqual(['role_grant_requested/success', 'role_grant_confirmed/success']);
  });

  it('a role change to commission_member waits too, and the admin who granted it cannot confirm it after joining the commission', async () => {
    const { user: x } = await newUser('sleeper2', ['auditor']);
    const { user: granter } = await newUser('admin2', ['admin']);
    const patched = await f.call(granter, 'PATCH', `/api/v1/users/${x.id}`, { roles: ['auditor', 'commission_member'] });
    expect(patched).toMatchObject({ status: 200, body: { roles: ['auditor'], pendingRoles: ['commission_member'] } });
    const grant = ((await f.call(f.users.commission1, 'GET', '/api/v1/commission/role-grants')).body as { items: { id: string; userId: string }[] }).items.find((g) => g.userId === x.id)!;
    // The granter leaves the admins and is made a member by the server's operator.
    await f.platform.api.accounts.updateUser('cli', granter.id, { roles: ['commission_member'] });
    const again = await f.signIn('admin2', granter.password);
    const asMember = { ...granter, cookie: again.cookie, csrf: again.csrf };
    expect(await f.call(asMember, 'POST', `/api/v1/commission/role-grants/${grant.id}/confirm`)).toMatchObject({ status: 403, body: { code: 'SAKIMORI_ERR_ACCOUNT_GRANT_NOT_ALLOWED' } });
    expect(await f.call(f.users.commission3, 'POST', `/api/v1/commission/role-grants/${grant.id}/decline`)).toMatchObject({ status: 200, body: { state: 'declined' } });
    expect((await f.call(f.users.admin, 'GET', '/api/v1/users?limit=1000')).body).toMatchObject({
      items: expect.arrayContaining([expect.objectContaining({ id: x.id, roles: ['auditor'], pendingRoles: [] })]),
    });
  });

  it('keeps the incompatible roles through every path: creation, role change, pending grants and their confirmation', async () => {
    expect((await f.call(f.users.admin, 'POST', '/api/v1/users', { username: 'mixed1', password: 'mixed1-test-password', roles: ['commission_member', 'designated_officer'] })).body).toMatchObject({
      code: 'SAKIMORI_ERR_ACCOUNT_INVALID',
    });
    const { user: x } = await newUser('mixed2', ['commission_member']);
    // While the grant is pending, a requester's role cannot be added beside it.
    expect((await f.call(f.users.admin, 'PATCH', `/api/v1/users/${x.id}`, { roles: ['commission_member', 'nco_analyst'] })).body).toMatchObject({ code: 'SAKIMORI_ERR_ACCOUNT_INVALID' });
    // Replacing the roles withdraws the grant; the analyst cannot then be confirmed into the commission.
    const grant = ((await f.call(f.users.commission1, 'GET', '/api/v1/commission/role-grants')).body as { items: { id: string; userId: string }[] }).items.find((g) => g.userId === x.id)!;
    expect((await f.call(f.users.admin, 'PATCH', `/api/v1/users/${x.id}`, { roles: ['nco_analyst'] })).status).toBe(200);
    expect((await f.call(f.users.commission1, 'POST', `/api/v1/commission/role-grants/${grant.id}/confirm`)).body).toMatchObject({ code: 'SAKIMORI_ERR_ACCOUNT_GRANT_DECIDED' });
    // A token cannot carry a role its user does not hold.
    expect((await f.call(x, 'POST', '/api/v1/tokens', { name: 'sneak', roles: ['commission_member'] })).body).toMatchObject({ code: 'SAKIMORI_ERR_ACCOUNT_INVALID' });
  });

  it('a role change takes effect at once for the user’s existing sessions and tokens', async () => {
    const { user: m } = await newUser('leaving', ['auditor']);
    await f.platform.api.accounts.updateUser('cli', m.id, { roles: ['commission_member'] });
    const s = await f.signIn('leaving', m.password);
    const member = { ...m, cookie: s.cookie, csrf: s.csrf };
    const token = ((await f.call(member, 'POST', '/api/v1/tokens', { name: 'desk' })).body as { token: string }).token;
    const r = await w.pendingRequest();
    expect((await f.call(member, 'GET', '/api/v1/commission/flags')).status).toBe(200);
    expect((await f.call(undefined, 'GET', '/api/v1/commission/flags', undefined, bearer(token))).status).toBe(200);
    expect((await f.call(f.users.admin, 'PATCH', `/api/v1/users/${m.id}`, { roles: ['auditor'] })).status).toBe(200);
    expect((await vote(r, member)).status).toBe(403);
    // The token acted only as a commission member: it now acts in no role at all.
    expect((await vote(r, undefined, bearer(token))).status).toBe(401);
  });
});
