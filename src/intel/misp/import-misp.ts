/**
 * MISP events into the STIX object store: each event converted with `stix/misp` (as MISP's own
 * converter does), given its event's markings, and stored with the release context of every object
 * and the event itself, in one transaction per event — a refused event stores nothing, and the
 * events before and after it are stored as usual.
 *
 * @example
 * ```ts
 * const result = await importMispEvents(storage.db, [event], { source: 'misp:circl', defaultMarkingRef: TLP2_IDS.amber, now: clock.now() });
 * result.events[0]?.status; // 'stored'
 * ```
 */
import type { Kysely } from 'kysely';
import { isSakimoriError, type SakimoriError } from '../../core/errors.js';
import { type MispEvent, type MispHashing, type MispSharingGroup, mispEventsToStix, type StixRecord } from '../../stix/misp/index.js';
import type { Database } from '../../storage/database.js';
import { inTransaction } from '../../storage/transaction.js';
import { type NewCollection, StixStore, type StixStoreOptions } from '../stix/stix-store.js';
import { eventSharingGroups, inheritEventMarkings, objectContexts, releaseOptions } from './event-release.js';
import { MispReleaseStore } from './misp-release-store.js';
import { NODE_MISP_HASHING } from './node-hashing.js';

/** Options of an import. */
export interface MispImportOptions {
  /** Source the objects are stored under (`misp:<feed or file>`). */
  readonly source: string;
  /** TLP marking definition id for objects of events without a `tlp:` tag. */
  readonly defaultMarkingRef: string;
  /** Current time (epoch ms). */
  readonly now: number;
  /** Also add the objects to this collection (created with `createCollection` when missing). */
  readonly collectionId?: string;
  readonly createCollection?: NewCollection;
  /** Sharing groups the events' items may name by id, besides the one an event embeds. */
  readonly sharingGroups?: readonly MispSharingGroup[];
  /** Organisation uuids that form the TLP:AMBER audience of the imported objects (default none). */
  readonly audience?: readonly string[];
}

/** What the import needs besides the database. */
export interface MispImportDeps {
  /** Options of the object store (custom markings, validation). */
  readonly store?: StixStoreOptions;
  /** Hash functions; default `node:crypto`. */
  readonly hashing?: MispHashing;
}

/** What happened to one event. */
export type MispEventOutcome =
  | {
      readonly status: 'stored' | 'unchanged';
      readonly uuid: string;
      readonly attributes: number;
      readonly stored: number;
      readonly skipped: number;
      /** Objects dropped because an earlier object of the event has the same id (see {@link firstOfEachId}). */
      readonly duplicates: number;
    }
  | { readonly status: 'refused'; readonly uuid: string; readonly error: SakimoriError };

/** What an import did, event by event, with totals. */
export interface MispImportResult {
  readonly events: readonly MispEventOutcome[];
  /** Events with new objects (or a newer event record), unchanged events, refused events. */
  readonly stored: number;
  readonly unchanged: number;
  readonly refused: number;
  /** Attributes of the events not refused (those inside objects included). */
  readonly attributes: number;
  /** STIX object versions written, and those already stored. */
  readonly objectsStored: number;
  readonly objectsSkipped: number;
}

/** One event to import, or the coded error that refused it before conversion (a hash mismatch, malformed JSON). */
export type MispImportItem = { readonly event: MispEvent } | { readonly uuid: string; readonly error: SakimoriError };

const attributeCount = (e: MispEvent): number => e.attributes.length + e.objects.reduce((n, o) => n + o.attributes.length, 0);

/**
 * The first object of each id. Real MISP data gives several galaxy clusters one uuid (old galaxies:
 * GAMEFISH, X-Tunnel, EVILTOSS and X-Agent all `0d821b68-…`), so the conversion yields different
 * objects with one id and version, which the store would refuse as a conflict, losing the event.
 */
export function firstOfEachId(objects: readonly StixRecord[]): { readonly objects: StixRecord[]; readonly duplicates: number } {
  const seen = new Set<string>();
  const out: StixRecord[] = [];
  for (const o of objects) {
    if (seen.has(o.id)) continue;
    seen.add(o.id);
    out.push(o);
  }
  return { objects: out, duplicates: objects.length - out.length };
}

/** Converts and stores one event in one transaction. */
async function importEvent(db: Kysely<Database>, event: MispEvent, options: MispImportOptions, deps: MispImportDeps): Promise<MispEventOutcome> {
  const hashing = deps.hashing ?? NODE_MISP_HASHING;
  const groups = eventSharingGroups(event, options.sharingGroups);
  const audience = options.audience ?? [];
  const converted = mispEventsToStix([event], { hashing });
  const { objects: unique, duplicates } = firstOfEachId(converted.objects);
  const objects = inheritEventMarkings(event, unique);
  const contexts = objectContexts(event, objects, releaseOptions(groups, audience));
  const { collectionId, createCollection } = options;
  const collection = collectionId === undefined ? {} : { collectionId, ...(createCollection === undefined ? {} : { createCollection }) };
  return inTransaction(db, async (trx) => {
    const release = new MispReleaseStore(trx);
    await release.assertSameCreator(event);
    const ingest = await new StixStore(trx, deps.store).ingest(
      { type: 'bundle', id: converted.id, objects },
      { source: options.source, defaultMarkingRef: options.defaultMarkingRef, now: options.now, ...collection },
    );
    const write = await release.putEvent({ event, sharingGroups: groups, audience, source: options.source }, options.now);
    // Contexts follow the event record: the same (or an older) event cannot change them.
    if (write === 'stored') await release.putContexts(event.uuid, contexts);
    const status = ingest.stored.length > 0 || write === 'stored' ? 'stored' : 'unchanged';
    return { status, uuid: event.uuid, attributes: attributeCount(event), stored: ingest.stored.length, skipped: ingest.skipped.length, duplicates };
  });
}

/**
 * Imports MISP events, each in its own transaction: converted to STIX, given the event's TLP/PAP
 * markings (and `defaultMarkingRef` when the event has no TLP), stored with the release context of
 * every object and the event record. An event refused by the store or the converter (a conflicting
 * version, an unknown marking) is reported with its coded error and leaves nothing behind; items
 * refused earlier (`{ uuid, error }`) are reported as they are. Errors that are not coded (a lost
 * database) are thrown.
 */
export async function importMispEvents(
  db: Kysely<Database>,
  items: Iterable<MispImportItem> | AsyncIterable<MispImportItem>,
  options: MispImportOptions,
  deps: MispImportDeps = {},
): Promise<MispImportResult> {
  const events: MispEventOutcome[] = [];
  for await (const item of items) {
    if ('error' in item) {
      events.push({ status: 'refused', uuid: item.uuid, error: item.error });
      continue;
    }
    try {
      events.push(await importEvent(db, item.event, options, deps));
    } catch (e) {
      if (!isSakimoriError(e)) throw e;
      events.push({ status: 'refused', uuid: item.event.uuid, error: e });
    }
  }
  return summarise(events);
}

function summarise(events: readonly MispEventOutcome[]): MispImportResult {
  let stored = 0;
  let unchanged = 0;
  let attributes = 0;
  let objectsStored = 0;
  let objectsSkipped = 0;
  for (const e of events) {
    if (e.status === 'refused') continue;
    if (e.status === 'stored') stored++;
    else unchanged++;
    attributes += e.attributes;
    objectsStored += e.stored;
    objectsSkipped += e.skipped;
  }
  return { events, stored, unchanged, refused: events.length - stored - unchanged, attributes, objectsStored, objectsSkipped };
}
