/**
 * Validates a STIX 2.1 document — one object, a list of objects, or a bundle — given as parsed JSON
 * or as JSON text. Never throws: anything wrong, including unparseable or oversized input, becomes
 * a finding.
 */
import { checkUuidVersion } from './best-practices.js';
import { resolveOptions } from './check-selection.js';
import type { ValidationResult } from './finding.js';
import { childPath } from './finding.js';
import { FindingSink, isRecord } from './finding-sink.js';
import { checkBounds } from './input-bounds.js';
import { validateObject } from './object-validator.js';
import type { ValidationOptions } from './validation-options.js';

const BUNDLE_PROPERTIES = new Set(['type', 'id', 'objects']);

/**
 * Validates STIX 2.1 content and returns every finding.
 *
 * @example
 * ```ts
 * const result = validateStix({ type: 'bundle', id: 'bundle--44af6c39-c09b-49c5-9de2-394224b04982', objects: [] });
 * result.valid; // false: a bundle's objects must not be empty
 * formatFindings(result); // "bundle /objects: objects must not be an empty list"
 * ```
 */
export function validateStix(input: unknown, options?: ValidationOptions): ValidationResult {
  const sink = new FindingSink(resolveOptions(options));
  try {
    validateDocument(sink, input);
  } catch (e) {
    // A rule that trips over an input shape it did not foresee must not take the caller down.
    sink.error('input', '', 'INPUT', `validation stopped: ${e instanceof Error ? e.message : String(e)}`);
  }
  return { valid: sink.errors.length === 0, errors: sink.errors, warnings: sink.warnings };
}

function validateDocument(sink: FindingSink, input: unknown): void {
  let doc = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input) as unknown;
    } catch (e) {
      sink.error('input', '', 'INPUT', `not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
  }
  const bounds = checkBounds(doc, sink.options.maxDepth, sink.options.maxNodes);
  if (bounds !== undefined) {
    const limit = bounds.kind === 'depth' ? `nesting deeper than ${sink.options.maxDepth}` : `more than ${sink.options.maxNodes} JSON values`;
    sink.error('input', bounds.path, 'LIMIT', `input refused: ${limit}`);
    return;
  }
  if (Array.isArray(doc)) {
    if (doc.length === 0) sink.error('input', '', 'INPUT', 'an empty list holds no STIX object');
    doc.forEach((o, i) => {
      validateObject(sink, o, `/${i}`);
    });
    return;
  }
  if (isRecord(doc) && doc.type === 'bundle') validateBundle(sink, doc);
  else validateObject(sink, doc, '');
}

function validateBundle(sink: FindingSink, bundle: Record<string, unknown>): void {
  const id = 'bundle';
  if (bundle.spec_version === '2.0') {
    // A 2.0 bundle declares its version; its objects follow 2.0 rules, which this module does not implement.
    sink.error(id, '/spec_version', 'SPEC_VERSION', 'this is STIX 2.0 content; only STIX 2.1 is validated');
    return;
  }
  if (!/^bundle--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/.test(String(bundle.id))) {
    sink.error(id, '/id', 'ID', 'a bundle requires an id of the form bundle--<RFC 4122 UUID>');
  } else checkUuidVersion({ sink, id, path: '', obj: bundle }, 'bundle', 'meta');
  for (const k of Object.keys(bundle)) {
    // STIX 2.1 bundles carry no spec_version, timestamps or other properties (§8).
    if (!BUNDLE_PROPERTIES.has(k)) sink.error(id, childPath('', k), 'PROPERTY_NAME', `a bundle has no property ${k}`);
  }
  if (!('objects' in bundle)) return;
  const objects = bundle.objects;
  if (!Array.isArray(objects)) {
    sink.error(id, '/objects', 'VALUE', 'objects must be a list');
    return;
  }
  if (objects.length === 0) sink.error(id, '/objects', 'VALUE', 'objects must not be an empty list');
  objects.forEach((o, i) => {
    validateObject(sink, o, `/objects/${i}`);
  });
  checkDuplicateVersions(sink, objects);
  if (sink.options.enforceRefs) checkReferencesResolve(sink, objects);
}

/** Two objects with one id SHOULD differ in `modified` (they are versions of one object). */
function checkDuplicateVersions(sink: FindingSink, objects: readonly unknown[]): void {
  const seen = new Map<string, Set<unknown>>();
  objects.forEach((o, i) => {
    if (!isRecord(o) || typeof o.id !== 'string' || !('modified' in o)) return;
    const versions = seen.get(o.id) ?? new Set();
    if (versions.has(o.modified)) sink.warn(o.id, `/objects/${i}/modified`, 'duplicate-ids', `${o.id} appears twice with the same modified timestamp`);
    versions.add(o.modified);
    seen.set(o.id, versions);
  });
}

/** With `enforceRefs`, relationship and sighting references must name objects of the bundle. */
function checkReferencesResolve(sink: FindingSink, objects: readonly unknown[]): void {
  const ids = new Set(objects.filter(isRecord).map((o) => o.id));
  objects.forEach((o, i) => {
    if (!isRecord(o) || (o.type !== 'relationship' && o.type !== 'sighting')) return;
    for (const prop of ['source_ref', 'target_ref', 'sighting_of_ref', 'observed_data_refs', 'where_sighted_refs']) {
      const v = o[prop];
      for (const ref of Array.isArray(v) ? v : v === undefined ? [] : [v]) {
        if (!ids.has(ref)) sink.advise(String(o.id), `/objects/${i}/${prop}`, 'REFERENCE', `${String(ref)} is not in this bundle`);
      }
    }
  });
}
