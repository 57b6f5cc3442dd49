/**
 * The well-formed CPE name (WFN) of NISTIR 7695 §5: eleven attributes, each ANY, NA or a value
 * string. Value strings are kept in the WFN's own quoted form (§5.3.2): letters, digits and `_`
 * stand for themselves, every other printable character is preceded by a backslash, and an
 * unquoted `*` or `?` is a wildcard. Both bindings (URI and formatted string) unbind to this form,
 * so names compare and match on it whatever binding they came in.
 */
import { cpeFailure, ok, type VulnsResult } from '../errors.js';

/** The eleven WFN attributes, in binding order (NISTIR 7695 §5.3, §6.2.2). */
export const CPE_ATTRIBUTES = ['part', 'vendor', 'product', 'version', 'update', 'edition', 'language', 'sw_edition', 'target_sw', 'target_hw', 'other'] as const;

/** Name of one WFN attribute. */
export type CpeAttribute = (typeof CPE_ATTRIBUTES)[number];

/** One attribute value: the logical value ANY, the logical value NA, or a value string in quoted WFN form. */
export type WfnValue = { readonly kind: 'any' } | { readonly kind: 'na' } | { readonly kind: 'string'; readonly value: string };

/** The logical value ANY ("any value"), bound as `*` in a formatted string and as an empty URI component. */
export const ANY: WfnValue = Object.freeze({ kind: 'any' });
/** The logical value NA ("not applicable"), bound as `-` in both bindings. */
export const NA: WfnValue = Object.freeze({ kind: 'na' });

/** A well-formed CPE name: a value for every attribute (unspecified attributes are ANY, §5.2). */
export type Wfn = { readonly [A in CpeAttribute]: WfnValue };

/** Wraps a value string already in quoted WFN form (e.g. `1\.2\.3`) as a {@link WfnValue}. */
export function wfnString(value: string): WfnValue {
  return { kind: 'string', value };
}

/**
 * Builds a WFN from the attributes given, the others ANY, refusing a value NISTIR 7695 §5.3 does not
 * allow (bad quoting, a misplaced wildcard, a `part` other than a, o or h, a language that is no tag).
 *
 * @example
 * ```ts
 * const r = createWfn({ part: wfnString('a'), vendor: wfnString('microsoft'), product: wfnString('internet_explorer'), version: wfnString('8\\.0') });
 * if (r.ok) bindToFs(r.value); // 'cpe:2.3:a:microsoft:internet_explorer:8.0:*:*:*:*:*:*:*'
 * ```
 */
export function createWfn(attributes: Partial<Record<CpeAttribute, WfnValue>>): VulnsResult<Wfn> {
  const wfn: Record<string, WfnValue> = {};
  for (const attribute of CPE_ATTRIBUTES) {
    const value = attributes[attribute] ?? ANY;
    const problem = wfnValueProblem(attribute, value);
    if (problem !== undefined) return cpeFailure(problem, { component: attribute });
    wfn[attribute] = value;
  }
  return ok(Object.freeze(wfn) as Wfn);
}

/** True for ASCII letters and digits, the characters a WFN never quotes (with `_`). */
export function isAlphanumeric(c: string): boolean {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/** True for a printable ASCII character that may follow a backslash: any punctuation (§5.3.2). */
export function isQuotable(c: string): boolean {
  const code = c.charCodeAt(0);
  return c.length === 1 && code >= 0x21 && code <= 0x7e && !isAlphanumeric(c);
}

/** How a character is shown in a message: printable ASCII as itself, anything else as U+XXXX. */
export function showCharacter(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  return code >= 0x21 && code <= 0x7e ? `'${c}'` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-([A-Za-z]{2}|[0-9]{3}))?$/;

/**
 * Why `value` cannot be the value of `attribute`, or undefined when it can: quoting and wildcard
 * placement of NISTIR 7695 §5.3.2, and the restricted attributes `part` (§5.3.3.1) and `language`
 * (§5.3.3.7, an RFC 5646 language tag with at most a region).
 */
export function wfnValueProblem(attribute: CpeAttribute, value: WfnValue): string | undefined {
  if (value.kind === 'na') return attribute === 'part' ? 'NA is not allowed: the part is a, o, h or ANY' : undefined;
  if (value.kind === 'any') return undefined;
  const problem = valueStringProblem(value.value);
  if (problem !== undefined) return problem;
  if (attribute === 'part' && !/^[aoh]$/.test(value.value)) return `must be a, o or h, not "${value.value}"`;
  if (attribute === 'language' && !LANGUAGE_TAG.test(unquote(value.value))) return `"${unquote(value.value)}" is not a language tag such as en or en-us`;
  return undefined;
}

function valueStringProblem(s: string): string | undefined {
  if (s === '') return 'empty value string (ANY is the logical value, not an empty string)';
  if (s === '\\-') return 'a quoted hyphen alone would bind as NA (§5.3.2)';
  let literal = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (isAlphanumeric(c) || c === '_') {
      literal++;
    } else if (c === '\\') {
      const next = s[i + 1];
      if (next === undefined) return 'a backslash ends the value and quotes nothing';
      if (!isQuotable(next)) return `\\${next} is no valid quoting: only punctuation is quoted`;
      literal++;
      i++;
    } else if (c === '*') {
      if (i !== 0 && i !== s.length - 1) return 'an unquoted * may only begin or end a value';
    } else if (c === '?') {
      if (!/^\?*$/.test(s.slice(0, i)) && !/^\?*$/.test(s.slice(i + 1))) return 'an unquoted ? may only appear in a run at the beginning or the end of a value';
    } else {
      return `character ${showCharacter(c)} must be quoted with a backslash`;
    }
  }
  // A run of ? alone ("any value of exactly n characters") is meaningful; * alone is the logical ANY.
  if (literal === 0 && !/^\?+$/.test(s)) return 'a value of wildcards only is not allowed (use ANY)';
  return undefined;
}

/** Removes the WFN quoting of a value string (`1\.2` → `1.2`); wildcards are kept as they are. */
export function unquote(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}
