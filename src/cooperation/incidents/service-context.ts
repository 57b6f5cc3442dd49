/**
 * What the incident service is given, and the small steps its write flows share.
 *
 * Every write flow has one shape: check the caller's roles; read the incident (outside any
 * transaction) and check the caller's scope; do every look-up in other parts (organisations,
 * jurisdictions, link visibility) and every check; then, in one transaction, claim the incident
 * at the revision read (a concurrent change makes this a conflict), write, and record the audit
 * entries. Nothing outside the incident tables is touched inside the transaction: on SQLite the
 * one connection is held by it, and a look-up through it would wait for itself.
 */
import type { Kysely } from 'kysely';
import type { JsonValue } from '../../core/canonical-json.js';
import type { Clock } from '../../core/clock.js';
import type { Actor, Role } from '../../core/roles.js';
import type { Sector } from '../../core/sectors.js';
import { newId } from '../../storage/id.js';
import type { IncidentsConfig } from './config.js';
import { ERR_INCIDENT_CONFLICT, ERR_INCIDENT_NOT_FOUND, ERR_INCIDENT_STATE } from './errors.js';
import type { Incident, IncidentLink, TimelineKind } from './incident.js';
import { authorize, type IncidentPower, requirePower } from './incident-access.js';
import type { IncidentAuditSink } from './incident-audit.js';
import type { DeadlineDeps, DeadlineSummary } from './incident-deadlines.js';
import { IncidentStore } from './incident-store.js';
import type { IncidentsTable, IncidentTables } from './tables.js';

/** What the service needs to know of an organisation (the registry's `Organization` has it). */
export interface OrganizationFacts {
  readonly id: string;
  readonly sector: Sector;
  /** When the organisation was entered in the registry (epoch ms). */
  readonly createdAt?: number;
  /** When it was designated, if the registry knows; preferred over `createdAt`. */
  readonly designatedAt?: number;
}

/** Dependencies of the incident service. */
export interface IncidentServiceDeps extends DeadlineDeps {
  readonly db: Kysely<IncidentTables>;
  readonly clock: Clock;
  readonly audit: IncidentAuditSink;
  /** The registry's organisations (`OrganizationStore` satisfies it). */
  readonly orgs: { get(id: string): Promise<OrganizationFacts | undefined> };
  /** Jurisdictions (`JP`, `EU`, `US`) whose reporting regimes bind the organisation. */
  readonly jurisdictionsOf: (organizationId: string) => readonly string[] | Promise<readonly string[]>;
  /**
   * True when `actor` may see the attack, sighting, case or intel object `link` names. Without it
   * links are checked for syntax only.
   */
  readonly linkVisible?: (actor: Actor, link: IncidentLink) => Promise<boolean>;
  /** Where a failing audit drain is reported (the entries stay in the outbox); default: ignored. */
  readonly onAuditDrainError?: (err: unknown) => void;
}

/** The dependencies with the configuration. */
export interface ServiceContext extends IncidentServiceDeps {
  readonly config: IncidentsConfig;
}

/** An incident loaded under a power, with the role the caller holds it in. */
export interface Held {
  readonly incident: Incident;
  readonly role: Role;
}

/**
 * Reads incident `id` and checks `actor` holds `power` over it: refused before the read when no
 * role of the caller carries the power, not found when the incident is outside the caller's scope.
 */
export async function hold(ctx: Pick<ServiceContext, 'db'>, actor: Actor, id: string, power: IncidentPower): Promise<Held> {
  requirePower(actor, power);
  const incident = await new IncidentStore(ctx.db).get(id);
  if (incident === undefined) throw new ERR_INCIDENT_NOT_FOUND(id);
  return { incident, role: authorize(actor, incident, power) };
}

/** Refuses changes to a closed incident. */
export function requireNotClosed(incident: Incident): void {
  if (incident.state === 'closed') throw new ERR_INCIDENT_STATE(incident.id, 'it is closed');
}

/** Appends a timeline row. */
export async function timeline(store: IncidentStore, incidentId: string, at: number, actor: string, kind: TimelineKind, details: { readonly [key: string]: JsonValue }): Promise<void> {
  await store.insertEvent({ id: newId(at), incident_id: incidentId, at, actor, kind, details: JSON.stringify(details) });
}

/** The columns of a deadline summary. */
export function summaryColumns(s: DeadlineSummary): Pick<IncidentsTable, 'next_due_at' | 'next_due_ref' | 'overdue'> {
  return { next_due_at: s.nextDueAt, next_due_ref: s.nextDueRef, overdue: s.overdue ? 1 : 0 };
}

/**
 * Claims `incident` (read before the transaction) inside the unit of work: {@link ERR_INCIDENT_CONFLICT}
 * when another writer changed it since. Every change of an incident's facts, reports or requests
 * claims it first, so concurrent changes serialise and none is judged against stale facts.
 */
export async function claim(store: IncidentStore, incident: Incident): Promise<void> {
  if (!(await store.claim(incident.id, incident.revision))) throw new ERR_INCIDENT_CONFLICT(incident.id);
}
