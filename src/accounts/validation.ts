/**
 * Checks of account input: user names, display names, role sets and their scope. A scoped role
 * (operator reporter, sector regulator) cannot be combined with a role that sees everything, and
 * a commission member cannot also be one who requests or works the cases the commission decides
 * on: the oversight body is independent of those it oversees.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { isRole, type Role } from '../core/roles.js';
import { isSector } from '../core/sectors.js';
import { ERR_ACCOUNT_INVALID } from './errors.js';

const USERNAME = /^[a-z][a-z0-9._-]{1,63}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Pairs of roles one account may not hold together, with the reason shown to the admin. */
export const INCOMPATIBLE_ROLES: readonly (readonly [Role, readonly Role[], string])[] = [
  ['operator_reporter', ['nco_analyst', 'designated_officer', 'defence_operator', 'commission_member', 'sector_regulator', 'admin', 'auditor'], 'an operator reporter sees only its organisation'],
  ['sector_regulator', ['nco_analyst', 'designated_officer', 'defence_operator', 'commission_member', 'admin'], 'a sector regulator sees only its sector'],
  ['commission_member', ['nco_analyst', 'designated_officer', 'defence_operator', 'admin'], 'the commission is independent of those it oversees'],
];

/** True when `s` holds a C0 or C1 control character (NUL included). */
export function hasControlCharacter(s: string): boolean {
  return CONTROL.test(s);
}

/** Lower-cases and checks a user name (2–64 of a–z 0–9 . _ -, starting with a letter). */
export function checkUsername(raw: string): string {
  const u = raw.trim().toLowerCase();
  if (!USERNAME.test(u)) throw new ERR_ACCOUNT_INVALID('username', '2–64 characters of a–z, 0–9, ".", "_" or "-", starting with a letter');
  return u;
}

/** Checks an optional display name (1–100 printable characters); empty means none. */
export function checkDisplayName(raw: string | null | undefined): string | null {
  if (raw === undefined || raw === null || raw.trim() === '') return null;
  const v = raw.trim();
  if (v.length > 100 || CONTROL.test(v)) throw new ERR_ACCOUNT_INVALID('displayName', 'at most 100 printable characters');
  return v;
}

/**
 * Checks a role set and its scope; returns the roles deduplicated in order of input. `allowNone`
 * accepts an empty set (a user whose only role waits for confirmation, or was declined).
 */
export function checkRoles(raw: readonly string[], scope: { organizationId: string | null; sector: string | null }, options: { allowNone?: boolean } = {}): Role[] {
  if (raw.length === 0 && options.allowNone !== true) throw new ERR_ACCOUNT_INVALID('roles', 'at least one role');
  const roles: Role[] = [];
  for (const r of raw) {
    if (!isRole(r)) throw new ERR_ACCOUNT_INVALID('roles', `unknown role ${JSON.stringify(r)}`);
    if (!roles.includes(r)) roles.push(r);
  }
  for (const [role, others, why] of INCOMPATIBLE_ROLES) {
    const clash = roles.includes(role) ? others.find((o) => roles.includes(o)) : undefined;
    if (clash !== undefined) throw new ERR_ACCOUNT_INVALID('roles', `${role} cannot be combined with ${clash}: ${why}`);
  }
  if (roles.includes('operator_reporter') !== (scope.organizationId !== null)) {
    throw new ERR_ACCOUNT_INVALID('organizationId', 'an operator reporter needs its organization, and only an operator reporter has one');
  }
  if (roles.includes('sector_regulator') !== (scope.sector !== null)) {
    throw new ERR_ACCOUNT_INVALID('sector', 'a sector regulator needs its sector, and only a sector regulator has one');
  }
  if (scope.sector !== null && !isSector(scope.sector)) throw new ERR_ACCOUNT_INVALID('sector', `unknown sector ${JSON.stringify(scope.sector)}`);
  return roles;
}
