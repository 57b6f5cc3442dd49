/**
 * Removes references the recipient may not follow: every `*_ref` and `*_refs` property at any depth
 * (relationship `source_ref`/`target_ref`, `sighting_of_ref`, `observed_data_refs`,
 * `where_sighted_refs`, `object_refs`, `created_by_ref`, refs inside extensions and nested lists).
 *
 * Security invariant (enforced here): the copy returned contains no reference for which `visible` is
 * false. An optional reference that is not visible is dropped; a required one withholds the object; a
 * reference list left empty is dropped, or withholds the object when the list is required; a marking
 * reference that is not visible withholds the object rather than lose its marking.
 */
import { requiredProperties } from './required-properties.js';
import { isJsonObject, type StixObject } from './stix-object.js';

/** The object with invisible references removed, or `undefined` when it has to be withheld. */
export type FilteredRefs = StixObject | undefined;

const MARKING_PREFIX = 'marking-definition--';
const WITHHOLD = Symbol('withhold');

function filterValue(value: unknown, visible: (ref: string) => boolean, required: readonly string[] | undefined): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const v of value) {
      const r = filterValue(v, visible, undefined);
      if (r === WITHHOLD) return WITHHOLD;
      out.push(r);
    }
    return out;
  }
  if (!isJsonObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const isRequired = required?.includes(key) === true;
    if (key.endsWith('_ref') && typeof v === 'string') {
      if (visible(v)) out[key] = v;
      else if (isRequired || v.startsWith(MARKING_PREFIX)) return WITHHOLD;
      continue;
    }
    if (key.endsWith('_refs') && Array.isArray(v)) {
      // Anything but a visible id string in a reference list is dropped: it cannot be checked.
      if (v.some((r) => typeof r === 'string' && r.startsWith(MARKING_PREFIX) && !visible(r))) return WITHHOLD;
      const kept = v.filter((r): r is string => typeof r === 'string' && visible(r));
      if (kept.length > 0 || v.length === 0) out[key] = kept;
      else if (isRequired) return WITHHOLD;
      continue;
    }
    const r = filterValue(v, visible, undefined);
    if (r === WITHHOLD) return WITHHOLD;
    out[key] = r;
  }
  return out;
}

/**
 * A copy of `object` keeping only references for which `visible` holds, or `undefined` when a
 * required reference (or a whole required reference list) would go.
 *
 * @example
 * ```ts
 * filterRefs(report, (id) => id !== secretIndicatorId); // report without secretIndicatorId in object_refs
 * filterRefs(relationship, (id) => id !== relationship.target_ref); // undefined
 * ```
 */
export function filterRefs(object: StixObject, visible: (ref: string) => boolean): FilteredRefs {
  const r = filterValue(object, visible, requiredProperties(object.type));
  return r === WITHHOLD ? undefined : (r as StixObject);
}

/** Every marking-definition id an object mentions in any `*_ref`/`*_refs` property, at any depth. */
export function markingRefsIn(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const v of value) markingRefsIn(v, into);
  else if (isJsonObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      if (key.endsWith('_ref') && typeof v === 'string') {
        if (v.startsWith(MARKING_PREFIX)) into.add(v);
      } else if (key.endsWith('_refs') && Array.isArray(v)) {
        for (const r of v) if (typeof r === 'string' && r.startsWith(MARKING_PREFIX)) into.add(r);
      } else markingRefsIn(v, into);
    }
  }
  return into;
}
