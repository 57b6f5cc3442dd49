/**
 * The CPE 2.3 formatted string binding (NISTIR 7695 §6.2): `cpe:2.3:` followed by the eleven
 * attributes separated by colons, `*` for ANY, `-` for NA, punctuation quoted with a backslash
 * except `-`, `.` and `_`.
 */
import { cpeFailure, type Failure, ok, type VulnsResult } from '../errors.js';
import { ANY, CPE_ATTRIBUTES, type CpeAttribute, isAlphanumeric, isQuotable, NA, showCharacter, type Wfn, type WfnValue, wfnString, wfnValueProblem } from './wfn.js';

/** Prefix of every CPE 2.3 formatted string. */
export const FS_PREFIX = 'cpe:2.3:';

/**
 * Binds a WFN to a formatted string (§6.2.2, `bind_to_fs`).
 *
 * @example
 * ```ts
 * bindToFs(wfn); // 'cpe:2.3:a:apache:xerces-c\\+\\+:*:*:*:*:*:*:*:*'
 * ```
 */
export function bindToFs(wfn: Wfn): string {
  return FS_PREFIX + CPE_ATTRIBUTES.map((a) => bindValueForFs(wfn[a])).join(':');
}

function bindValueForFs(v: WfnValue): string {
  if (v.kind === 'any') return '*';
  if (v.kind === 'na') return '-';
  // process_quoted_chars: `.`, `-` and `_` lose their quoting, every other quoted character keeps it.
  return v.value.replace(/\\([._-])/g, '$1');
}

/**
 * Unbinds a formatted string into a WFN (§6.2.3, `unbind_fs`), refusing what the formatted string
 * grammar (§6.2.2.1) does not allow; the error names the attribute and the offset of the fault.
 */
export function unbindFs(text: string): VulnsResult<Wfn> {
  if (!text.startsWith(FS_PREFIX)) return cpeFailure(`a formatted string starts with ${FS_PREFIX}`, { offset: 0 });
  const fields = splitFields(text, FS_PREFIX.length);
  if (!Array.isArray(fields)) return fields;
  if (fields.length !== CPE_ATTRIBUTES.length) {
    const what = fields.length > CPE_ATTRIBUTES.length ? 'too many components' : 'too few components';
    return cpeFailure(`${what}: a formatted string has ${CPE_ATTRIBUTES.length} attributes after ${FS_PREFIX}, this one has ${fields.length}`);
  }
  const wfn: Record<string, WfnValue> = {};
  for (let i = 0; i < CPE_ATTRIBUTES.length; i++) {
    const attribute = CPE_ATTRIBUTES[i] as CpeAttribute;
    const field = fields[i] as Field;
    const value = unbindValueFs(field.text, field.offset, attribute);
    if (!value.ok) return value;
    wfn[attribute] = value.value;
  }
  return ok(Object.freeze(wfn) as Wfn);
}

interface Field {
  readonly text: string;
  readonly offset: number;
}

/** Splits at every colon that no backslash quotes; a trailing lone backslash is an error. */
function splitFields(text: string, from: number): Field[] | Failure {
  const fields: Field[] = [];
  let start = from;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      if (i + 1 === text.length) return cpeFailure('a backslash ends the name and quotes nothing', { offset: i });
      i++;
    } else if (c === ':') {
      fields.push({ text: text.slice(start, i), offset: start });
      start = i + 1;
    }
  }
  fields.push({ text: text.slice(start), offset: start });
  return fields;
}

/**
 * `unbind_value_fs` and `add_quoting` (§6.2.3): `*` is ANY, `-` is NA, anything else becomes a
 * quoted value string. Unlike the tolerant pseudo-code, punctuation the grammar requires quoted is
 * refused rather than quoted silently, so a mistyped name is reported instead of guessed at.
 */
function unbindValueFs(raw: string, offset: number, attribute: CpeAttribute): VulnsResult<WfnValue> {
  if (raw === '*') return ok(ANY);
  if (raw === '-') return attribute === 'part' ? cpeFailure('NA (-) is not allowed: the part is a, o, h or *', { component: attribute, offset }) : ok(NA);
  if (raw === '') return cpeFailure('empty attribute (use * for ANY or - for NA)', { component: attribute, offset });
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    const where = { component: attribute, offset: offset + i };
    if (isAlphanumeric(c) || c === '_') {
      out += c;
    } else if (c === '-' || c === '.') {
      out += `\\${c}`;
    } else if (c === '\\') {
      const next = raw[i + 1] as string;
      if (!isQuotable(next)) return cpeFailure(`\\${next} is no valid escape: only punctuation is quoted`, where);
      out += `\\${next}`;
      i++;
    } else if (c === '*') {
      if (i !== 0 && i !== raw.length - 1) return cpeFailure('an unquoted * may only begin or end a value', where);
      out += c;
    } else if (c === '?') {
      if (!/^\?*$/.test(raw.slice(0, i)) && !/^\?*$/.test(raw.slice(i + 1))) return cpeFailure('an unquoted ? may only appear in a run at the beginning or the end of a value', where);
      out += c;
    } else if (isQuotable(c)) {
      return cpeFailure(`character ${showCharacter(c)} must be quoted as \\${c}`, where);
    } else {
      return cpeFailure(`illegal character ${showCharacter(c)}`, where);
    }
  }
  const value = wfnString(out);
  const problem = wfnValueProblem(attribute, value);
  return problem === undefined ? ok(value) : cpeFailure(problem, { component: attribute, offset });
}
