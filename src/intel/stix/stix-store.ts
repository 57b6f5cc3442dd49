/**
 * The STIX 2.1 object store: versions of objects keyed by (id, version), the references between
 * them, and collections. Ingest validates the whole input first and writes it in one transaction,
 * so a refused bundle stores nothing; reads return objects parsed back from their canonical JSON.
 *
 * @example
 * ```ts
 * const store = new StixStore(storage.db);
 * await store.ingest(bundle, { source: 'feed:jpcert', defaultMarkingRef: TLP2_IDS.amber, now: clock.now() });
 * const latest = await store.get('indicator--…');
 * const page = await store.list({ types: ['indicator'], limit: 500 }); // page.next → the next page
 * ```
 */
import { createHash } from 'node:crypto';
import { type Kysely, type Selectable, sql } from 'kysely';
import { MAX_PAGE_ROWS } from '../../core/paging.js';
import type { MarkingDefinition } from '../../stix/marking/index.js';
import type { ValidationOptions } from '../../stix/object/index.js';
import type { Database } from '../../storage/database.js';
import { inTransaction } from '../../storage/transaction.js';
import type { StixObjectsTable } from '../tables.js';
import { ERR_INTEL_STIX_VERSION } from './errors.js';
import { decodeCursor, encodeCursor } from './list-cursor.js';
import { prepareInput } from './prepare-input.js';
import { compareVersions, normaliseTimestamp } from './version-key.js';
import { type IngestResult, type NewCollection, writeVersions } from './write-versions.js';

export type { IngestResult, NewCollection, VersionRef } from './write-versions.js';

/** Default {@link StixStoreOptions.maxBytes}: 64 MiB of JSON per ingest. */
export const DEFAULT_MAX_INGEST_BYTES = 64 * 1024 * 1024;

/** Settings of a {@link StixStore}. */
export interface StixStoreOptions {
  /** Largest input of one ingest, in bytes of JSON; default {@link DEFAULT_MAX_INGEST_BYTES}. */
  readonly maxBytes?: number;
  /** Custom marking definitions accepted besides the built-in ones and those in the input. */
  readonly markingDefinitions?: readonly MarkingDefinition[];
  /** Validator options (`stix/object`), e.g. `{ strict: true }`. */
  readonly validation?: ValidationOptions;
}

/** Options of {@link StixStore.ingest}. */
export interface IngestOptions {
  /** Where the input came from (`file:report.json`, a feed name). */
  readonly source: string;
  /** TLP marking definition id given to objects without a TLP marking. */
  readonly defaultMarkingRef: string;
  /** Also add every version of the input to this collection. */
  readonly collectionId?: string;
  /** Create `collectionId` with this title when it does not exist (else an unknown collection is refused). */
  readonly createCollection?: NewCollection;
  /** Current time (epoch ms); `date_added` never goes below the latest one stored. */
  readonly now: number;
}

/** One stored version, with the object parsed back from its canonical JSON. */
export interface StoredObject {
  readonly id: string;
  readonly type: string;
  /** Version key: the normalised `modified`/`created`, or `sha256:<hex>` (see version-key.ts). */
  readonly version: string;
  readonly specVersion: string;
  readonly created: string | null;
  readonly modified: string | null;
  /** True when this version says `revoked: true`. */
  readonly revoked: boolean;
  /** True on the object's latest version. */
  readonly isLast: boolean;
  readonly markingRefs: readonly string[];
  readonly source: string;
  /** When the version was added (epoch ms); in a collection list, when it was added to the collection. */
  readonly dateAdded: number;
  readonly object: Readonly<Record<string, unknown>>;
}

/** Which versions {@link StixStore.get} returns: one by position or timestamp, or all. */
export type VersionSelector = 'last' | 'first' | 'all' | (string & {});

/** Filters and position of {@link StixStore.list}. */
export interface ListOptions {
  readonly types?: readonly string[];
  readonly ids?: readonly string[];
  /** Only entries added after this time (epoch ms). */
  readonly addedAfter?: number;
  /** Only entries of this collection, ordered by when they were added to it. */
  readonly collectionId?: string;
  /** Page size; default 100, at most {@link MAX_PAGE_ROWS}. */
  readonly limit?: number;
  /** Cursor from the previous page's `next`. */
  readonly after?: string;
}

