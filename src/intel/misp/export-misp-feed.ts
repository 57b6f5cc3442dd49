/**
 * A MISP feed from the object store for one recipient: the MISP events imported earlier, each item
 * kept only when the release policy lets every stored STIX object made from it go to the recipient
 * over `misp-feed` (its markings as stored now, and its MISP distribution and sharing group), plus
 * native STIX indicators whose pattern maps cleanly to an attribute. Written as PyMISP's `to_feed`.
 *
 * Security invariant (enforced here): an event, attribute or MISP object leaves only when the one
 * release policy (`mayRelease`) allows each of its stored objects for this recipient; an item with no
 * stored object, a revoked object or no stored context is withheld — nothing is released by default.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { isSakimoriError } from '../../core/errors.js';
import { asId, type OrganizationId } from '../../core/ids.js';
import { type Channel, DEFAULT_RELEASE_POLICY, mayRelease, type Recipient, type ReleaseContext, type ReleasePolicy, type StixObject } from '../../stix/marking/index.js';
import {
  MISP_UUID_NAMESPACE,
  type MispAttribute,
  type MispEvent,
  type MispFeedFiles,
  type MispHashing,
  type MispObject,
  type MispOrganisation,
  type MispReleaseOptions,
  mispReleaseContext,
  uuidV5,
  writeMispFeed,
} from '../../stix/misp/index.js';
import type { Database } from '../../storage/database.js';
import { chunks } from '../stix/batch-insert.js';
import { StixStore, type StoredObject } from '../stix/stix-store.js';
import { ERR_INTEL_MISP_OUTPUT } from './errors.js';
import { NOBODY, releaseOptions } from './event-release.js';
import { MispReleaseStore, type StoredMispEvent } from './misp-release-store.js';
import { indicatorAttribute } from './native-indicators.js';
import { NODE_MISP_HASHING } from './node-hashing.js';

/** The channel every MISP feed is released over. */
const CHANNEL: Channel = 'misp-feed';

/** Options of an export. */
export interface MispExportOptions {
  /** The release policy (custom markings, default TLP); default {@link DEFAULT_RELEASE_POLICY}. */
  readonly policy?: ReleasePolicy;
  /**
   * Also export native STIX indicators (not from MISP) as one event of this organisation; their
   * release context is distribution 3 with `audience` as the TLP:AMBER audience. Left out when absent.
   */
  readonly native?: { readonly orgc: MispOrganisation; readonly audience?: readonly string[] };
  /** Hash functions; default `node:crypto`. */
  readonly hashing?: MispHashing;
}

/** What an export released and withheld. */
export interface MispExportResult {
  readonly files: MispFeedFiles;
  /** Events written (the native-indicator event included), attributes written. */
  readonly events: number;
  readonly attributes: number;
  /** Events and attributes withheld from this recipient. */
  readonly withheldEvents: number;
  readonly withheldAttributes: number;
  /** Native STIX indicators written as attributes. */
  readonly nativeIndicators: number;
}

const uuidOf = (id: string): string => id.slice(id.indexOf('--') + 2);

/** The latest stored version of each id (revoked or missing ids are absent). */
async function latest(stix: StixStore, ids: readonly string[]): Promise<Map<string, StoredObject>> {
  const out = new Map<string, StoredObject>();
  for (const part of chunks(ids, 500)) {
    let after: string | undefined;
    do {
      const page = await stix.list({ ids: part, limit: 1000, ...(after === undefined ? {} : { after }) });
      for (const o of page.objects) if (o.isLast && !o.revoked) out.set(o.id, o);
      after = page.next;
    } while (after !== undefined);
  }
  return out;
}

/** Decides the items of one stored event for the recipient. */
class EventRelease {
  readonly #ids = new Map<string, string[]>();
  readonly #options: MispReleaseOptions;

  constructor(
    private readonly stored: StoredMispEvent,
    private readonly contexts: ReadonlyMap<string, ReleaseContext>,
    private readonly objects: ReadonlyMap<string, StoredObject>,
    private readonly recipient: Recipient,
    private readonly policy: ReleasePolicy,
  ) {
    this.#options = releaseOptions(stored.sharingGroups, stored.audience);
    for (const id of contexts.keys()) {
      const uuid = uuidOf(id);
      const list = this.#ids.get(uuid) ?? [];
      list.push(id);
      this.#ids.set(uuid, list);
    }
  }

