/**
 * Declaring what a case may look at: the case worker states, per prefix, the time window the
 * case's data reads may reach. Every change is audited (the prefix as a keyed hash), so the
 * commission sees a scope widened just before a look-up as clearly as the look-up itself.
 */
import type { Actor, Role } from '../../core/roles.js';
import type { AuditEventInput } from '../audit/entry.js';
import { ERR_OVERSIGHT_FORBIDDEN, ERR_OVERSIGHT_NOT_FOUND } from '../errors.js';
import type { ScopeRow, SqlCaseScopes } from './case-scope-store.js';

/** Roles that declare case scopes. */
export const SCOPE_ROLES: readonly Role[] = ['nco_analyst', 'designated_officer', 'defence_operator'];

/** Where scope changes are audited; `AuditLog` implements it. */
export interface ScopeAudit {
  append(event: AuditEventInput): Promise<unknown>;
}

/** Service over case scopes. */
export class CaseScopeService {
  readonly #store: SqlCaseScopes;
  readonly #audit: ScopeAudit;

  constructor(store: SqlCaseScopes, audit: ScopeAudit) {
    this.#store = store;
    this.#audit = audit;
  }

  #require(actor: Actor, what: string): Role {
    const role = SCOPE_ROLES.find((r) => actor.roles.includes(r));
    if (role === undefined) throw new ERR_OVERSIGHT_FORBIDDEN(what, SCOPE_ROLES.join(', '));
    return role;
  }

  /** Adds a prefix with its window to a case's scope. */
  async add(actor: Actor, caseId: string, entry: { prefix: string; from: number; to: number | null }): Promise<ScopeRow> {
    const role = this.#require(actor, 'declaring a case scope');
    const row = await this.#store.add({ caseId, ...entry, addedBy: actor.userId });
    await this.#audit.append({
      actor: { kind: 'user', id: actor.userId, role },
      action: 'case.access_scope',
      subjects: [{ type: 'case', id: caseId }, { type: 'scope', id: row.id }],
      personal: [{ kind: 'prefix', value: row.prefix }],
      details: { change: 'add', from: new Date(row.from).toISOString(), to: row.to === null ? null : new Date(row.to).toISOString() },
    });
    return row;
  }

  /** Removes a scope entry. */
  async remove(actor: Actor, caseId: string, id: string): Promise<ScopeRow> {
    const role = this.#require(actor, 'changing a case scope');
    const row = await this.#store.remove(caseId, id);
    if (row === undefined) throw new ERR_OVERSIGHT_NOT_FOUND('scope entry', JSON.stringify(id));
    await this.#audit.append({
      actor: { kind: 'user', id: actor.userId, role },
      action: 'case.access_scope',
      subjects: [{ type: 'case', id: caseId }, { type: 'scope', id: row.id }],
      personal: [{ kind: 'prefix', value: row.prefix }],
      details: { change: 'remove' },
    });
    return row;
  }

  /** A case's scope entries (readers of the case and the commission). */
  async list(actor: Actor, caseId: string): Promise<ScopeRow[]> {
    if (!actor.roles.some((r) => SCOPE_ROLES.includes(r) || r === 'commission_member')) throw new ERR_OVERSIGHT_FORBIDDEN('reading a case scope', [...SCOPE_ROLES, 'commission_member'].join(', '));
    return this.#store.list(caseId);
  }
}
