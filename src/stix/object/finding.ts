/**
 * What validation reports: one finding per broken rule, and the verdict over all of them.
 */

/** Severity of a finding: a broken MUST is an error, a broken SHOULD (best practice) a warning. */
export type FindingSeverity = 'error' | 'warning';

/** One broken rule, located by object and JSON path. */
export interface Finding {
  /** Id of the object the finding is about, `bundle` for the envelope, or `input` when there is no object id. */
  readonly objectId: string;
  /** JSON Pointer into the validated input, e.g. `/objects/3/kill_chain_phases/0/phase_name`. */
  readonly path: string;
  /** Human-readable explanation. */
  readonly message: string;
  /** Stable rule code, e.g. `SAKIMORI_ERR_STIX_OBJECT_TIMESTAMP` or a best-practice check name such as `custom-prefix`. */
  readonly code: string;
  /** Whether the finding breaks a MUST (`error`) or a SHOULD (`warning`). */
  readonly severity: FindingSeverity;
}

/** Result of validating one STIX document (an object, a list of objects or a bundle). */
export interface ValidationResult {
  /** True when there is no error (and, under `strict`, no warning either). */
  readonly valid: boolean;
  /** Broken MUST requirements (and, under `strict`, broken SHOULDs). */
  readonly errors: readonly Finding[];
  /** Broken SHOULD requirements (empty under `strict`, where they count as errors). */
  readonly warnings: readonly Finding[];
}

/** Escapes one JSON Pointer reference token (RFC 6901 §4). */
export function pointerToken(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Appends a reference token to a JSON Pointer. */
export function childPath(path: string, key: string | number): string {
  return `${path}/${pointerToken(key)}`;
}
