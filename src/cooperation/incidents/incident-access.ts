/**
 * Who may do what with an incident. Operator reporters act for their own organisation only;
 * sector regulators read, acknowledge, ask and order in their sector only; NCO analysts read
 * every incident and may cite what the office holds; every other role does nothing here.
 *
 * Security invariant, enforced by {@link authorize}: an incident outside the caller's scope is
 * answered as not found, whatever the call, so neither its existence nor its organisation leaks.
 * A caller whose roles carry the power nowhere is refused before any incident is looked up.
 *
 * Pure: no I/O, no `node:` imports.
 */
import type { Actor, Role } from '../../core/roles.js';
import type { Sector } from '../../core/sectors.js';
import { ERR_INCIDENT_FORBIDDEN, ERR_INCIDENT_NOT_FOUND, ERR_INCIDENT_WRONG_ORGANIZATION } from './errors.js';

/**
 * What a call does to an incident.
 *
 * - `read`: the incident, its deadlines, submitted versions, requests, timeline;
 * - `report`: change the facts, save drafts, submit and amend reports, read drafts;
 * - `link`: cite or un-cite attacks, sightings, cases, intel;
 * - `regulate`: acknowledge, request information, order a correction, close.
 */
export type IncidentPower = 'read' | 'report' | 'link' | 'regulate';

/** The roles that carry each power somewhere (their scope is checked per incident). */
const ROLES_WITH: Readonly<Record<IncidentPower, readonly Role[]>> = {
  read: ['operator_reporter', 'sector_regulator', 'nco_analyst'],
  report: ['operator_reporter'],
  link: ['operator_reporter', 'nco_analyst'],
  regulate: ['sector_regulator'],
};

const DESCRIPTION: Readonly<Record<IncidentPower, string>> = {
  read: 'reading incidents needs the operator_reporter, sector_regulator or nco_analyst role',
  report: 'reporting incidents needs the operator_reporter role',
  link: 'citing evidence in incidents needs the operator_reporter or nco_analyst role',
  regulate: 'acknowledging, requesting information, ordering corrections and closing need the sector_regulator role',
};

// Refusals of a caller who may read the incident but not do this to it (an unreadable one is "not found").
const SCOPED: Readonly<Record<IncidentPower, string>> = {
  read: 'reading this incident', // unreachable: readable is checked first
  report: "only the organization's own reporters report on its incidents",
  link: "only the organization's own reporters and NCO analysts cite evidence in its incidents",
  regulate: "only the regulators of the incident's sector acknowledge, request information, order corrections and close",
};

/** Where an incident sits: whose it is and which regulators oversee it. */
export interface IncidentScopeOf {
  readonly organizationId: string;
  readonly sector: Sector;
}

/** True when `actor` is a reporter of organisation `organizationId`. */
export function reportsFor(actor: Actor, organizationId: string): boolean {
  return actor.roles.includes('operator_reporter') && actor.organizationId === organizationId;
}

/** True when `actor` regulates `sector`. */
export function regulates(actor: Actor, sector: Sector): boolean {
  return actor.roles.includes('sector_regulator') && actor.sector === sector;
}

/** The role in which `actor` holds `power` over `incident`, or undefined. */
function roleFor(actor: Actor, incident: IncidentScopeOf, power: IncidentPower): Role | undefined {
  const owner = reportsFor(actor, incident.organizationId);
  const regulator = regulates(actor, incident.sector);
  const analyst = actor.roles.includes('nco_analyst');
  switch (power) {
    case 'read':
      return owner ? 'operator_reporter' : regulator ? 'sector_regulator' : analyst ? 'nco_analyst' : undefined;
    case 'report':
      return owner ? 'operator_reporter' : undefined;
    case 'link':
      return owner ? 'operator_reporter' : analyst ? 'nco_analyst' : undefined;
    case 'regulate':
      return regulator ? 'sector_regulator' : undefined;
  }
}

/** Refuses, before any look-up, a caller whose roles carry `power` over no incident at all. */
export function requirePower(actor: Actor, power: IncidentPower): void {
  if (!ROLES_WITH[power].some((r) => actor.roles.includes(r))) throw new ERR_INCIDENT_FORBIDDEN(DESCRIPTION[power]);
}

/**
 * The role in which `actor` may use `power` on `incident` (for the audit entry). Throws
 * {@link ERR_INCIDENT_NOT_FOUND} when the incident is outside everything the actor may read, and
 * {@link ERR_INCIDENT_FORBIDDEN} when the actor may read it but not do this.
 */
export function authorize(actor: Actor, incident: IncidentScopeOf & { readonly id: string }, power: IncidentPower): Role {
  requirePower(actor, power);
  if (roleFor(actor, incident, 'read') === undefined) throw new ERR_INCIDENT_NOT_FOUND(incident.id);
  const role = roleFor(actor, incident, power);
  if (role === undefined) throw new ERR_INCIDENT_FORBIDDEN(SCOPED[power]);
  return role;
}

/** True when `actor` may read the operator's unsubmitted drafts (its own organisation's reporters only). */
export function readsDrafts(actor: Actor, incident: IncidentScopeOf): boolean {
  return reportsFor(actor, incident.organizationId);
}

/**
 * Refuses an incident created for another organisation than the reporter's own: a reporter files
 * for its organisation only (`SAKIMORI_ERR_INCIDENT_WRONG_ORGANIZATION`).
 */
export function requireOwnOrganization(actor: Actor, organizationId: string): void {
  requirePower(actor, 'report');
  if (actor.organizationId !== organizationId) throw new ERR_INCIDENT_WRONG_ORGANIZATION(actor.organizationId ?? '(none)', organizationId);
}
