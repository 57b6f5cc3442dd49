/** Errors of the safeguards: purpose-bound access, commission tooling, selection, retention, reports. */
import { defineError } from '../core/errors.js';

/** A query for personal data named no purpose; refused (and flagged when it named no case either). */
export const ERR_ACCESS_PURPOSE_REQUIRED = defineError<[string]>('SAKIMORI_ERR_ACCESS_PURPOSE_REQUIRED', 'a query that returns personal data must name a purpose (one of %s) and a case', 403);
/** The purpose is not one of the enumerated purposes. */
export const ERR_ACCESS_UNKNOWN_PURPOSE = defineError<[string, string]>('SAKIMORI_ERR_ACCESS_UNKNOWN_PURPOSE', 'unknown purpose %s (known: %s)', 400);
/** A query for personal data named no case; refused and flagged to the commission. */
export const ERR_ACCESS_CASE_REQUIRED = defineError<[]>('SAKIMORI_ERR_ACCESS_CASE_REQUIRED', 'a query that returns personal data must name the case it serves', 403);
/** The case named does not exist. */
export const ERR_ACCESS_CASE_NOT_FOUND = defineError<[string]>('SAKIMORI_ERR_ACCESS_CASE_NOT_FOUND', 'case %s does not exist', 404);
/** The case is closed: its data may no longer be looked at. */
export const ERR_ACCESS_CASE_CLOSED = defineError<[string]>('SAKIMORI_ERR_ACCESS_CASE_CLOSED', 'case %s is closed; reopen it to look at its data', 403);
/** The query reaches outside the case's declared addresses or time window. */
export const ERR_ACCESS_OUT_OF_SCOPE = defineError<[string, string]>('SAKIMORI_ERR_ACCESS_OUT_OF_SCOPE', 'the query is outside the scope of case %s: %s', 403);
/** The actor's roles do not allow this purpose. */
export const ERR_ACCESS_ROLE = defineError<[string, string]>('SAKIMORI_ERR_ACCESS_ROLE', 'purpose %s is open to %s only', 403);
/** Someone other than the case's creator or assignee tried to change its scope; refused and audited. */
export const ERR_ACCESS_SCOPE_NOT_OWNER = defineError<[string]>('SAKIMORI_ERR_ACCESS_SCOPE_NOT_OWNER', 'only the creator or the assignee of case %s may change its scope', 403);
/** A scope entry's approval was decided by the person who declared it. */
export const ERR_ACCESS_SCOPE_SELF_DECISION = defineError<[]>('SAKIMORI_ERR_ACCESS_SCOPE_SELF_DECISION', 'nobody may approve or reject a scope entry they declared', 403);
/** The query itself is malformed (bad prefix, window). */
export const ERR_ACCESS_INVALID_QUERY = defineError<[string]>('SAKIMORI_ERR_ACCESS_INVALID_QUERY', 'invalid data query: %s', 400);

/** A commission tool was called by someone without the role it needs. */
export const ERR_OVERSIGHT_FORBIDDEN = defineError<[string, string]>('SAKIMORI_ERR_OVERSIGHT_FORBIDDEN', '%s requires one of the roles %s', 403);
/** An inspection, directive or flag does not exist. */
export const ERR_OVERSIGHT_NOT_FOUND = defineError<[string, string]>('SAKIMORI_ERR_OVERSIGHT_NOT_FOUND', 'no %s %s', 404);
/** Input to a commission tool is malformed. */
export const ERR_OVERSIGHT_INVALID_INPUT = defineError<[string]>('SAKIMORI_ERR_OVERSIGHT_INVALID_INPUT', 'invalid input: %s', 400);
/** A state change that the follow-up rules do not allow. */
export const ERR_OVERSIGHT_TRANSITION = defineError<[string, string, string]>('SAKIMORI_ERR_OVERSIGHT_TRANSITION', '%s cannot go from %s to %s', 409);

/** A line of an RIR delegated-statistics file cannot be used. */
export const ERR_SELECTION_DELEGATED_FILE = defineError<[string, number, string, string]>('SAKIMORI_ERR_SELECTION_DELEGATED_FILE', '%s line %d, field %s: %s', 400);
/** A delegated-statistics file cannot be read. */
export const ERR_SELECTION_FILE_UNREADABLE = defineError<[string, string]>('SAKIMORI_ERR_SELECTION_FILE_UNREADABLE', 'cannot read delegated-statistics file %s: %s', 400);

/** A retention target cannot be registered: a name that is not a plain SQL identifier, no id columns, or a table registered twice. */
export const ERR_RETENTION_TARGET = defineError<[string, string]>('SAKIMORI_ERR_RETENTION_TARGET', 'retention target %s: %s', 500);

/** A report period cannot be understood. */
export const ERR_REPORT_PERIOD = defineError<[string]>('SAKIMORI_ERR_REPORT_PERIOD', 'invalid report period %s: give YYYY, YYYY-Hn, YYYY-Qn or YYYY-MM', 400);

/** A value in an exported column is not an address or prefix and cannot be pseudonymised. */
export const ERR_SHARING_NOT_ADDRESS = defineError<[string, number]>('SAKIMORI_ERR_SHARING_NOT_ADDRESS', 'column %s of row %d is not an IP address or prefix', 400);
/** A partner key file is missing, unreadable, malformed or readable by others. */
export const ERR_SHARING_KEY_FILE = defineError<[string, string]>('SAKIMORI_ERR_SHARING_KEY_FILE', 'partner key file %s: %s', 400);
