/**
 * Parsing of package URL strings, following the steps of ECMA-427 §5.6 ("How to parse a purl
 * string in its components"): subpath from the right on `#`, qualifiers from the right on `?`, the
 * scheme from the left on `:`, the type from the left on `/`, the version from the right on `@`, the
 * name from the right on `/`, and what remains is the namespace.
 */
import { type Failure, ok, purlFailure, type VulnsResult } from '../errors.js';
import { completePurl } from './complete-purl.js';
import { formatPurl } from './format-purl.js';
import type { PackageUrl, PurlOptions } from './package-url.js';
import { percentDecode } from './percent-encoding.js';

/** Longest package URL accepted; real ones are far shorter, and the bound keeps hostile input cheap. */
export const MAX_PURL_LENGTH = 16384;

/**
 * Parses and validates a package URL string. Accepts any value and never throws: a non-string or a
 * malformed purl gives a `SAKIMORI_ERR_PURL_MALFORMED` error that names the component at fault.
 *
 * @example
 * ```ts
 * const r = parsePurl('pkg:npm/%40angular/animation@12.3.1');
 * if (r.ok) r.value; // { type: 'npm', namespace: '@angular', name: 'animation', version: '12.3.1', qualifiers: null, subpath: null }
 * ```
 */
export function parsePurl(text: unknown, options: PurlOptions = {}): VulnsResult<PackageUrl> {
  if (typeof text !== 'string') return purlFailure(`a package URL is a string, not ${text === null ? 'null' : typeof text}`);
  if (text === '') return purlFailure('empty package URL');
  if (text.length > MAX_PURL_LENGTH) return purlFailure(`longer than ${MAX_PURL_LENGTH} characters`);
  const lenient = options.lenient === true;

  const hash = text.lastIndexOf('#');
  const beforeHash = hash === -1 ? text : text.slice(0, hash);
  const subpath = hash === -1 ? [] : decodeSegments(text.slice(hash + 1), 'subpath', hash + 1);
  if (!Array.isArray(subpath)) return subpath;

  const question = beforeHash.lastIndexOf('?');
  const beforeQuery = question === -1 ? beforeHash : beforeHash.slice(0, question);
  const qualifiers = question === -1 ? [] : decodeQualifiers(beforeHash.slice(question + 1), question + 1);
  if (!Array.isArray(qualifiers)) return qualifiers;

  const colon = beforeQuery.indexOf(':');
  if (colon === -1 || beforeQuery.slice(0, colon).toLowerCase() !== 'pkg') return purlFailure('a package URL starts with the scheme pkg:', { component: 'scheme', offset: 0 });
  // The scheme may be followed by slashes (pkg://maven/…), which parsers ignore (§5.6.1).
  let start = colon + 1;
  while (beforeQuery[start] === '/') start++;
  const path = beforeQuery.slice(start).replace(/\/+$/, '');

  const slash = path.indexOf('/');
  const type = slash === -1 ? path : path.slice(0, slash);
  if (type === '') return purlFailure('a type is required', { component: 'type', offset: start });
  if (slash === -1) return purlFailure('a name is required', { component: 'name', offset: start + path.length });
  const rest = path.slice(slash + 1);
  const restOffset = start + slash + 1;

  const at = versionSeparator(rest, lenient);
  const version = at === -1 ? null : percentDecode(rest.slice(at + 1));
  if (version === undefined) return purlFailure('invalid percent-encoding', { component: 'version', offset: restOffset + at + 1 });
  const beforeVersion = at === -1 ? rest : rest.slice(0, at);

  const lastSlash = beforeVersion.lastIndexOf('/');
  const name = percentDecode(beforeVersion.slice(lastSlash + 1));
  if (name === undefined) return purlFailure('invalid percent-encoding', { component: 'name', offset: restOffset + lastSlash + 1 });
  const namespace = lastSlash === -1 ? [] : decodeSegments(beforeVersion.slice(0, lastSlash), 'namespace', restOffset);
  if (!Array.isArray(namespace)) return namespace;

  return completePurl({ type, namespace, name, version, qualifiers, subpath }, lenient);
}

/**
 * Validates a package URL string and returns its canonical form.
 *
 * @example
 * ```ts
 * normalisePurl('pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?type=zip&classifier=dist');
 * // { ok: true, value: 'pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?classifier=dist&type=zip' }
 * ```
 */
export function normalisePurl(text: unknown, options: PurlOptions = {}): VulnsResult<string> {
  const purl = parsePurl(text, options);
  return purl.ok ? ok(formatPurl(purl.value)) : purl;
}

/**
 * Index of the `@` that starts the version: the rightmost one. When lenient, an `@` that begins a
 * namespace segment (an npm scope written unencoded) is skipped.
 */
function versionSeparator(rest: string, lenient: boolean): number {
  let at = rest.lastIndexOf('@');
  while (lenient && at !== -1 && (at === 0 || rest[at - 1] === '/') && rest.includes('/', at)) at = at === 0 ? -1 : rest.lastIndexOf('@', at - 1);
  return at;
}

/** Splits on `/`, drops empty segments and percent-decodes the others. */
function decodeSegments(text: string, component: string, offset: number): string[] | Failure {
  const out: string[] = [];
  let at = offset;
  for (const segment of text.split('/')) {
    const decoded = percentDecode(segment);
    if (decoded === undefined) return purlFailure('invalid percent-encoding', { component, offset: at });
    if (segment !== '') out.push(decoded);
    at += segment.length + 1;
  }
  return out;
}

/** Splits the qualifiers on `&` and each pair once on `=`; the key is not decoded, since keys are never encoded (§5.6.6). */
function decodeQualifiers(text: string, offset: number): [string, string][] | Failure {
  const out: [string, string][] = [];
  let at = offset;
  for (const pair of text.split('&')) {
    if (pair !== '') {
      const eq = pair.indexOf('=');
      if (eq <= 0) return purlFailure(`"${pair}" is no key=value pair`, { component: 'qualifiers', offset: at });
      const value = percentDecode(pair.slice(eq + 1));
      if (value === undefined) return purlFailure('invalid percent-encoding', { component: 'qualifiers', offset: at + eq + 1 });
      out.push([pair.slice(0, eq), value]);
    }
    at += pair.length + 1;
  }
  return out;
}
