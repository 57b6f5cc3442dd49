/**
 * API tokens for machines. A token belongs to the user who creates it: minted from that user's
 * interactive session (or the CLI with their password), never with another token, never for
 * someone else — an admin included — and acting in a subset of the user's current roles. Admins
 * list and revoke anyone's tokens; users their own. Only the SHA-256 of the secret is kept, and a
 * token its own user did not mint (`created_by`, migration 0009) never authenticates.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import { hasRole, type Actor, type Role } from '../core/roles.js';
import type { AuditEventInput } from '../core/audit-event.js';
import { newId } from '../storage/id.js';
import type { AccountStore, ApiToken, StorePage } from './account-store.js';
import type { AccountUnit } from './account-unit.js';
import { toUser } from './account-store.js';
import type { CredentialWatch } from './credential-watch.js';
import { ERR_ACCOUNT_INVALID, ERR_ACCOUNT_NOT_FOUND, ERR_ACCOUNT_TOKEN_NEEDS_SESSION, ERR_ACCOUNT_TOKEN_NOT_OWN, ERR_AUTH_INVALID_CREDENTIALS } from './errors.js';
import { actorOf, type Principal } from './principal.js';
import type { PrincipalCache } from './principal-cache.js';
import { checkDisplayName, checkRoles } from './validation.js';

const TOKEN_PREFIX = 'skm_';
/** Last use is written at most this often per token. */
const TOUCH_MS = 30_000;
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** What a token is created with. */
export interface TokenInput {
  /** Must be the creator's own id when given: a token belongs to the user who creates it. */
  readonly userId?: string | undefined;
  readonly name: string;
  readonly roles?: readonly string[] | undefined;
  readonly expiresInDays?: number | undefined;
}

/** What the tokens share with the account service. */
export interface ApiTokensDeps {
  readonly store: AccountStore;
  readonly clock: Clock;
  /** Appends a refusal to the audit log (it changes nothing). */
  readonly audit: { append(event: AuditEventInput): Promise<unknown> };
  /** Runs a change and its audit entries as one unit of work. */
  readonly unit: <T>(fn: (u: AccountUnit) => Promise<T>) => Promise<T>;
  readonly cache: PrincipalCache;
  readonly watch: CredentialWatch;
}

/** The API tokens of the account service. */
export class ApiTokens {
  readonly #deps: ApiTokensDeps;

  constructor(deps: ApiTokensDeps) {
    this.#deps = deps;
  }

