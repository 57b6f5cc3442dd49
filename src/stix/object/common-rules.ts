/**
 * Semantic MUST rules shared by all object types (§3, §7.2): version timestamps in order, a valid
 * `lang`, markings that name marking definitions and never themselves, granular-marking selectors
 * that resolve inside the object, and well-formed CAPEC and CVE external references.
 */
import { childPath } from './finding.js';
import { isRecord, type ObjectContext } from './finding-sink.js';
import { identifierType } from './identifier.js';
import { isLanguageTag } from './language-tag.js';
import { compareTimestamps } from './timestamp.js';

/** `a` must not be later than `b` (or strictly earlier when `strict`). */
export function checkOrder(ctx: ObjectContext, a: string, b: string, strict = false): void {
  const c = compareTimestamps(ctx.obj[a], ctx.obj[b]);
  if (c === undefined) return;
  if (c > 0 || (strict && c === 0)) {
    ctx.sink.error(ctx.id, childPath(ctx.path, b), 'ORDER', `${b} (${String(ctx.obj[b])}) must be ${strict ? 'later than' : 'later than or equal to'} ${a} (${String(ctx.obj[a])})`);
  }
}

/** Rules every object is subject to. */
export function checkCommonRules(ctx: ObjectContext, type: string): void {
  const { obj, sink, id, path } = ctx;
  checkOrder(ctx, 'created', 'modified');
  if ('lang' in obj && !isLanguageTag(obj.lang)) sink.error(id, childPath(path, 'lang'), 'VALUE', `${JSON.stringify(obj.lang)} is not an RFC 5646 language tag`);
  if (Array.isArray(obj.object_marking_refs) && type === 'marking-definition') {
    obj.object_marking_refs.forEach((r, i) => {
      if (r === obj.id) sink.error(id, childPath(childPath(path, 'object_marking_refs'), i), 'MARKING', 'a marking definition must not mark itself');
    });
  }
  if (Array.isArray(obj.granular_markings)) {
    obj.granular_markings.forEach((m, i) => {
      checkGranularMarking(ctx, m, childPath(childPath(path, 'granular_markings'), i), type);
    });
  }
  if (Array.isArray(obj.external_references)) {
    obj.external_references.forEach((r, i) => {
      checkExternalReference(ctx, r, childPath(childPath(path, 'external_references'), i));
    });
  }
}

function checkGranularMarking(ctx: ObjectContext, marking: unknown, at: string, type: string): void {
  const { sink, id, obj } = ctx;
  if (!isRecord(marking)) return;
  const hasRef = 'marking_ref' in marking;
  const hasLang = 'lang' in marking;
  if (hasRef === hasLang) sink.error(id, at, 'MARKING', 'a granular marking must have exactly one of marking_ref and lang');
  if (hasRef) {
    if (identifierType(marking.marking_ref) !== 'marking-definition') sink.error(id, childPath(at, 'marking_ref'), 'MARKING', 'marking_ref must refer to a marking-definition');
    if (type === 'marking-definition' && marking.marking_ref === obj.id) sink.error(id, childPath(at, 'marking_ref'), 'MARKING', 'a marking definition must not mark itself');
  }
  if (hasLang && !isLanguageTag(marking.lang)) sink.error(id, childPath(at, 'lang'), 'VALUE', `${JSON.stringify(marking.lang)} is not an RFC 5646 language tag`);
  if (!Array.isArray(marking.selectors)) return;
  marking.selectors.forEach((s, i) => {
    if (typeof s === 'string' && !selectorResolves(obj, s)) {
      sink.error(id, childPath(childPath(at, 'selectors'), i), 'MARKING', `selector ${JSON.stringify(s)} does not name a property of this object`);
    }
  });
}

/** True when a granular-marking selector (§7.2.3.1: `a.b.[1].c`) names something present in `obj`. */
export function selectorResolves(obj: unknown, selector: string): boolean {
  let cur: unknown = obj;
  for (const segment of selector.split('.')) {
    const index = /^\[(\d+)\]$/.exec(segment);
    if (index !== null) {
      if (!Array.isArray(cur)) return false;
      cur = cur[Number(index[1])];
    } else {
      if (!isRecord(cur) || !Object.hasOwn(cur, segment)) return false;
      cur = cur[segment];
    }
    if (cur === undefined) return false;
  }
  return true;
}

const CAPEC_RE = /^CAPEC-\d+$/;
const CVE_RE = /^CVE-\d{4}-(?:0\d{3}|[1-9]\d{3,})$/;

function checkExternalReference(ctx: ObjectContext, ref: unknown, at: string): void {
  const { sink, id } = ctx;
  if (!isRecord(ref)) return;
  if (!('description' in ref) && !('url' in ref) && !('external_id' in ref)) {
    sink.error(id, at, 'REQUIRED', 'an external reference needs at least one of description, url and external_id besides source_name');
  }
  const rules = new Map([
    ['capec', CAPEC_RE],
    ['cve', CVE_RE],
  ]);
  const given = typeof ref.source_name === 'string' ? ref.source_name : '';
  const source = given.toLowerCase();
  const re = rules.get(source);
  if (re === undefined) return;
  if (given !== source) sink.error(id, childPath(at, 'source_name'), 'VALUE', `source_name must be ${source}, in lowercase`);
  if (!('external_id' in ref)) sink.error(id, childPath(at, 'external_id'), 'REQUIRED', `a ${source} external reference requires external_id`);
  else if (typeof ref.external_id !== 'string' || !re.test(ref.external_id)) {
    sink.error(id, childPath(at, 'external_id'), 'VALUE', `${JSON.stringify(ref.external_id)} is not a valid ${source.toUpperCase()} id`);
  }
}
