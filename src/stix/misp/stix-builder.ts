/**
 * Collects the STIX objects made from MISP attributes and objects, in the order and with the ids MISP's
 * converter (MISP/misp-stix) uses: observed-data and SCOs, then the indicator, then a `based-on`
 * relationship; SDOs carry `created_by_ref`, SCOs and relationships do not.
 */
import { parsePattern } from '../pattern/index.js';
import { attributeObservable } from './attribute-mapping.js';
import { ERR_MISP_PATTERN_INVALID } from './errors.js';
import { MISP_UUID_NAMESPACE, type MispHashing, uuidV5 } from './hashing.js';
import type { MispAttribute, MispObject } from './misp-event.js';
import { objectObservable } from './object-mapping.js';
import { type StixRecord, splitTags, stixTimestamp, stixTimestampMs, withMarkings } from './stix-common.js';

/** Options of the MISP to STIX conversion. */
export interface MispToStixOptions {
  /** Hash functions (SHA-1 for the UUIDv5 ids). */
  readonly hashing: MispHashing;
  /** Check every produced pattern with the STIX pattern parser (default true). */
  readonly checkPatterns?: boolean;
  /** Seconds since the epoch for records without a timestamp (default 0). */
  readonly defaultTimestamp?: number;
}

/** What an indicator adds to the observed-data's fields. */
interface IndicatorExtra {
  readonly description: string | undefined;
  readonly killChainPhases: readonly unknown[];
}

// Immutable pieces shared by many objects (a feed repeats a few types and categories), bounded.
const labelCache = new Map<string, readonly string[]>();
const killChainCache = new Map<string, readonly unknown[]>();

function cached<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let v = cache.get(key);
  if (v === undefined) {
    v = make();
    if (cache.size < 4096) cache.set(key, v);
  }
  return v;
}

const killChain = (phase: string) => cached(killChainCache, phase, () => Object.freeze([Object.freeze({ kill_chain_name: 'misp-category', phase_name: phase })]));

/** The objects made from one event's (or one collection's) attributes and objects. */
export class StixBuilder {
  /** Objects in output order. */
  readonly objects: StixRecord[] = [];
  /** Relationships, appended after the objects. */
  readonly relationships: StixRecord[] = [];
  /** STIX id that stands for each MISP attribute or object uuid (the indicator, else the observed-data). */
  readonly idOf = new Map<string, string>();

  constructor(
    private readonly options: MispToStixOptions,
    private readonly createdByRef: string | undefined,
    private readonly fallbackTimestamp: number,
  ) {}

  private sdo(type: string, uuid: string, seconds: number, props: Record<string, unknown>): StixRecord {
    const t = stixTimestampMs(seconds);
    const o: StixRecord = { type, spec_version: '2.1', id: `${type}--${uuid}` };
    if (this.createdByRef !== undefined) o.created_by_ref = this.createdByRef;
    return Object.assign(o, { created: t, modified: t }, props);
  }

  private checked(pattern: string, what: string): string {
    if (this.options.checkPatterns !== false) {
      const r = parsePattern(pattern);
      if (!r.ok) throw new ERR_MISP_PATTERN_INVALID(what, r.error.message);
    }
    return pattern;
  }

  /** A relationship whose id is MISP's UUIDv5 of `source - type - target`. */
  relationship(source: string, type: string, target: string, seconds: number, uuid?: string): StixRecord {
    const id = uuid ?? uuidV5(MISP_UUID_NAMESPACE, `${source} - ${type} - ${target}`, this.options.hashing.sha1);
    const t = stixTimestampMs(seconds);
    return { type: 'relationship', spec_version: '2.1', id: `relationship--${id}`, created: t, modified: t, relationship_type: type, source_ref: source, target_ref: target };
  }

