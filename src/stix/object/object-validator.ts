/**
 * Validates one STIX object: its type, id and spec_version, required properties, the type of every
 * defined property, the naming of custom properties, its extensions, then the spec's semantic rules
 * and the best practices.
 */
import { checkBestPractices } from './best-practices.js';
import { checkValue } from './check-value.js';
import { SDO_COMMON } from './domain-object-specs.js';
import { checkExtensions, declaredExtensionTypes } from './extensions.js';
import { childPath } from './finding.js';
import { type FindingSink, isRecord, type ObjectContext } from './finding-sink.js';
import { parseIdentifier } from './identifier.js';
import { categoryOf, objectSpecFor } from './object-catalogue.js';
import { RESERVED_PROPERTIES, RESERVED_TYPES } from './reserved-names.js';
import { checkSemantics } from './semantic-rules.js';

const TYPE_RE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*-?$/;
// §3.1: a property name starts with a letter (the reference's schemas enforce it too).
const CUSTOM_PROPERTY_RE = /^[a-z][a-z0-9_]{2,249}$/;

/** Placeholder object id for findings about an object without a usable id. */
export function findingId(obj: unknown, fallback: string): string {
  return isRecord(obj) && typeof obj.id === 'string' ? obj.id : fallback;
}

/** Validates `obj` found at `path`; reports into `sink`. */
export function validateObject(sink: FindingSink, obj: unknown, path: string): void {
  const id = findingId(obj, path === '' ? 'input' : `(object at ${path})`);
  if (!isRecord(obj)) {
    sink.error(id, path, 'INPUT', 'a STIX object must be a JSON object');
    return;
  }
  const type = obj.type;
  if (typeof type !== 'string') {
    sink.error(id, childPath(path, 'type'), type === undefined ? 'REQUIRED' : 'TYPE', 'type must be present and a string');
    return;
  }
  if (!TYPE_RE.test(type) || type.length < 3 || type.length > 250) {
    sink.error(id, childPath(path, 'type'), 'TYPE', `type ${JSON.stringify(type)} must be 3-250 lowercase letters, digits and single hyphens, starting with a letter`);
  }
  if (type === 'bundle') {
    sink.error(id, childPath(path, 'type'), 'TYPE', 'a bundle cannot appear where a STIX object is expected');
    return;
  }
  if (RESERVED_TYPES.has(type)) sink.error(id, childPath(path, 'type'), 'RESERVED', `type ${type} is reserved`);
  const category = categoryOf(type);
  const scoLike = category === 'sco' || (category === 'custom' && declaredExtensionTypes(obj).has('new-sco'));
  const ctx: ObjectContext = { sink, id, path, obj, looseReferences: scoLike };
  checkIdentity(ctx, type, scoLike);
  checkProperties(ctx, type, scoLike);
  checkExtensions(ctx, type);
  checkSemantics(ctx, type);
  checkBestPractices(ctx, type, category);
}

function checkIdentity(ctx: ObjectContext, type: string, scoLike: boolean): void {
  const { obj, sink, id, path } = ctx;
  if (!('id' in obj)) sink.error(id, childPath(path, 'id'), 'REQUIRED', 'id is required');
  else {
    const parsed = parseIdentifier(obj.id);
    if (parsed === undefined) sink.error(id, childPath(path, 'id'), 'ID', `${JSON.stringify(obj.id)} is not a STIX identifier (<type>--<RFC 4122 UUID>)`);
    else if (parsed.type !== type) sink.error(id, childPath(path, 'id'), 'ID', `id prefix ${parsed.type} must equal the object type ${type}`);
  }
  if (!('spec_version' in obj)) {
    // SCOs may omit spec_version (§3.2); every other object must carry it.
    if (!scoLike) sink.error(id, childPath(path, 'spec_version'), 'REQUIRED', 'spec_version is required');
  } else if (obj.spec_version !== '2.1') {
    sink.error(id, childPath(path, 'spec_version'), 'SPEC_VERSION', `spec_version must be "2.1", not ${JSON.stringify(obj.spec_version)}`);
  }
}

function checkProperties(ctx: ObjectContext, type: string, scoLike: boolean): void {
  const { obj, sink, id, path } = ctx;
  const spec = objectSpecFor(type);
  const properties = spec?.properties ?? (scoLike ? {} : SDO_COMMON);
  const required = spec?.required ?? (scoLike ? ['type', 'id'] : ['type', 'id', 'spec_version', 'created', 'modified']);
  for (const r of required) {
    if (r !== 'id' && r !== 'spec_version' && !(r in obj)) sink.error(id, childPath(path, r), 'REQUIRED', `${type} requires property ${r}`);
  }
  for (const [name, value] of Object.entries(obj)) {
    const at = childPath(path, name);
    const t = properties[name];
    if (name === 'type' || name === 'id' || name === 'spec_version') continue;
    if (t !== undefined) {
      checkValue(ctx, value, t, at);
      continue;
    }
    checkCustomProperty(ctx, name, value, at);
  }
}

/** A custom property: a valid name, not a reserved one, and not an empty list (§11.1). */
export function checkCustomProperty(ctx: ObjectContext, name: string, value: unknown, at: string): void {
  if (!CUSTOM_PROPERTY_RE.test(name)) {
    ctx.sink.error(ctx.id, at, 'PROPERTY_NAME', `custom property name ${JSON.stringify(name)} must be a letter then 2-249 of [a-z0-9_]`);
  }
  if (RESERVED_PROPERTIES.has(name)) ctx.sink.error(ctx.id, at, 'RESERVED', `property name ${name} is reserved by the specification`);
  if (Array.isArray(value) && value.length === 0) ctx.sink.error(ctx.id, at, 'VALUE', 'a list must not be empty');
  // §2.1, §2.5: a custom property named *_bin holds base64 binary, one named *_hex holds hex.
  if (name.endsWith('_bin')) checkValue(ctx, value, 'binary', at);
  if (name.endsWith('_hex')) checkValue(ctx, value, 'hex', at);
}
