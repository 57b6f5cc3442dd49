/**
 * The console's views and the roles that see each: the navigation shows a role only what its
 * purpose needs (the brief's "every role sees only what its purpose needs"). The API enforces the
 * same rules on every route; this table only keeps the console from offering what would be refused.
 *
 * Pure: no DOM, no I/O.
 */
import type { Role } from '../api/types.js';

/** One entry of the navigation. */
export interface ViewEntry {
  readonly key: ViewKey;
  readonly title: string;
  readonly path: string;
  /** Second key of the `g <key>` shortcut. */
  readonly shortcut: string;
  readonly roles: readonly Role[];
}

/** Keys of the views. */
export type ViewKey =
  | 'board'
  | 'attacks'
  | 'cases'
  | 'requests'
  | 'approvals'
  | 'emergency'
  | 'executions'
  | 'oversight'
  | 'audit'
  | 'report'
  | 'exporters'
  | 'intel'
  | 'inbox'
  | 'shared'
  | 'feeds'
  | 'assets'
  | 'incidents'
  | 'exposure'
  | 'advisories';

const WATCHERS: readonly Role[] = ['nco_analyst', 'designated_officer', 'defence_operator', 'commission_member', 'operator_reporter', 'sector_regulator'];
const OPERATIONS: readonly Role[] = ['nco_analyst', 'designated_officer', 'defence_operator', 'commission_member'];
const EVERYONE: readonly Role[] = ['nco_analyst', 'operator_reporter', 'sector_regulator', 'designated_officer', 'defence_operator', 'commission_member', 'auditor', 'partner', 'admin'];

/** Every view in navigation order. */
export const VIEWS: readonly ViewEntry[] = [
  { key: 'board', title: 'Live board', path: '/', shortcut: 'b', roles: WATCHERS },
  { key: 'attacks', title: 'Attacks', path: '/attacks', shortcut: 'a', roles: WATCHERS },
  { key: 'cases', title: 'Cases', path: '/cases', shortcut: 'c', roles: OPERATIONS },
  { key: 'requests', title: 'Countermeasures', path: '/requests', shortcut: 'r', roles: ['nco_analyst', 'designated_officer', 'defence_operator'] },
  { key: 'approvals', title: 'Approval queue', path: '/approvals', shortcut: 'q', roles: ['commission_member'] },
  { key: 'emergency', title: 'Emergency actions', path: '/emergency', shortcut: 'e', roles: OPERATIONS },
  { key: 'executions', title: 'Executions', path: '/executions', shortcut: 'x', roles: OPERATIONS },
  // Operators' specified important computers: operators their own, regulators their sector's (read only), analysts all.
  { key: 'assets', title: 'Assets', path: '/assets', shortcut: 'm', roles: ['nco_analyst', 'operator_reporter', 'sector_regulator'] },
  // Incident reports: operators report their own, regulators regulate their sector's, analysts read all and cite evidence.
  { key: 'incidents', title: 'Incidents', path: '/incidents', shortcut: 'p', roles: ['nco_analyst', 'operator_reporter', 'sector_regulator'] },
  // Vulnerability exposure of the registered assets: operators their own, regulators their sector's, analysts the national picture.
  { key: 'exposure', title: 'Exposure', path: '/exposure', shortcut: 'v', roles: ['nco_analyst', 'operator_reporter', 'sector_regulator'] },
  // Advisories: analysts draft and publish, operators acknowledge and answer (their inbox), regulators follow their sector's.
  { key: 'advisories', title: 'Advisories', path: '/advisories', shortcut: 'y', roles: ['nco_analyst', 'operator_reporter', 'sector_regulator'] },
  { key: 'audit', title: 'Audit log', path: '/audit', shortcut: 'l', roles: EVERYONE },
  { key: 'report', title: 'Transparency report', path: '/report', shortcut: 't', roles: EVERYONE },
  { key: 'oversight', title: 'Oversight', path: '/oversight', shortcut: 'o', roles: ['commission_member', 'auditor'] },
  { key: 'exporters', title: 'Exporters', path: '/exporters', shortcut: 'f', roles: ['nco_analyst', 'admin'] },
  // Intel: collections open to whom their grants name (the analysts read all); operators and partners have their inbox.
  { key: 'intel', title: 'Intel', path: '/intel', shortcut: 'i', roles: ['nco_analyst', 'designated_officer', 'defence_operator', 'operator_reporter', 'partner'] },
  { key: 'inbox', title: 'Inbox', path: '/inbox', shortcut: 'n', roles: ['operator_reporter', 'partner'] },
  { key: 'shared', title: 'Shared', path: '/shared', shortcut: 's', roles: ['nco_analyst', 'auditor'] },
  { key: 'feeds', title: 'Feeds', path: '/feeds', shortcut: 'd', roles: ['nco_analyst', 'admin'] },
];

/** The views a user with `roles` sees (a user may hold several roles). */
export function viewsFor(roles: readonly Role[]): ViewEntry[] {
  return VIEWS.filter((v) => v.roles.some((r) => roles.includes(r)));
}

/** True when one of `roles` may see `key`. */
export function canSee(roles: readonly Role[], key: ViewKey): boolean {
  return viewsFor(roles).some((v) => v.key === key);
}

/** The first view of a user: where the console opens after sign-in. */
export function homeFor(roles: readonly Role[]): string {
  return viewsFor(roles)[0]?.path ?? '/audit';
}

/** Roles that may request countermeasures of some mechanism (analysts only notices). */
export const REQUESTERS: readonly Role[] = ['designated_officer', 'defence_operator', 'nco_analyst'];

/** Roles that may open and edit cases. */
export const CASE_WRITERS: readonly Role[] = ['nco_analyst', 'designated_officer', 'defence_operator'];

/** Roles that may register, import and notify assets (operators their own, analysts any organisation's). */
export const ASSET_WRITERS: readonly Role[] = ['nco_analyst', 'operator_reporter'];

/** Roles that open incidents and draft, submit and amend their reports (for their own organisation). */
export const INCIDENT_REPORTERS: readonly Role[] = ['operator_reporter'];

/** Roles that acknowledge reports, request information, order corrections and close incidents (their sector's). */
export const INCIDENT_REGULATORS: readonly Role[] = ['sector_regulator'];

/** Roles that cite attacks, sightings, cases and intel on an incident. */
export const INCIDENT_CITERS: readonly Role[] = ['operator_reporter', 'nco_analyst'];

/** Roles that see the regulator's desk (overdue reports and orders). */
export const DESK_READERS: readonly Role[] = ['sector_regulator', 'nco_analyst'];

/** Roles that may read full attacker addresses through the access guard. */
export const ATTACKER_READERS: readonly Role[] = ['nco_analyst', 'designated_officer', 'defence_operator', 'commission_member'];

/** True when `roles` include one of `allowed`. */
export function hasAny(roles: readonly Role[], allowed: readonly Role[]): boolean {
  return roles.some((r) => allowed.includes(r));
}

/** People-readable role names. */
export const ROLE_NAMES: Readonly<Record<Role, string>> = {
  nco_analyst: 'NCO analyst',
  operator_reporter: 'Operator reporter',
  sector_regulator: 'Sector regulator',
  designated_officer: 'Designated officer',
  defence_operator: 'Defence cyber operator',
  commission_member: 'Commission member',
  auditor: 'Auditor',
  partner: 'Partner',
  admin: 'Administrator',
};