  private observedAndIndicator(uuid: string, seconds: number, scos: StixRecord[], pattern: string | undefined, labels: readonly string[], extra: IndicatorExtra, markings: readonly string[]): void {
    // Object literals built in place (no spreads): this runs once or twice per attribute of a feed.
    const t = stixTimestampMs(seconds);
    const ts = stixTimestamp(seconds);
    const refs: string[] = [];
    for (const s of scos) refs.push(s.id);
    const observed: StixRecord = {
      type: 'observed-data',
      spec_version: '2.1',
      id: `observed-data--${uuid}`,
      created: t,
      modified: t,
      first_observed: ts,
      last_observed: ts,
      number_observed: 1,
      object_refs: refs,
      labels,
    };
    if (this.createdByRef !== undefined) observed.created_by_ref = this.createdByRef;
    withMarkings(observed, markings);
    this.objects.push(observed);
    for (const s of scos) this.objects.push(s);
    this.idOf.set(uuid, observed.id);
    if (pattern === undefined) return;
    const indicator: StixRecord = { type: 'indicator', spec_version: '2.1', id: `indicator--${uuid}`, created: t, modified: t };
    if (extra.description !== undefined) indicator.description = extra.description;
    indicator.pattern = this.checked(pattern, uuid);
    indicator.pattern_type = 'stix';
    indicator.pattern_version = '2.1';
    indicator.valid_from = ts;
    indicator.kill_chain_phases = extra.killChainPhases;
    indicator.labels = labels;
    if (this.createdByRef !== undefined) indicator.created_by_ref = this.createdByRef;
    withMarkings(indicator, markings);
    this.objects.push(indicator);
    this.idOf.set(uuid, indicator.id);
    this.relationships.push(this.relationship(indicator.id, 'based-on', observed.id, seconds));
  }

  /** Adds one MISP attribute (`path` names it in errors). */
  addAttribute(a: MispAttribute, path: string): void {
    const seconds = a.timestamp ?? this.fallbackTimestamp;
    const { markingRefs, labels } = splitTags(a.tags, path);
    const typeLabels = cached(labelCache, `${a.type}\u0000${a.category}`, () => Object.freeze([`misp:type="${a.type}"`, `misp:category="${a.category}"`]));
    const common = { labels: labels.length === 0 ? typeLabels : [...typeLabels, ...labels] };
    const observable = attributeObservable(a);
    if (observable !== undefined) {
      const extra = { description: a.comment === '' ? undefined : a.comment, killChainPhases: killChain(a.category) };
      this.observedAndIndicator(a.uuid, seconds, observable.objects, a.toIds ? observable.pattern : undefined, common.labels, extra, markingRefs);
      return;
    }
    const o =
      a.type === 'vulnerability'
        ? this.sdo('vulnerability', a.uuid, seconds, { name: a.value, external_references: [{ source_name: 'cve', external_id: a.value }], ...common })
        : this.sdo('x-misp-attribute', a.uuid, seconds, {
            ...common,
            x_misp_type: a.type,
            x_misp_category: a.category,
            x_misp_value: a.value,
            ...(a.comment === '' ? {} : { x_misp_comment: a.comment }),
          });
    this.objects.push(withMarkings(o, markingRefs));
    this.idOf.set(a.uuid, o.id);
  }

  /** Adds one MISP object and remembers its references for {@link addReferences}. */
  addObject(o: MispObject, path: string): void {
    const seconds = o.timestamp ?? this.fallbackTimestamp;
    const tags = o.attributes.flatMap((a) => a.tags);
    const { markingRefs } = splitTags(tags, `${path}.Attribute`);
    const common = { labels: [`misp:name="${o.name}"`, `misp:meta-category="${o.metaCategory}"`] };
    const observable = objectObservable(o);
    if (observable !== undefined) {
      const extra = { description: o.comment === '' ? undefined : o.comment, killChainPhases: killChain(o.metaCategory) };
      this.observedAndIndicator(o.uuid, seconds, observable.objects, observable.pattern, common.labels, extra, markingRefs);
      for (const a of o.attributes) if (!this.idOf.has(a.uuid)) this.idOf.set(a.uuid, this.idOf.get(o.uuid) as string);
      return;
    }
    const attributes = o.attributes.map((a) => ({ type: a.type, object_relation: a.objectRelation, value: a.value, to_ids: a.toIds, uuid: a.uuid }));
    const custom = this.sdo('x-misp-object', o.uuid, seconds, { ...common, x_misp_name: o.name, x_misp_meta_category: o.metaCategory, x_misp_attributes: attributes });
    this.objects.push(withMarkings(custom, markingRefs));
    this.idOf.set(o.uuid, custom.id);
  }

  /** Object references to relationships (`relationship--<reference uuid>`); dangling ones are left out. */
  addReferences(objects: readonly MispObject[]): void {
    for (const o of objects)
      for (const r of o.references) {
        const source = this.idOf.get(r.objectUuid);
        const target = this.idOf.get(r.referencedUuid);
        if (source !== undefined && target !== undefined) this.relationships.push(this.relationship(source, r.relationshipType, target, r.timestamp ?? o.timestamp ?? this.fallbackTimestamp, r.uuid));
      }
  }
}
