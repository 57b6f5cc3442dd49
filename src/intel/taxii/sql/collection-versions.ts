/**
 * Reads a collection's membership from the STIX store's tables as TAXII {@link StoredVersion}s:
 * `date_added` and sequence are those of the version's addition to the collection, the version,
 * spec version and media type are derived from the object as the memory backend derives them
 * (`storedVersionOf`), so both backends answer alike.
 *
 * Only `match[id]` and `match[type]` are pushed into SQL: they select whole objects. `added_after`,
 * `match[spec_version]` and `match[version]` depend on the other versions of the same object
 * (latest spec version, first/last), so `selectVersions` applies them to everything the collection
 * holds of the selected objects.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../storage/database.js';
import type { ObjectFilter, StoredVersion } from '../backend.js';
import { storedVersionOf } from '../stored-version.js';
import { taxiiTimestampOf } from '../timestamp.js';

/** The collection's versions, in (`date_added`, sequence) order, each with its store version key. */
export type KeyedVersions = Map<StoredVersion, string>;

/** Loads the versions of `collectionId` whose object passes the filter's ids and types. */
export async function collectionVersions(db: Kysely<Database>, collectionId: string, filter: Pick<ObjectFilter, 'ids' | 'types'>): Promise<KeyedVersions> {
  const out: KeyedVersions = new Map();
  if (filter.ids?.length === 0 || filter.types?.length === 0) return out;
  let q = db
    .selectFrom('stix_collection_objects as m')
    .innerJoin('stix_objects as o', (j) => j.onRef('o.id', '=', 'm.object_id').onRef('o.version', '=', 'm.version'))
    .select(['o.json', 'm.version', 'm.date_added', 'm.seq'])
    .where('m.collection_id', '=', collectionId);
  if (filter.ids !== undefined) q = q.where('m.object_id', 'in', [...filter.ids]);
  if (filter.types !== undefined) q = q.where('o.type', 'in', [...filter.types]);
  const rows = await q.orderBy('m.date_added').orderBy('m.seq').execute();
  for (const r of rows) {
    const object = JSON.parse(r.json) as Record<string, unknown>;
    out.set(storedVersionOf(object, taxiiTimestampOf(Number(r.date_added)), Number(r.seq)), r.version);
  }
  return out;
}

/** Whether the collection holds any version of `objectId`. */
export async function collectionHolds(db: Kysely<Database>, collectionId: string, objectId: string): Promise<boolean> {
  const r = await db.selectFrom('stix_collection_objects').select('object_id').where('collection_id', '=', collectionId).where('object_id', '=', objectId).limit(1).executeTakeFirst();
  return r !== undefined;
}

/**
 * Takes versions out of a collection. The stored versions stay in `stix_objects` (and in every
 * other collection): TAXII's delete withdraws an object from a collection, while the store keeps
 * what was received, for audit and for the references of other objects.
 */
export async function removeFromCollection(db: Kysely<Database>, collectionId: string, objectId: string, versions: readonly string[]): Promise<number> {
  if (versions.length === 0) return 0;
  const r = await db
    .deleteFrom('stix_collection_objects')
    .where('collection_id', '=', collectionId)
    .where('object_id', '=', objectId)
    .where('version', 'in', [...versions])
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
