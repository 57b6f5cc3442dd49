/**
 * Entry point of the best-practice (SHOULD) checks, each under the check name the reference
 * validator uses, plus the interoperability rules when `interop` is on.
 */
import { COUNTRY_CODES } from './code-lists.js';
import { checkCustomContent } from './custom-content.js';
import { deterministicId } from './deterministic-id.js';
import { childPath } from './finding.js';
import { isRecord, type ObjectContext } from './finding-sink.js';
import { identifierType, parseIdentifier } from './identifier.js';
import { type ObjectCategory, SCO_TYPES } from './object-catalogue.js';
import { checkObservablePractices } from './observable-practices.js';
import { COMMON_RELATIONSHIPS, SUGGESTED_RELATIONSHIPS } from './relationship-vocabulary.js';
import { checkHashNames, checkVocabularyPractices } from './vocabulary-checks.js';

/** Applies every best-practice check that concerns an object of `type`. */
export function checkBestPractices(ctx: ObjectContext, type: string, category: ObjectCategory): void {
  checkUuidVersion(ctx, type, category);
  checkCustomContent(ctx, type, category);
  checkVocabularyPractices(ctx, type);
  if (category === 'sco') checkObservablePractices(ctx, type, ctx.obj, ctx.path);
  checkTypePractices(ctx, type);
  checkExternalReferenceHashes(ctx);
  if (ctx.sink.options.interop) checkInterop(ctx, category);
}

/** SDOs, SROs, meta objects and bundles use UUIDv4; SCOs (except process) use UUIDv5 (§2.9). */
export function checkUuidVersion(ctx: ObjectContext, type: string, category: ObjectCategory): void {
  const parsed = parseIdentifier(ctx.obj.id);
  if (parsed === undefined) return;
  const wanted = category === 'sco' && type !== 'process' ? 5 : 4;
  if (parsed.version !== wanted) ctx.sink.warn(ctx.id, childPath(ctx.path, 'id'), 'uuid-check', `${ctx.id} should use a UUIDv${wanted}`);
  if (!ctx.sink.options.deterministicIds || category !== 'sco' || parsed.version !== 5) return;
  const derived = deterministicId(ctx.obj);
  if (derived !== undefined && derived !== ctx.obj.id) {
    ctx.sink.advise(ctx.id, childPath(ctx.path, 'id'), 'DETERMINISTIC_ID', `the id derived from the ID-contributing properties is ${derived}`);
  }
}

function checkTypePractices(ctx: ObjectContext, type: string): void {
  const { obj, sink, id, path } = ctx;
  switch (type) {
    case 'indicator':
      if (!('name' in obj) || !('description' in obj)) sink.warn(id, path, 'indicator-properties', 'an indicator should have both name and description');
      return;
    case 'observed-data':
      if ('objects' in obj) {
        sink.warn(id, childPath(path, 'objects'), 'deprecated-properties', 'objects is deprecated in STIX 2.1; use object_refs');
        checkEmbeddedObservables(ctx);
      }
      return;
    case 'marking-definition':
      if ('definition_type' in obj && obj.definition_type !== 'statement' && obj.definition_type !== 'tlp') {
        sink.warn(id, childPath(path, 'definition_type'), 'marking-definition-type', 'definition_type should be statement or tlp');
      }
      return;
    case 'relationship':
      return checkRelationshipType(ctx);
    case 'malware-analysis':
      if (typeof obj.product === 'string' && !/^[a-z0-9-]+$/.test(obj.product))
        sink.warn(id, childPath(path, 'product'), 'malware-analysis-product', 'product should be lowercase words separated by hyphens');
      return;
    case 'location':
      if (typeof obj.country === 'string' && !COUNTRY_CODES.has(obj.country.toUpperCase())) sink.warn(id, childPath(path, 'country'), 'countries', `${obj.country} is not an ISO 3166-1 alpha-2 code`);
      return;
    case 'extension-definition':
      if (!('description' in obj)) sink.warn(id, path, 'extension-description', 'an extension definition should have a description');
      if (Array.isArray(obj.extension_types) && obj.extension_types.includes('toplevel-property-extension') && !('extension_properties' in obj)) {
        sink.warn(id, path, 'extension-properties', 'a toplevel-property-extension should list its extension_properties');
      }
      return;
  }
}

function checkEmbeddedObservables(ctx: ObjectContext): void {
  if (!isRecord(ctx.obj.objects)) return;
  for (const [key, o] of Object.entries(ctx.obj.objects)) {
    const at = childPath(childPath(ctx.path, 'objects'), key);
    if (!/^\d+$/.test(key)) ctx.sink.warn(ctx.id, at, 'observable-object-keys', `observable object key ${JSON.stringify(key)} should be a non-negative integer`);
    if (!isRecord(o) || typeof o.type !== 'string' || !SCO_TYPES.has(o.type)) continue;
    checkHashNames(ctx, o.type, o, at);
    checkObservablePractices(ctx, o.type, o, at);
  }
}

function checkRelationshipType(ctx: ObjectContext): void {
  const { obj, sink, id, path } = ctx;
  const rtype = obj.relationship_type;
  const source = identifierType(obj.source_ref);
  const target = identifierType(obj.target_ref);
  if (typeof rtype !== 'string' || source === undefined || target === undefined) return;
  if (COMMON_RELATIONSHIPS.has(rtype)) return;
  // Relationships to or from observables and custom objects are not in the summary table.
  const bySource = SUGGESTED_RELATIONSHIPS[source];
  if (bySource === undefined || SCO_TYPES.has(target)) return;
  const targets = bySource[rtype];
  const at = childPath(path, 'relationship_type');
  if (targets === undefined) sink.warn(id, at, 'relationship-types', `${rtype} is not a suggested relationship type for ${source}`);
  else if (!targets.includes(target)) sink.warn(id, at, 'relationship-types', `${target} is not a suggested target of ${source} ${rtype}`);
}

function checkExternalReferenceHashes(ctx: ObjectContext): void {
  const refs = ctx.obj.external_references;
  if (!Array.isArray(refs)) return;
  refs.forEach((r, i) => {
    if (isRecord(r) && 'url' in r && !('hashes' in r)) {
      ctx.sink.warn(ctx.id, childPath(childPath(ctx.path, 'external_references'), i), 'extref-hashes', 'an external reference with a url should carry hashes of the content');
    }
  });
}

/** STIX 2.1 interoperability (§12): SDOs and SROs name their creator; markings are not repeated. */
function checkInterop(ctx: ObjectContext, category: ObjectCategory): void {
  const { obj, sink, id, path } = ctx;
  if ((category === 'sdo' || category === 'sro') && !('created_by_ref' in obj)) sink.error(id, childPath(path, 'created_by_ref'), 'INTEROP', 'interoperability requires created_by_ref');
  if (Array.isArray(obj.object_marking_refs) && new Set(obj.object_marking_refs).size !== obj.object_marking_refs.length) {
    sink.error(id, childPath(path, 'object_marking_refs'), 'INTEROP', 'object_marking_refs must not repeat a marking');
  }
}