  /** True when `id` is stored, not revoked, has a context, and may go to the recipient. */
  #allows(id: string, context = this.contexts.get(id)): boolean {
    const object = this.objects.get(id);
    if (object === undefined || context === undefined) return false;
    return mayRelease(object.object as StixObject, context, this.recipient, CHANNEL, this.policy).allowed;
  }

  /** True when another event claimed `id` too (its stored context is then {@link NOBODY}). */
  #claimedTwice(id: string): boolean {
    const c = this.contexts.get(id);
    return c === undefined || (c.distribution === NOBODY.distribution && c.producer === NOBODY.producer && c.sharingGroupMembers?.length === 0);
  }

  /** True when the item made objects and every one of them may go. */
  item(uuid: string): boolean {
    const ids = this.#ids.get(uuid);
    return ids !== undefined && ids.length > 0 && ids.every((id) => this.#allows(id));
  }

  /**
   * A MISP object: its stored objects may go with the object's own context. (Their stored context is
   * the narrowest of the object's and its attributes', for STIX exchanges that carry every value; a
   * feed carries only the attributes released one by one below.)
   */
  object(o: MispObject): boolean {
    const ids = this.#ids.get(o.uuid) ?? [];
    const context = mispReleaseContext(o, this.stored.event, this.#options);
    return ids.length > 0 && ids.every((id) => !this.#claimedTwice(id) && this.#allows(id, context));
  }

  /** An attribute of a MISP object: its own objects (if any) and, with its own context, the object's. */
  objectAttribute(parent: MispObject, a: MispAttribute): boolean {
    const own = this.#ids.get(a.uuid) ?? [];
    if (!own.every((id) => this.#allows(id))) return false;
    const context = mispReleaseContext(a, this.stored.event, this.#options);
    const parents = this.#ids.get(parent.uuid) ?? [];
    return parents.length > 0 && parents.every((id) => !this.#claimedTwice(id) && this.#allows(id, context));
  }
}

/** The event as the recipient may see it, or `undefined` when the event itself may not go; counts withheld attributes. */
function releasedEvent(release: EventRelease, event: MispEvent, withheld: { attributes: number }): MispEvent | undefined {
  const total = event.attributes.length + event.objects.reduce((n, o) => n + o.attributes.length, 0);
  if (!release.item(event.uuid)) {
    withheld.attributes += total;
    return undefined;
  }
  const attributes = event.attributes.filter((a) => release.item(a.uuid));
  const objects = event.objects.filter((o) => release.object(o)).map((o) => ({ ...o, attributes: o.attributes.filter((a) => release.objectAttribute(o, a)) }));
  withheld.attributes += total - attributes.length - objects.reduce((n, o) => n + o.attributes.length, 0);
  return { ...event, attributes, objects };
}

/** Native STIX indicators released to the recipient, as one event of `orgc`. */
async function nativeEvent(
  stix: StixStore,
  release: MispReleaseStore,
  options: NonNullable<MispExportOptions['native']>,
  recipient: Recipient,
  policy: ReleasePolicy,
  hashing: MispHashing,
): Promise<MispEvent | undefined> {
  const context: ReleaseContext = { producer: asId<OrganizationId>(options.orgc.uuid), audience: (options.audience ?? []).map((a) => asId<OrganizationId>(a)), distribution: 3 };
  const attributes: MispAttribute[] = [];
  let after: string | undefined;
  do {
    const page = await stix.list({ types: ['indicator'], limit: 1000, ...(after === undefined ? {} : { after }) });
    const candidates = page.objects.filter((o) => o.isLast && !o.revoked);
    // Objects a MISP import made are exported with their event, never as native indicators.
    const fromMisp = await release.contextsOf(candidates.map((o) => o.id));
    for (const o of candidates) {
      if (fromMisp.has(o.id) || !mayRelease(o.object as StixObject, context, recipient, CHANNEL, policy).allowed) continue;
      const attribute = indicatorAttribute(o.object);
      if (attribute !== undefined) attributes.push(attribute);
    }
    after = page.next;
  } while (after !== undefined);
  if (attributes.length === 0) return undefined;
  const timestamp = attributes.reduce((t, a) => Math.max(t, a.timestamp ?? 0), 0);
  return {
    uuid: uuidV5(MISP_UUID_NAMESPACE, `sakimori native STIX indicators of ${options.orgc.uuid}`, hashing.sha1),
    info: 'Sakimori: STIX indicators',
    date: new Date(timestamp * 1000).toISOString().slice(0, 10),
    timestamp,
    published: false,
    protected: false,
    analysis: 2,
    threatLevelId: 4,
    distribution: 3,
    orgc: options.orgc,
    tags: [],
    attributes,
    objects: [],
    galaxies: [],
  };
}

/**
 * The MISP feed (file name to content) the recipient may receive from the store.
 *
 * @example
 * ```ts
 * const feed = await mispFeedFor(storage.db, { kind: 'organisation', organisationId: asId(uuid), sector: 'finance' });
 * feed.files.get('manifest.json');
 * ```
 */
export async function mispFeedFor(db: Kysely<Database>, recipient: Recipient, options: MispExportOptions = {}): Promise<MispExportResult> {
  const policy = options.policy ?? DEFAULT_RELEASE_POLICY;
  const hashing = options.hashing ?? NODE_MISP_HASHING;
  const stix = new StixStore(db);
  const release = new MispReleaseStore(db);
  const events: MispEvent[] = [];
  const withheld = { events: 0, attributes: 0 };
  for await (const stored of release.events()) {
    const contexts = await release.contextsOfEvent(stored.event.uuid);
    const objects = await latest(stix, [...contexts.keys()]);
    const released = releasedEvent(new EventRelease(stored, contexts, objects, recipient, policy), stored.event, withheld);
    if (released === undefined) withheld.events++;
    else events.push(released);
  }
  const native = options.native === undefined ? undefined : await nativeEvent(stix, release, options.native, recipient, policy, hashing);
  if (native !== undefined) events.push(native);
  const attributes = events.reduce((n, e) => n + e.attributes.length + e.objects.reduce((m, o) => m + o.attributes.length, 0), 0);
  return {
    files: writeMispFeed(events, { hashing }),
    events: events.length,
    attributes,
    withheldEvents: withheld.events,
    withheldAttributes: withheld.attributes,
    nativeIndicators: native?.attributes.length ?? 0,
  };
}

const FEED_FILE = /^(manifest\.json|hashes\.csv|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.json)$/i;

/**
 * Writes the MISP feed the recipient may receive from the store into `outDir` (created if needed):
 * `manifest.json`, `hashes.csv` and one `<uuid>.json` per released event. Event files of an earlier
 * export that this one does not release are removed — an event withheld now must not stay served —
 * so `outDir` must be empty or hold a MISP feed and nothing else.
 *
 * @throws `SAKIMORI_ERR_INTEL_MISP_OUTPUT` when the directory cannot be written or holds other files.
 */
export async function exportMispFeed(db: Kysely<Database>, recipient: Recipient, outDir: string, options: MispExportOptions = {}): Promise<MispExportResult> {
  const result = await mispFeedFor(db, recipient, options);
  try {
    await mkdir(outDir, { recursive: true });
    const present = await readdir(outDir);
    const foreign = present.filter((n) => !FEED_FILE.test(n));
    if (foreign.length > 0) throw new ERR_INTEL_MISP_OUTPUT(outDir, `it holds files that are not part of a MISP feed (${foreign.slice(0, 3).join(', ')})`);
    for (const [name, text] of result.files) await writeFile(join(outDir, name), text);
    for (const name of present) if (!result.files.has(name)) await rm(join(outDir, name));
  } catch (e) {
    if (isSakimoriError(e)) throw e;
    throw new ERR_INTEL_MISP_OUTPUT(outDir, (e as Error).message, { cause: e });
  }
  return result;
}
