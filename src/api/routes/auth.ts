/**
 * Sign-in, the current session, sign-out and password change. The session token travels only in
 * an `HttpOnly; SameSite=Strict` cookie; the CSRF token the console must echo comes in the body.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AccountService, Principal } from '../../accounts/account-service.js';
import { DEMO_ACCOUNTS, demoPassword } from '../../accounts/demo-accounts.js';
import { ERR_API_NOT_FOUND } from '../errors.js';
import type { ApiConfig } from '../config.js';
import { principalOf } from '../http/access.js';
import { SESSION_COOKIE } from '../http/auth-hook.js';
import { Empty, Millis, Nullable, RoleSchema } from '../http/schemas.js';

/** The signed-in user as the console shows it. */
export const MeSchema = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    displayName: Nullable(Type.String()),
    roles: Type.Array(RoleSchema),
    organizationId: Nullable(Type.String()),
    organizationName: Nullable(Type.String()),
    sector: Nullable(Type.String()),
  },
  { additionalProperties: false },
);

const SessionSchema = Type.Object(
  {
    user: MeSchema,
    csrfToken: Nullable(Type.String({ description: 'send as X-CSRF-Token on unsafe methods (null for bearer tokens)' })),
    expiresAt: Nullable(Millis),
    idleExpiresAt: Nullable(Millis),
  },
  { additionalProperties: false },
);

const SignInBody = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false });
const PasswordBody = Type.Object({ currentPassword: Type.String({ minLength: 1, maxLength: 1024 }), newPassword: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false });

/** Secure flag of the cookie for this request. */
function secure(config: ApiConfig, req: FastifyRequest): boolean {
  return config.secureCookies === 'always' || (config.secureCookies === 'auto' && req.protocol === 'https');
}

async function sessionView(accounts: AccountService, p: Principal) {
  const organizationName = p.user.organizationId === null ? null : ((await accounts.store.organizationName(p.user.organizationId)) ?? null);
  return {
    user: { id: p.user.id, username: p.user.username, displayName: p.user.displayName, roles: [...p.actor.roles], organizationId: p.user.organizationId, organizationName, sector: p.user.sector },
    csrfToken: p.csrfToken ?? null,
    expiresAt: p.expiresAt ?? null,
    idleExpiresAt: p.idleExpiresAt ?? null,
  };
}

function clearCookie(config: ApiConfig, req: FastifyRequest, reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: secure(config, req) });
}

const DemoAccountsSchema = Type.Object(
  {
    accounts: Type.Array(
      Type.Object(
        { username: Type.String(), displayName: Type.String(), roles: Type.Array(RoleSchema), organization: Nullable(Type.String()), sector: Nullable(Type.String()), password: Type.String() },
        { additionalProperties: false },
      ),
    ),
    passwordPattern: Type.String(),
  },
  { additionalProperties: false },
);

/** Route plugin of `/auth`. With `demo`, `GET /auth/demo` lists the demo accounts and their passwords. */
export function authRoutes(deps: { accounts: AccountService; config: ApiConfig; demo: boolean }): FastifyPluginAsync {
  const { accounts, config } = deps;
  return async (app) => {
    app.get(
      '/auth/demo',
      { config: { access: 'public' }, schema: { summary: 'The demo accounts and their passwords (only under `serve --demo`; 404 otherwise)', tags: ['auth'], response: { 200: DemoAccountsSchema } } },
      async () => {
        // Demo passwords are published on purpose: these accounts exist only on a demo installation.
        if (!deps.demo) throw new ERR_API_NOT_FOUND('GET /api/v1/auth/demo (not a demo installation)');
        return {
          accounts: DEMO_ACCOUNTS.map((a) => ({
            username: a.username,
            displayName: a.displayName,
            roles: [...a.roles],
            organization: a.organization ?? null,
            sector: a.sector ?? null,
            password: demoPassword(a.username),
          })),
          passwordPattern: '<username>-demo-pass',
        };
      },
    );
    app.post<{ Body: { username: string; password: string } }>(
      '/auth/sign-in',
      {
        config: {
          access: 'public',
          // A control character never reaches the database, and the refusal is a failed sign-in on the record.
          onControlCharacter: async (req) => {
            const body = req.body as { username?: unknown } | undefined;
            await accounts.refuseMalformedSignIn(typeof body?.username === 'string' ? body.username : '', req.ip);
          },
        },
        schema: { summary: 'Sign in with user name and password; sets the session cookie', tags: ['auth'], body: SignInBody, response: { 200: SessionSchema } },
      },
      async (req, reply) => {
        const s = await accounts.signIn(req.body.username, req.body.password, req.ip);
        void reply.setCookie(SESSION_COOKIE, s.token, { path: '/', httpOnly: true, sameSite: 'strict', secure: secure(config, req), expires: new Date(s.principal.expiresAt!) });
        return sessionView(accounts, s.principal);
      },
    );
    app.get(
      '/auth/session',
      { config: { access: 'signed-in' }, schema: { summary: 'The signed-in user, the CSRF token and when the session ends', tags: ['auth'], response: { 200: SessionSchema } } },
      async (req) => sessionView(accounts, principalOf(req)),
    );
    app.post('/auth/sign-out', { config: { access: 'signed-in' }, schema: { summary: 'End the session', tags: ['auth'], response: { 204: Empty } } }, async (req, reply) => {
      await accounts.signOut(principalOf(req));
      clearCookie(config, req, reply);
      return reply.status(204).send();
    });
    app.post<{ Body: { currentPassword: string; newPassword: string } }>(
      '/auth/password',
      {
        config: { access: 'signed-in' },
        schema: { summary: 'Change your own password (your other sessions end; wrong current passwords are throttled like sign-ins)', tags: ['auth'], body: PasswordBody, response: { 204: Empty } },
      },
      async (req, reply) => {
        await accounts.changePassword(principalOf(req), req.body.currentPassword, req.body.newPassword);
        return reply.status(204).send();
      },
    );
  };
}
