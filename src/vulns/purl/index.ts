/**
 * Package URLs (purl, ECMA-427): parse, validate, build and format in canonical form, with the
 * rules of the known purl types. Pure functions; malformed purls give `SAKIMORI_ERR_PURL_MALFORMED`
 * error values.
 */
export { buildPurl } from './build-purl.js';
export { formatPurl } from './format-purl.js';
export type { PackageUrl, PurlComponents, PurlOptions } from './package-url.js';
export { MAX_PURL_LENGTH, normalisePurl, parsePurl } from './parse-purl.js';
export { PURL_TYPES, type PurlTypeRule, purlTypeRule } from './purl-types.js';
