/**
 * Observed data (§4.13): exactly one of `object_refs` and the deprecated `objects`. The SCOs embedded
 * in `objects` are checked like top-level SCOs, except that they have no id and refer to each other
 * by their dictionary keys.
 */
import { checkValue } from './check-value.js';
import { SCO_COMMON } from './cyber-observable-specs.js';
import { checkExtensions } from './extensions.js';
import { childPath } from './finding.js';
import { isRecord, type ObjectContext } from './finding-sink.js';
import { objectSpecFor, SCO_TYPES } from './object-catalogue.js';
import { checkObservableRules } from './observable-rules.js';
import type { PropertyType } from './property-type.js';

function isReference(t: PropertyType): boolean {
  return t === 'identifier' || (typeof t === 'object' && (t.kind === 'ref' || (t.kind === 'list' && isReference(t.of))));
}

/** Checks observed-data's object_refs/objects rule and the embedded SCOs. */
export function checkObservedData(ctx: ObjectContext): void {
  const { obj, sink, id, path } = ctx;
  const hasObjects = 'objects' in obj;
  if (hasObjects === 'object_refs' in obj) {
    sink.error(id, path, 'REQUIRED', 'observed-data requires exactly one of object_refs and objects');
  }
  if (!isRecord(obj.objects)) return;
  const keys = new Set(Object.keys(obj.objects));
  for (const [key, embedded] of Object.entries(obj.objects)) {
    const at = childPath(childPath(path, 'objects'), key);
    if (!isRecord(embedded) || typeof embedded.type !== 'string') {
      sink.error(id, at, 'OBSERVABLE', 'an embedded observable must be an object with a type');
      continue;
    }
    const type = embedded.type;
    const inner: ObjectContext = { sink, id, path: at, obj: embedded };
    const spec = SCO_TYPES.has(type) ? objectSpecFor(type) : undefined;
    const properties = spec?.properties ?? SCO_COMMON;
    for (const r of spec?.required ?? []) {
      if (r !== 'id' && !(r in embedded)) sink.error(id, childPath(at, r), 'REQUIRED', `${type} requires property ${r}`);
    }
    for (const [name, value] of Object.entries(embedded)) {
      const t = properties[name];
      if (t === undefined || name === 'type') continue;
      if (isReference(t)) checkEmbeddedRefs(ctx, value, keys, childPath(at, name));
      else checkValue(inner, value, t, childPath(at, name));
    }
    checkExtensions(inner, type);
    checkObservableRules(inner, type);
  }
}

function checkEmbeddedRefs(ctx: ObjectContext, value: unknown, keys: ReadonlySet<string>, at: string): void {
  const refs = Array.isArray(value) ? value : [value];
  refs.forEach((r, i) => {
    if (typeof r !== 'string' || !keys.has(r)) {
      ctx.sink.error(ctx.id, Array.isArray(value) ? childPath(at, i) : at, 'REFERENCE', `${JSON.stringify(r)} does not name another object of this observed-data`);
    }
  });
}
