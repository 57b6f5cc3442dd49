/**
 * One page of a collection read in bounded chunks, so a page costs what it returns and not what the
 * collection holds. Membership rows are read in (`date_added`, sequence) order strictly after the
 * position, without their JSON; for the objects a chunk names, every version the collection holds
 * is loaded and `selectVersions` decides, per object, which versions the filter selects — the same
 * per-object decision it takes over the whole collection, since `added_after`, the latest spec
 * version and `match[version]` depend only on the versions of the same object. A chunk's rows that
 * are selected join the page until it holds one more than `limit` (which answers `more`).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../storage/database.js';
import type { ObjectFilter, PageRequest, StoredVersion, VersionPage } from '../backend.js';
import { selectVersions } from '../select-versions.js';
import { collectionVersions } from './collection-versions.js';

/** Membership rows read per round trip (at least `limit + 1`). */
const MIN_CHUNK = 500;

/** Milliseconds of a TAXII position: the SQL store keeps `date_added` in milliseconds. */
function positionMillis(dateAdded: string): number {
  return Date.parse(`${dateAdded.slice(0, 23)}Z`);
}

/** The page of the collection's versions that `filter` selects, strictly after `page.after` (`minChunk`: rows per read, small in tests). */
export async function collectionPage(db: Kysely<Database>, collectionId: string, filter: ObjectFilter, page: PageRequest, minChunk = MIN_CHUNK): Promise<VersionPage> {
  if (filter.ids?.length === 0 || filter.types?.length === 0) return { items: [], more: false };
  const chunk = Math.max(minChunk, page.limit + 1);
  const items: StoredVersion[] = [];
  let after = page.after === undefined ? undefined : { millis: positionMillis(page.after.dateAdded), seq: page.after.seq };
  for (;;) {
    let q = db
      .selectFrom('stix_collection_objects as m')
      .select(['m.object_id', 'm.date_added', 'm.seq'])
      .where('m.collection_id', '=', collectionId)
      .orderBy('m.date_added')
      .orderBy('m.seq')
      .limit(chunk);
    if (after !== undefined) {
      const a = after;
      q = q.where((eb) => eb.or([eb('m.date_added', '>', a.millis), eb.and([eb('m.date_added', '=', a.millis), eb('m.seq', '>', a.seq)])]));
    }
    // A version added at or before `added_after` is never selected: skip its rows in SQL.
    if (filter.addedAfter !== undefined) q = q.where('m.date_added', '>', positionMillis(filter.addedAfter));
    if (filter.ids !== undefined) q = q.where('m.object_id', 'in', [...filter.ids]);
    if (filter.types !== undefined) {
      const types = [...filter.types];
      q = q.where(({ exists, selectFrom }) =>
        exists(selectFrom('stix_objects as o').select(sql<number>`1`.as('one')).whereRef('o.id', '=', 'm.object_id').whereRef('o.version', '=', 'm.version').where('o.type', 'in', types)),
      );
    }
    const rows = await q.execute();
    if (rows.length === 0) return { items, more: false };
    const ids = [...new Set(rows.map((r) => r.object_id))];
    const versions = await collectionVersions(db, collectionId, { ids, ...(filter.types === undefined ? {} : { types: filter.types }) });
    const selected = new Map<number, StoredVersion>();
    for (const v of selectVersions([...versions.keys()], { ...filter, ids })) selected.set(v.seq, v);
    for (const r of rows) {
      const v = selected.get(Number(r.seq));
      if (v === undefined) continue;
      items.push(v);
      if (items.length > page.limit) return { items: items.slice(0, page.limit), more: true };
    }
    if (rows.length < chunk) return { items, more: false };
    const last = rows[rows.length - 1]!;
    after = { millis: Number(last.date_added), seq: Number(last.seq) };
  }
}
