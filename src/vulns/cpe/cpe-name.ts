/**
 * Entry points for CPE names as users write them: either binding in, a WFN or the canonical
 * formatted string out, and an error value (never an exception) for anything malformed.
 */
import { cpeFailure, ok, type VulnsResult } from '../errors.js';
import { bindToFs, FS_PREFIX, unbindFs } from './formatted-string.js';
import { unbindUri, URI_PREFIX } from './uri.js';
import type { Wfn } from './wfn.js';

/** Longest CPE name accepted; NVD names stay far below, and the bound keeps hostile input cheap. */
export const MAX_CPE_LENGTH = 4096;

/**
 * Parses a CPE 2.3 formatted string (`cpe:2.3:…`) or CPE 2.2 URI (`cpe:/…`) into a WFN. Accepts any
 * value and never throws: a non-string, an unknown prefix or a malformed name gives a
 * `SAKIMORI_ERR_CPE_MALFORMED` error that says what is wrong and where.
 *
 * @example
 * ```ts
 * const r = parseCpe('cpe:/a:microsoft:internet_explorer:8.%02');
 * if (r.ok) r.value.version; // { kind: 'string', value: '8\\.*' }
 * ```
 */
export function parseCpe(text: unknown): VulnsResult<Wfn> {
  if (typeof text !== 'string') return cpeFailure(`a CPE name is a string, not ${text === null ? 'null' : typeof text}`);
  if (text === '') return cpeFailure('empty CPE name');
  if (text.length > MAX_CPE_LENGTH) return cpeFailure(`longer than ${MAX_CPE_LENGTH} characters`);
  if (text.startsWith(FS_PREFIX)) return unbindFs(text);
  if (text.slice(0, URI_PREFIX.length).toLowerCase() === URI_PREFIX) return unbindUri(text);
  return cpeFailure(`unknown prefix: a CPE name starts with ${FS_PREFIX} (formatted string) or ${URI_PREFIX} (URI)`, { offset: 0 });
}

/**
 * Validates a CPE name in either binding and returns its canonical CPE 2.3 formatted string.
 *
 * @example
 * ```ts
 * normaliseCpe('cpe:/a:apache:xerces-c%2B%2B'); // { ok: true, value: 'cpe:2.3:a:apache:xerces-c\\+\\+:*:*:*:*:*:*:*:*' }
 * normaliseCpe('cpe:2.3:a:vendor'); // { ok: false, error: SAKIMORI_ERR_CPE_MALFORMED "…too few components…" }
 * ```
 */
export function normaliseCpe(text: unknown): VulnsResult<string> {
  const wfn = parseCpe(text);
  return wfn.ok ? ok(bindToFs(wfn.value)) : wfn;
}
