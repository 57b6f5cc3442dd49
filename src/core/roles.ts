/**
 * Roles of the people who use Sakimori (see the brief's table of users). Every route and service
 * call is checked against these; "every role sees only what its purpose needs".
 */
import type { OrganizationId, UserId } from './ids.js';
import type { Sector } from './sectors.js';

export const ROLES = [
  /** NCO analyst: watches attacks and sightings, opens cases, writes advisories. */
  'nco_analyst',
  /** Designated operator's reporter: scoped to its organisation. */
  'operator_reporter',
  /** Sector regulator (competent ministry): scoped to its sector. */
  'sector_regulator',
  /** Designated police officer: requests countermeasures, records access-and-neutralisation. */
  'designated_officer',
  /** Defence cyber operator: requests countermeasures only on the Prime Minister's order. */
  'defence_operator',
  /** Member of the oversight commission: approves, reviews, inspects. */
  'commission_member',
  /** Auditor: verifies the audit log, reads the transparency report. */
  'auditor',
  /** Threat-intelligence sharing partner (machine or person). */
  'partner',
  /** Administrator: accounts and configuration, no operational powers. */
  'admin',
] as const;

/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];

/** Who is acting, as every service call receives it. */
export interface Actor {
  readonly userId: UserId;
  readonly roles: readonly Role[];
  /** Set for operator reporters: the organisation they belong to. */
  readonly organizationId?: OrganizationId;
  /** Set for sector regulators: the sector they oversee. */
  readonly sector?: Sector;
}

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return roles.some((r) => actor.roles.includes(r));
}
