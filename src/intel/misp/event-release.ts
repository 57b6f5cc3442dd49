/**
 * What an imported MISP event adds to its STIX objects before they are stored: the event's TLP and
 * PAP markings on every object made from it, and the release context (MISP distribution, sharing
 * group) of each object, derived from the MISP item it was made from.
 *
 * Security invariants (enforced here): an event's `tlp:`/`PAP:` tags are added to every object made
 * from the event — markings only narrow (the most restrictive TLP wins), so an attribute of a
 * TLP:RED event is never stored as the default marking; an object made from a MISP object whose
 * attributes have distributions other than the object's own gets the narrowest context, which is
 * the producer alone; an object no item claims gets the event's context.
 */
import { asId, type OrganizationId } from '../../core/ids.js';
import { markingRefsFromMispTags, type ReleaseContext } from '../../stix/marking/index.js';
import { type MispEvent, type MispReleaseOptions, type MispSharingGroup, mispReleaseContext, type StixRecord } from '../../stix/misp/index.js';

/** The sharing groups an event's items may name: those given, and the one the event embeds. */
export function eventSharingGroups(event: MispEvent, given: readonly MispSharingGroup[] = []): MispSharingGroup[] {
  const groups = [...given];
  const embedded = event.sharingGroup;
  if (embedded !== undefined) groups.push(embedded.id === undefined && event.sharingGroupId !== undefined ? { ...embedded, id: event.sharingGroupId } : embedded);
  return groups;
}

/** Release options for `mispReleaseContext`: sharing groups by MISP id, and the TLP:AMBER audience. */
export function releaseOptions(groups: readonly MispSharingGroup[], audience: readonly string[]): MispReleaseOptions {
  const byId = new Map<string, MispSharingGroup>();
  for (const g of groups) if (g.id !== undefined) byId.set(g.id, g);
  return { sharingGroups: byId, audience };
}

/** The distribution that applies after inheritance, with its members: what two contexts are compared by. */
function effective(c: ReleaseContext): string {
  if (c.distribution === 5) return c.inherited === undefined ? 'none' : JSON.stringify([c.inherited.distribution, c.inherited.sharingGroupMembers ?? null]);
  return JSON.stringify([c.distribution, c.sharingGroupMembers ?? null]);
}

/** The context of several items seen as one object: theirs when they agree, else the producer alone. */
export function narrowest(contexts: readonly ReleaseContext[]): ReleaseContext {
  const first = contexts[0];
  if (first === undefined) throw new Error('narrowest of no context');
  const key = effective(first);
  if (contexts.every((c) => effective(c) === key)) return first;
  return { producer: first.producer, audience: first.audience, distribution: 0 };
}

/** A context that reaches nobody: an empty sharing group (MISP issue 4200). */
export const NOBODY: ReleaseContext = { producer: asId<OrganizationId>(''), audience: [], distribution: 4, sharingGroupMembers: [] };

const uuidOf = (id: string): string => id.slice(id.indexOf('--') + 2);

/** Objects that stand for more than one event and carry no event's marking nor context. */
const SHARED_TYPES = new Set(['identity', 'marking-definition']);

/**
 * The release context of each STIX object made from `event` (identities and marking definitions,
 * which several events share, have none).
 *
 * @example
 * ```ts
 * const contexts = objectContexts(event, mispEventsToStix([event], { hashing }).objects, releaseOptions(groups, []));
 * contexts.get(`indicator--${attribute.uuid}`)?.distribution; // the attribute's distribution
 * ```
 */
export function objectContexts(event: MispEvent, objects: readonly StixRecord[], options: MispReleaseOptions): Map<string, ReleaseContext> {
  // An event without a distribution is 0 (own organisation), as `stix/misp` reads it.
  const eventContext = mispReleaseContext({ ...event, distribution: event.distribution ?? 0 }, event, options);
  const byUuid = new Map<string, ReleaseContext>();
  for (const a of event.attributes) byUuid.set(a.uuid, mispReleaseContext(a, event, options));
  for (const o of event.objects) {
    const own = mispReleaseContext(o, event, options);
    const attributes = o.attributes.map((a) => mispReleaseContext(a, event, options));
    o.attributes.forEach((a, i) => byUuid.set(a.uuid, attributes[i] as ReleaseContext));
    // The object's observed-data and indicator carry every attribute's value.
    byUuid.set(o.uuid, narrowest([own, ...attributes]));
  }
  const out = new Map<string, ReleaseContext>();
  const later: StixRecord[] = [];
  for (const o of objects) {
    if (SHARED_TYPES.has(o.type)) continue;
    const item = byUuid.get(uuidOf(o.id));
    if (item !== undefined) out.set(o.id, item);
    else if (o.type === 'relationship' || o.type === 'sighting') later.push(o);
    else out.set(o.id, eventContext);
  }
  // A relationship or sighting goes where the object it starts from (or sights) goes.
  for (const o of later) {
    const from = o.type === 'relationship' ? o.source_ref : o.sighting_of_ref;
    out.set(o.id, (typeof from === 'string' ? out.get(from) : undefined) ?? eventContext);
  }
  return out;
}

/**
 * Adds the event's `tlp:`/`PAP:` markings to every object made from it that lacks them (not to
 * identities or marking definitions). Returns new objects; the input is left as it was.
 */
export function inheritEventMarkings(event: MispEvent, objects: readonly StixRecord[]): StixRecord[] {
  const refs = markingRefsFromMispTags(event.tags.map((t) => t.name));
  if (refs.length === 0) return [...objects];
  return objects.map((o) => {
    if (SHARED_TYPES.has(o.type)) return o;
    const own = Array.isArray(o.object_marking_refs) ? (o.object_marking_refs as string[]) : [];
    const missing = refs.filter((r) => !own.includes(r));
    return missing.length === 0 ? o : { ...o, object_marking_refs: [...own, ...missing] };
  });
}
