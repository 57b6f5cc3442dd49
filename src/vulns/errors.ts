/**
 * Coded errors of product identities (CPE names and package URLs). Parsing never throws on user
 * input: it returns a {@link VulnsResult} whose error is one of these, as a value, with what is wrong
 * and where (attribute or component, and offset in the input) in `details`. The HTTP status is 400:
 * the caller sent a name that cannot be read.
 */
import { defineError, type SakimoriError } from '../core/errors.js';

/** A CPE 2.2 URI or 2.3 formatted string that NISTIR 7695 does not allow (syntax, quoting, wildcards, packing). */
export const ERR_CPE_MALFORMED = defineError<[string]>('SAKIMORI_ERR_CPE_MALFORMED', 'malformed CPE name: %s', 400);
/** A package URL (or set of purl components) that ECMA-427 or its type's rules do not allow. */
export const ERR_PURL_MALFORMED = defineError<[string]>('SAKIMORI_ERR_PURL_MALFORMED', 'malformed package URL: %s', 400);

/** Where in the input a problem was found; every field is optional because some problems have no single place. */
export interface InputLocation {
  /** The CPE attribute (`version`, `target_sw`…) or purl component (`name`, `qualifiers`…) at fault. */
  readonly component?: string;
  /** Offset of the offending character in the input text, from 0. */
  readonly offset?: number;
}

/** A refused input: the coded error says what is wrong and where. */
export interface Failure {
  readonly ok: false;
  readonly error: SakimoriError;
}

/** Outcome of parsing or building: the value, or a {@link Failure}. */
export type VulnsResult<T> = { readonly ok: true; readonly value: T } | Failure;

/** Wraps `value` as a successful {@link VulnsResult}. */
export function ok<T>(value: T): VulnsResult<T> {
  return { ok: true, value };
}

/** Builds a {@link Failure} with a `SAKIMORI_ERR_CPE_MALFORMED` error; `where` becomes its `details`. */
export function cpeFailure(problem: string, where: InputLocation = {}): Failure {
  return { ok: false, error: new ERR_CPE_MALFORMED(describe(problem, where), { details: { ...where } }) };
}

/** Builds a {@link Failure} with a `SAKIMORI_ERR_PURL_MALFORMED` error; `where` becomes its `details`. */
export function purlFailure(problem: string, where: InputLocation = {}): Failure {
  return { ok: false, error: new ERR_PURL_MALFORMED(describe(problem, where), { details: { ...where } }) };
}

function describe(problem: string, where: InputLocation): string {
  const component = where.component === undefined ? '' : `${where.component}: `;
  const offset = where.offset === undefined ? '' : ` (at offset ${where.offset})`;
  return `${component}${problem}${offset}`;
}

/**
 * One record of a vulnerability source (NVD, CVE 5, KEV, EPSS, JVN) that cannot be read; `details`
 * names the source, the record (CVE id, row or JVNDB id) and the JSON path or column at fault. An
 * import skips such a record, counts it and goes on.
 */
export const ERR_VULN_RECORD_MALFORMED = defineError<[string]>('SAKIMORI_ERR_VULN_RECORD_MALFORMED', 'malformed vulnerability record: %s', 400);
/** A whole source document (NVD page, KEV catalogue, EPSS file, JVN XML) that cannot be read at all, or breaks paging rules. */
export const ERR_VULN_SOURCE_MALFORMED = defineError<[string]>('SAKIMORI_ERR_VULN_SOURCE_MALFORMED', 'malformed vulnerability source: %s', 400);
/** A source document larger than the configured limit (a huge JVN XML, an endless NVD page). */
export const ERR_VULN_SOURCE_TOO_LARGE = defineError<[string]>('SAKIMORI_ERR_VULN_SOURCE_TOO_LARGE', 'vulnerability source too large: %s', 413);
/** A version string its scheme cannot order (`10.0.20348..2762`, an empty segment, a bad Debian epoch). */
export const ERR_VERSION_MALFORMED = defineError<[string]>('SAKIMORI_ERR_VERSION_MALFORMED', 'malformed version: %s', 400);
