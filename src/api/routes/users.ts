/**
 * Account administration and API tokens:
 *
 * - `/users` (admin only): users with roles and scope. A `commission_member` role granted here
 *   does not take effect until a different sitting commission member confirms it
 *   (`/commission/role-grants`); the answer lists it under `pendingRoles` meanwhile.
 * - `/tokens` (any signed-in user): a token belongs to the user who creates it, from an
 *   interactive session, acting in a subset of that user's roles; nobody — an admin included —
 *   creates one for someone else. Admins list and revoke anyone's tokens; others only their own.
 *   A token's secret is returned once, at creation; only its hash is kept.
 * - `/commission/role-grants`: pending grants, seen by admins and commission members, confirmed
 *   or declined by a sitting commission member who is neither the grantee nor the granter.
 */
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import type { AccountService, RoleGrant } from '../../accounts/account-service.js';
import type { ApiToken, User } from '../../accounts/account-store.js';
import { SECTORS } from '../../core/sectors.js';
import { principalOf, R } from '../http/access.js';
import { Empty, Id, IdParams, Millis, Nullable, Page, PageQuery, RoleSchema } from '../http/schemas.js';

const ADMIN = [R.admin];
const Sector = Type.Union(SECTORS.map((s) => Type.Literal(s)));
const Username = Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z][A-Za-z0-9._-]{1,63}$' });
const GrantState = Type.Union([Type.Literal('pending'), Type.Literal('confirmed'), Type.Literal('declined'), Type.Literal('withdrawn')]);

const UserSchema = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    displayName: Nullable(Type.String()),
    roles: Type.Array(RoleSchema),
    pendingRoles: Type.Array(RoleSchema, { description: 'granted but not in force until a sitting commission member confirms' }),
    organizationId: Nullable(Type.String()),
    sector: Nullable(Type.String()),
    disabled: Type.Boolean(),
    createdAt: Millis,
    updatedAt: Millis,
  },
  { additionalProperties: false },
);

const TokenSchema = Type.Object(
  {
    id: Type.String(),
    userId: Type.String(),
    name: Type.String(),
    roles: Type.Array(RoleSchema),
    createdAt: Millis,
    createdBy: Nullable(Type.String({ description: 'the user who minted it (its own user); null for tokens revoked by the 0009 migration' })),
    expiresAt: Nullable(Millis),
    lastUsedAt: Nullable(Millis),
    revokedAt: Nullable(Millis),
  },
  { additionalProperties: false },
);

const RoleGrantSchema = Type.Object(
  {
    id: Type.String(),
    userId: Type.String(),
    userName: Nullable(Type.String()),
    role: RoleSchema,
    grantedBy: Type.String(),
    grantedByName: Nullable(Type.String()),
    state: GrantState,
    createdAt: Millis,
    decidedBy: Nullable(Type.String()),
    decidedAt: Nullable(Millis),
  },
  { additionalProperties: false },
);

const CreateUser = Type.Object(
  {
    username: Username,
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    roles: Type.Array(RoleSchema, { minItems: 1, maxItems: 9 }),
    displayName: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    organizationId: Type.Optional(Nullable(Id)),
    sector: Type.Optional(Nullable(Sector)),
  },
  { additionalProperties: false },
);

const PatchUser = Type.Object(
  {
    roles: Type.Optional(Type.Array(RoleSchema, { minItems: 1, maxItems: 9 })),
    disabled: Type.Optional(Type.Boolean()),
    displayName: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    organizationId: Type.Optional(Nullable(Id)),
    sector: Type.Optional(Nullable(Sector)),
  },
  { additionalProperties: false, minProperties: 1 },
);

