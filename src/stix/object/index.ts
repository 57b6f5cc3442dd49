/**
 * STIX 2.1 object validation: every SDO, SRO, SCO, meta object and the bundle, against the spec's
 * MUST rules and (as warnings, or errors under `strict`) its best practices.
 *
 * @example
 * ```ts
 * import { validateStix, formatFindings, assertValidBundle } from './stix/object/index.js';
 * const result = validateStix(JSON.parse(text), { strict: true });
 * if (!result.valid) console.log(formatFindings(result));
 * assertValidBundle(bundle); // throws SAKIMORI_ERR_STIX_OBJECT_INVALID before anything is stored
 * ```
 */
export { assertValidBundle } from './assert-valid-bundle.js';
export { CHECK_NAMES, resolveOptions } from './check-selection.js';
export { deterministicId } from './deterministic-id.js';
export { ERR_STIX_OBJECT_INVALID } from './errors.js';
export type { Finding, FindingSeverity, ValidationResult } from './finding.js';
export { formatFindings } from './format-findings.js';
export { compareTimestamps, isTimestamp } from './timestamp.js';
export type { ValidationOptions } from './validation-options.js';
export { validateStix } from './validate-stix.js';
