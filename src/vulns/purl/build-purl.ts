/**
 * Building a package URL from decoded components, as an SBOM or an API gives them.
 */
import { type Failure, purlFailure, type VulnsResult } from '../errors.js';
import { completePurl } from './complete-purl.js';
import type { PackageUrl, PurlComponents, PurlOptions } from './package-url.js';

const STRING_COMPONENTS = ['type', 'namespace', 'name', 'version', 'subpath'] as const;

/**
 * Validates decoded components and normalises them into a package URL (format it with
 * {@link formatPurl}). Accepts any value and never throws: a missing type or name, a component of
 * the wrong JavaScript type or a rule of the purl type broken gives a `SAKIMORI_ERR_PURL_MALFORMED`
 * error that names the component.
 *
 * @example
 * ```ts
 * const r = buildPurl({ type: 'maven', namespace: 'org.apache.xmlgraphics', name: 'batik-anim', version: '1.9.1', qualifiers: { type: 'zip', classifier: 'dist' } });
 * if (r.ok) formatPurl(r.value); // 'pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?classifier=dist&type=zip'
 * ```
 */
export function buildPurl(components: PurlComponents, options: PurlOptions = {}): VulnsResult<PackageUrl> {
  const wrong = componentTypeProblem(components);
  if (wrong !== undefined) return wrong;
  const { type, namespace, name, version, subpath } = components;
  if (type === null || type === undefined || type === '') return purlFailure('a type is required', { component: 'type' });
  if (name === null || name === undefined || name === '') return purlFailure('a name is required', { component: 'name' });
  const qualifiers = Object.entries(components.qualifiers ?? {}).map(([k, v]): [string, string] => [k, v ?? '']);
  return completePurl({ type, namespace: segments(namespace), name, version: version ?? null, qualifiers, subpath: segments(subpath) }, options.lenient === true);
}

function segments(path: string | null | undefined): string[] {
  return (path ?? '').split('/').filter((s) => s !== '');
}

/** Refuses components that are not strings (or null), as untrusted JSON may carry. */
function componentTypeProblem(components: unknown): Failure | undefined {
  if (typeof components !== 'object' || components === null) return purlFailure('the components are an object');
  const c = components as Record<string, unknown>;
  for (const key of STRING_COMPONENTS) {
    const v = c[key];
    if (v !== null && v !== undefined && typeof v !== 'string') return purlFailure(`a string or null, not ${typeof v}`, { component: key });
  }
  const q = c.qualifiers;
  if (q === null || q === undefined) return undefined;
  if (typeof q !== 'object' || Array.isArray(q)) return purlFailure('an object of key → value, or null', { component: 'qualifiers' });
  const bad = Object.entries(q).find(([, v]) => v !== null && v !== undefined && typeof v !== 'string');
  return bad === undefined ? undefined : purlFailure(`the value of ${bad[0]} is a string, not ${typeof bad[1]}`, { component: 'qualifiers' });
}