/** One page of {@link StixStore.list}. */
export interface StixPage {
  readonly objects: readonly StoredObject[];
  /** Cursor of the next page; absent when this page was the last one so far. */
  readonly next?: string;
}

/** A collection of objects (TAXII 2.1 collection). */
export interface StixCollection {
  readonly id: string;
  readonly title: string;
  readonly description: string | null;
  readonly alias: string | null;
  readonly createdAt: number;
}

/** One reference between two objects' latest versions. */
export interface StixReference {
  readonly source: string;
  /** JSON pointer of the reference in the source (`/source_ref`, `/object_refs/3`). */
  readonly path: string;
  readonly target: string;
}

/** A stored version from its `stix_objects` row. */
export function toStored(r: Selectable<StixObjectsTable>): StoredObject {
  return {
    id: r.id,
    type: r.type,
    version: r.version,
    specVersion: r.spec_version,
    created: r.created,
    modified: r.modified,
    revoked: r.revoked === 1,
    isLast: r.is_last === 1,
    markingRefs: JSON.parse(r.marking_refs) as string[],
    source: r.source,
    dateAdded: Number(r.date_added),
    object: JSON.parse(r.json) as Record<string, unknown>,
  };
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Reads and writes the `stix_*` tables. */
export class StixStore {
  readonly #db: Kysely<Database>;
  readonly #options: StixStoreOptions;

  constructor(db: Kysely<Database>, options: StixStoreOptions = {}) {
    this.#db = db;
    this.#options = options;
  }

  /**
   * Validates `input` (a bundle, a list of objects or one object; parsed, or JSON text) and stores
   * every version in one transaction; nothing is stored when anything is refused.
   *
   * @throws `SAKIMORI_ERR_STIX_OBJECT_INVALID`, `SAKIMORI_ERR_STIX_MARKING_UNKNOWN`,
   * `SAKIMORI_ERR_INTEL_STIX_TOO_LARGE`, `SAKIMORI_ERR_INTEL_STIX_CONFLICT`,
   * `SAKIMORI_ERR_INTEL_STIX_COLLECTION_UNKNOWN`.
   */
  async ingest(input: unknown, options: IngestOptions): Promise<IngestResult> {
    // Marking definitions stored earlier resolve too: a producer sends its definition once.
    const stored = await this.#storedMarkingDefinitions();
    const prepared = prepareInput(input, {
      defaultMarkingRef: options.defaultMarkingRef,
      maxBytes: this.#options.maxBytes ?? DEFAULT_MAX_INGEST_BYTES,
      sha256Hex,
      markingDefinitions: [...(this.#options.markingDefinitions ?? []), ...stored],
      ...(this.#options.validation === undefined ? {} : { validation: this.#options.validation }),
    });
    return inTransaction(this.#db, (trx) => writeVersions(trx, prepared, options));
  }

  async #storedMarkingDefinitions(): Promise<MarkingDefinition[]> {
    const rows = await this.#db.selectFrom('stix_objects').select('json').where('type', '=', 'marking-definition').where('is_last', '=', 1).execute();
    return rows.map((r) => JSON.parse(r.json) as MarkingDefinition);
  }

  /** Every collection, by id. */
  async collections(): Promise<StixCollection[]> {
    const rows = await this.#db.selectFrom('stix_collections').selectAll().orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, title: r.title, description: r.description, alias: r.alias, createdAt: Number(r.created_at) }));
  }

  /**
   * Creates an empty collection (for a TAXII server to offer before anything is added to it);
   * answers false, changing nothing, when a collection with this id exists.
   */
  async createCollection(id: string, collection: NewCollection, now: number): Promise<boolean> {
    const r = await this.#db
      .insertInto('stix_collections')
      .values({ id, title: collection.title, description: collection.description ?? null, alias: collection.alias ?? null, created_at: now })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Every stored version of `id`, oldest first. */
  async versions(id: string): Promise<StoredObject[]> {
    const rows = await this.#db.selectFrom('stix_objects').selectAll().where('id', '=', id).execute();
    return rows.sort(compareVersions).map(toStored);
  }

  /** The latest version of `id` (or the one `version` selects); `all` returns every version. */
  async get(id: string, options?: { readonly version?: 'last' | 'first' | (string & {}) }): Promise<StoredObject | undefined>;
  async get(id: string, options: { readonly version: 'all' }): Promise<StoredObject[]>;
  async get(id: string, options: { readonly version?: VersionSelector } = {}): Promise<StoredObject | StoredObject[] | undefined> {
    const selector = options.version ?? 'last';
    if (selector === 'all') return this.versions(id);
    if (selector === 'last') {
      // The ingest keeps `is_last` on the latest version: read that row, not every version.
      const row = await this.#db.selectFrom('stix_objects').selectAll().where('id', '=', id).where('is_last', '=', 1).executeTakeFirst();
      return row === undefined ? undefined : toStored(row);
    }
    if (selector === 'first') return (await this.versions(id))[0];
    const version = selector.startsWith('sha256:') ? selector : normaliseTimestamp(selector);
    if (version === undefined) throw new ERR_INTEL_STIX_VERSION(JSON.stringify(selector));
    const row = await this.#db.selectFrom('stix_objects').selectAll().where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return row === undefined ? undefined : toStored(row);
  }

  /** True when any stored version of `id` says `revoked: true` (revocation is permanent, §3.6). */
  async isRevoked(id: string): Promise<boolean> {
    const r = await this.#db.selectFrom('stix_objects').select('id').where('id', '=', id).where('revoked', '=', 1).executeTakeFirst();
    return r !== undefined;
  }

  /**
   * References of `id`'s latest version (`from`), or of every object whose latest version names
   * `id` (`to`), ordered by source then path.
   */
  async references(id: string, direction: 'from' | 'to'): Promise<StixReference[]> {
    const rows = await this.#db
      .selectFrom('stix_refs as r')
      .innerJoin('stix_objects as o', (j) => j.onRef('o.id', '=', 'r.source_id').onRef('o.version', '=', 'r.source_version'))
      .select(['r.source_id', 'r.path', 'r.target_id'])
      .where(direction === 'from' ? 'r.source_id' : 'r.target_id', '=', id)
      .where('o.is_last', '=', 1)
      .orderBy('r.source_id')
      .orderBy('r.path')
      .execute();
    return rows.map((r) => ({ source: r.source_id, path: r.path, target: r.target_id }));
  }

  /**
   * Stored versions in the order they were added (to the store, or to `collectionId`), one page at
   * a time: pass the page's `next` as `after` for the following one.
   */
  async list(options: ListOptions = {}): Promise<StixPage> {
    const limit = Math.max(1, Math.min(MAX_PAGE_ROWS, options.limit ?? 100));
    if ((options.types !== undefined && options.types.length === 0) || (options.ids !== undefined && options.ids.length === 0)) return { objects: [] };
    const after = options.after === undefined ? undefined : decodeCursor(options.after);
    const collection = options.collectionId;
    // Within a collection the order is that of additions to the collection, else of the store.
    const at = collection === undefined ? 'o' : 'm';
    const dateAdded = this.#db.dynamic.ref<'date_added'>(`${at}.date_added`);
    const seq = this.#db.dynamic.ref<'seq'>(`${at}.seq`);
    let s = this.#db
      .selectFrom('stix_objects as o')
      .$if(collection !== undefined, (qb) =>
        qb.innerJoin('stix_collection_objects as m', (j) =>
          j
            .onRef('m.object_id', '=', 'o.id')
            .onRef('m.version', '=', 'o.version')
            .on('m.collection_id', '=', collection ?? ''),
        ),
      )
      .selectAll('o')
      .select([sql<number>`${dateAdded}`.as('added'), sql<number>`${seq}`.as('position')]);
    if (options.types !== undefined) s = s.where('o.type', 'in', [...options.types]);
    if (options.ids !== undefined) s = s.where('o.id', 'in', [...options.ids]);
    if (options.addedAfter !== undefined) s = s.where(dateAdded, '>', options.addedAfter);
    if (after !== undefined) s = s.where((eb) => eb.or([eb(dateAdded, '>', after.dateAdded), eb.and([eb(dateAdded, '=', after.dateAdded), eb(seq, '>', after.seq)])]));
    const rows = await s
      .orderBy(dateAdded)
      .orderBy(seq)
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const objects = page.map((r) => ({ ...toStored(r), dateAdded: Number(r.added) }));
    return rows.length > limit && last !== undefined ? { objects, next: encodeCursor({ dateAdded: Number(last.added), seq: Number(last.position) }) } : { objects };
  }
}
