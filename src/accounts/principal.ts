/**
 * Who is calling: the principal a session or an API token authenticates to, the actor the
 * services receive, and the input shapes of account administration.
 */
import type { OrganizationId, UserId } from '../core/ids.js';
import type { AuditActor } from '../core/audit-event.js';
import type { Actor, Role } from '../core/roles.js';
import type { Sector } from '../core/sectors.js';
import type { User } from './account-store.js';

/** Who made a request, and how. */
export interface Principal {
  readonly actor: Actor;
  readonly user: User;
  /** `password`: a one-shot check of the user's password on the server's command line (no session). */
  readonly via: 'session' | 'token' | 'password';
  /** Session id (hash), token id, or `cli` for `password`. */
  readonly credentialId: string;
  /** For sessions: the CSRF token the client must echo. */
  readonly csrfToken?: string;
  readonly expiresAt?: number;
  readonly idleExpiresAt?: number;
}

/** A new session as sign-in returns it; `token` goes into the cookie. */
export interface NewSession {
  readonly token: string;
  readonly principal: Principal;
}

/** Input of `AccountService.createUser`. */
export interface UserInput {
  readonly username: string;
  readonly password: string;
  readonly roles: readonly string[];
  readonly displayName?: string | null | undefined;
  readonly organizationId?: string | null | undefined;
  readonly sector?: string | null | undefined;
}

/** Changes of `AccountService.updateUser`; absent fields stay. */
export interface UserPatch {
  readonly roles?: readonly string[] | undefined;
  readonly disabled?: boolean | undefined;
  readonly displayName?: string | null | undefined;
  readonly organizationId?: string | null | undefined;
  readonly sector?: string | null | undefined;
}

/** Who administers accounts: an admin user, the CLI on the server itself, or the demo seeding. */
export type AccountAdmin = Actor | 'cli' | 'demo';

/** How an account administrator appears in the audit log. */
export function adminAuditActor(by: AccountAdmin): AuditActor {
  // The CLI acts as the `cli` service account, as every other CLI command records itself.
  if (by === 'cli') return { kind: 'service', id: 'cli' };
  return by === 'demo' ? { kind: 'system', id: 'sakimori-demo' } : { kind: 'user', id: by.userId, role: 'admin' };
}

/** The actor a user acts as with `roles`. */
export function actorOf(user: User, roles: readonly Role[] = user.roles): Actor {
  return {
    userId: user.id as UserId,
    roles,
    ...(user.organizationId === null ? {} : { organizationId: user.organizationId as OrganizationId }),
    ...(user.sector === null ? {} : { sector: user.sector as Sector }),
  };
}
