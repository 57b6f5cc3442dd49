/**
 * The purposes for which personal data may be looked at, and who may invoke each. Every query
 * that returns personal data names one of them and a case (see `access-guard.ts`).
 *
 * Pure: no I/O, no `node:` imports.
 */
import type { Role } from '../../core/roles.js';

/** Every purpose code, in the order the console lists them. */
export const PURPOSES = ['incident_response', 'countermeasure_preparation', 'victim_notification', 'oversight_inspection', 'statutory_report'] as const;
/** A purpose code. */
export type Purpose = (typeof PURPOSES)[number];

/**
 * Roles allowed to look at personal data for each purpose: case work is for the case-working
 * roles, inspection for the commission; a commission member never reads data "for" a case's
 * operations, and an officer never inspects.
 */
export const PURPOSE_ROLES: Readonly<Record<Purpose, readonly Role[]>> = {
  incident_response: ['nco_analyst', 'designated_officer', 'defence_operator'],
  countermeasure_preparation: ['designated_officer', 'defence_operator', 'nco_analyst'],
  victim_notification: ['nco_analyst'],
  oversight_inspection: ['commission_member'],
  statutory_report: ['nco_analyst', 'commission_member'],
};

/** True when `s` is a purpose code. */
export function isPurpose(s: string): s is Purpose {
  return (PURPOSES as readonly string[]).includes(s);
}