  /**
   * Creates an API token for the caller, acting in `roles` (a subset of the caller's current
   * roles; all of them by default). Only from an interactive session or the CLI with the user's
   * password: a token cannot mint tokens, and nobody — an admin included — creates one for
   * another user ({@link ERR_ACCOUNT_TOKEN_NOT_OWN}, audited as denied). Returns the token text
   * once; only its hash is kept. Recorded as `user.role_change` (`change: token_created`).
   */
  async create(by: Principal, input: TokenInput): Promise<{ token: string; record: ApiToken }> {
    const ownId = by.user.id;
    const denied = async (reason: string, subjectUser: string): Promise<void> => {
      await this.#deps.audit.append({
        actor: { kind: 'user', id: ownId },
        action: 'user.role_change',
        outcome: 'denied',
        subjects: [{ type: 'user', id: subjectUser }],
        details: { change: 'token_created', reason },
      });
    };
    if (by.via === 'token') {
      await denied('token_cannot_mint', ownId);
      throw new ERR_ACCOUNT_TOKEN_NEEDS_SESSION();
    }
    if (input.userId !== undefined && input.userId !== ownId) {
      await denied('not_own', /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}$/.test(input.userId) ? input.userId : 'invalid');
      throw new ERR_ACCOUNT_TOKEN_NOT_OWN();
    }
    // The user's roles now, not as cached: a role removed a moment ago is not handed on.
    const user = await this.#deps.store.requireUser(ownId);
    if (user.disabled) throw new ERR_AUTH_INVALID_CREDENTIALS();
    const name = checkDisplayName(input.name);
    if (name === null) throw new ERR_ACCOUNT_INVALID('name', 'a token needs a name');
    const roles = input.roles === undefined ? [...user.roles] : checkRoles(input.roles, { organizationId: user.organizationId, sector: user.sector });
    if (roles.length === 0) throw new ERR_ACCOUNT_INVALID('roles', 'you hold no role to give a token');
    const extra = roles.find((r) => !user.roles.includes(r));
    if (extra !== undefined) throw new ERR_ACCOUNT_INVALID('roles', `you do not hold ${extra}`);
    const days = input.expiresInDays;
    if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 3650)) throw new ERR_ACCOUNT_INVALID('expiresInDays', '1–3650');
    const now = this.#deps.clock.now();
    const id = newId(now);
    const secret = randomBytes(32).toString('base64url');
    const record = await this.#deps.unit(async (u) => {
      const r = await u.store.insertToken({
        id,
        user_id: user.id,
        name,
        secret_hash: sha256(secret),
        roles: JSON.stringify(roles),
        created_at: now,
        expires_at: days === undefined ? null : now + days * 86_400_000,
        last_used_at: null,
        revoked_at: null,
        created_by: user.id,
      });
      await u.record({
        actor: { kind: 'user', id: user.id },
        action: 'user.role_change',
        subjects: [
          { type: 'user', id: user.id },
          { type: 'token', id },
        ],
        details: { change: 'token_created', roles: [...roles], expiresInDays: days ?? null, via: by.via === 'password' ? 'cli' : 'session' },
      });
      return r;
    });
    return { token: `${TOKEN_PREFIX}${id}_${secret}`, record };
  }

  /**
   * Revokes a token: an admin (or the CLI) any token, anyone else only their own — another
   * user's token is answered as not found. Recorded as `user.role_change` (`change: token_revoked`).
   */
  async revoke(by: Actor | 'cli', id: string): Promise<ApiToken> {
    const row = await this.#deps.store.tokenRow(id);
    const own = by !== 'cli' && row?.user_id === by.userId;
    if (row === undefined || (by !== 'cli' && !own && !hasRole(by, 'admin'))) throw new ERR_ACCOUNT_NOT_FOUND('active token', JSON.stringify(id));
    const actor: AuditEventInput['actor'] = by === 'cli' ? { kind: 'service', id: 'cli' } : own ? { kind: 'user', id: by.userId } : { kind: 'user', id: by.userId, role: 'admin' };
    const t = await this.#deps.unit(async (u) => {
      const revoked = await u.store.revokeToken(id, this.#deps.clock.now());
      if (revoked === undefined) throw new ERR_ACCOUNT_NOT_FOUND('active token', JSON.stringify(id));
      await u.record({
        actor,
        action: 'user.role_change',
        subjects: [
          { type: 'user', id: revoked.userId },
          { type: 'token', id },
        ],
        details: { change: 'token_revoked' },
      });
      return revoked;
    });
    this.#deps.cache.forgetCredential(id);
    this.#deps.watch.end((p) => p.via === 'token' && p.credentialId === id);
    return t;
  }

  /** Tokens, newest first: an admin (or the CLI) sees anyone's, anyone else only their own. */
  async list(by: Actor | 'cli', f: { userId?: string | undefined; limit: number; before?: string | undefined }): Promise<StorePage<ApiToken>> {
    if (by !== 'cli' && !hasRole(by, 'admin')) {
      if (f.userId !== undefined && f.userId !== by.userId) throw new ERR_ACCOUNT_TOKEN_NOT_OWN();
      return this.#deps.store.listTokens({ ...f, userId: by.userId });
    }
    return this.#deps.store.listTokens(f);
  }

  /** The principal of a bearer token, or undefined when it is malformed, unknown, revoked, expired, not its user's own or its user disabled. */
  async authenticate(text: string): Promise<Principal | undefined> {
    const m = /^skm_([0-9A-HJKMNP-TV-Z]{26})_([A-Za-z0-9_-]{43})$/.exec(text);
    if (m === null) return undefined;
    const key = `t:${sha256(text)}`;
    const now = this.#deps.clock.now();
    const cached = this.#deps.cache.get(key, now);
    if (cached !== undefined) return cached;
    const row = await this.#deps.store.tokenRow(m[1]!);
    if (row === undefined || row.revoked_at !== null || (row.expires_at !== null && Number(row.expires_at) <= now)) return undefined;
    // Only a token its own user minted acts for that user.
    if (row.created_by !== row.user_id) return undefined;
    const a = Buffer.from(row.secret_hash, 'hex');
    const b = Buffer.from(sha256(m[2]!), 'hex');
    if (a.length !== b.length || !timingSafeEqual(a, b)) return undefined;
    const userRow = await this.#deps.store.userRow(row.user_id);
    if (userRow === undefined || Number(userRow.disabled) === 1) return undefined;
    const user = toUser(userRow);
    const roles = (JSON.parse(row.roles) as Role[]).filter((r) => user.roles.includes(r));
    if (roles.length === 0) return undefined;
    if (row.last_used_at === null || now - Number(row.last_used_at) >= TOUCH_MS) await this.#deps.store.touchToken(row.id, now);
    const principal: Principal = { actor: actorOf(user, roles), user, via: 'token', credentialId: row.id };
    this.#deps.cache.set(key, principal, now);
    return principal;
  }
}
