/**
 * The purpose-bound access guard: every query that returns personal data — IP-level flows,
 * sightings with internal hosts, attacker lists, contacts — runs through {@link AccessGuard.read}.
 *
 * Security invariants enforced here:
 * - a query without a purpose code or without a case is refused, never merely logged; a query
 *   without a case is also flagged to the commission;
 * - the case must exist and be open, the actor's role must fit the purpose, and every prefix
 *   and the time window (and every organisation) must lie inside the case's scope; a query
 *   reaching outside is refused and flagged;
 * - a query must say what it reaches: no prefixes and no organisations is refused, so "everything"
 *   cannot be read under a case; a scope entry counts only within the width limits or once the
 *   commission approved it (`scope.ts`);
 * - the data is handed back only after its `data.read` entry (count, window, reached prefixes as
 *   keyed hashes) is durable in the audit log: if the log cannot record it, nothing is returned;
 * - repeated look-ups are counted by the people the read actually returned (each row's address),
 *   never by the text of the query, so reading one host through a /24, a /16 and a /8 in three
 *   cases is three look-ups of that host.
 */
import type { Clock } from '../../core/clock.js';
import { isSakimoriError } from '../../core/errors.js';
import { formatPrefix, parsePrefix, type Prefix } from '../../core/ip.js';
import type { Actor } from '../../core/roles.js';
import type { AuditActor, PersonalKind } from '../../core/audit-event.js';
import type { PersonalRef } from '../audit/personal.js';
import type { AuditRecorder } from '../audit/recorder.js';
import type { AccessConfig } from '../config.js';
import {
  ERR_ACCESS_CASE_CLOSED,
  ERR_ACCESS_CASE_NOT_FOUND,
  ERR_ACCESS_CASE_REQUIRED,
  ERR_ACCESS_INVALID_QUERY,
  ERR_ACCESS_OUT_OF_SCOPE,
  ERR_ACCESS_PURPOSE_REQUIRED,
  ERR_ACCESS_ROLE,
  ERR_ACCESS_UNKNOWN_PURPOSE,
} from '../errors.js';
import type { FlagStore } from '../flags/flag-store.js';
import { raiseFlag } from '../flags/raise-flag.js';
import type { NewFlag } from '../flags/flag.js';
import type { AccessRecordStore } from './access-record-store.js';
import { checkVolume, checkRepeatedLookups } from './monitoring-checks.js';
import { isPurpose, PURPOSE_ROLES, PURPOSES, type Purpose } from './purpose.js';
import { outsideScope, type CaseScopeLookup } from './scope.js';

/** The audit log as the guard uses it: appends, and keyed hashes of personal values. */
export interface AccessAudit extends AuditRecorder {
  personalRef(kind: PersonalKind, value: string): PersonalRef;
}

/** A query for personal data, as a caller states it. */
export interface AccessRequest {
  readonly actor: Actor;
  readonly purpose?: string | undefined;
  readonly caseId?: string | undefined;
  /** What is read: `flows`, `sightings`, `attackers`, `contacts`, … */
  readonly resource: string;
  /** Addresses or prefixes the query reaches. */
  readonly prefixes?: readonly string[];
  /** Time window of the data, ms since the epoch; required with prefixes. */
  readonly from?: number;
  readonly to?: number;
  /** Organisations whose data (contacts) the query reaches. */
  readonly organizations?: readonly string[];
  /**
   * Prefixes that only narrow what is returned (the sources of an attacker list). They need not
   * lie in the scope — the reach does — but they are checked and kept in the audit entry as keyed
   * hashes, since they say whom the user was looking for.
   */
  readonly filters?: readonly string[];
}

/** A personal value in a returned row: what repeated look-ups are counted by. */
export interface ReturnedPerson {
  readonly kind: PersonalKind;
  readonly value: string;
}

/** The checked query handed to the fetch function. */
export interface GrantedQuery {
  readonly caseId: string;
  readonly purpose: Purpose;
  readonly resource: string;
  readonly prefixes: readonly Prefix[];
  readonly from: number;
  readonly to: number;
  readonly organizations: readonly string[];
  readonly filters: readonly Prefix[];
}

/** Dependencies of the guard. */
export interface AccessGuardDeps {
  readonly scopes: CaseScopeLookup;
  readonly records: AccessRecordStore;
  readonly flags: FlagStore;
  readonly audit: AccessAudit;
  readonly clock: Clock;
}

const RESOURCE = /^[a-z][a-z0-9_]{0,31}$/;
const CASE_ID = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}$/;
/** Most prefixes one query may reach (and so keyed hashes one entry carries). */
export const MAX_QUERY_PREFIXES = 256;
const MAX_ORGANIZATIONS = 64;

interface Parsed {
  readonly prefixes: Prefix[];
  readonly from: number;
  readonly to: number;
  readonly organizations: string[];
  readonly filters: Prefix[];
}

