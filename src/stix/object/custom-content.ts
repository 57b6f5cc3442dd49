/**
 * Best practices for custom content (§11): custom types, properties and extensions SHOULD be
 * declared through extension definitions (`extensions-use`), and names SHOULD carry the `x-`/`x_`
 * prefix with a source identifier (`custom-prefix`, or `custom-prefix-lax` for a bare prefix). As
 * in the reference validator, the prefix rules for domain objects apply only when the extension
 * rule is switched off, while those for observables always apply. `strictTypes` and
 * `strictProperties` refuse custom content outright.
 */
import { SCO_EXTENSION_SPECS } from './cyber-observable-specs.js';
import { declaredExtensionTypes, isPredefinedExtension } from './extensions.js';
import { childPath } from './finding.js';
import { isRecord, type ObjectContext } from './finding-sink.js';
import { patternComparisons } from './indicator-rules.js';
import { type ObjectCategory, objectSpecFor, SCO_TYPES } from './object-catalogue.js';
import type { ObjectSpec, PropertyType } from './property-type.js';
import { RESERVED_PROPERTIES } from './reserved-names.js';
import { STRUCTURE_SPECS } from './structure-specs.js';

const TYPE_STRICT = /^x-.+-.+$/;
const TYPE_LAX = /^x-.+$/;
const PROPERTY_STRICT = /^x_.+_.+$/;
const PROPERTY_LAX = /^x_.+$/;
const EXTENSION_STRICT = /^x-.+-.+-ext$/;
const EXTENSION_LAX = /^x-.+-ext$/;

/** A custom property found in an object. */
interface CustomProperty {
  readonly name: string;
  readonly path: string;
  /** Top-level properties may be covered by a toplevel-property-extension; others never are. */
  readonly topLevel: boolean;
}

function structOf(t: PropertyType | undefined): ObjectSpec | undefined {
  if (t === undefined || typeof t === 'string') return undefined;
  if (t.kind === 'struct') return STRUCTURE_SPECS[t.name];
  if (t.kind === 'list') return structOf(t.of);
  return undefined;
}

function collectEmbedded(spec: ObjectSpec, value: Record<string, unknown>, path: string, out: CustomProperty[]): void {
  for (const [k, v] of Object.entries(value)) {
    const inner = structOf(spec.properties[k]);
    if (inner === undefined) continue;
    const items = Array.isArray(v) ? v.map((x, i) => [x, childPath(childPath(path, k), i)] as const) : [[v, childPath(path, k)] as const];
    for (const [item, at] of items) {
      if (!isRecord(item)) continue;
      for (const name of Object.keys(item)) if (!(name in inner.properties)) out.push({ name, path: childPath(at, name), topLevel: false });
      collectEmbedded(inner, item, at, out);
    }
  }
}

/** Custom properties of an SCO: top level, in embedded structures and in predefined extensions. */
function observableCustomProperties(type: string, obj: Record<string, unknown>, path: string): CustomProperty[] {
  const spec = objectSpecFor(type);
  const out: CustomProperty[] = [];
  if (spec === undefined) return out;
  for (const name of Object.keys(obj)) {
    if (!(name in spec.properties) && !RESERVED_PROPERTIES.has(name)) out.push({ name, path: childPath(path, name), topLevel: true });
  }
  collectEmbedded(spec, obj, path, out);
  if (!isRecord(obj.extensions)) return out;
  for (const [key, ext] of Object.entries(obj.extensions)) {
    const extSpec = isPredefinedExtension(type, key) ? SCO_EXTENSION_SPECS[key] : undefined;
    if (extSpec === undefined || !isRecord(ext)) continue;
    const at = childPath(childPath(path, 'extensions'), key);
    for (const name of Object.keys(ext)) if (!(name in extSpec.properties)) out.push({ name, path: childPath(at, name), topLevel: false });
    collectEmbedded(extSpec, ext, at, out);
  }
  return out;
}

/** Applies the custom-content best practices to an object of `type` in `category`. */
export function checkCustomContent(ctx: ObjectContext, type: string, category: ObjectCategory): void {
  if (category === 'sco') checkObservableCustomContent(ctx, type, ctx.obj, ctx.path);
  else checkDomainCustomContent(ctx, type, category);
  if (isRecord(ctx.obj.objects) && type === 'observed-data') {
    for (const [key, embedded] of Object.entries(ctx.obj.objects)) {
      if (!isRecord(embedded) || typeof embedded.type !== 'string') continue;
      const at = childPath(childPath(ctx.path, 'objects'), key);
      if (!SCO_TYPES.has(embedded.type)) checkCustomTypeName(ctx, embedded.type, childPath(at, 'type'), false);
      else checkObservableCustomContent(ctx, embedded.type, embedded, at);
    }
  }
  if (type === 'indicator') checkPatternNames(ctx);
}

