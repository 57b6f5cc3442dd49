/**
 * The checks and normalisations that parsing and building share (ECMA-427 §5.6, then the type's
 * rules): what turns decoded components into a valid {@link PackageUrl}, or says why not.
 */
import { type Failure, ok, purlFailure, type VulnsResult } from '../errors.js';
import type { PackageUrl } from './package-url.js';
import { namespaceProblem, type PurlDraft, type PurlTypeRule, purlTypeRule } from './purl-types.js';

/** Decoded components before the checks: namespace and subpath as segments, qualifiers as pairs in input order. */
export interface RawPurl {
  readonly type: string;
  readonly namespace: readonly string[];
  readonly name: string;
  readonly version: string | null;
  readonly qualifiers: readonly (readonly [string, string])[];
  readonly subpath: readonly string[];
}

/** A type: an ASCII letter, then letters, digits, `.`, `+` or `-` (§5.6.2). */
const TYPE_SYNTAX = /^[A-Za-z][A-Za-z0-9.+-]*$/;
/** A qualifier key: an ASCII letter, then letters, digits, `.`, `-` or `_` (§5.6.6); lowercase is checked apart. */
const KEY_SYNTAX = /^[A-Za-z][A-Za-z0-9._-]*$/;

/** Checks `raw` and applies the generic and type-specific normalisations; `lenient` as in {@link PurlOptions}. */
export function completePurl(raw: RawPurl, lenient: boolean): VulnsResult<PackageUrl> {
  if (!TYPE_SYNTAX.test(raw.type)) return purlFailure(`"${raw.type}" is no type: an ASCII letter, then letters, digits, '.', '+' or '-'`, { component: 'type' });
  const type = raw.type.toLowerCase();
  if (raw.name === '') return purlFailure('a name is required', { component: 'name' });
  const broken = brokenText(raw);
  if (broken !== undefined) return purlFailure('holds a lone surrogate: not Unicode text', { component: broken });
  const slashed = raw.namespace.find((s) => s.includes('/'));
  if (slashed !== undefined) return purlFailure(`namespace segment "${slashed}" holds a '/'`, { component: 'namespace' });
  const qualifiers = qualifierRecord(raw.qualifiers, lenient);
  if (typeof qualifiers === 'string') return purlFailure(qualifiers, { component: 'qualifiers' });
  const draft: PurlDraft = { type, namespace: [...raw.namespace], name: raw.name, version: raw.version === '' ? null : raw.version, qualifiers };
  const rule = purlTypeRule(type);
  const ruled = rule === undefined ? undefined : applyRule(draft, rule, lenient);
  if (ruled !== undefined) return ruled;
  const subpath = raw.subpath.filter((s) => s !== '' && s !== '.' && s !== '..');
  const badSegment = subpath.find((s) => s.includes('/'));
  if (badSegment !== undefined) return purlFailure(`subpath segment "${badSegment}" holds a '/'`, { component: 'subpath' });
  const keys = Object.keys(draft.qualifiers).sort();
  return ok(
    Object.freeze({
      type,
      namespace: draft.namespace.length === 0 ? null : draft.namespace.join('/'),
      name: draft.name,
      version: draft.version,
      qualifiers: keys.length === 0 ? null : Object.freeze(Object.fromEntries(keys.map((k) => [k, draft.qualifiers[k] as string]))),
      subpath: subpath.length === 0 ? null : subpath.join('/'),
    }),
  );
}

// In a /u regular expression a surrogate pair is one code point, so \p{Cs} finds only lone halves,
// which have no UTF-8 encoding and so no percent-encoding.
const LONE_SURROGATE = /\p{Cs}/u;

/** The component holding text that is not well-formed UTF-16, if any. */
function brokenText(raw: RawPurl): string | undefined {
  if (LONE_SURROGATE.test(raw.name)) return 'name';
  if (raw.namespace.some((s) => LONE_SURROGATE.test(s))) return 'namespace';
  if (raw.version !== null && LONE_SURROGATE.test(raw.version)) return 'version';
  if (raw.qualifiers.some(([, v]) => LONE_SURROGATE.test(v))) return 'qualifiers';
  if (raw.subpath.some((s) => LONE_SURROGATE.test(s))) return 'subpath';
  return undefined;
}

/** Qualifier pairs as a record, keys checked (and lowercased when lenient) and empty values dropped (§5.6.6); or the problem. */
function qualifierRecord(pairs: RawPurl['qualifiers'], lenient: boolean): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const [rawKey, value] of pairs) {
    if (!KEY_SYNTAX.test(rawKey)) return `"${rawKey}" is no qualifier key: an ASCII letter, then letters, digits, '.', '-' or '_'`;
    const key = rawKey.toLowerCase();
    if (key !== rawKey && !lenient) return `qualifier key "${rawKey}" is not in lowercase`;
    if (Object.hasOwn(out, key)) return `qualifier key "${key}" appears twice`;
    if (value !== '') out[key] = value;
  }
  return out;
}

function applyRule(d: PurlDraft, rule: PurlTypeRule, lenient: boolean): Failure | undefined {
  if (rule.nameIsPath && d.namespace.length > 1) {
    d.name = [...d.namespace.slice(1), d.name].join('/');
    d.namespace = d.namespace.slice(0, 1);
  }
  if (rule.lowercase?.includes('namespace')) d.namespace = d.namespace.map((s) => s.toLowerCase());
  if (rule.lowercase?.includes('name')) d.name = d.name.toLowerCase();
  if (rule.lowercase?.includes('version') && d.version !== null) d.version = d.version.toLowerCase();
  rule.normalise?.(d, lenient);
  const namespace = namespaceProblem(d.type, rule, d.namespace.length > 0);
  if (namespace !== undefined) return purlFailure(namespace, { component: 'namespace' });
  const missing = rule.requiredQualifiers?.find((k) => d.qualifiers[k] === undefined);
  if (missing !== undefined) return purlFailure(`purls of type ${d.type} need the ${missing} qualifier`, { component: 'qualifiers' });
  const problem = rule.check?.(d);
  return problem === undefined ? undefined : purlFailure(problem[1], { component: problem[0] });
}
