/**
 * The `extensions` property (§7.3 and §6): keys are either an `extension-definition--<UUID>` id,
 * whose value declares its `extension_type`, or the name of a predefined SCO extension, whose
 * value follows that extension's property table.
 */
import { checkValue } from './check-value.js';
import { SCO_EXTENSION_SPECS, SCO_EXTENSIONS_BY_TYPE } from './cyber-observable-specs.js';
import { childPath } from './finding.js';
import { isRecord, type ObjectContext } from './finding-sink.js';
import { parseIdentifier } from './identifier.js';
import { ENUMERATIONS } from './vocabularies.js';

const EXT_NAME_RE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*-ext$/;

/** Kinds of extension an object declares, e.g. `toplevel-property-extension`. */
export function declaredExtensionTypes(obj: Readonly<Record<string, unknown>>): Set<string> {
  const out = new Set<string>();
  const ext = obj.extensions;
  if (!isRecord(ext)) return out;
  for (const [k, v] of Object.entries(ext)) {
    if (k.startsWith('extension-definition--') && isRecord(v) && typeof v.extension_type === 'string') out.add(v.extension_type);
  }
  return out;
}

/** True when `name` is a predefined extension of SCO type `type`. */
export function isPredefinedExtension(type: string, name: string): boolean {
  return SCO_EXTENSIONS_BY_TYPE[type]?.includes(name) ?? false;
}

/** Checks the `extensions` dictionary of an object of type `type`. */
export function checkExtensions(ctx: ObjectContext, type: string): void {
  const ext = ctx.obj.extensions;
  if (ext === undefined) return;
  const path = childPath(ctx.path, 'extensions');
  const { sink, id } = ctx;
  if (!isRecord(ext)) {
    sink.error(id, path, 'EXTENSION', 'extensions must be a dictionary');
    return;
  }
  if (Object.keys(ext).length === 0) sink.error(id, path, 'EXTENSION', 'extensions must not be empty');
  for (const [key, value] of Object.entries(ext)) {
    const at = childPath(path, key);
    if (!isRecord(value)) {
      sink.error(id, at, 'EXTENSION', `extension ${key} must be an object`);
      continue;
    }
    if (key.startsWith('extension-definition--')) {
      if (parseIdentifier(key) === undefined) sink.error(id, at, 'EXTENSION', `${key} is not a valid extension-definition id`);
      const kind = value.extension_type;
      if (kind !== undefined && (typeof kind !== 'string' || !(ENUMERATIONS['extension-type'] as readonly string[]).includes(kind))) {
        sink.error(id, childPath(at, 'extension_type'), 'EXTENSION', `extension_type must be one of ${ENUMERATIONS['extension-type'].join(', ')}`);
      }
      if (kind === 'toplevel-property-extension' && Object.keys(value).length > 1) {
        sink.error(id, at, 'EXTENSION', 'a toplevel-property-extension carries its properties at the top level of the object, not inside the extension');
      }
      continue;
    }
    if (!EXT_NAME_RE.test(key)) {
      sink.error(id, at, 'EXTENSION', `extension name ${JSON.stringify(key)} is neither an extension-definition id nor a name ending in -ext`);
      continue;
    }
    const spec = isPredefinedExtension(type, key) ? SCO_EXTENSION_SPECS[key] : undefined;
    if (spec === undefined) continue;
    for (const r of spec.required) {
      if (!(r in value)) sink.error(id, childPath(at, r), 'REQUIRED', `${key} requires property ${r}`);
    }
    for (const [k, v] of Object.entries(value)) {
      const t = spec.properties[k];
      if (t !== undefined) checkValue(ctx, v, t, childPath(at, k));
    }
  }
}