function parsePrefixes(texts: readonly string[]): Prefix[] {
  return texts.map((t) => {
    try {
      return parsePrefix(t.trim());
    } catch (e) {
      throw new ERR_ACCESS_INVALID_QUERY(`${JSON.stringify(t)} is not an address or prefix`, { cause: e });
    }
  });
}

function parseReach(r: AccessRequest, now: number): Parsed {
  if (!RESOURCE.test(r.resource)) throw new ERR_ACCESS_INVALID_QUERY(`resource ${JSON.stringify(r.resource)} must be a lower-case word`);
  const texts = r.prefixes ?? [];
  const filterTexts = r.filters ?? [];
  const organizations = [...(r.organizations ?? [])];
  if (texts.length > MAX_QUERY_PREFIXES || filterTexts.length > MAX_QUERY_PREFIXES) throw new ERR_ACCESS_INVALID_QUERY(`at most ${MAX_QUERY_PREFIXES} prefixes per query`);
  if (organizations.length > MAX_ORGANIZATIONS) throw new ERR_ACCESS_INVALID_QUERY(`at most ${MAX_ORGANIZATIONS} organizations per query`);
  if (texts.length === 0 && organizations.length === 0) throw new ERR_ACCESS_INVALID_QUERY('a query must name the addresses or organizations it reaches');
  const prefixes = parsePrefixes(texts);
  const filters = parsePrefixes(filterTexts);
  // Organisations alone (contacts) are read as they are now; addresses need the window they span.
  const from = r.from ?? (prefixes.length === 0 ? now : NaN);
  const to = r.to ?? (prefixes.length === 0 ? now : NaN);
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from > to) throw new ERR_ACCESS_INVALID_QUERY('a query for addresses needs a time window with from <= to');
  return { prefixes, from, to, organizations, filters };
}

/** The personal values a query reaches, for keyed hashing: single addresses as `ip`, the rest as `prefix`. */
function reached(prefixes: readonly Prefix[]): { kind: PersonalKind; value: string }[] {
  return prefixes.map((p) => {
    const text = formatPrefix(p);
    return p.length === 128 ? { kind: 'ip', value: text.slice(0, text.lastIndexOf('/')) } : { kind: 'prefix', value: text };
  });
}

/** The guard component. */
export class AccessGuard {
  readonly name = 'access-guard';
  readonly #config: AccessConfig;
  readonly #deps: AccessGuardDeps;

  constructor(config: AccessConfig, deps: AccessGuardDeps) {
    this.#config = config;
    this.#deps = deps;
  }

