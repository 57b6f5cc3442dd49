/**
 * The store's gate: a whole bundle (or object) is accepted only when every object in it is valid.
 */
import { ERR_STIX_OBJECT_INVALID } from './errors.js';
import type { ValidationResult } from './finding.js';
import type { ValidationOptions } from './validation-options.js';
import { validateStix } from './validate-stix.js';

/**
 * Validates `json` and throws `SAKIMORI_ERR_STIX_OBJECT_INVALID` when anything in it is invalid; the
 * message names the first invalid object id and JSON path, `details.findings` holds every error.
 * Returns the result (with any warnings) when valid.
 *
 * @example
 * ```ts
 * try {
 *   assertValidBundle(bundle);
 * } catch (e) {
 *   if (isSakimoriError(e, 'SAKIMORI_ERR_STIX_OBJECT_INVALID')) console.log(e.details?.findings);
 * }
 * ```
 */
export function assertValidBundle(json: unknown, options?: ValidationOptions): ValidationResult {
  const result = validateStix(json, options);
  const first = result.errors[0];
  if (first !== undefined) {
    throw new ERR_STIX_OBJECT_INVALID(first.objectId, first.path === '' ? '/' : first.path, first.message, String(result.errors.length), {
      details: { findings: result.errors },
    });
  }
  return result;
}
