/**
 * Declaring what a case may look at: beyond what its evidence gives (each cited attack's target
 * over the attack's time), the case's creator or assignee states, per prefix, the time window the
 * case's data reads may reach. Every change is audited (the prefix as a keyed hash), so the
 * commission sees a scope widened just before a look-up as clearly as the look-up itself.
 *
 * Security invariants enforced here:
 * - only the case's creator or assignee may add or remove entries; anyone else is refused, and
 *   the refusal is audited;
 * - an entry wider than the limits (`scopeWidestV4`/`scopeWidestV6`) is stored as `pending`,
 *   raises a `wide_scope` flag at once, and counts for nothing until a commission member other
 *   than its declarer approves it.
 */
import { parsePrefix } from '../../core/ip.js';
import type { Actor, Role } from '../../core/roles.js';
import type { AuditEventInput } from '../../core/audit-event.js';
import { auditedChange, type AuditRecorder } from '../audit/recorder.js';
import type { AccessConfig } from '../config.js';
import { ERR_ACCESS_CASE_NOT_FOUND, ERR_ACCESS_SCOPE_NOT_OWNER, ERR_ACCESS_SCOPE_SELF_DECISION, ERR_OVERSIGHT_FORBIDDEN, ERR_OVERSIGHT_NOT_FOUND, ERR_OVERSIGHT_TRANSITION } from '../errors.js';
import type { FlagStore } from '../flags/flag-store.js';
import { raiseFlagIn } from '../flags/raise-flag.js';
import { canonicalPrefix, checkWindow, type ScopeRow, type SqlCaseScopes } from './case-scope-store.js';
import { scopeWidth, tooWide } from './scope.js';

/** Roles that declare case scopes. */
export const SCOPE_ROLES: readonly Role[] = ['nco_analyst', 'designated_officer', 'defence_operator'];
/** The role that decides on entries wider than the limits. */
const DECIDER: Role = 'commission_member';

/** Where scope changes are audited; `AuditLog` implements it. */
export type ScopeAudit = AuditRecorder;

/** Dependencies of the service. */
export interface CaseScopeDeps {
  readonly store: SqlCaseScopes;
  readonly audit: ScopeAudit;
  readonly flags: FlagStore;
}

/** Service over case scopes. */
export class CaseScopeService {
  readonly #config: AccessConfig;
  readonly #deps: CaseScopeDeps;

  constructor(config: AccessConfig, deps: CaseScopeDeps) {
    this.#config = config;
    this.#deps = deps;
  }

