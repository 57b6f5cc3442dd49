/**
 * What part of the registry a caller sees: everything for the national roles, its own
 * organisation for an operator reporter, the organisations of its sector for a sector regulator,
 * nothing otherwise. Every route that returns organisation-bound data filters with this, and
 * answers 404 (never 403) for something outside the caller's scope, so existence does not leak.
 */
import type { Actor, Role } from '../core/roles.js';
import type { OrganizationStore } from '../registry/organization-store.js';

const NATIONAL: readonly Role[] = ['nco_analyst', 'designated_officer', 'defence_operator', 'commission_member', 'admin'];

/** `undefined`: every organisation; otherwise the ids visible. */
export type OrgScope = readonly string[] | undefined;

/** The organisations `actor` may see. */
export async function orgScope(actor: Actor, orgs: OrganizationStore): Promise<OrgScope> {
  if (actor.roles.some((r) => NATIONAL.includes(r))) return undefined;
  const ids = new Set<string>();
  if (actor.roles.includes('operator_reporter') && actor.organizationId !== undefined) ids.add(actor.organizationId);
  if (actor.roles.includes('sector_regulator') && actor.sector !== undefined) for (const o of await orgs.list({ sector: actor.sector })) ids.add(o.id);
  return [...ids];
}

/** True when `organizationId` is inside `scope`. */
export function inScope(scope: OrgScope, organizationId: string | null): boolean {
  return scope === undefined || (organizationId !== null && scope.includes(organizationId));
}

/** Narrows a requested organisation filter to the scope (an id outside it yields nothing). */
export function narrow(scope: OrgScope, requested: string | undefined): OrgScope {
  if (requested === undefined) return scope;
  return inScope(scope, requested) ? [requested] : [];
}
