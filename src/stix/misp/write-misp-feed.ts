/**
 * A MISP feed from events, as PyMISP's `to_feed(with_meta=True)` writes it: one `<uuid>.json` per
 * event, `manifest.json` and `hashes.csv`, with the same distribution filtering.
 *
 * Tags are kept on export (MISP issue 2623 lost TLP on export); local tags are left out except
 * `tlp:`/`PAP:` ones, because losing a marking would widen release while keeping it only narrows it.
 */
import type { MispDistribution, ReleaseContext } from '../marking/index.js';
import { markingFromMispTag } from '../marking/index.js';
import { feedHashes } from './feed-hash.js';
import type { MispHashing } from './hashing.js';
import type { MispAttribute, MispEvent, MispObject, MispTag } from './misp-event.js';
import { type MispReleaseOptions, mispReleaseContext } from './release-context.js';

/** What goes into the feed. */
export interface MispFeedOptions {
  /** Hash functions (MD5 for hashes.csv). */
  readonly hashing: MispHashing;
  /** PyMISP's `valid_distributions`: only items with these distributions (5 must be listed to keep inherited ones). */
  readonly validDistributions?: readonly MispDistribution[];
  /** The release policy's decision for an item's context (e.g. `mispVerdict(context, recipient) === 'ALLOWED'`). */
  readonly mayRelease?: (context: ReleaseContext) => boolean;
  /** Sharing groups for `mayRelease` contexts. */
  readonly release?: MispReleaseOptions;
}

/** The files of a feed: name to content. */
export type MispFeedFiles = Map<string, string>;

const str = (n: number | undefined) => String(n ?? 0);

function feedTags(tags: readonly MispTag[]): Record<string, unknown>[] {
  return tags
    .filter((t) => !t.local || markingFromMispTag(t.name).kind !== 'not-a-marking')
    .map((t) => ({ ...(t.colour === undefined ? {} : { colour: t.colour }), local: t.local, name: t.name, relationship_type: t.relationshipType ?? '' }));
}

function feedAttribute(a: MispAttribute): Record<string, unknown> {
  const o: Record<string, unknown> = { category: a.category, comment: a.comment };
  if (a.deleted !== undefined) o.deleted = a.deleted;
  if (a.disableCorrelation !== undefined) o.disable_correlation = a.disableCorrelation;
  if (a.data !== undefined) o.data = a.data;
  if (a.firstSeen !== undefined) o.first_seen = a.firstSeen;
  if (a.lastSeen !== undefined) o.last_seen = a.lastSeen;
  if (a.objectRelation !== undefined) o.object_relation = a.objectRelation;
  Object.assign(o, { timestamp: str(a.timestamp), to_ids: a.toIds, type: a.type, uuid: a.uuid, value: a.value });
  const tags = feedTags(a.tags);
  if (tags.length > 0) o.Tag = tags;
  return o;
}

function feedObject(x: MispObject, attributes: readonly MispAttribute[]): Record<string, unknown> {
  const o: Record<string, unknown> = { comment: x.comment };
  if (x.deleted !== undefined) o.deleted = x.deleted;
  Object.assign(o, { description: x.description, 'meta-category': x.metaCategory, name: x.name });
  if (x.templateUuid !== undefined) o.template_uuid = x.templateUuid;
  if (x.templateVersion !== undefined) o.template_version = x.templateVersion;
  Object.assign(o, { timestamp: str(x.timestamp), uuid: x.uuid });
  if (x.references.length > 0)
    o.ObjectReference = x.references.map((r) => ({
      comment: r.comment,
      object_uuid: r.objectUuid,
      referenced_uuid: r.referencedUuid,
      relationship_type: r.relationshipType,
      timestamp: str(r.timestamp),
      uuid: r.uuid,
    }));
  o.Attribute = attributes.map(feedAttribute);
  return o;
}

function keeper(event: MispEvent, options: MispFeedOptions): (item: { distribution?: MispDistribution; sharingGroupId?: string }) => boolean {
  const valid = options.validDistributions;
  const release = options.release ?? { sharingGroups: new Map() };
  return (item) => {
    if (valid !== undefined && item.distribution !== undefined && !valid.includes(item.distribution)) return false;
    return options.mayRelease === undefined || options.mayRelease(mispReleaseContext(item, event, release));
  };
}

/** The feed form of one event, or `undefined` when the event itself may not leave. */
function feedEvent(event: MispEvent, options: MispFeedOptions): { json: Record<string, unknown>; hashes: string[] } | undefined {
  const keep = keeper(event, options);
  if (!keep(event)) return undefined;
  const attributes = event.attributes.filter(keep);
  const objects = event.objects.filter(keep).map((o) => ({ o, attributes: o.attributes.filter(keep) }));
  const hashes: string[] = [];
  for (const a of [...attributes, ...objects.flatMap((x) => x.attributes)]) for (const h of feedHashes(a, options.hashing.md5)) hashes.push(`${h},${event.uuid}`);
  const json: Record<string, unknown> = {
    analysis: str(event.analysis),
    date: event.date ?? '',
    extends_uuid: event.extendsUuid ?? '',
    info: event.info,
    protected: event.protected,
    publish_timestamp: str(event.publishTimestamp),
    published: event.published,
    threat_level_id: str(event.threatLevelId),
    timestamp: str(event.timestamp),
    uuid: event.uuid,
  };
  if (event.orgc !== undefined) json.Orgc = { name: event.orgc.name, uuid: event.orgc.uuid };
  const tags = feedTags(event.tags);
  if (tags.length > 0) json.Tag = tags;
  if (attributes.length > 0) json.Attribute = attributes.map(feedAttribute);
  if (objects.length > 0) json.Object = objects.map((x) => feedObject(x.o, x.attributes));
  return { json: { Event: json }, hashes };
}

/**
 * Writes a MISP feed: `<event uuid>.json` per released event, `manifest.json` (uuid to Orgc, Tag, info,
 * date, analysis, threat_level_id, timestamp) and `hashes.csv` (`md5,event uuid` per attribute value).
 *
 * @example
 * ```ts
 * const files = writeMispFeed(events, { hashing, validDistributions: [1, 2, 3, 5] }); // a community feed
 * files.get('manifest.json');
 * ```
 */
export function writeMispFeed(events: readonly MispEvent[], options: MispFeedOptions): MispFeedFiles {
  const files: MispFeedFiles = new Map();
  const manifest: Record<string, unknown> = {};
  const hashes: string[] = [];
  for (const event of events) {
    const feed = feedEvent(event, options);
    if (feed === undefined) continue;
    files.set(`${event.uuid}.json`, JSON.stringify(feed.json, null, 2));
    const e = feed.json.Event as Record<string, unknown>;
    manifest[event.uuid] = {
      Orgc: e.Orgc,
      Tag: e.Tag ?? [],
      info: event.info,
      date: event.date ?? '',
      analysis: event.analysis ?? 0,
      threat_level_id: event.threatLevelId ?? 0,
      timestamp: event.timestamp ?? 0,
    };
    hashes.push(...feed.hashes);
  }
  files.set('manifest.json', JSON.stringify(manifest, null, 1));
  files.set('hashes.csv', hashes.length === 0 ? '' : `${hashes.join('\n')}\n`);
  return files;
}
