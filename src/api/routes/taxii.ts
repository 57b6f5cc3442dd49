/**
 * The TAXII 2.1 server on HTTP: discovery, API roots, collections, objects, manifests, versions
 * and status resources (OASIS TAXII 2.1 §4–§5). The protocol lives in `intel/taxii/`; this plugin
 * only maps HTTP onto it. Authentication is the caller's (`authenticate`), rights per collection
 * are the backend's, and every object leaves through the release filter, so the platform's
 * release policy decides what a principal may receive.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import {
  assertAcceptable,
  assertTaxiiContentType,
  decodeNext,
  envelopeAnswer,
  ERR_TAXII_FORBIDDEN,
  ERR_TAXII_NOT_FOUND,
  ERR_TAXII_TOO_LARGE,
  ERR_TAXII_UNAUTHORIZED,
  ERR_TAXII_UNPROCESSABLE,
  manifestAnswer,
  parseTaxiiQuery,
  readEnvelope,
  type RawQuery,
  type StixJson,
  type StoredVersion,
  TAXII_MEDIA_TYPE,
  type TaxiiAnswer,
  type TaxiiBackend,
  type TaxiiCollection,
  type TaxiiEndpoint,
  type TaxiiPrincipal,
  type TaxiiTimestamp,
  taxiiError,
  versionsAnswer,
  versionTextOf,
} from '../../intel/taxii/index.js';

/** Where an object answer is going: the release filter may decide per principal and collection. */
export interface TaxiiReleaseContext {
  readonly principal: TaxiiPrincipal;
  readonly root: string;
  readonly collectionId: string;
}

/** Dependencies of {@link taxiiRoutes}. */
export interface TaxiiRoutesDeps {
  readonly backend: TaxiiBackend;
  /** Who is calling, from the request headers; undefined answers 401. */
  readonly authenticate: (headers: FastifyRequest['headers']) => Promise<TaxiiPrincipal | undefined>;
  /** What of these objects the principal may receive (default: all). It may withhold or redact. */
  readonly release?: (objects: readonly StixJson[], context: TaxiiReleaseContext) => readonly StixJson[] | Promise<readonly StixJson[]>;
  /** Largest page a client gets, whatever `limit` it asks (default 1000). */
  readonly maxPageSize?: number;
  /** Largest POST body Fastify reads, in bytes (default 10 MiB); each root's `max_content_length` also applies. */
  readonly maxBodyBytes?: number;
}

type Params = { root: string; collection: string; object: string; status: string };
type Handler = (req: FastifyRequest<{ Params: Params; Querystring: RawQuery }>, principal: TaxiiPrincipal) => Promise<{ status: number; answer: TaxiiAnswer }>;

