/**
 * The TAXII 2.1 backend over the SQL STIX object store: API roots are configured in code, the
 * collections are the store's, objects go in through the store's `ingest` (validation, default
 * marking, one transaction per request), and rights come from `taxii_collection_grants`.
 *
 * @example
 * ```ts
 * const backend = createSqlTaxiiBackend(storage.db, {
 *   discovery: { title: 'Sakimori TAXII' },
 *   baseUrl: 'https://sakimori.example/taxii2/',
 *   roots: [{ name: 'sakimori', title: 'Sakimori', collections: 'all' }],
 *   defaultMarkingRef: TLP2_IDS.amber,
 *   administratorRoles: ['admin'],
 *   now: () => clock.now(),
 *   identify: (p) => actors.get(p.id), // organisation and roles of the caller
 * });
 * ```
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../storage/database.js';
import { StixStore, type StixCollection, type StixStoreOptions } from '../../stix/stix-store.js';
import type { TaxiiApiRoot, TaxiiBackend, TaxiiCollection, TaxiiDiscovery, TaxiiPrincipal, TaxiiStatus, VersionPage } from '../backend.js';
import { ERR_TAXII_NOT_FOUND } from '../errors.js';
import { selectVersions } from '../select-versions.js';
import { taxiiTimestampOf } from '../timestamp.js';
import { addThroughStore } from './add-objects.js';
import { collectionPage } from './collection-page.js';
import { collectionHolds, collectionVersions, removeFromCollection } from './collection-versions.js';
import { rightsOf, type TaxiiGrant, type TaxiiGrantee } from './collection-rights.js';
import { TaxiiGrantStore } from './taxii-grant-store.js';

/** The media type of every object the STIX store holds. */
const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';
const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';
/** Default `max_content_length` of an API root: 10 MiB. */
export const DEFAULT_MAX_CONTENT_LENGTH = 10 * 1024 * 1024;

/** One API root, configured in code. */
export interface SqlTaxiiRoot {
  /** Path segment of the root (`sakimori` → `<baseUrl>sakimori/`). */
  readonly name: string;
  readonly title: string;
  readonly description?: string;
  /** The store collections this root serves: all of them, or these ids. */
  readonly collections: 'all' | readonly string[];
  /** Largest POST body accepted, in bytes (default {@link DEFAULT_MAX_CONTENT_LENGTH}). */
  readonly maxContentLength?: number;
}

/** A principal that carries its organisation and roles itself (what the default `identify` reads). */
export interface SqlTaxiiPrincipal extends TaxiiPrincipal {
  readonly organizationId?: string | undefined;
  readonly roles?: readonly string[];
}

/** Dependencies of {@link createSqlTaxiiBackend}. */
export interface SqlTaxiiBackendDeps {
  readonly discovery: { readonly title: string; readonly description?: string; readonly contact?: string };
  /** URL the API roots hang under, ending in `/` (`https://host/taxii2/`). */
  readonly baseUrl: string;
  readonly roots: readonly SqlTaxiiRoot[];
  /** TLP marking definition id given to added objects that carry no TLP marking. */
  readonly defaultMarkingRef: string;
  /** Roles that may read and write every collection, granted or not. */
  readonly administratorRoles: readonly string[];
  /** Now, in epoch milliseconds. */
  readonly now: () => number;
  /** Organisation and roles of a principal (default: read from a {@link SqlTaxiiPrincipal}). */
  readonly identify?: (principal: TaxiiPrincipal) => TaxiiGrantee | Promise<TaxiiGrantee>;
  /** Options of the STIX store the backend builds (validation, size limit, custom markings). */
  readonly storeOptions?: StixStoreOptions;
  /** Makes status resource ids (default `crypto.randomUUID`). */
  readonly newId?: () => string;
}

function defaultIdentify(p: TaxiiPrincipal): TaxiiGrantee {
  const s = p as SqlTaxiiPrincipal;
  return { organizationId: s.organizationId, roles: s.roles ?? [] };
}

function resourceOf(c: StixCollection): Omit<TaxiiCollection, 'can_read' | 'can_write'> {
  return {
    id: c.id,
    title: c.title,
    ...(c.description === null ? {} : { description: c.description }),
    ...(c.alias === null ? {} : { alias: c.alias }),
    media_types: [STIX_MEDIA_TYPE],
  };
}

