/**
 * The pending role grants of the account service (the rule is in `role-grants.ts`): an admin's
 * grant of `commission_member` opens a pending grant; a different sitting commission member
 * confirms it (the role takes effect at once) or declines it; a later role set without the role
 * withdraws it, and the CLI granting the role directly supersedes it. Every step is recorded as
 * `user.role_change` with `change: role_grant_requested|confirmed|declined|withdrawn|superseded`;
 * a refused decision is recorded as denied.
 */
import type { Clock } from '../core/clock.js';
import type { Actor, Role } from '../core/roles.js';
import type { AuditEventInput } from '../core/audit-event.js';
import { newId } from '../storage/id.js';
import type { AccountStore, StorePage } from './account-store.js';
import type { AccountUnit } from './account-unit.js';
import { ERR_ACCOUNT_GRANT_DECIDED, ERR_ACCOUNT_GRANT_NOT_ALLOWED, ERR_ACCOUNT_NOT_FOUND } from './errors.js';
import { adminAuditActor, type AccountAdmin } from './principal.js';
import type { RoleGrant, RoleGrantStore } from './role-grant-store.js';
import { grantDecisionRefusal, type RolePlan } from './role-grants.js';
import type { RoleGrantState } from './tables.js';
import { checkRoles } from './validation.js';

/** What the grants share with the account service. */
export interface RoleGrantDeps {
  readonly store: AccountStore;
  readonly grants: RoleGrantStore;
  readonly clock: Clock;
  /** Appends a refusal to the audit log (it changes nothing). */
  readonly audit: { append(event: AuditEventInput): Promise<unknown> };
  /** Runs a change and its audit entries as one unit of work. */
  readonly unit: <T>(fn: (u: AccountUnit) => Promise<T>) => Promise<T>;
  /** The user's roles changed: forget cached principals and end open streams. */
  readonly userChanged: (userId: string) => void;
}

/** Pending role grants and their decisions. */
export class RoleGrantService {
  readonly #deps: RoleGrantDeps;

  constructor(deps: RoleGrantDeps) {
    this.#deps = deps;
  }

  /** In unit `u`: opens a pending grant of each of `roles` to `userId` that is not pending yet (an admin's grants only). */
  async request(u: AccountUnit, by: AccountAdmin, userId: string, roles: readonly Role[]): Promise<void> {
    if (typeof by !== 'object') return;
    const open = (await u.grants.pendingOf(userId)).map((g) => g.role);
    const now = this.#deps.clock.now();
    for (const role of roles.filter((r) => !open.includes(r))) {
      const g = await u.grants.insert({ id: newId(now), user_id: userId, role, granted_by: by.userId, state: 'pending', created_at: now, decided_by: null, decided_at: null });
      await u.record({
        actor: adminAuditActor(by),
        action: 'user.role_change',
        subjects: [
          { type: 'user', id: userId },
          { type: 'role_grant', id: g.id },
        ],
        details: { change: 'role_grant_requested', role, confirmation: 'a different sitting commission member must confirm' },
      });
    }
  }

  /** In unit `u`: closes the grants in `pending` that a role change no longer leaves pending: superseded when the role is now held, else withdrawn. */
  async settle(u: AccountUnit, by: AccountAdmin, userId: string, pending: readonly RoleGrant[], plan: RolePlan): Promise<void> {
    const now = this.#deps.clock.now();
    for (const g of pending.filter((x) => !plan.pending.includes(x.role))) {
      const direct = plan.effective.includes(g.role);
      const closed = await u.grants.decide(g.id, direct ? 'confirmed' : 'withdrawn', typeof by === 'object' ? by.userId : by, now);
      if (closed !== undefined) {
        await u.record({
          actor: adminAuditActor(by),
          action: 'user.role_change',
          subjects: [
            { type: 'user', id: userId },
            { type: 'role_grant', id: g.id },
          ],
          details: { change: direct ? 'role_grant_superseded' : 'role_grant_withdrawn', role: g.role },
        });
      }
    }
  }

  /** Grants, newest first. */
  list(f: { state?: RoleGrantState | undefined; limit: number; before?: string | undefined }): Promise<StorePage<RoleGrant>> {
    return this.#deps.grants.list(f);
  }

  /**
   * Confirms or declines a pending grant: `by` must be a sitting commission member other than the
   * grantee and the admin who granted it; on confirmation the grantee's roles with the new one
   * must still be compatible, and the role takes effect at once.
   */
  async decide(by: Actor, grantId: string, state: 'confirmed' | 'declined'): Promise<RoleGrant> {
    const grant = await this.#deps.grants.get(grantId);
    if (grant === undefined) throw new ERR_ACCOUNT_NOT_FOUND('role grant', JSON.stringify(grantId));
    const subjects = [
      { type: 'user', id: grant.userId },
      { type: 'role_grant', id: grant.id },
    ];
    const change = state === 'confirmed' ? 'role_grant_confirmed' : 'role_grant_declined';
    const refusal = grantDecisionRefusal(by, grant);
    if (refusal !== undefined) {
      await this.#deps.audit.append({ actor: { kind: 'user', id: by.userId }, action: 'user.role_change', outcome: 'denied', subjects, details: { change, role: grant.role, reason: refusal } });
      throw new ERR_ACCOUNT_GRANT_NOT_ALLOWED(refusal);
    }
    if (grant.state !== 'pending') throw new ERR_ACCOUNT_GRANT_DECIDED(JSON.stringify(grantId));
    const user = await this.#deps.store.requireUser(grant.userId);
    const roles = state === 'confirmed' ? checkRoles([...user.roles, grant.role], { organizationId: user.organizationId, sector: user.sector }) : user.roles;
    const now = this.#deps.clock.now();
    const decided = await this.#deps.unit(async (u) => {
      // Only one decision wins: the grant moves only while it is still pending.
      const d = await u.grants.decide(grant.id, state, by.userId, now);
      if (d === undefined) throw new ERR_ACCOUNT_GRANT_DECIDED(JSON.stringify(grantId));
      if (state === 'confirmed') await u.store.updateUser(user.id, { roles: JSON.stringify(roles), updated_at: now });
      await u.record({ actor: { kind: 'user', id: by.userId, role: 'commission_member' }, action: 'user.role_change', subjects, details: { change, role: grant.role, grantedBy: grant.grantedBy } });
      return d;
    });
    if (state === 'confirmed') this.#deps.userChanged(user.id);
    return decided;
  }
}
