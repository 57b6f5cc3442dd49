/**
 * The CPE 2.2 URI binding (NISTIR 7695 §6.1): `cpe:/` followed by at most seven colon-separated
 * components (part to language), percent-encoding for punctuation, `%01` and `%02` for the `?` and
 * `*` wildcards, and the four extended attributes packed into the edition as `~ed~sw~tsw~thw~oth`.
 */
import { cpeFailure, ok, type VulnsResult } from '../errors.js';
import { ANY, type CpeAttribute, isAlphanumeric, isQuotable, NA, showCharacter, type Wfn, type WfnValue, wfnString, wfnValueProblem } from './wfn.js';

/** Prefix of every CPE 2.2 URI (the scheme is case-insensitive, as in the 2.2 schema). */
export const URI_PREFIX = 'cpe:/';

const URI_ATTRIBUTES = ['part', 'vendor', 'product', 'version', 'update', 'edition', 'language'] as const;
const PACKED_ATTRIBUTES = ['edition', 'sw_edition', 'target_sw', 'target_hw', 'other'] as const;

/**
 * Binds a WFN to a URI (§6.1.2, `bind_to_uri`): packs the edition when an extended attribute is
 * set, and drops trailing empty components.
 *
 * @example
 * ```ts
 * bindToUri(wfn); // 'cpe:/a:hp:insight_diagnostics:7.4.0.1570::~~online~win2003~x64~'
 * ```
 */
export function bindToUri(wfn: Wfn): string {
  const components = URI_ATTRIBUTES.map((a) => (a === 'edition' ? pack(wfn) : bindValueForUri(wfn[a])));
  return `${URI_PREFIX}${components.join(':')}`.replace(/:+$/, '');
}

function pack(wfn: Wfn): string {
  const [edition, ...extended] = PACKED_ATTRIBUTES.map((a) => bindValueForUri(wfn[a]));
  if (extended.every((v) => v === '')) return edition as string;
  return `~${edition}~${extended.join('~')}`;
}

function bindValueForUri(v: WfnValue): string {
  if (v.kind === 'any') return '';
  if (v.kind === 'na') return '-';
  return transformForUri(v.value);
}

/** `transform_for_uri`: quoted punctuation is percent-encoded (lowercase hex, `-` `.` `_` kept), wildcards become %01 / %02. */
function transformForUri(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '\\') {
      const next = s[++i] as string;
      out += next === '-' || next === '.' || next === '_' ? next : `%${next.charCodeAt(0).toString(16).padStart(2, '0')}`;
    } else if (c === '?') {
      out += '%01';
    } else if (c === '*') {
      out += '%02';
    } else {
      out += c;
    }
  }
  return out;
}

/**
 * Unbinds a URI into a WFN (§6.1.3, `unbind_uri`); attributes the URI does not carry are ANY. Refuses
 * what the 2.2 syntax does not allow; the error names the attribute and the offset of the fault.
 */
export function unbindUri(text: string): VulnsResult<Wfn> {
  if (text.slice(0, URI_PREFIX.length).toLowerCase() !== URI_PREFIX) return cpeFailure(`a URI starts with ${URI_PREFIX}`, { offset: 0 });
  const components = text.slice(URI_PREFIX.length).split(':');
  if (components.length > URI_ATTRIBUTES.length) {
    return cpeFailure(`too many components: a URI has at most ${URI_ATTRIBUTES.length} (part to language), this one has ${components.length}`);
  }
  const wfn: Record<string, WfnValue> = {};
  let offset = URI_PREFIX.length;
  for (let i = 0; i < URI_ATTRIBUTES.length; i++) {
    const attribute = URI_ATTRIBUTES[i] as CpeAttribute;
    const raw = components[i] ?? '';
    const unbound = attribute === 'edition' && raw.startsWith('~') ? unpack(raw, offset, wfn) : decodeInto(wfn, attribute, raw, offset);
    if (!unbound.ok) return unbound;
    offset += raw.length + 1;
  }
  for (const a of PACKED_ATTRIBUTES) wfn[a] ??= ANY;
  return ok(Object.freeze(wfn) as Wfn);
}