const CreateToken = Type.Object(
  {
    userId: Type.Optional({ ...Id, description: 'your own user id, if given: a token is only ever created for its creator' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    roles: Type.Optional(Type.Array(RoleSchema, { minItems: 1, maxItems: 9 })),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  },
  { additionalProperties: false },
);

const tokenView = (t: ApiToken) => ({ ...t, roles: [...t.roles] });

/** Route plugin of `/users`, `/tokens` and `/commission/role-grants`. */
export function usersRoutes(deps: { accounts: AccountService }): FastifyPluginAsync {
  const { accounts } = deps;
  const usersView = async (users: readonly User[]) => {
    const pending = await accounts.grants.pendingRoles(users.map((u) => u.id));
    return users.map((u) => ({ ...u, roles: [...u.roles], pendingRoles: pending.get(u.id) ?? [] }));
  };
  const userView = async (u: User) => (await usersView([u]))[0]!;
  const grantsView = async (grants: readonly RoleGrant[]) => {
    const names = await accounts.displayNames(grants.flatMap((g) => [g.userId, g.grantedBy]));
    return grants.map((g) => ({ ...g, userName: names.get(g.userId) ?? null, grantedByName: names.get(g.grantedBy) ?? null }));
  };
  return async (app) => {
    const config = { access: ADMIN };
    app.get<{ Querystring: { limit: number; cursor?: string } }>(
      '/users',
      { config, schema: { summary: 'Users, newest first', tags: ['accounts'], querystring: PageQuery({}), response: { 200: Page(UserSchema) } } },
      async (req) => {
        const p = await accounts.listUsers({ limit: req.query.limit, before: req.query.cursor });
        return { items: await usersView(p.items), next: p.next };
      },
    );
    app.post<{ Body: { username: string; password: string; roles: string[]; displayName?: string | null; organizationId?: string | null; sector?: string | null } }>(
      '/users',
      { config, schema: { summary: 'Create a user (commission_member waits for a sitting member’s confirmation)', tags: ['accounts'], body: CreateUser, response: { 201: UserSchema } } },
      async (req, reply) => reply.status(201).send(await userView(await accounts.createUser(principalOf(req).actor, req.body))),
    );
    app.patch<{ Params: { id: string }; Body: { roles?: string[]; disabled?: boolean; displayName?: string | null; organizationId?: string | null; sector?: string | null } }>(
      '/users/:id',
      {
        config,
        schema: {
          summary: 'Change roles, scope, display name or disable a user (commission_member waits for confirmation)',
          tags: ['accounts'],
          params: IdParams,
          body: PatchUser,
          response: { 200: UserSchema },
        },
      },
      async (req) => userView(await accounts.updateUser(principalOf(req).actor, req.params.id, req.body)),
    );
    app.get<{ Querystring: { userId?: string; limit: number; cursor?: string } }>(
      '/tokens',
      {
        config: { access: 'signed-in' },
        schema: { summary: 'API tokens, newest first: yours (an admin: anyone’s)', tags: ['accounts'], querystring: PageQuery({ userId: Type.Optional(Id) }), response: { 200: Page(TokenSchema) } },
      },
      async (req) => {
        const p = await accounts.listTokens(principalOf(req).actor, { userId: req.query.userId, limit: req.query.limit, before: req.query.cursor });
        return { items: p.items.map(tokenView), next: p.next };
      },
    );
    app.post<{ Body: { userId?: string; name: string; roles?: string[]; expiresInDays?: number } }>(
      '/tokens',
      {
        config: { access: 'signed-in' },
        schema: {
          summary: 'Create an API token for yourself, from a signed-in session (its secret is shown once)',
          tags: ['accounts'],
          body: CreateToken,
          response: { 201: Type.Object({ token: Type.String(), record: TokenSchema }, { additionalProperties: false }) },
        },
      },
      async (req, reply) => {
        const t = await accounts.createToken(principalOf(req), req.body);
        return reply.status(201).send({ token: t.token, record: tokenView(t.record) });
      },
    );
    app.delete<{ Params: { id: string } }>(
      '/tokens/:id',
      { config: { access: 'signed-in' }, schema: { summary: 'Revoke an API token (yours; an admin: anyone’s)', tags: ['accounts'], params: IdParams, response: { 204: Empty } } },
      async (req, reply) => {
        await accounts.revokeToken(principalOf(req).actor, req.params.id);
        return reply.status(204).send();
      },
    );
    app.get<{ Querystring: { state: RoleGrant['state']; limit: number; cursor?: string } }>(
      '/commission/role-grants',
      {
        config: { access: [R.admin, R.commission] },
        schema: {
          summary: 'Grants of commission_member waiting for a sitting member (or decided), newest first',
          tags: ['accounts'],
          querystring: PageQuery({ state: Type.Optional({ ...GrantState, default: 'pending' }) }),
          response: { 200: Page(RoleGrantSchema) },
        },
      },
      async (req) => {
        const p = await accounts.listRoleGrants({ state: req.query.state, limit: req.query.limit, before: req.query.cursor });
        return { items: await grantsView(p.items), next: p.next };
      },
    );
    for (const [verb, summary] of [
      ['confirm', 'Confirm a role grant: the grantee holds the role from now on (a sitting member other than the grantee and the granter)'],
      ['decline', 'Decline a role grant'],
    ] as const) {
      app.post<{ Params: { id: string } }>(
        `/commission/role-grants/:id/${verb}`,
        { config: { access: [R.commission] }, schema: { summary, tags: ['accounts'], params: IdParams, response: { 200: RoleGrantSchema } } },
        async (req) => {
          const actor = principalOf(req).actor;
          const g = verb === 'confirm' ? await accounts.confirmRoleGrant(actor, req.params.id) : await accounts.declineRoleGrant(actor, req.params.id);
          return (await grantsView([g]))[0]!;
        },
      );
    }
  };
}
