/**
 * Coded errors of the incident reports. Every refusal is raised before the first write of its
 * transaction, or rolls the transaction back, so a refused call leaves nothing behind — no
 * incident, version, timeline row or audit entry.
 *
 * Scope errors do not leak: an incident the caller may not see is answered as not found, whatever
 * the caller tried to do with it.
 */
import { defineError } from '../../core/errors.js';

/** No incident with this id, or none the caller may see. */
export const ERR_INCIDENT_NOT_FOUND = defineError<[string]>('SAKIMORI_ERR_INCIDENT_NOT_FOUND', 'no incident %s', 404);
/** The caller's roles do not carry this power (a partner reading, an operator acknowledging its own report). */
export const ERR_INCIDENT_FORBIDDEN = defineError<[string]>('SAKIMORI_ERR_INCIDENT_FORBIDDEN', 'not allowed: %s', 403);
/** An operator reporter wrote for an organisation other than its own. */
export const ERR_INCIDENT_WRONG_ORGANIZATION = defineError<[string, string]>('SAKIMORI_ERR_INCIDENT_WRONG_ORGANIZATION', 'the caller reports for organization %s only, not for organization %s', 403);
/** The organisation named by the report is not in the registry. */
export const ERR_INCIDENT_ORGANIZATION_NOT_FOUND = defineError<[string]>('SAKIMORI_ERR_INCIDENT_ORGANIZATION_NOT_FOUND', 'no organization %s', 404);
/** A field is malformed (type, length, characters, unknown key, unknown anchor or condition for the regime). */
export const ERR_INCIDENT_INVALID = defineError<[string, string]>('SAKIMORI_ERR_INCIDENT_INVALID', 'invalid incident input at %s: %s', 400);
/** An instant lies in the future, before the organisation existed, or (for a deadline an authority sets) in the past. */
export const ERR_INCIDENT_DATE = defineError<[string, string]>('SAKIMORI_ERR_INCIDENT_DATE', '%s refused: %s', 400);
/** The regime belongs to a jurisdiction the organisation is not subject to. */
export const ERR_INCIDENT_REGIME_NOT_APPLICABLE = defineError<[string, string, string, string]>(
  'SAKIMORI_ERR_INCIDENT_REGIME_NOT_APPLICABLE',
  'regime %s (%s) does not apply to organization %s (jurisdictions: %s)',
  422,
);
/** The stage is not one of the regime's, or does not apply to this incident. */
export const ERR_INCIDENT_STAGE = defineError<[string, string, string]>('SAKIMORI_ERR_INCIDENT_STAGE', 'stage %s of regime %s: %s', 400);
/** The report of this stage was acknowledged by the regulator; it is final unless the regulator asks for more. */
export const ERR_INCIDENT_ACKNOWLEDGED = defineError<[string, string]>(
  'SAKIMORI_ERR_INCIDENT_ACKNOWLEDGED',
  'the %s report of incident %s was acknowledged; it can be amended only when the regulator requests more information or orders a correction',
  409,
);
/** The call does not fit the incident's or the report's state (submitting twice, amending before submitting, closing with an open order). */
export const ERR_INCIDENT_STATE = defineError<[string, string]>('SAKIMORI_ERR_INCIDENT_STATE', 'incident %s: %s', 409);
/** Another writer changed the incident between this call's read and its write. */
export const ERR_INCIDENT_CONFLICT = defineError<[string]>('SAKIMORI_ERR_INCIDENT_CONFLICT', 'incident %s changed meanwhile; read it again and retry', 409);
/** A link names an attack, sighting, case or intel object the caller cannot see or that does not exist. */
export const ERR_INCIDENT_LINK = defineError<[string, string]>('SAKIMORI_ERR_INCIDENT_LINK', 'cannot cite %s %s: not found', 400);
