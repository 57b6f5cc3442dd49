/**
 * The commission's tools in the service layer: inspections, notices/demands/recommendations with
 * their follow-up, and the queue of excessive-monitoring flags. Every call takes the acting
 * {@link Actor}: changes need the `commission_member` role; auditors may read.
 *
 * Every change is recorded in the audit log. Free text (findings, bodies, notes) stays in the
 * database; the entry carries its SHA-256, so the text cannot be edited afterwards unnoticed and
 * no personal data a note may hold reaches the log.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../core/clock.js';
import type { Database } from '../../storage/database.js';
import type { Actor, Role } from '../../core/roles.js';
import type { AuditEventInput } from '../../core/audit-event.js';
import type { Sha256 } from '../../core/sha256.js';
import { auditedChange, type AuditRecorder } from '../audit/recorder.js';
import { ERR_OVERSIGHT_FORBIDDEN, ERR_OVERSIGHT_INVALID_INPUT } from '../errors.js';
import { FlagStore, type FlagFilter } from '../flags/flag-store.js';
import type { FlagNote, FlagState, MonitoringFlag } from '../flags/flag.js';
import { checkText, DIRECTIVE_KINDS, DIRECTIVE_STATES, type Directive, type DirectiveEvent, type DirectiveKind, type DirectiveState, type Inspection } from './commission.js';
import { CommissionStore, type PageFilter } from './commission-store.js';

/** Dependencies of the service. */
export interface CommissionDeps {
  /** The database the stores work over: each change and its audit entry share one transaction of it. */
  readonly db: Kysely<Database>;
  readonly store: CommissionStore;
  readonly flags: FlagStore;
  readonly audit: AuditRecorder;
  readonly sha256: Sha256;
  readonly clock: Clock;
}

const MEMBERS: readonly Role[] = ['commission_member'];
const READERS: readonly Role[] = ['commission_member', 'auditor'];

/** Input of {@link CommissionService.issueDirective}. */
export interface DirectiveInput {
  readonly kind: DirectiveKind;
  readonly addressee: string;
  readonly subject: string;
  readonly body: string;
  readonly dueAt?: number | null;
  readonly inspectionId?: string | null;
}

/** The commission service. */
export class CommissionService {
  readonly #deps: CommissionDeps;
  readonly #encoder = new TextEncoder();

  constructor(deps: CommissionDeps) {
    this.#deps = deps;
  }

