/**
 * The TAXII 2.1 endpoints as HTTP-free operations: each takes the caller, the path parameters, the
 * query (and for POST the body) and answers a status, a body and headers. Checks run in TAXII's
 * order — root, collection, the principal's right, query — and every object answer passes through
 * the release filter, so what a principal may receive is decided in one place.
 */
import type { StixJson, StoredVersion, TaxiiBackend, TaxiiCollection, TaxiiPrincipal } from './backend.js';
import { envelopeAnswer, manifestAnswer, type TaxiiAnswer, versionsAnswer } from './envelope.js';
import { readEnvelope } from './envelope-intake.js';
import { ERR_TAXII_FORBIDDEN, ERR_TAXII_NOT_FOUND, ERR_TAXII_TOO_LARGE, ERR_TAXII_UNPROCESSABLE } from './errors.js';
import { assertTaxiiContentType } from './media-type.js';
import { decodeNext } from './next-token.js';
import { parseTaxiiQuery, type RawQuery, type TaxiiEndpoint } from './query.js';
import { versionTextOf } from './stored-version.js';
import type { TaxiiTimestamp } from './timestamp.js';

/** Where an object answer is going: the release filter may decide per principal and collection. */
export interface TaxiiReleaseContext {
  readonly principal: TaxiiPrincipal;
  readonly root: string;
  readonly collectionId: string;
}

/** What of these objects the principal may receive; it may withhold objects or hand back redacted copies. */
export type TaxiiRelease = (objects: readonly StixJson[], context: TaxiiReleaseContext) => readonly StixJson[] | Promise<readonly StixJson[]>;

/** Path parameters of the TAXII URLs (those an endpoint lacks are empty). */
export interface TaxiiPathParams {
  readonly root: string;
  readonly collection: string;
  readonly object: string;
  readonly status: string;
}

/** One authenticated TAXII request. */
export interface TaxiiRequest {
  readonly principal: TaxiiPrincipal;
  readonly params: TaxiiPathParams;
  readonly query: RawQuery;
  /** Content-Type and raw text of a POST body. */
  readonly contentType?: string | undefined;
  readonly body?: string | undefined;
}

/** The answer of one operation. */
export interface TaxiiResult {
  readonly status: number;
  readonly answer: TaxiiAnswer;
}

/** The TAXII operations, one per endpoint and method. */
export type TaxiiOperation = 'discovery' | 'apiRoot' | 'status' | 'collections' | 'collection' | 'manifest' | 'objects' | 'addObjects' | 'object' | 'deleteObject' | 'versions';

/** Dependencies of {@link createTaxiiService}. */
export interface TaxiiServiceDeps {
  readonly backend: TaxiiBackend;
  /** Default: release everything. */
  readonly release?: TaxiiRelease;
  /** Largest page a client gets, whatever `limit` it asks (default 1000). */
  readonly maxPageSize?: number;
}

const ok = (body: object, status = 200): TaxiiResult => ({ status, answer: { body: { ...body }, headers: {} } });

/** Identity of an object version across the release filter (which may hand back redacted copies). */
function releaseKey(o: StixJson): string {
  return `${String(o.id)}|${versionTextOf(o, '' as TaxiiTimestamp)}`;
}