/** Route plugin of the TAXII server: `/taxii2/` and `/<api-root>/…` under the prefix it is registered at. */
export function taxiiRoutes(deps: TaxiiRoutesDeps): FastifyPluginAsync {
  const maxPageSize = deps.maxPageSize ?? 1000;
  const release = deps.release ?? ((objects) => objects);
  const backend = deps.backend;

  async function readable(p: Params, principal: TaxiiPrincipal, right: 'read' | 'write'): Promise<TaxiiCollection> {
    if ((await backend.apiRoot(p.root)) === undefined) throw new ERR_TAXII_NOT_FOUND(`API root ${p.root}`);
    const c = await backend.collection(p.root, p.collection, principal);
    if (c === undefined) throw new ERR_TAXII_NOT_FOUND(`collection ${p.collection}`);
    if (!(right === 'read' ? c.can_read : c.can_write)) throw new ERR_TAXII_FORBIDDEN(right, p.collection);
    return c;
  }

  /** Reads one page and passes its objects through the release filter. */
  async function releasedPage(endpoint: TaxiiEndpoint, p: Params, query: RawQuery, principal: TaxiiPrincipal, objectId?: string) {
    const q = parseTaxiiQuery(endpoint, query, maxPageSize, objectId ?? p.collection);
    const filter = objectId === undefined ? q.filter : { ...q.filter, ids: [objectId] };
    const after = q.next === undefined ? undefined : decodeNext(q.next, q.fingerprint);
    const page = await backend.objects(p.root, p.collection, filter, { limit: q.limit, ...(after === undefined ? {} : { after }) });
    const released = await release(
      page.items.map((v) => v.object),
      { principal, root: p.root, collectionId: p.collection },
    );
    const keys = new Set(released.map(releaseKey));
    const kept = page.items.filter((v: StoredVersion) => keys.has(releaseKey(v.object)));
    return { page, kept, released, fingerprint: q.fingerprint };
  }

  async function existing(p: Params, principal: TaxiiPrincipal): Promise<void> {
    await readable(p, principal, 'read');
    if (!(await backend.hasObject(p.root, p.collection, p.object))) throw new ERR_TAXII_NOT_FOUND(`object ${p.object}`);
  }

  const ok = (body: Record<string, unknown>) => ({ status: 200, answer: { body, headers: {} } });

  const routes: [method: 'GET' | 'POST' | 'DELETE', path: string, handler: Handler][] = [
    ['GET', '/taxii2', async () => ok({ ...(await backend.discovery()) })],
    [
      'GET',
      '/:root',
      async (req) => {
        const info = await backend.apiRoot(req.params.root);
        if (info === undefined) throw new ERR_TAXII_NOT_FOUND(`API root ${req.params.root}`);
        return ok({ ...info });
      },
    ],
    [
      'GET',
      '/:root/status/:status',
      async (req) => {
        const s = await backend.status(req.params.root, req.params.status);
        if (s === undefined) throw new ERR_TAXII_NOT_FOUND(`status ${req.params.status}`);
        return ok({ ...s });
      },
    ],
    [
      'GET',
      '/:root/collections',
      async (req, principal) => {
        const list = await backend.collections(req.params.root, principal);
        if (list === undefined) throw new ERR_TAXII_NOT_FOUND(`API root ${req.params.root}`);
        return ok(list.length === 0 ? {} : { collections: list });
      },
    ],
    [
      'GET',
      '/:root/collections/:collection',
      async (req, principal) => {
        const c = await backend.collection(req.params.root, req.params.collection, principal);
        if (c === undefined) throw new ERR_TAXII_NOT_FOUND(`collection ${req.params.collection}`);
        return ok({ ...c });
      },
    ],
    [
      'GET',
      '/:root/collections/:collection/manifest',
      async (req, principal) => {
        await readable(req.params, principal, 'read');
        const r = await releasedPage('manifest', req.params, req.query, principal);
        return { status: 200, answer: manifestAnswer(r.page, r.kept, r.fingerprint) };
      },
    ],
    [
      'GET',
      '/:root/collections/:collection/objects',
      async (req, principal) => {
        await readable(req.params, principal, 'read');
        const r = await releasedPage('objects', req.params, req.query, principal);
        return { status: 200, answer: envelopeAnswer(r.page, r.kept, r.released, r.fingerprint) };
      },
    ],
    ['POST', '/:root/collections/:collection/objects', async (req, principal) => addObjects(req, principal)],
    [
      'GET',
      '/:root/collections/:collection/objects/:object',
      async (req, principal) => {
        await existing(req.params, principal);
        const r = await releasedPage('object', req.params, req.query, principal, req.params.object);
        return { status: 200, answer: envelopeAnswer(r.page, r.kept, r.released, r.fingerprint) };
      },
    ],
    [
      'DELETE',
      '/:root/collections/:collection/objects/:object',
      async (req, principal) => {
        const p = req.params;
        await readable(p, principal, 'write');
        if (!(await backend.hasObject(p.root, p.collection, p.object))) throw new ERR_TAXII_NOT_FOUND(`object ${p.object}`);
        const q = parseTaxiiQuery('delete', req.query, maxPageSize, p.object);
        await backend.deleteObject(p.root, p.collection, p.object, q.filter);
        return ok({});
      },
    ],
    [
      'GET',
      '/:root/collections/:collection/objects/:object/versions',
      async (req, principal) => {
        await existing(req.params, principal);
        const r = await releasedPage('versions', req.params, req.query, principal, req.params.object);
        return { status: 200, answer: versionsAnswer(r.page, r.kept, r.fingerprint) };
      },
    ],
  ];

  async function addObjects(req: FastifyRequest<{ Params: Params; Querystring: RawQuery }>, principal: TaxiiPrincipal) {
    const p = req.params;
    await readable(p, principal, 'write');
    assertTaxiiContentType(req.headers['content-type']);
    const text = typeof req.body === 'string' ? req.body : '';
    const info = await backend.apiRoot(p.root);
    const size = new TextEncoder().encode(text).length;
    if (info !== undefined && size > info.max_content_length) throw new ERR_TAXII_TOO_LARGE(size, info.max_content_length);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ERR_TAXII_UNPROCESSABLE('the body is not JSON');
    }
    const status = await backend.addObjects(p.root, p.collection, readEnvelope(body));
    return { status: 202, answer: { body: { ...status }, headers: {} } };
  }

  return async (app: FastifyInstance) => {
    // TAXII bodies are not `application/json`; the handler checks the type itself so a wrong one
    // gets TAXII's 415 error body rather than Fastify's.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: deps.maxBodyBytes ?? 10 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    app.setNotFoundHandler((_req, reply) => send(reply, { status: 404, answer: { body: { ...taxiiError(new ERR_TAXII_NOT_FOUND('resource')).body }, headers: {} } }));
    for (const [method, path, handler] of routes) {
      const run = async (req: FastifyRequest<{ Params: Params; Querystring: RawQuery }>, reply: FastifyReply) => {
        try {
          const principal = await deps.authenticate(req.headers);
          if (principal === undefined) throw new ERR_TAXII_UNAUTHORIZED();
          assertAcceptable(req.headers.accept);
          return send(reply, await handler(req, principal));
        } catch (e) {
          const { status, body } = taxiiError(e);
          if (status === 500) req.log.error({ err: e }, 'TAXII request failed');
          return send(reply, { status, answer: { body: { ...body }, headers: status === 401 ? { 'WWW-Authenticate': 'Basic realm="TAXII"' } : {} } });
        }
      };
      // TAXII URLs end in a slash; the same resource answers without it rather than redirecting.
      for (const url of [path, `${path}/`]) app.route({ method, url, config: { access: 'public' }, handler: run });
    }
  };
}

/** Identity of an object version across the release filter (which may hand back redacted copies). */
function releaseKey(o: StixJson): string {
  return `${String(o.id)}|${versionTextOf(o, '' as TaxiiTimestamp)}`;
}

function send(reply: FastifyReply, r: { status: number; answer: TaxiiAnswer }): FastifyReply {
  // Set verbatim: `reply.type()` would rewrite the parameter as `version="2.1"; charset=utf-8`.
  reply.code(r.status).header('content-type', TAXII_MEDIA_TYPE).headers(r.answer.headers);
  // A Buffer is sent as is; a string would have its content type re-serialised with a charset.
  return reply.send(Buffer.from(JSON.stringify(r.answer.body)));
}
