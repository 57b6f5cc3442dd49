/**
 * Renders validation findings for a terminal, one per line, as `sakimori stix validate` prints them.
 */
import type { Finding, ValidationResult } from './finding.js';

function line(f: Finding): string {
  return `${f.objectId} ${f.path === '' ? '/' : f.path}: ${f.message}${f.severity === 'warning' ? ' (warning)' : ''}`;
}

/**
 * Renders every error, then every warning, one per line as `<id> <path>: <message>`.
 *
 * @example
 * ```ts
 * formatFindings(validateStix(doc));
 * // "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f /modified: modified (…) must be later than or equal to created (…)"
 * ```
 */
export function formatFindings(result: ValidationResult): string {
  return [...result.errors, ...result.warnings].map(line).join('\n');
}
