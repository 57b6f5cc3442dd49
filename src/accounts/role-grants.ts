/**
 * The rule that keeps one administrator from making the commission's quorum alone: a role that
 * votes on countermeasures (`commission_member`) granted through the API — at user creation or by
 * a role change — does not take effect until a *different sitting commission member* (neither
 * the admin who granted it nor the grantee) confirms it. Until then the user does not hold it.
 * The server's operator (the CLI) and the demo seeding bootstrap members without confirmation,
 * and their audit entries say so.
 *
 * Pure: no I/O, no `node:` imports.
 */
import type { Role } from '../core/roles.js';

/** Roles that need a sitting commission member's confirmation when an admin grants them through the API. */
export const CONFIRMED_ROLES: readonly Role[] = ['commission_member'];

/** How a role change is carried out. */
export interface RolePlan {
  /** Roles the user holds from now on. */
  readonly effective: Role[];
  /** Roles granted but waiting for confirmation. */
  readonly pending: Role[];
}

/**
 * Splits `requested` (already checked for incompatible roles as a whole) into what takes effect
 * now and what waits: with `needsConfirmation`, a role of {@link CONFIRMED_ROLES} the user does
 * not already hold waits.
 */
export function planRoles(held: readonly Role[], requested: readonly Role[], needsConfirmation: boolean): RolePlan {
  if (!needsConfirmation) return { effective: [...requested], pending: [] };
  const pending = requested.filter((r) => CONFIRMED_ROLES.includes(r) && !held.includes(r));
  return { effective: requested.filter((r) => !pending.includes(r)), pending };
}

/** Why `deciderId` may not decide a grant to `userId` made by `grantedBy`, or undefined when it may. */
export function grantDecisionRefusal(decider: { userId: string; roles: readonly Role[] }, grant: { userId: string; grantedBy: string }): string | undefined {
  if (!decider.roles.includes('commission_member')) return 'only a sitting commission member decides';
  if (decider.userId === grant.userId) return 'the grantee cannot decide their own grant';
  if (decider.userId === grant.grantedBy) return 'the one who granted it cannot confirm it';
  return undefined;
}