/** `unpack` (§6.1.3.3): exactly five `~`-separated fields after the leading `~`. */
function unpack(raw: string, offset: number, wfn: Record<string, WfnValue>): VulnsResult<true> {
  const fields = raw.slice(1).split('~');
  if (fields.length !== PACKED_ATTRIBUTES.length) {
    return cpeFailure(`unbalanced packed edition: ~edition~sw_edition~target_sw~target_hw~other has 5 fields, this one has ${fields.length}`, { component: 'edition', offset });
  }
  let at = offset + 1;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as string;
    const decoded = decodeInto(wfn, PACKED_ATTRIBUTES[i] as CpeAttribute, field, at);
    if (!decoded.ok) return decoded;
    at += field.length + 1;
  }
  return ok(true);
}

function decodeInto(wfn: Record<string, WfnValue>, attribute: CpeAttribute, raw: string, offset: number): VulnsResult<true> {
  const value = decode(raw, offset, attribute);
  if (!value.ok) return value;
  const problem = wfnValueProblem(attribute, value.value);
  if (problem !== undefined) return cpeFailure(problem, { component: attribute, offset });
  wfn[attribute] = value.value;
  return ok(true);
}

/**
 * `decode` (§6.1.3.5): lowercases, quotes `.` `-` `~`, turns percent-encoded punctuation into quoted
 * characters and %01 / %02 into the `?` / `*` wildcards where the wildcard rules allow them.
 */
function decode(raw: string, offset: number, attribute: CpeAttribute): VulnsResult<WfnValue> {
  if (raw === '') return ok(ANY);
  if (raw === '-') return attribute === 'part' ? cpeFailure('NA (-) is not allowed: the part is a, o, h or empty', { component: attribute, offset }) : ok(NA);
  const s = raw.toLowerCase();
  let out = '';
  let embedded = false;
  for (let i = 0; i < s.length; ) {
    const c = s[i] as string;
    const where = { component: attribute, offset: offset + i };
    if (c === '.' || c === '-' || c === '~') {
      out += `\\${c}`;
      embedded = true;
      i++;
    } else if (isAlphanumeric(c) || c === '_') {
      out += c;
      embedded = true;
      i++;
    } else if (c !== '%') {
      return cpeFailure(`character ${showCharacter(raw[i] as string)} is not allowed in a URI; percent-encode it`, where);
    } else {
      const form = s.slice(i, i + 3);
      if (form === '%01') {
        // A ? wildcard begins or ends the value, or is part of such a run (§6.1.3.5).
        const atEdge = i === 0 || i === s.length - 3;
        const inLeadingRun = !embedded && i >= 3 && s.slice(i - 3, i) === '%01';
        const inTrailingRun = embedded && s.slice(i + 3, i + 6) === '%01';
        if (!atEdge && !inLeadingRun && !inTrailingRun) return cpeFailure('%01 (the ? wildcard) may only appear in a run at the beginning or the end of a value', where);
        out += '?';
      } else if (form === '%02') {
        if (i !== 0 && i !== s.length - 3) return cpeFailure('%02 (the * wildcard) may only begin or end a value', where);
        out += '*';
      } else {
        const decoded = /^%[0-9a-f]{2}$/.test(form) ? String.fromCharCode(Number.parseInt(form.slice(1), 16)) : '';
        if (!isQuotable(decoded) || decoded === '-' || decoded === '.' || decoded === '_') return cpeFailure(`${raw.slice(i, i + 3)} is no percent-encoding a CPE URI uses`, where);
        out += `\\${decoded}`;
        embedded = true;
      }
      i += 3;
    }
  }
  return ok(wfnString(out));
}