  #require(actor: Actor, what: string): Role {
    const role = SCOPE_ROLES.find((r) => actor.roles.includes(r));
    if (role === undefined) throw new ERR_OVERSIGHT_FORBIDDEN(what, SCOPE_ROLES.join(', '));
    return role;
  }

  /** Throws unless `actor` created the case or is its assignee; the refusal is audited. */
  async #requireOwner(actor: Actor, role: Role, caseId: string, change: 'add' | 'remove'): Promise<void> {
    const owners = await this.#deps.store.owners(caseId);
    if (owners === undefined) throw new ERR_ACCESS_CASE_NOT_FOUND(JSON.stringify(caseId));
    if (owners.createdBy === actor.userId || owners.assignee === actor.userId) return;
    const refused = new ERR_ACCESS_SCOPE_NOT_OWNER(caseId);
    await this.#deps.audit.append({
      actor: { kind: 'user', id: actor.userId, role },
      action: 'case.access_scope',
      outcome: 'denied',
      subjects: [{ type: 'case', id: caseId }],
      details: { change, code: refused.code },
    });
    throw refused;
  }

  /** Makes a change with the stores of one transaction, in which it records its entries. */
  #change<T>(fn: (s: { store: SqlCaseScopes; flags: FlagStore }, record: (event: AuditEventInput) => Promise<void>) => Promise<T>): Promise<T> {
    return auditedChange(this.#deps.store.db, this.#deps.audit, (trx, record) => fn({ store: this.#deps.store.on(trx), flags: this.#deps.flags.on(trx) }, record));
  }

  /**
   * Adds a prefix with its window to a case's scope: in force at once when within the limits,
   * else `pending` with a `wide_scope` flag for the commission.
   */
  async add(actor: Actor, caseId: string, entry: { prefix: string; from: number; to: number | null }): Promise<ScopeRow> {
    const role = this.#require(actor, 'declaring a case scope');
    // Bad input is refused before anything is looked up or recorded.
    const prefix = canonicalPrefix(entry.prefix);
    checkWindow(entry.from, entry.to);
    await this.#requireOwner(actor, role, caseId, 'add');
    const parsed = parsePrefix(prefix);
    const wide = tooWide(parsed, this.#config);
    return this.#change(async (s, record) => {
      const row = await s.store.add({ caseId, prefix, from: entry.from, to: entry.to, addedBy: actor.userId, approval: wide ? 'pending' : 'not_needed' });
      await record({
        actor: { kind: 'user', id: actor.userId, role },
        action: 'case.access_scope',
        subjects: [
          { type: 'case', id: caseId },
          { type: 'scope', id: row.id },
        ],
        personal: [{ kind: 'prefix', value: row.prefix }],
        details: { change: 'add', from: new Date(row.from).toISOString(), to: row.to === null ? null : new Date(row.to).toISOString(), approval: row.approval },
      });
      if (wide) {
        const w = scopeWidth(parsed);
        await raiseFlagIn(
          s.flags,
          record,
          {
            kind: 'wide_scope',
            userId: actor.userId,
            caseId,
            dedupeKey: `wide_scope:${row.id}`,
            details: { scope: row.id, family: w.family, length: w.length, widest: w.family === 4 ? this.#config.scopeWidestV4 : this.#config.scopeWidestV6 },
            accessId: null,
          },
          [{ kind: 'prefix', value: row.prefix }],
        );
      }
      return row;
    });
  }

  /** Removes a declared scope entry (entries derived from evidence go with their evidence). */
  async remove(actor: Actor, caseId: string, id: string): Promise<ScopeRow> {
    const role = this.#require(actor, 'changing a case scope');
    await this.#requireOwner(actor, role, caseId, 'remove');
    return this.#change(async (s, record) => {
      const row = await s.store.remove(caseId, id);
      if (row === undefined) throw new ERR_OVERSIGHT_NOT_FOUND('scope entry', JSON.stringify(id));
      await record({
        actor: { kind: 'user', id: actor.userId, role },
        action: 'case.access_scope',
        subjects: [
          { type: 'case', id: caseId },
          { type: 'scope', id: row.id },
        ],
        personal: [{ kind: 'prefix', value: row.prefix }],
        details: { change: 'remove' },
      });
      return row;
    });
  }

  /**
   * A commission member approves or rejects a pending entry (one wider than the limits). Nobody
   * decides on an entry they declared, whatever roles they hold now.
   */
  async decide(actor: Actor, caseId: string, id: string, decision: 'approve' | 'reject'): Promise<ScopeRow> {
    if (!actor.roles.includes(DECIDER)) throw new ERR_OVERSIGHT_FORBIDDEN('deciding on a case scope entry', DECIDER);
    const row = await this.#deps.store.get(caseId, id);
    if (row === undefined) throw new ERR_OVERSIGHT_NOT_FOUND('scope entry', JSON.stringify(id));
    if (row.addedBy === actor.userId) throw new ERR_ACCESS_SCOPE_SELF_DECISION();
    const approval = decision === 'approve' ? 'approved' : 'rejected';
    return this.#change(async (s, record) => {
      const decided = await s.store.decide(caseId, id, approval, actor.userId);
      if (decided === undefined) throw new ERR_OVERSIGHT_TRANSITION('a scope entry', row.approval, approval);
      await record({
        actor: { kind: 'user', id: actor.userId, role: DECIDER },
        action: 'case.access_scope',
        subjects: [
          { type: 'case', id: caseId },
          { type: 'scope', id },
        ],
        personal: [{ kind: 'prefix', value: decided.prefix }],
        details: { change: decision },
      });
      return decided;
    });
  }

  /** A case's scope entries, derived and declared (readers of the case and the commission). */
  async list(actor: Actor, caseId: string): Promise<ScopeRow[]> {
    if (!actor.roles.some((r) => SCOPE_ROLES.includes(r) || r === DECIDER)) throw new ERR_OVERSIGHT_FORBIDDEN('reading a case scope', [...SCOPE_ROLES, DECIDER].join(', '));
    return this.#deps.store.list(caseId);
  }
}
