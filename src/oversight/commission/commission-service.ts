/**
 * The commission's tools in the service layer: inspections, notices/demands/recommendations with
 * their follow-up, and the queue of excessive-monitoring flags. Every call takes the acting
 * {@link Actor}: changes need the `commission_member` role; auditors may read.
 *
 * Every change is recorded in the audit log. Free text (findings, bodies, notes) stays in the
 * database; the entry carries its SHA-256, so the text cannot be edited afterwards unnoticed and
 * no personal data a note may hold reaches the log.
 */
import type { Clock } from '../../core/clock.js';
import type { Actor, Role } from '../../core/roles.js';
import type { AuditEventInput } from '../audit/entry.js';
import type { Sha256 } from '../audit/merkle/hasher.js';
import { ERR_OVERSIGHT_FORBIDDEN, ERR_OVERSIGHT_INVALID_INPUT } from '../errors.js';
import type { FlagFilter, FlagStore } from '../flags/flag-store.js';
import type { FlagNote, FlagState, MonitoringFlag } from '../flags/flag.js';
import { checkText, DIRECTIVE_KINDS, DIRECTIVE_STATES, type Directive, type DirectiveEvent, type DirectiveKind, type DirectiveState, type Inspection } from './commission.js';
import type { CommissionStore, PageFilter } from './commission-store.js';

/** Dependencies of the service. */
export interface CommissionDeps {
  readonly store: CommissionStore;
  readonly flags: FlagStore;
  readonly audit: { append(event: AuditEventInput): Promise<unknown> };
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

  async #audit(actor: Actor, role: Role, action: AuditEventInput['action'], subjects: { type: string; id: string }[], details: Record<string, string | number | null>): Promise<void> {
    await this.#deps.audit.append({ actor: { kind: 'user', id: actor.userId, role }, action, subjects, details });
  }

  /** Opens an inspection of data handling. */
  async openInspection(actor: Actor, input: { title: string; scope: string }): Promise<Inspection> {
    const role = this.#require(actor, MEMBERS, 'opening an inspection');
    const i = await this.#deps.store.openInspection({ title: checkText(input.title, 'title', 200), scope: checkText(input.scope, 'scope', 2000), openedBy: actor.userId });
    await this.#audit(actor, role, 'oversight.inspection', [{ type: 'inspection', id: i.id }], { change: 'open', scope_sha256: this.#digest(i.scope) });
    return i;
  }

  /** Records findings; with `close`, concludes the inspection. */
  async recordFindings(actor: Actor, id: string, findings: string, close = false): Promise<Inspection> {
    const role = this.#require(actor, MEMBERS, 'recording findings');
    const text = checkText(findings, 'findings', 20_000);
    const i = await this.#deps.store.updateInspection(id, text, close ? { by: actor.userId } : undefined);
    await this.#audit(actor, role, 'oversight.inspection', [{ type: 'inspection', id }], { change: close ? 'close' : 'findings', findings_sha256: this.#digest(text) });
    return i;
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
    const d = await this.#deps.store.issue({
      kind: input.kind,
      inspectionId: input.inspectionId ?? null,
      addressee: checkText(input.addressee, 'addressee', 200),
      subject: checkText(input.subject, 'subject', 200),
      body: checkText(input.body, 'body', 20_000),
      dueAt,
      issuedBy: actor.userId,
    });
    const subjects = [{ type: 'directive', id: d.id }, ...(d.inspectionId === null ? [] : [{ type: 'inspection', id: d.inspectionId }])];
    await this.#audit(actor, role, 'oversight.directive', subjects, { change: 'issue', kind: d.kind, due_at: dueAt === null ? null : new Date(dueAt).toISOString(), body_sha256: this.#digest(`${d.addressee}\n${d.subject}\n${d.body}`) });
    return d;
  }

  /** Records a follow-up step (the addressee's answer as received, or the commission closing it). */
  async followUp(actor: Actor, id: string, state: DirectiveState, note: string): Promise<Directive> {
    const role = this.#require(actor, MEMBERS, 'recording a directive’s follow-up');
    if (!(DIRECTIVE_STATES as readonly string[]).includes(state)) throw new ERR_OVERSIGHT_INVALID_INPUT(`state must be one of ${DIRECTIVE_STATES.join(', ')}`);
    const text = checkText(note, 'note', 4000);
    const d = await this.#deps.store.followUp(id, state, text, actor.userId);
    await this.#audit(actor, role, 'oversight.directive', [{ type: 'directive', id }], { change: 'follow_up', state, note_sha256: this.#digest(text) });
    return d;
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
    const f = await this.#deps.flags.move(id, state, actor.userId, text);
    await this.#audit(actor, role, 'monitoring.flag_update', [{ type: 'flag', id }], { state, kind: f.kind, note_sha256: this.#digest(text) });
    return f;
  }
}
