/**
 * MISP to STIX 2.1: events to groupings (or reports when published) with their attributes, objects,
 * object references, galaxies and sightings, agreeing with MISP's own converter (MISP/misp-stix).
 */
import { galaxySdos } from './galaxy-mapping.js';
import type { MispAttribute, MispEvent, MispObject } from './misp-event.js';
import { type MispToStixOptions, StixBuilder } from './stix-builder.js';
import { type StixRecord, splitTags, stixTimestamp, stixTimestampMs, withMarkings } from './stix-common.js';

/** A STIX 2.1 bundle. */
export interface StixBundle {
  readonly type: 'bundle';
  readonly id: string;
  readonly objects: StixRecord[];
}

function identity(uuid: string, name: string, seconds: number): StixRecord {
  const t = stixTimestampMs(seconds);
  return { type: 'identity', spec_version: '2.1', id: `identity--${uuid}`, created: t, modified: t, name, identity_class: 'organization' };
}

function sightings(event: MispEvent, b: StixBuilder, identities: Map<string, StixRecord>): StixRecord[] {
  const out: StixRecord[] = [];
  for (const a of event.attributes)
    for (const s of a.sightings) {
      const target = b.idOf.get(a.uuid);
      // Only type 0 is a sighting; 1 (false positive) and 2 (expiration) are not observations.
      if (s.type !== 0 || target === undefined || s.uuid === undefined) continue;
      const t = stixTimestampMs(s.dateSighting);
      const sighting: StixRecord = {
        type: 'sighting',
        spec_version: '2.1',
        id: `sighting--${s.uuid}`,
        created: t,
        modified: t,
        first_seen: stixTimestamp(s.dateSighting),
        count: 1,
        sighting_of_ref: target,
      };
      if (s.organisation !== undefined) {
        const id = `identity--${s.organisation.uuid}`;
        if (!identities.has(id)) identities.set(id, identity(s.organisation.uuid, s.organisation.name, s.dateSighting));
        sighting.where_sighted_refs = [id];
      }
      out.push(sighting);
    }
  return out;
}

/** The objects of one event, its grouping (or report) first. */
function convertEvent(event: MispEvent, options: MispToStixOptions, identities: Map<string, StixRecord>): StixRecord[] {
  const seconds = event.timestamp ?? options.defaultTimestamp ?? 0;
  let createdBy: string | undefined;
  if (event.orgc !== undefined) {
    createdBy = `identity--${event.orgc.uuid}`;
    if (!identities.has(createdBy)) identities.set(createdBy, identity(event.orgc.uuid, event.orgc.name, seconds));
  }
  const b = new StixBuilder(options, createdBy, seconds);
  event.attributes.forEach((a, i) => b.addAttribute(a, `$.Event.Attribute[${i}]`));
  event.objects.forEach((o, i) => b.addObject(o, `$.Event.Object[${i}]`));
  b.addReferences(event.objects);
  const created = stixTimestampMs(seconds);
  const galaxies = event.galaxies.flatMap((g) => galaxySdos(g, created));
  const seen = sightings(event, b, identities);
  const contents = [...b.objects, ...b.relationships, ...galaxies, ...seen];
  const { markingRefs, labels } = splitTags(event.tags, '$.Event');
  const head: StixRecord = { type: event.published ? 'report' : 'grouping', spec_version: '2.1', id: `${event.published ? 'report' : 'grouping'}--${event.uuid}` };
  if (createdBy !== undefined) head.created_by_ref = createdBy;
  Object.assign(head, { created, modified: created, name: event.info });
  if (event.published) head.published = stixTimestamp(event.publishTimestamp ?? seconds);
  else head.context = 'suspicious-activity';
  head.object_refs = contents.length > 0 ? contents.map((o) => o.id) : [`note--${event.uuid}`];
  head.labels = ['Threat-Report', 'misp:tool="MISP-STIX-Converter"', ...labels];
  return [withMarkings(head, markingRefs), ...contents];
}

/**
 * Converts MISP events to one STIX 2.1 bundle (id `bundle--<uuid of the last event>`, as MISP's
 * converter names it): identities of the creating organisations, then per event its grouping (report
 * when published) and contents.
 *
 * @example
 * ```ts
 * const bundle = mispEventsToStix([parseMispEvent(json)], { hashing: { md5, sha1 } });
 * bundle.objects.map((o) => o.type); // ['identity', 'grouping', 'observed-data', 'autonomous-system', …]
 * ```
 */
export function mispEventsToStix(events: readonly MispEvent[], options: MispToStixOptions): StixBundle {
  const identities = new Map<string, StixRecord>();
  const converted = events.flatMap((e) => convertEvent(e, options, identities));
  const last = events[events.length - 1];
  return { type: 'bundle', id: `bundle--${last?.uuid ?? '00000000-0000-4000-8000-000000000000'}`, objects: [...identities.values(), ...converted] };
}

/**
 * Converts a collection of MISP attributes (a `restSearch` answer) to STIX objects: for each, an
 * observed-data with its SCOs and, when `to_ids` is set, an indicator `based-on` it.
 *
 * @example
 * ```ts
 * mispAttributesToStix([parseAttribute({ uuid, type: 'domain', value: 'circl.lu', to_ids: true }, '$')], { hashing });
 * ```
 */
export function mispAttributesToStix(attributes: readonly MispAttribute[], options: MispToStixOptions): StixRecord[] {
  const b = new StixBuilder(options, undefined, options.defaultTimestamp ?? 0);
  attributes.forEach((a, i) => b.addAttribute(a, `$[${i}]`));
  return [...b.objects, ...b.relationships];
}

/**
 * Converts a collection of MISP objects to STIX objects, with their references between them.
 *
 * @example
 * ```ts
 * mispObjectsToStix([parseObject(fileObjectJson, '$')], { hashing }).map((o) => o.type); // ['observed-data', 'file', 'indicator', 'relationship']
 * ```
 */
export function mispObjectsToStix(objects: readonly MispObject[], options: MispToStixOptions): StixRecord[] {
  const b = new StixBuilder(options, undefined, options.defaultTimestamp ?? 0);
  objects.forEach((o, i) => b.addObject(o, `$[${i}]`));
  b.addReferences(objects);
  return [...b.objects, ...b.relationships];
}
