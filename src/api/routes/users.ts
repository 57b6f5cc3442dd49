/**
 * Account administration (admin only): users with roles and scope, and API tokens for machines.
 * A token's secret is returned once, at creation; only its hash is kept.
 */
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import type { AccountService } from '../../accounts/account-service.js';
import type { ApiToken, User } from '../../accounts/account-store.js';
import { SECTORS } from '../../core/sectors.js';
import { principalOf, R } from '../http/access.js';
import { Empty, Id, IdParams, Millis, Nullable, Page, PageQuery, RoleSchema } from '../http/schemas.js';

const ADMIN = [R.admin];
const Sector = Type.Union(SECTORS.map((s) => Type.Literal(s)));
const Username = Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z][A-Za-z0-9._-]{1,63}$' });

const UserSchema = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    displayName: Nullable(Type.String()),
    roles: Type.Array(RoleSchema),
    organizationId: Nullable(Type.String()),
    sector: Nullable(Type.String()),
    disabled: Type.Boolean(),
    createdAt: Millis,
    updatedAt: Millis,
  },
  { additionalProperties: false },
);

const TokenSchema = Type.Object(
  { id: Type.String(), userId: Type.String(), name: Type.String(), roles: Type.Array(RoleSchema), createdAt: Millis, expiresAt: Nullable(Millis), lastUsedAt: Nullable(Millis), revokedAt: Nullable(Millis) },
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
  { userId: Id, name: Type.String({ minLength: 1, maxLength: 100 }), roles: Type.Optional(Type.Array(RoleSchema, { minItems: 1, maxItems: 9 })), expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })) },
  { additionalProperties: false },
);

const userView = (u: User) => ({ ...u, roles: [...u.roles] });
const tokenView = (t: ApiToken) => ({ ...t, roles: [...t.roles] });

/** Route plugin of `/users` and `/tokens`. */
export function usersRoutes(deps: { accounts: AccountService }): FastifyPluginAsync {
  const { accounts } = deps;
  return async (app) => {
    const config = { access: ADMIN };
    app.get<{ Querystring: { limit: number; cursor?: string } }>(
      '/users',
      { config, schema: { summary: 'Users, newest first', tags: ['accounts'], querystring: PageQuery({}), response: { 200: Page(UserSchema) } } },
      async (req) => {
        const p = await accounts.listUsers({ limit: req.query.limit, before: req.query.cursor });
        return { items: p.items.map(userView), next: p.next };
      },
    );
    app.post<{ Body: { username: string; password: string; roles: string[]; displayName?: string | null; organizationId?: string | null; sector?: string | null } }>(
      '/users',
      { config, schema: { summary: 'Create a user', tags: ['accounts'], body: CreateUser, response: { 201: UserSchema } } },
      async (req, reply) => reply.status(201).send(userView(await accounts.createUser(principalOf(req).actor, req.body))),
    );
    app.patch<{ Params: { id: string }; Body: { roles?: string[]; disabled?: boolean; displayName?: string | null; organizationId?: string | null; sector?: string | null } }>(
      '/users/:id',
      { config, schema: { summary: 'Change roles, scope, display name or disable a user', tags: ['accounts'], params: IdParams, body: PatchUser, response: { 200: UserSchema } } },
      async (req) => userView(await accounts.updateUser(principalOf(req).actor, req.params.id, req.body)),
    );
    app.get<{ Querystring: { userId?: string; limit: number; cursor?: string } }>(
      '/tokens',
      { config, schema: { summary: 'API tokens, newest first', tags: ['accounts'], querystring: PageQuery({ userId: Type.Optional(Id) }), response: { 200: Page(TokenSchema) } } },
      async (req) => {
        const p = await accounts.listTokens({ userId: req.query.userId, limit: req.query.limit, before: req.query.cursor });
        return { items: p.items.map(tokenView), next: p.next };
      },
    );
    app.post<{ Body: { userId: string; name: string; roles?: string[]; expiresInDays?: number } }>(
      '/tokens',
      { config, schema: { summary: 'Create an API token (its secret is shown once)', tags: ['accounts'], body: CreateToken, response: { 201: Type.Object({ token: Type.String(), record: TokenSchema }, { additionalProperties: false }) } } },
      async (req, reply) => {
        const t = await accounts.createToken(principalOf(req).actor, req.body);
        return reply.status(201).send({ token: t.token, record: tokenView(t.record) });
      },
    );
    app.delete<{ Params: { id: string } }>('/tokens/:id', { config, schema: { summary: 'Revoke an API token', tags: ['accounts'], params: IdParams, response: { 204: Empty } } }, async (req, reply) => {
      await accounts.revokeToken(principalOf(req).actor, req.params.id);
      return reply.status(204).send();
    });
  };
}
