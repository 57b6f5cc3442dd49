/**
 * What a TAXII 2.1 server needs from its store: discovery and API roots, collections with
 * per-principal rights, objects with their versions and `date_added`, status resources. The
 * in-memory store ({@link createMemoryTaxiiBackend}) and the SQL STIX store implement it; both run
 * the contract suite in `testing/backend-contract.ts`.
 *
 * Paging is positional: every stored object version has a per-collection sequence number, and a
 * page position is (`date_added`, sequence) of the last entry handed out. A client that follows
 * `next` therefore sees every version exactly once, even while others add objects, and versions
 * sharing one `date_added` are never skipped or repeated at a page boundary.
 */
import type { TaxiiTimestamp } from './timestamp.js';

/** The authenticated caller, as the API's authenticator names it; the backend decides its rights. */
export interface TaxiiPrincipal {
  /** Stable name of the caller (account or token id). */
  readonly id: string;
}

/** A STIX object as stored and served (opaque JSON with at least `id` and `type`). */
export type StixJson = Readonly<Record<string, unknown>>;

/** The discovery resource (TAXII 2.1 §4.1.1). */
export interface TaxiiDiscovery {
  readonly title: string;
  readonly description?: string;
  readonly contact?: string;
  readonly default?: string;
  readonly api_roots: readonly string[];
}

/** The API root resource (TAXII 2.1 §4.2.1). */
export interface TaxiiApiRoot {
  readonly title: string;
  readonly description?: string;
  readonly versions: readonly string[];
  readonly max_content_length: number;
}

/** A collection resource (TAXII 2.1 §5.2.1) with the rights of the principal who asked. */
export interface TaxiiCollection {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly alias?: string;
  readonly can_read: boolean;
  readonly can_write: boolean;
  readonly media_types: readonly string[];
}

/** One stored version of one object, with the metadata TAXII pages and filters on. */
export interface StoredVersion {
  readonly id: string;
  readonly type: string;
  /** The object's version (`modified`, else `created`, else `date_added`), normalised. */
  readonly version: TaxiiTimestamp;
  /** The version as the object writes it, for manifests and version lists. */
  readonly versionText: string;
  readonly specVersion: string;
  readonly mediaType: string;
  readonly dateAdded: TaxiiTimestamp;
  /** Per-collection insertion sequence; with `dateAdded` the total order of the collection. */
  readonly seq: number;
  readonly object: StixJson;
}

/** One `match[version]` term: first, last, all, or one exact version. */
export type VersionMatch = { readonly kind: 'first' } | { readonly kind: 'last' } | { readonly kind: 'all' } | { readonly kind: 'at'; readonly version: TaxiiTimestamp };

/**
 * The filters of a request (TAXII 2.1 §3.4). Absent `specVersions` means the latest spec version
 * of each object; absent `versions` means `last` (or `all` when deleting).
 */
export interface ObjectFilter {
  readonly ids?: readonly string[];
  readonly types?: readonly string[];
  readonly versions?: readonly VersionMatch[];
  readonly specVersions?: readonly string[];
  readonly addedAfter?: TaxiiTimestamp;
}

/** Where a page starts: strictly after this (`date_added`, sequence) position. */
export interface PagePosition {
  readonly dateAdded: TaxiiTimestamp;
  readonly seq: number;
}

/** What page to read. */
export interface PageRequest {
  readonly limit: number;
  readonly after?: PagePosition;
}

/** A page of versions, in (`date_added`, sequence) order; `more` when versions follow. */
export interface VersionPage {
  readonly items: readonly StoredVersion[];
  readonly more: boolean;
}

/** One line of a status resource's successes, failures or pendings. */
export interface StatusDetail {
  readonly id: string;
  readonly version: string;
  readonly message?: string;
}

/** The status resource (TAXII 2.1 §4.3.1). */
export interface TaxiiStatus {
  readonly id: string;
  readonly status: 'complete' | 'pending';
  readonly request_timestamp?: string;
  readonly total_count: number;
  readonly success_count: number;
  readonly successes?: readonly StatusDetail[];
  readonly failure_count: number;
  readonly failures?: readonly StatusDetail[];
  readonly pending_count: number;
  readonly pendings?: readonly StatusDetail[];
}

/** What to add: objects that passed validation, and those refused with the reason. */
export interface AddRequest {
  readonly accepted: readonly StixJson[];
  readonly rejected: readonly StatusDetail[];
}

/** The store behind a TAXII server. Unknown roots or collections answer `undefined`. */
export interface TaxiiBackend {
  /** The discovery resource. */
  discovery(): Promise<TaxiiDiscovery>;
  /** The API root resource, or undefined when no such root exists. */
  apiRoot(root: string): Promise<TaxiiApiRoot | undefined>;
  /** The collections of a root with the principal's rights, or undefined when no such root. */
  collections(root: string, principal: TaxiiPrincipal): Promise<readonly TaxiiCollection[] | undefined>;
  /** One collection with the principal's rights, or undefined. */
  collection(root: string, collectionId: string, principal: TaxiiPrincipal): Promise<TaxiiCollection | undefined>;
  /** Matching object versions after `page.after`, at most `page.limit` of them. */
  objects(root: string, collectionId: string, filter: ObjectFilter, page: PageRequest): Promise<VersionPage>;
  /** Whether any version of the object exists in the collection (regardless of filters). */
  hasObject(root: string, collectionId: string, objectId: string): Promise<boolean>;
  /** Adds objects (each at `date_added` = now) and records and returns the status resource. */
  addObjects(root: string, collectionId: string, request: AddRequest): Promise<TaxiiStatus>;
  /** A status resource of the root, or undefined. */
  status(root: string, statusId: string): Promise<TaxiiStatus | undefined>;
  /** Deletes the versions of one object that the filter selects; answers how many went. */
  deleteObject(root: string, collectionId: string, objectId: string, filter: ObjectFilter): Promise<number>;
}