function prefixChecks(ctx: ObjectContext, name: string, at: string, strict: RegExp, lax: RegExp, what: string): void {
  if (!strict.test(name)) ctx.sink.warn(ctx.id, at, 'custom-prefix', `${what} ${JSON.stringify(name)} should start with x- (or x_) followed by a source identifier and a separator`);
  if (!lax.test(name)) ctx.sink.warn(ctx.id, at, 'custom-prefix-lax', `${what} ${JSON.stringify(name)} should start with x- (or x_)`);
}

function checkCustomTypeName(ctx: ObjectContext, type: string, at: string, domain: boolean): void {
  if (ctx.sink.options.strictTypes) ctx.sink.advise(ctx.id, at, 'CUSTOM', `type ${type} is not defined by the specification`);
  if (!domain || !ctx.sink.options.runs('extensions-use')) prefixChecks(ctx, type, at, TYPE_STRICT, TYPE_LAX, 'custom object type');
}

function checkDomainCustomContent(ctx: ObjectContext, type: string, category: ObjectCategory): void {
  const { obj, sink, id, path } = ctx;
  const declared = declaredExtensionTypes(obj);
  if (category === 'custom') {
    checkCustomTypeName(ctx, type, childPath(path, 'type'), true);
    if (!declared.has('new-sdo') && !declared.has('new-sco') && !declared.has('new-sro')) {
      sink.warn(id, childPath(path, 'type'), 'extensions-use', `custom object type ${type} should be defined by an extension-definition (new-sdo, new-sco or new-sro)`);
    }
    return;
  }
  const spec = objectSpecFor(type);
  if (spec === undefined) return;
  const prefixRuns = !sink.options.runs('extensions-use');
  for (const name of Object.keys(obj)) {
    if (name in spec.properties || RESERVED_PROPERTIES.has(name)) continue;
    const at = childPath(path, name);
    if (sink.options.strictProperties) sink.advise(id, at, 'CUSTOM', `property ${name} is not defined by the specification for ${type}`);
    if (!declared.has('toplevel-property-extension')) sink.warn(id, at, 'extensions-use', `custom property ${name} should be declared by a toplevel-property-extension`);
    if (prefixRuns) prefixChecks(ctx, name, at, PROPERTY_STRICT, PROPERTY_LAX, 'custom property');
  }
}

function checkObservableCustomContent(ctx: ObjectContext, type: string, obj: Record<string, unknown>, path: string): void {
  const { sink, id } = ctx;
  const declared = declaredExtensionTypes(obj);
  for (const p of observableCustomProperties(type, obj, path)) {
    if (sink.options.strictProperties) sink.advise(id, p.path, 'CUSTOM', `property ${p.name} is not defined by the specification for ${type}`);
    if (!p.topLevel || !declared.has('toplevel-property-extension')) sink.warn(id, p.path, 'extensions-use', `custom property ${p.name} should be declared by an extension definition`);
    prefixChecks(ctx, p.name, p.path, PROPERTY_STRICT, PROPERTY_LAX, 'custom observable property');
  }
  if (!isRecord(obj.extensions)) return;
  for (const key of Object.keys(obj.extensions)) {
    if (key.startsWith('extension-definition--') || isPredefinedExtension(type, key)) continue;
    const at = childPath(childPath(path, 'extensions'), key);
    sink.warn(id, at, 'extensions-use', `custom extension ${key} should be an extension-definition`);
    prefixChecks(ctx, key, at, EXTENSION_STRICT, EXTENSION_LAX, 'custom extension');
  }
}

function checkPatternNames(ctx: ObjectContext): void {
  const comparisons = patternComparisons(ctx.obj);
  if (comparisons === undefined) return;
  const { sink, id } = ctx;
  const at = childPath(ctx.path, 'pattern');
  const prefixRuns = !sink.options.runs('extensions-use');
  for (const c of comparisons) {
    if (!SCO_TYPES.has(c.objectType)) {
      if (sink.options.strictTypes) sink.advise(id, at, 'CUSTOM', `pattern object type ${c.objectType} is not defined by the specification`);
      if (prefixRuns) prefixChecks(ctx, c.objectType, at, TYPE_STRICT, TYPE_LAX, 'custom pattern object type');
      continue;
    }
    const first = c.path[0];
    const spec = objectSpecFor(c.objectType);
    if (typeof first !== 'string' || spec === undefined || first in spec.properties) continue;
    if (sink.options.strictProperties) sink.advise(id, at, 'CUSTOM', `pattern property ${first} is not defined for ${c.objectType}`);
    if (prefixRuns) prefixChecks(ctx, first, at, PROPERTY_STRICT, PROPERTY_LAX, 'custom pattern property');
  }
}
