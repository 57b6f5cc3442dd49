/**
 * A TAXII backend in memory, loadable from the data file of the OASIS reference server
 * (medallion's `default_data.json` shape). For tests, demos and small deployments.
 */
import type {
  AddRequest,
  PageRequest,
  StatusDetail,
  StixJson,
  StoredVersion,
  TaxiiApiRoot,
  TaxiiBackend,
  TaxiiCollection,
  TaxiiDiscovery,
  TaxiiPrincipal,
  TaxiiStatus,
  VersionPage,
} from './backend.js';
import { selectVersions } from './select-versions.js';
import { comparePosition, storedVersionOf } from './stored-version.js';
import { nextMicrosecond, parseTaxiiTimestamp, type TaxiiTimestamp } from './timestamp.js';

/** One collection in the seed: its resource, its objects and their manifest (for `date_added`). */
export interface TaxiiSeedCollection extends Omit<TaxiiCollection, 'can_read' | 'can_write'> {
  readonly can_read: boolean;
  readonly can_write: boolean;
  readonly objects?: readonly StixJson[];
  readonly manifest?: readonly { readonly id: string; readonly version: string; readonly date_added: string }[];
}

/** One API root in the seed. */
export interface TaxiiSeedRoot {
  readonly information: TaxiiApiRoot;
  readonly status?: readonly TaxiiStatus[];
  readonly collections?: readonly TaxiiSeedCollection[];
}

/** The seed: medallion's data file shape (`/discovery` plus one entry per API root). */
export type TaxiiSeed = { readonly '/discovery': TaxiiDiscovery } & { readonly [root: string]: TaxiiSeedRoot | TaxiiDiscovery };

/** Options of {@link createMemoryTaxiiBackend}. */
export interface MemoryTaxiiBackendOptions {
  /** Now, in milliseconds (default `Date.now`). */
  readonly now?: () => number;
  /** Makes status resource ids (default `crypto.randomUUID`). */
  readonly newId?: () => string;
  /** Rights of a principal on a collection (default: the seed's `can_read`/`can_write`). */
  readonly rights?: (principal: TaxiiPrincipal, root: string, collection: TaxiiSeedCollection) => { canRead: boolean; canWrite: boolean };
}

interface CollectionState {
  readonly seed: TaxiiSeedCollection;
  /** Versions kept in (`date_added`, sequence) order. */
  versions: StoredVersion[];
  seq: number;
}

interface RootState {
  readonly information: TaxiiApiRoot;
  readonly statuses: Map<string, TaxiiStatus>;
  readonly collections: Map<string, CollectionState>;
}

/** Creates an in-memory TAXII backend holding the seed's roots, collections, objects and statuses. */
export function createMemoryTaxiiBackend(seed: TaxiiSeed, options: MemoryTaxiiBackendOptions = {}): TaxiiBackend {
  const now = options.now ?? Date.now;
  const newId = options.newId ?? (() => globalThis.crypto.randomUUID());
  const rights = options.rights ?? ((_p, _r, c) => ({ canRead: c.can_read, canWrite: c.can_write }));
  const roots = loadRoots(seed);
  let lastAdded = latestDateAdded(roots);

  /** `date_added` strictly increases, so objects added later always sort after every page position. */
  function dateAddedNow(): TaxiiTimestamp {
    const t = parseTaxiiTimestamp(new Date(now()).toISOString()) as TaxiiTimestamp;
    lastAdded = t > lastAdded ? t : nextMicrosecond(lastAdded);
    return lastAdded;
  }
  function view(principal: TaxiiPrincipal, root: string, c: TaxiiSeedCollection): TaxiiCollection {
    const { objects: _o, manifest: _m, ...resource } = c;
    const r = rights(principal, root, c);
    return { ...resource, can_read: r.canRead, can_write: r.canWrite };
  }
  function collectionState(root: string, collectionId: string): CollectionState | undefined {
    return roots.get(root)?.collections.get(collectionId);
  }

  return {
    discovery: async () => seed['/discovery'],
    apiRoot: async (root) => roots.get(root)?.information,
    collections: async (root, principal) => {
      const r = roots.get(root);
      return r === undefined ? undefined : [...r.collections.values()].map((c) => view(principal, root, c.seed));
    },
    collection: async (root, id, principal) => {
      const c = collectionState(root, id);
      return c === undefined ? undefined : view(principal, root, c.seed);
    },
    objects: async (root, id, filter, page) => pageOf(selectVersions(collectionState(root, id)?.versions ?? [], filter), page),
    hasObject: async (root, id, objectId) => (collectionState(root, id)?.versions ?? []).some((v) => v.id === objectId),
    addObjects: async (root, id, request) => {
      const r = roots.get(root);
      const c = collectionState(root, id);
      if (r === undefined || c === undefined) throw new Error(`no collection ${root}/${id}`);
      const dateAdded = dateAddedNow();
      const status = addAll(c, request, dateAdded, newId());
      r.statuses.set(status.id, status);
      return status;
    },
    status: async (root, statusId) => roots.get(root)?.statuses.get(statusId),
    deleteObject: async (root, id, objectId, filter) => {
      const c = collectionState(root, id);
      if (c === undefined) return 0;
      const gone = new Set(selectVersions(c.versions, { ...filter, ids: [objectId] }, true));
      c.versions = c.versions.filter((v) => !gone.has(v));
      return gone.size;
    },
  };
}

