/**
 * The object types STIX 2.1 defines, by category, and the full property table of each (type-specific
 * plus common properties).
 */
import { SCO_COMMON, SCO_SPECS } from './cyber-observable-specs.js';
import { META_SPECS, SDO_COMMON, SDO_REQUIRED, SDO_SPECS, SRO_SPECS } from './domain-object-specs.js';
import { type ObjectSpec, table } from './property-type.js';

/** Category of a STIX object. */
export type ObjectCategory = 'sdo' | 'sro' | 'sco' | 'meta' | 'custom';

/** STIX Domain Object types. */
export const SDO_TYPES: ReadonlySet<string> = new Set(Object.keys(SDO_SPECS));
/** STIX Relationship Object types. */
export const SRO_TYPES: ReadonlySet<string> = new Set(Object.keys(SRO_SPECS));
/** STIX Cyber-observable Object types. */
export const SCO_TYPES: ReadonlySet<string> = new Set(Object.keys(SCO_SPECS));
/** Meta object types. */
export const META_TYPES: ReadonlySet<string> = new Set(Object.keys(META_SPECS));

/** Category of `type`; `custom` for any type the spec does not define. */
export function categoryOf(type: string): ObjectCategory {
  if (SDO_TYPES.has(type)) return 'sdo';
  if (SRO_TYPES.has(type)) return 'sro';
  if (SCO_TYPES.has(type)) return 'sco';
  if (META_TYPES.has(type)) return 'meta';
  return 'custom';
}

const cache = new Map<string, ObjectSpec>();

/** Complete property table of a defined type (common properties included), or undefined for custom types. */
export function objectSpecFor(type: string): ObjectSpec | undefined {
  const hit = cache.get(type);
  if (hit !== undefined) return hit;
  let out: ObjectSpec | undefined;
  const sdo = SDO_SPECS[type] ?? SRO_SPECS[type];
  const sco = SCO_SPECS[type];
  if (sdo !== undefined) out = { properties: table({ ...SDO_COMMON, ...sdo.properties }), required: [...SDO_REQUIRED, ...sdo.required] };
  else if (sco !== undefined) out = { properties: table({ ...SCO_COMMON, ...sco.properties }), required: ['type', 'id', ...sco.required] };
  else out = META_SPECS[type];
  if (out !== undefined) cache.set(type, out);
  return out;
}

/** True when `type` names a type in one of `types`, where `sdo`, `sro` and `sco` stand for whole categories. */
export function typeMatches(type: string, types: readonly string[]): boolean {
  for (const t of types) {
    if (t === type) return true;
    // A custom type may be a new SDO or SCO; whether it is cannot be told from the id alone.
    const category = type === 'bundle' ? 'meta' : categoryOf(type);
    if (t === 'sdo' && (category === 'sdo' || category === 'custom')) return true;
    if (t === 'sro' && category === 'sro') return true;
    if (t === 'sco' && (category === 'sco' || category === 'custom')) return true;
  }
  return false;
}