/** Creates the TAXII operations over a backend. */
export function createTaxiiService(deps: TaxiiServiceDeps): Record<TaxiiOperation, (req: TaxiiRequest) => Promise<TaxiiResult>> {
  const { backend } = deps;
  const maxPageSize = deps.maxPageSize ?? 1000;
  const release: TaxiiRelease = deps.release ?? ((objects) => objects);

  async function collectionFor(r: TaxiiRequest, right: 'read' | 'write'): Promise<TaxiiCollection> {
    const p = r.params;
    if ((await backend.apiRoot(p.root)) === undefined) throw new ERR_TAXII_NOT_FOUND(`API root ${p.root}`);
    const c = await backend.collection(p.root, p.collection, r.principal);
    if (c === undefined) throw new ERR_TAXII_NOT_FOUND(`collection ${p.collection}`);
    if (!(right === 'read' ? c.can_read : c.can_write)) throw new ERR_TAXII_FORBIDDEN(right, p.collection);
    return c;
  }

  async function objectFor(r: TaxiiRequest, right: 'read' | 'write'): Promise<void> {
    await collectionFor(r, right);
    if (!(await backend.hasObject(r.params.root, r.params.collection, r.params.object))) throw new ERR_TAXII_NOT_FOUND(`object ${r.params.object}`);
  }

  /** Reads one page and passes its objects through the release filter. */
  async function releasedPage(endpoint: TaxiiEndpoint, r: TaxiiRequest, objectId?: string) {
    const p = r.params;
    const q = parseTaxiiQuery(endpoint, r.query, maxPageSize, objectId ?? p.collection);
    const filter = objectId === undefined ? q.filter : { ...q.filter, ids: [objectId] };
    const after = q.next === undefined ? undefined : decodeNext(q.next, q.fingerprint);
    const page = await backend.objects(p.root, p.collection, filter, { limit: q.limit, ...(after === undefined ? {} : { after }) });
    const released = await release(
      page.items.map((v) => v.object),
      { principal: r.principal, root: p.root, collectionId: p.collection },
    );
    const keys = new Set(released.map(releaseKey));
    const kept = page.items.filter((v: StoredVersion) => keys.has(releaseKey(v.object)));
    return { page, kept, released, fingerprint: q.fingerprint };
  }

  async function addObjects(r: TaxiiRequest): Promise<TaxiiResult> {
    await collectionFor(r, 'write');
    assertTaxiiContentType(r.contentType);
    const text = r.body ?? '';
    const info = await backend.apiRoot(r.params.root);
    const size = new TextEncoder().encode(text).length;
    if (info !== undefined && size > info.max_content_length) throw new ERR_TAXII_TOO_LARGE(size, info.max_content_length);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ERR_TAXII_UNPROCESSABLE('the body is not JSON');
    }
    return ok(await backend.addObjects(r.params.root, r.params.collection, readEnvelope(body)), 202);
  }

  return {
    discovery: async () => ok(await backend.discovery()),
    apiRoot: async (r) => ok((await backend.apiRoot(r.params.root)) ?? notFound(`API root ${r.params.root}`)),
    status: async (r) => ok((await backend.status(r.params.root, r.params.status)) ?? notFound(`status ${r.params.status}`)),
    collections: async (r) => {
      const list = (await backend.collections(r.params.root, r.principal)) ?? notFound(`API root ${r.params.root}`);
      return ok(list.length === 0 ? {} : { collections: list });
    },
    collection: async (r) => ok((await backend.collection(r.params.root, r.params.collection, r.principal)) ?? notFound(`collection ${r.params.collection}`)),
    manifest: async (r) => {
      await collectionFor(r, 'read');
      const p = await releasedPage('manifest', r);
      return { status: 200, answer: manifestAnswer(p.page, p.kept, p.fingerprint) };
    },
    objects: async (r) => {
      await collectionFor(r, 'read');
      const p = await releasedPage('objects', r);
      return { status: 200, answer: envelopeAnswer(p.page, p.kept, p.released, p.fingerprint) };
    },
    addObjects,
    object: async (r) => {
      await objectFor(r, 'read');
      const p = await releasedPage('object', r, r.params.object);
      return { status: 200, answer: envelopeAnswer(p.page, p.kept, p.released, p.fingerprint) };
    },
    deleteObject: async (r) => {
      await objectFor(r, 'write');
      const q = parseTaxiiQuery('delete', r.query, maxPageSize, r.params.object);
      await backend.deleteObject(r.params.root, r.params.collection, r.params.object, q.filter);
      return ok({});
    },
    versions: async (r) => {
      await objectFor(r, 'read');
      const p = await releasedPage('versions', r, r.params.object);
      return { status: 200, answer: versionsAnswer(p.page, p.kept, p.fingerprint) };
    },
  };
}

function notFound(what: string): never {
  throw new ERR_TAXII_NOT_FOUND(what);
}