function addAll(c: CollectionState, request: AddRequest, dateAdded: TaxiiTimestamp, statusId: string): TaxiiStatus {
  const successes: StatusDetail[] = [];
  for (const object of request.accepted) {
    const stored = storedVersionOf(object, dateAdded, ++c.seq);
    const present = c.versions.some((v) => v.id === stored.id && v.version === stored.version);
    // Adding a version the collection already holds changes nothing (TAXII 2.1 §5.5: the server may ignore it).
    if (present) successes.push({ id: stored.id, version: stored.versionText, message: 'Object already added' });
    else {
      c.versions.push(stored);
      successes.push({ id: stored.id, version: stored.versionText });
    }
  }
  return {
    id: statusId,
    status: 'complete',
    request_timestamp: dateAdded,
    total_count: successes.length + request.rejected.length,
    success_count: successes.length,
    successes,
    failure_count: request.rejected.length,
    failures: request.rejected,
    pending_count: 0,
    pendings: [],
  };
}

function pageOf(selected: readonly StoredVersion[], page: PageRequest): VersionPage {
  const after = page.after;
  const start = after === undefined ? 0 : firstAfter(selected, after);
  const items = selected.slice(start, start + page.limit);
  return { items, more: start + items.length < selected.length };
}

/** Index of the first version strictly after the position (binary search over the sorted list). */
function firstAfter(sorted: readonly StoredVersion[], after: NonNullable<PageRequest['after']>): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (comparePosition(sorted[mid] as StoredVersion, after) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function latestDateAdded(roots: ReadonlyMap<string, RootState>): TaxiiTimestamp {
  let latest = '' as TaxiiTimestamp;
  for (const r of roots.values()) for (const c of r.collections.values()) for (const v of c.versions) if (v.dateAdded > latest) latest = v.dateAdded;
  return latest;
}

function loadRoots(seed: TaxiiSeed): Map<string, RootState> {
  const roots = new Map<string, RootState>();
  for (const [name, value] of Object.entries(seed)) {
    if (name === '/discovery') continue;
    const root = value as TaxiiSeedRoot;
    const collections = new Map<string, CollectionState>();
    for (const c of root.collections ?? []) collections.set(c.id, loadCollection(c));
    const statuses = new Map((root.status ?? []).map((s) => [s.id, s] as const));
    roots.set(name, { information: root.information, statuses, collections });
  }
  return roots;
}

function loadCollection(seed: TaxiiSeedCollection): CollectionState {
  const added = new Map<string, TaxiiTimestamp>();
  for (const m of seed.manifest ?? []) {
    const t = parseTaxiiTimestamp(m.date_added);
    const v = parseTaxiiTimestamp(m.version);
    if (t !== undefined && v !== undefined) added.set(`${m.id}|${v}`, t);
  }
  let seq = 0;
  const versions = (seed.objects ?? []).map((object) => {
    const probe = storedVersionOf(object, '0000-01-01T00:00:00.000000Z' as TaxiiTimestamp, 0);
    const dateAdded = added.get(`${probe.id}|${probe.version}`) ?? ('1970-01-01T00:00:00.000000Z' as TaxiiTimestamp);
    return storedVersionOf(object, dateAdded, ++seq);
  });
  return { seed, versions: versions.sort(comparePosition), seq };
}
