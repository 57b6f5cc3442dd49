/** The coded failure of a version string its scheme cannot read. */
import { ERR_VERSION_MALFORMED, type Failure } from '../errors.js';
import type { VersionScheme } from '../record.js';

/** Where in a version string a problem was found. */
export interface VersionLocation {
  /** The part at fault, in the scheme's own words (`epoch`, `upstream_version`, `prerelease`…). */
  readonly component?: string;
  /** Offset of the offending character in the version string, from 0. */
  readonly offset?: number;
}

/** Longest stretch of the version quoted in a message: enough to recognise it, not a whole pasted document. */
const SHOWN = 80;

/**
 * Builds a {@link Failure} with a `SAKIMORI_ERR_VERSION_MALFORMED` error that names the scheme, the
 * version, what is wrong and where; `details` carries `scheme`, `component` and `offset`.
 *
 * @example
 * ```ts
 * versionFailure('generic', '10.0.20348..2762', 'empty segment between two separators', { offset: 11 }).error.message;
 * // 'malformed version: generic version "10.0.20348..2762": empty segment between two separators (at offset 11)'
 * ```
 */
export function versionFailure(scheme: VersionScheme, text: string, problem: string, where: VersionLocation = {}): Failure {
  const shown = text.length > SHOWN ? `${text.slice(0, SHOWN)}…` : text;
  const component = where.component === undefined ? '' : `${where.component}: `;
  const offset = where.offset === undefined ? '' : ` (at offset ${where.offset})`;
  const message = `${scheme} version ${JSON.stringify(shown)}: ${component}${problem}${offset}`;
  return { ok: false, error: new ERR_VERSION_MALFORMED(message, { details: { scheme, ...where } }) };
}
