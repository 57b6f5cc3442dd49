/**
 * The canonical string form of a package URL (ECMA-427 §5.5, "How to build a purl string from its
 * components").
 */
import type { PackageUrl } from './package-url.js';
import { percentEncode } from './percent-encoding.js';
import { purlTypeRule } from './purl-types.js';

/**
 * Formats a valid package URL in canonical form: lowercase type, each namespace and subpath segment
 * percent-encoded, qualifiers sorted by key.
 *
 * @example
 * ```ts
 * formatPurl({ type: 'deb', namespace: 'debian', name: 'attr', version: '1:2.4.47-2+b1', qualifiers: { arch: 'amd64' }, subpath: null });
 * // 'pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64'
 * ```
 */
export function formatPurl(purl: PackageUrl): string {
  const path = purlTypeRule(purl.type)?.nameIsPath ? encodePath(purl.name) : encode(purl.name);
  let out = `pkg:${purl.type}/${purl.namespace === null ? '' : `${encodePath(purl.namespace)}/`}${path}`;
  if (purl.version !== null) out += `@${encode(purl.version)}`;
  if (purl.qualifiers !== null) {
    const pairs = Object.keys(purl.qualifiers)
      .sort()
      .map((k) => `${k}=${encode(purl.qualifiers?.[k] ?? '')}`);
    out += `?${pairs.join('&')}`;
  }
  if (purl.subpath !== null) out += `#${encodePath(purl.subpath)}`;
  return out;
}

function encodePath(path: string): string {
  return path.split('/').map(encode).join('/');
}

// A PackageUrl comes from parsing (decoded, hence well-formed) or from building (checked), so every
// component has an encoding; `?? ''` only satisfies the type.
function encode(s: string): string {
  return percentEncode(s) ?? '';
}