/** Creates the TAXII backend over the STIX store in `db`. */
export function createSqlTaxiiBackend(db: Kysely<Database>, deps: SqlTaxiiBackendDeps): TaxiiBackend {
  const store = new StixStore(db, deps.storeOptions);
  const grants = new TaxiiGrantStore(db);
  const identify = deps.identify ?? defaultIdentify;
  const newId = deps.newId ?? (() => globalThis.crypto.randomUUID());
  const roots = new Map(deps.roots.map((r) => [r.name, r] as const));

  /** The store collections a root serves, by id order; undefined for an unknown root. */
  async function collectionsOf(root: string): Promise<StixCollection[] | undefined> {
    const r = roots.get(root);
    if (r === undefined) return undefined;
    const all = await store.collections();
    const wanted = r.collections;
    return wanted === 'all' ? all : all.filter((c) => wanted.includes(c.id));
  }
  async function served(root: string, collectionId: string): Promise<StixCollection | undefined> {
    return (await collectionsOf(root))?.find((c) => c.id === collectionId);
  }
  async function views(list: readonly StixCollection[], principal: TaxiiPrincipal): Promise<TaxiiCollection[]> {
    const who = await identify(principal);
    const byCollection = new Map<string, TaxiiGrant[]>();
    for (const g of await grants.list(list.map((c) => c.id))) byCollection.set(g.collectionId, [...(byCollection.get(g.collectionId) ?? []), g]);
    return list.map((c) => {
      const r = rightsOf(byCollection.get(c.id) ?? [], who, deps.administratorRoles);
      return { ...resourceOf(c), can_read: r.canRead, can_write: r.canWrite };
    });
  }

  return {
    discovery: async (): Promise<TaxiiDiscovery> => {
      const urls = deps.roots.map((r) => `${deps.baseUrl}${r.name}/`);
      return { ...deps.discovery, ...(urls[0] === undefined ? {} : { default: urls[0] }), api_roots: urls };
    },
    apiRoot: async (root): Promise<TaxiiApiRoot | undefined> => {
      const r = roots.get(root);
      if (r === undefined) return undefined;
      return {
        title: r.title,
        ...(r.description === undefined ? {} : { description: r.description }),
        versions: [TAXII_MEDIA_TYPE],
        max_content_length: r.maxContentLength ?? DEFAULT_MAX_CONTENT_LENGTH,
      };
    },
    collections: async (root, principal) => {
      const list = await collectionsOf(root);
      return list === undefined ? undefined : views(list, principal);
    },
    collection: async (root, collectionId, principal) => {
      const c = await served(root, collectionId);
      return c === undefined ? undefined : (await views([c], principal))[0];
    },
    objects: async (root, collectionId, filter, page): Promise<VersionPage> => {
      if ((await served(root, collectionId)) === undefined) return { items: [], more: false };
      return collectionPage(db, collectionId, filter, page);
    },
    hasObject: async (root, collectionId, objectId) => (await served(root, collectionId)) !== undefined && collectionHolds(db, collectionId, objectId),
    addObjects: async (root, collectionId, request): Promise<TaxiiStatus> => {
      if ((await served(root, collectionId)) === undefined) throw new ERR_TAXII_NOT_FOUND(`collection ${collectionId}`);
      const now = deps.now();
      const outcome = await addThroughStore(
        { store, db, collectionId, source: `taxii:${root}/${collectionId}`, defaultMarkingRef: deps.defaultMarkingRef, validation: deps.storeOptions?.validation, now },
        request.accepted,
      );
      const failures = [...request.rejected, ...outcome.failures];
      const status: TaxiiStatus = {
        id: newId(),
        status: 'complete',
        request_timestamp: taxiiTimestampOf(now),
        total_count: outcome.successes.length + failures.length,
        success_count: outcome.successes.length,
        successes: outcome.successes,
        failure_count: failures.length,
        failures,
        pending_count: 0,
        pendings: [],
      };
      await db
        .insertInto('taxii_statuses')
        .values({ id: status.id, api_root: root, collection_id: collectionId, json: JSON.stringify(status), created_at: now })
        .execute();
      return status;
    },
    status: async (root, statusId) => {
      if (!roots.has(root)) return undefined;
      const r = await db.selectFrom('taxii_statuses').select('json').where('api_root', '=', root).where('id', '=', statusId).executeTakeFirst();
      return r === undefined ? undefined : (JSON.parse(r.json) as TaxiiStatus);
    },
    deleteObject: async (root, collectionId, objectId, filter) => {
      if ((await served(root, collectionId)) === undefined) return 0;
      const versions = await collectionVersions(db, collectionId, { ids: [objectId] });
      const gone = selectVersions([...versions.keys()], { ...filter, ids: [objectId] }, true);
      // Membership only: the versions stay stored (see removeFromCollection).
      return removeFromCollection(
        db,
        collectionId,
        objectId,
        gone.map((v) => versions.get(v) ?? ''),
      );
    },
  };
}