  /**
   * Checks `request`, runs `fetch` with the granted query, records and audits what it returned,
   * runs the excessive-monitoring checks, and returns the rows. `personOf` names the person in a
   * returned row (its address), or undefined for a row about nobody in particular.
   *
   * @throws ERR_ACCESS_PURPOSE_REQUIRED, ERR_ACCESS_CASE_REQUIRED, ERR_ACCESS_UNKNOWN_PURPOSE,
   *   ERR_ACCESS_ROLE, ERR_ACCESS_CASE_NOT_FOUND, ERR_ACCESS_CASE_CLOSED, ERR_ACCESS_OUT_OF_SCOPE,
   *   ERR_ACCESS_INVALID_QUERY — each recorded in the audit log as a denied `data.read`.
   */
  async read<T>(request: AccessRequest, fetch: (query: GrantedQuery) => Promise<readonly T[]>, personOf: (row: T) => ReturnedPerson | undefined): Promise<readonly T[]> {
    const now = this.#deps.clock.now();
    let granted: GrantedQuery;
    try {
      granted = await this.#grant(request, now);
    } catch (e) {
      if (isSakimoriError(e)) await this.#denied(request, e.code, now);
      throw e;
    }
    const rows = await fetch(granted);
    const persons = new Map<string, ReturnedPerson>();
    for (const row of rows) {
      const p = personOf(row);
      if (p !== undefined) persons.set(this.#deps.audit.personalRef(p.kind, p.value).mac, p);
    }
    await this.#granted(request.actor, granted, rows.length, persons, now);
    return rows;
  }

  async #grant(r: AccessRequest, now: number): Promise<GrantedQuery> {
    const reach = parseReach(r, now);
    const caseId = r.caseId === undefined || r.caseId.trim() === '' ? undefined : r.caseId.trim();
    const purpose = r.purpose?.trim() ?? '';
    if (caseId === undefined || !CASE_ID.test(caseId)) {
      await this.#flag({
        kind: 'no_case',
        userId: r.actor.userId,
        caseId: null,
        dedupeKey: null,
        details: { reason: caseId === undefined ? 'no_case' : 'malformed_case', resource: r.resource, purpose_given: purpose !== '' },
        accessId: null,
      });
      if (purpose === '') throw new ERR_ACCESS_PURPOSE_REQUIRED(PURPOSES.join(', '));
      throw new ERR_ACCESS_CASE_REQUIRED();
    }
    if (purpose === '') throw new ERR_ACCESS_PURPOSE_REQUIRED(PURPOSES.join(', '));
    if (!isPurpose(purpose)) throw new ERR_ACCESS_UNKNOWN_PURPOSE(JSON.stringify(purpose), PURPOSES.join(', '));
    const roles = PURPOSE_ROLES[purpose];
    if (!roles.some((role) => r.actor.roles.includes(role))) throw new ERR_ACCESS_ROLE(purpose, roles.join(', '));
    const scope = await this.#deps.scopes.scopeOf(caseId);
    const outside = (reason: string): NewFlag => ({ kind: 'out_of_scope', userId: r.actor.userId, caseId, dedupeKey: null, details: { reason, resource: r.resource, purpose }, accessId: null });
    if (scope === undefined) {
      await this.#flag({ kind: 'no_case', userId: r.actor.userId, caseId: null, dedupeKey: null, details: { reason: 'unknown_case', resource: r.resource, purpose }, accessId: null });
      throw new ERR_ACCESS_CASE_NOT_FOUND(JSON.stringify(caseId));
    }
    if (!scope.open) {
      await this.#flag(outside('case_closed'), reached(reach.prefixes));
      throw new ERR_ACCESS_CASE_CLOSED(caseId);
    }
    const violation = outsideScope(scope, reach, this.#config);
    if (violation !== undefined) {
      await this.#flag(outside(violation.code), reached(reach.prefixes));
      throw new ERR_ACCESS_OUT_OF_SCOPE(caseId, violation.message);
    }
    return { caseId, purpose, resource: r.resource, ...reach };
  }

  async #flag(flag: NewFlag, personal: { kind: PersonalKind; value: string }[] = []): Promise<void> {
    await raiseFlag(this.#deps.flags, this.#deps.audit, flag, personal);
  }

  #actor(actor: Actor, purpose?: Purpose): AuditActor {
    const role = purpose === undefined ? actor.roles[0] : PURPOSE_ROLES[purpose].find((r) => actor.roles.includes(r));
    return role === undefined ? { kind: 'user', id: actor.userId } : { kind: 'user', id: actor.userId, role };
  }

  /** Records and audits a refusal; the values the caller asked for stay out of the log. */
  async #denied(r: AccessRequest, code: string, now: number): Promise<void> {
    const caseId = r.caseId !== undefined && CASE_ID.test(r.caseId.trim()) ? r.caseId.trim() : null;
    const purpose = r.purpose !== undefined && isPurpose(r.purpose.trim()) ? r.purpose.trim() : null;
    const resource = RESOURCE.test(r.resource) ? r.resource : 'invalid';
    await this.#deps.records.record({ userId: r.actor.userId, caseId, purpose, resource, outcome: 'denied', rows: 0, from: null, to: null, at: now, macs: [] });
    await this.#deps.audit.append({
      actor: this.#actor(r.actor),
      action: 'data.read',
      outcome: 'denied',
      subjects: caseId === null ? [] : [{ type: 'case', id: caseId }],
      details: { resource, code, purpose, prefixes: r.prefixes?.length ?? 0, filters: r.filters?.length ?? 0, organizations: r.organizations?.length ?? 0 },
    });
  }

  async #granted(actor: Actor, q: GrantedQuery, rows: number, persons: ReadonlyMap<string, ReturnedPerson>, now: number): Promise<void> {
    const personal = [...reached(q.prefixes), ...reached(q.filters)];
    const macs = [...persons.keys()];
    const accessId = await this.#deps.records.record({
      userId: actor.userId,
      caseId: q.caseId,
      purpose: q.purpose,
      resource: q.resource,
      outcome: 'success',
      rows,
      from: q.from,
      to: q.to,
      at: now,
      macs,
    });
    await this.#deps.audit.append({
      actor: this.#actor(actor, q.purpose),
      action: 'data.read',
      subjects: [{ type: 'case', id: q.caseId }, ...q.organizations.map((o) => ({ type: 'organization', id: o }))],
      purpose: { case: q.caseId, purpose: q.purpose },
      personal,
      details: {
        resource: q.resource,
        rows,
        persons: macs.length,
        from: new Date(q.from).toISOString(),
        to: new Date(q.to).toISOString(),
        prefixes: q.prefixes.length,
        filters: q.filters.length,
        access: accessId,
      },
    });
    // The checks flag, they do not refuse: the data was in scope; the commission judges the pattern.
    const ctx = { config: this.#config, records: this.#deps.records, flags: this.#deps.flags, audit: this.#deps.audit, now };
    await checkVolume(ctx, actor.userId, q, accessId, rows);
    await checkRepeatedLookups(ctx, actor.userId, q, accessId, [...persons.values()], macs);
  }
}