  #require(actor: Actor, roles: readonly Role[], what: string): Role {
    const role = roles.find((r) => actor.roles.includes(r));
    if (role === undefined) throw new ERR_OVERSIGHT_FORBIDDEN(what, roles.join(', '));
    return role;
  }

  #digest(text: string): string {
    return Buffer.from(this.#deps.sha256(this.#encoder.encode(text))).toString('hex');
  }

  /** Makes a change with the stores of one transaction and records its entry in that transaction. */
  #change<T>(
    actor: Actor,
    role: Role,
    action: AuditEventInput['action'],
    fn: (s: { store: CommissionStore; flags: FlagStore }) => Promise<T>,
    entry: (t: T) => { subjects: { type: string; id: string }[]; details: Record<string, string | number | null> },
  ): Promise<T> {
    return auditedChange(this.#deps.db, this.#deps.audit, async (trx, record) => {
      const t = await fn({ store: new CommissionStore(trx, this.#deps.clock), flags: new FlagStore(trx, this.#deps.clock) });
      await record({ actor: { kind: 'user', id: actor.userId, role }, action, ...entry(t) });
      return t;
    });
  }

  /** Opens an inspection of data handling. */
  async openInspection(actor: Actor, input: { title: string; scope: string }): Promise<Inspection> {
    const role = this.#require(actor, MEMBERS, 'opening an inspection');
    const title = checkText(input.title, 'title', 200);
    const scope = checkText(input.scope, 'scope', 2000);
    return this.#change(
      actor,
      role,
      'oversight.inspection',
      (s) => s.store.openInspection({ title, scope, openedBy: actor.userId }),
      (i) => ({ subjects: [{ type: 'inspection', id: i.id }], details: { change: 'open', scope_sha256: this.#digest(i.scope) } }),
    );
  }

  /** Records findings; with `close`, concludes the inspection. */
  async recordFindings(actor: Actor, id: string, findings: string, close = false): Promise<Inspection> {
    const role = this.#require(actor, MEMBERS, 'recording findings');
    const text = checkText(findings, 'findings', 20_000);
    return this.#change(
      actor,
      role,
      'oversight.inspection',
      (s) => s.store.updateInspection(id, text, close ? { by: actor.userId } : undefined),
      () => ({ subjects: [{ type: 'inspection', id }], details: { change: close ? 'close' : 'findings', findings_sha256: this.#digest(text) } }),
    );
  }

  /** Inspections, newest first, a page at a time. */
  async inspections(actor: Actor, filter: { state?: 'open' | 'closed' } & PageFilter = {}): Promise<Inspection[]> {
    this.#require(actor, READERS, 'reading inspections');
    return this.#deps.store.inspections(filter);
  }

  /** Issues a notice, demand or recommendation. */
  async issueDirective(actor: Actor, input: DirectiveInput): Promise<Directive> {
    const role = this.#require(actor, MEMBERS, 'issuing a directive');
    if (!(DIRECTIVE_KINDS as readonly string[]).includes(input.kind)) throw new ERR_OVERSIGHT_INVALID_INPUT(`kind must be one of ${DIRECTIVE_KINDS.join(', ')}`);
    const dueAt = input.dueAt ?? null;
    if (dueAt !== null && (!Number.isSafeInteger(dueAt) || dueAt <= this.#deps.clock.now())) throw new ERR_OVERSIGHT_INVALID_INPUT('dueAt must be a future time');
    const fields = {
      kind: input.kind,
      inspectionId: input.inspectionId ?? null,
      addressee: checkText(input.addressee, 'addressee', 200),
      subject: checkText(input.subject, 'subject', 200),
      body: checkText(input.body, 'body', 20_000),
      dueAt,
      issuedBy: actor.userId,
    };
    return this.#change(
      actor,
      role,
      'oversight.directive',
      (s) => s.store.issue(fields),
      (d) => ({
        subjects: [{ type: 'directive', id: d.id }, ...(d.inspectionId === null ? [] : [{ type: 'inspection', id: d.inspectionId }])],
        details: { change: 'issue', kind: d.kind, due_at: dueAt === null ? null : new Date(dueAt).toISOString(), body_sha256: this.#digest(`${d.addressee}\n${d.subject}\n${d.body}`) },
      }),
    );
  }

  /** Records a follow-up step (the addressee's answer as received, or the commission closing it). */
  async followUp(actor: Actor, id: string, state: DirectiveState, note: string): Promise<Directive> {
    const role = this.#require(actor, MEMBERS, 'recording a directive’s follow-up');
    if (!(DIRECTIVE_STATES as readonly string[]).includes(state)) throw new ERR_OVERSIGHT_INVALID_INPUT(`state must be one of ${DIRECTIVE_STATES.join(', ')}`);
    const text = checkText(note, 'note', 4000);
    return this.#change(
      actor,
      role,
      'oversight.directive',
      (s) => s.store.followUp(id, state, text, actor.userId),
      () => ({ subjects: [{ type: 'directive', id }], details: { change: 'follow_up', state, note_sha256: this.#digest(text) } }),
    );
  }

  /** Directives, newest first, a page at a time. */
  async directives(actor: Actor, filter: { state?: DirectiveState; kind?: DirectiveKind } & PageFilter = {}): Promise<Directive[]> {
    this.#require(actor, READERS, 'reading directives');
    return this.#deps.store.directives(filter);
  }

  /** Directives past their due time and not implemented or closed. */
  async overdueDirectives(actor: Actor): Promise<Directive[]> {
    this.#require(actor, READERS, 'reading directives');
    return this.#deps.store.directives({ overdueAt: this.#deps.clock.now() });
  }

  /** A directive with its follow-up. */
  async directive(actor: Actor, id: string): Promise<{ directive: Directive; events: DirectiveEvent[] }> {
    this.#require(actor, READERS, 'reading directives');
    return { directive: await this.#deps.store.directive(id), events: await this.#deps.store.events(id) };
  }

  /** The queue of excessive-monitoring flags (open ones unless the filter says otherwise). */
  async flags(actor: Actor, filter: FlagFilter = { state: 'open' }): Promise<MonitoringFlag[]> {
    this.#require(actor, READERS, 'reading the flag queue');
    return this.#deps.flags.list(filter);
  }

  /** A flag with its notes. */
  async flag(actor: Actor, id: string): Promise<{ flag: MonitoringFlag; notes: FlagNote[] }> {
    this.#require(actor, READERS, 'reading the flag queue');
    return { flag: await this.#deps.flags.require(id), notes: await this.#deps.flags.notes(id) };
  }

  /** Moves a flag: `acknowledged` (being looked into), `closed` (with the finding), `open` (reopened). */
  async moveFlag(actor: Actor, id: string, state: FlagState, note: string): Promise<MonitoringFlag> {
    const role = this.#require(actor, MEMBERS, 'working the flag queue');
    const text = checkText(note, 'note', 4000);
    return this.#change(
      actor,
      role,
      'monitoring.flag_update',
      (s) => s.flags.move(id, state, actor.userId, text),
      (f) => ({ subjects: [{ type: 'flag', id }], details: { state, kind: f.kind, note_sha256: this.#digest(text) } }),
    );
  }
}
