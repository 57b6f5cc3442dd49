/**
 * Authentication, authorisation and CSRF protection of every request, as one `onRequest` hook.
 *
 * - Credentials: `Authorization: Bearer skm_…` (API token) or the `sakimori_session` cookie.
 * - Authorisation: the route's declared {@link Access}; none declared means refused (fail closed).
 * - CSRF (cookie-authenticated POST/PUT/PATCH/DELETE only; a bearer token is never sent by a
 *   browser on its own): the request must carry `X-CSRF-Token` equal to the session's token (an
 *   HMAC of the session secret, OWASP "signed double submit"), and when the browser states an
 *   `Origin` it must be this server's own; `Sec-Fetch-Site: cross-site` is refused outright. The
 *   cookie is `SameSite=Strict` as well, so a cross-site request normally carries no session at all.
 */
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type {} from '../live/sse.js';
import type { AccountService, Principal } from '../../accounts/account-service.js';
import { ERR_AUTH_CSRF, ERR_AUTH_FORBIDDEN, ERR_AUTH_REQUIRED } from '../../accounts/errors.js';
import { hasRole } from '../../core/roles.js';
import { controlCharacterBeforeBody, controlCharacterInBody, ERR_API_CONTROL_CHARACTER } from './validator.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Runs before a request with a refused control character is answered 400 (e.g. to audit it). */
    onControlCharacter?: (req: FastifyRequest) => Promise<void>;
  }
}

/** Name of the session cookie. */
export const SESSION_COOKIE = 'sakimori_session';
/** Header carrying the CSRF token. */
export const CSRF_HEADER = 'x-csrf-token';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Reads the caller's credentials; undefined when there are none or they are not valid. */
export async function authenticate(accounts: AccountService, req: FastifyRequest): Promise<Principal | undefined> {
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    return m === null ? undefined : accounts.authenticateToken(m[1]!);
  }
  const token = req.cookies[SESSION_COOKIE];
  return token === undefined || token === '' ? undefined : accounts.authenticateSession(token);
}

function checkCsrf(accounts: AccountService, principal: Principal, req: FastifyRequest): void {
  if (principal.via !== 'session' || !UNSAFE.has(req.method)) return;
  if (req.headers['sec-fetch-site'] === 'cross-site') throw new ERR_AUTH_CSRF('the browser marked it cross-site');
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `${req.protocol}://${req.host}`) throw new ERR_AUTH_CSRF('Origin is not this server');
  const given = req.headers[CSRF_HEADER];
  if (!accounts.checkCsrf(principal, typeof given === 'string' ? given : undefined)) throw new ERR_AUTH_CSRF(`missing or wrong ${CSRF_HEADER} header`);
}

async function refuseControl(req: FastifyRequest, where: string | undefined): Promise<void> {
  if (where === undefined) return;
  await req.routeOptions.config.onControlCharacter?.(req);
  throw new ERR_API_CONTROL_CHARACTER(where, { details: { path: where } });
}

/** Installs the hooks on `app` (routes registered later are covered). */
export function installAuth(app: FastifyInstance, accounts: AccountService): void {
  app.decorateRequest('principal', undefined);
  app.decorateRequest('watchAuth', undefined);
  app.addHook('preValidation', async (req: FastifyRequest) => {
    if (!req.is404) await refuseControl(req, controlCharacterInBody(req));
  });
  app.addHook('onRequest', async (req: FastifyRequest, _reply: FastifyReply) => {
    // Routes Fastify did not match (404 handler) have no config; they carry no data.
    if (req.is404) return;
    await refuseControl(req, controlCharacterBeforeBody(req));
    const access = req.routeOptions.config.access;
    if (access === 'public') return;
    const principal = await authenticate(accounts, req);
    if (principal === undefined) throw new ERR_AUTH_REQUIRED();
    if (access === undefined || (access !== 'signed-in' && !hasRole(principal.actor, ...access))) {
      throw new ERR_AUTH_FORBIDDEN(`${req.method} ${req.routeOptions.url ?? ''}`);
    }
    checkCsrf(accounts, principal, req);
    req.principal = principal;
    req.watchAuth = (onEnd) => accounts.watch(principal, onEnd);
  });
}
