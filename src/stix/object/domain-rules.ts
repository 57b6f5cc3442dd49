/**
 * Semantic MUST rules of the SDOs, SROs and meta objects that a property table cannot express:
 * time ordering (§4), required alternatives (location, malware, malware-analysis), relationship
 * endpoints (§5.1), marking definitions (§7.2.1) and language content (§7.1).
 */
import { checkOrder } from './common-rules.js';
import { childPath } from './finding.js';
import { isRecord, type ObjectContext } from './finding-sink.js';
import { identifierType } from './identifier.js';
import { isLanguageTag } from './language-tag.js';
import { checkIndicatorPattern } from './indicator-rules.js';
import { checkObservedData } from './observed-data-rules.js';
import { ENUMERATIONS } from './vocabularies.js';

/** Types that can be neither end of a relationship (§5.1.3: they are not SDOs or SCOs). */
const NOT_RELATABLE = new Set(['relationship', 'sighting', 'bundle', 'marking-definition', 'language-content', 'extension-definition']);

const SEEN_TYPES = new Set(['campaign', 'intrusion-set', 'threat-actor', 'infrastructure', 'malware']);

/** Dispatches the rules of `type`. */
export function checkDomainRules(ctx: ObjectContext, type: string): void {
  if (SEEN_TYPES.has(type)) checkOrder(ctx, 'first_seen', 'last_seen');
  // A sighting's last_seen must be strictly later (§5.2, as the reference validator reads it).
  if (type === 'sighting') checkOrder(ctx, 'first_seen', 'last_seen', true);
  switch (type) {
    case 'indicator':
      checkOrder(ctx, 'valid_from', 'valid_until', true);
      checkIndicatorPattern(ctx);
      return;
    case 'observed-data':
      checkOrder(ctx, 'first_observed', 'last_observed');
      checkObservedData(ctx);
      return;
    case 'relationship':
      checkOrder(ctx, 'start_time', 'stop_time', true);
      for (const end of ['source_ref', 'target_ref']) {
        const t = identifierType(ctx.obj[end]);
        if (t !== undefined && NOT_RELATABLE.has(t)) ctx.sink.error(ctx.id, childPath(ctx.path, end), 'REFERENCE', `${end} cannot refer to a ${t}`);
      }
      return;
    case 'location':
      return checkLocation(ctx);
    case 'malware':
      if (ctx.obj.is_family === true && !('name' in ctx.obj)) ctx.sink.error(ctx.id, childPath(ctx.path, 'name'), 'REQUIRED', 'a malware family requires a name');
      return;
    case 'malware-analysis':
      if (!('result' in ctx.obj) && !('analysis_sco_refs' in ctx.obj)) {
        ctx.sink.error(ctx.id, ctx.path, 'REQUIRED', 'malware-analysis requires result or analysis_sco_refs');
      }
      return;
    case 'marking-definition':
      return checkMarkingDefinition(ctx);
    case 'language-content':
      return checkLanguageContent(ctx);
    case 'extension-definition':
      if ('extension_properties' in ctx.obj && !(Array.isArray(ctx.obj.extension_types) && ctx.obj.extension_types.includes('toplevel-property-extension'))) {
        ctx.sink.error(ctx.id, childPath(ctx.path, 'extension_properties'), 'EXTENSION', 'extension_properties is only for a toplevel-property-extension');
      }
      return;
  }
}

function checkLocation(ctx: ObjectContext): void {
  const { obj, sink, id, path } = ctx;
  const hasLat = 'latitude' in obj;
  const hasLong = 'longitude' in obj;
  if (!('region' in obj) && !('country' in obj) && !(hasLat && hasLong)) {
    sink.error(id, path, 'REQUIRED', 'a location requires region, country, or latitude and longitude');
  }
  if (hasLat !== hasLong) sink.error(id, path, 'REQUIRED', 'latitude and longitude must be given together');
  if ('precision' in obj && !(hasLat && hasLong)) sink.error(id, childPath(path, 'precision'), 'REQUIRED', 'precision requires latitude and longitude');
}

function checkMarkingDefinition(ctx: ObjectContext): void {
  const { obj, sink, id, path } = ctx;
  const hasType = 'definition_type' in obj;
  const hasDefinition = 'definition' in obj;
  if (!('extensions' in obj) && (!hasType || !hasDefinition)) {
    sink.error(id, path, 'REQUIRED', 'a marking definition without extensions requires definition_type and definition');
  }
  if (hasType !== hasDefinition) sink.error(id, path, 'REQUIRED', 'definition_type and definition must be given together');
  const def = obj.definition;
  if (!isRecord(def)) return;
  const at = childPath(path, 'definition');
  if (obj.definition_type === 'tlp') {
    const keys = Object.keys(def);
    if (keys.length !== 1 || !(ENUMERATIONS['tlp-level'] as readonly string[]).includes(def.tlp as string)) {
      sink.error(id, at, 'MARKING', 'a TLP definition is exactly { "tlp": "white" | "green" | "amber" | "red" }');
    }
  } else if (obj.definition_type === 'statement') {
    if (typeof def.statement !== 'string' || Object.keys(def).length !== 1) sink.error(id, at, 'MARKING', 'a statement definition is exactly { "statement": "<text>" }');
  }
}

function checkLanguageContent(ctx: ObjectContext): void {
  const { obj, sink, id, path } = ctx;
  if (!isRecord(obj.contents)) return;
  for (const [lang, content] of Object.entries(obj.contents)) {
    const at = childPath(childPath(path, 'contents'), lang);
    if (!isLanguageTag(lang)) sink.error(id, at, 'PROPERTY_NAME', `contents key ${JSON.stringify(lang)} is not an RFC 5646 language tag`);
    if (!isRecord(content)) {
      sink.error(id, at, 'VALUE', 'each contents entry must be a dictionary of property names to translations');
      continue;
    }
    for (const key of Object.keys(content)) {
      if (!/^[a-z0-9_]{3,250}$/.test(key)) sink.error(id, childPath(at, key), 'PROPERTY_NAME', `${JSON.stringify(key)} is not a property name`);
    }
  }
}
