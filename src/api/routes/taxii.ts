/**
 * The TAXII 2.1 server on HTTP: discovery, API roots, collections, objects, manifests, versions
 * and status resources (OASIS TAXII 2.1 §4–§5). The protocol lives in `intel/taxii/`; this plugin
 * only maps HTTP onto its operations. Authentication is the caller's (`authenticate`), rights per
 * collection are the backend's, and every object leaves through the release filter, so the
 * platform's release policy decides what a principal may receive.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import {
  assertAcceptable,
  createTaxiiService,
  ERR_TAXII_NOT_FOUND,
  ERR_TAXII_TOO_LARGE,
  ERR_TAXII_UNAUTHORIZED,
  type RawQuery,
  TAXII_MEDIA_TYPE,
  type TaxiiBackend,
  type TaxiiOperation,
  type TaxiiPathParams,
  type TaxiiPrincipal,
  type TaxiiRelease,
  type TaxiiResult,
  taxiiError,
} from '../../intel/taxii/index.js';

/** Dependencies of {@link taxiiRoutes}. */
export interface TaxiiRoutesDeps {
  readonly backend: TaxiiBackend;
  /**
   * Who is calling, from the request headers; undefined answers 401. The routes are `public` to the
   * platform's hook (this plugin authenticates), so that hook's CSRF check does not run here: the
   * authenticator must accept only credentials a browser never sends on its own (API tokens; not
   * Basic, which browsers cache and resend), never the console's session cookie.
   */
  readonly authenticate: (headers: FastifyRequest['headers']) => Promise<TaxiiPrincipal | undefined>;
  /** What of the objects a principal may receive (default: all). It may withhold or redact. */
  readonly release?: TaxiiRelease;
  /** Largest page a client gets, whatever `limit` it asks (default 1000). */
  readonly maxPageSize?: number;
  /** Largest POST body Fastify reads, in bytes (default 10 MiB); each root's `max_content_length` also applies. */
  readonly maxBodyBytes?: number;
  /**
   * Path of the discovery resource under the plugin's prefix (default `/taxii2`). Mounted under a
   * prefix of its own (`/taxii2` in the platform), give `''` so discovery is the prefix itself and
   * API roots sit beneath it (`/taxii2/<root>/`).
   */
  readonly discoveryPath?: string;
}

/** The TAXII 2.1 URLs (§4, §5) and the operation each serves. */
const ROUTES: readonly (readonly ['GET' | 'POST' | 'DELETE', string, TaxiiOperation])[] = [
  ['GET', '/taxii2', 'discovery'],
  ['GET', '/:root', 'apiRoot'],
  ['GET', '/:root/status/:status', 'status'],
  ['GET', '/:root/collections', 'collections'],
  ['GET', '/:root/collections/:collection', 'collection'],
  ['GET', '/:root/collections/:collection/manifest', 'manifest'],
  ['GET', '/:root/collections/:collection/objects', 'objects'],
  ['POST', '/:root/collections/:collection/objects', 'addObjects'],
  ['GET', '/:root/collections/:collection/objects/:object', 'object'],
  ['DELETE', '/:root/collections/:collection/objects/:object', 'deleteObject'],
  ['GET', '/:root/collections/:collection/objects/:object/versions', 'versions'],
];

/** Route plugin of the TAXII server: `/taxii2/` and `/<api-root>/…` under the prefix it is registered at. */
export function taxiiRoutes(deps: TaxiiRoutesDeps): FastifyPluginAsync {
  const service = createTaxiiService({
    backend: deps.backend,
    ...(deps.release === undefined ? {} : { release: deps.release }),
    ...(deps.maxPageSize === undefined ? {} : { maxPageSize: deps.maxPageSize }),
  });
  return async (app) => {
    // TAXII bodies are not `application/json`; the operation checks the type itself so a wrong one
    // gets TAXII's 415 error message rather than Fastify's.
    const bodyLimit = deps.maxBodyBytes ?? 10 * 1024 * 1024;
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (_req, body, done) => done(null, body));
    app.setNotFoundHandler((_req, reply) => send(reply, failure(new ERR_TAXII_NOT_FOUND('resource'))));
    // Errors Fastify raises before a handler runs (a body over the parser's limit) answer in TAXII's form too.
    app.setErrorHandler((err, req, reply) => {
      const tooLarge = (err as { code?: unknown }).code === 'FST_ERR_CTP_BODY_TOO_LARGE';
      return send(reply, failure(tooLarge ? new ERR_TAXII_TOO_LARGE(Number(req.headers['content-length'] ?? 0), bodyLimit) : err));
    });
    for (const [method, template, operation] of ROUTES) {
      const path = operation === 'discovery' ? (deps.discoveryPath ?? template) : template;
      const handler = async (req: FastifyRequest<{ Params: Partial<TaxiiPathParams>; Querystring: RawQuery }>, reply: FastifyReply) => {
        try {
          const principal = await deps.authenticate(req.headers);
          if (principal === undefined) throw new ERR_TAXII_UNAUTHORIZED();
          assertAcceptable(req.headers.accept);
          const { root = '', collection = '', object = '', status = '' } = req.params;
          const body = typeof req.body === 'string' ? req.body : undefined;
          // Mounted with discovery at the prefix, `<prefix>/` reaches `/:root` with an empty root: it is discovery.
          const op = operation === 'apiRoot' && root === '' && deps.discoveryPath === '' ? 'discovery' : operation;
          return send(reply, await service[op]({ principal, params: { root, collection, object, status }, query: req.query, contentType: req.headers['content-type'], body }));
        } catch (e) {
          const answer = failure(e);
          if (answer.status === 500) req.log.error({ err: e }, 'TAXII request failed');
          return send(reply, answer);
        }
      };
      // TAXII URLs end in a slash; the same resource answers without it rather than redirecting.
      // The access check of the platform's hook is `public`: this plugin authenticates itself.
      // Under a prefix, `''` cannot have a `/` twin (Fastify refuses it); `<prefix>/` reaches `/:root` instead.
      for (const url of path === '' ? [''] : [path, `${path}/`]) app.route({ method, url, config: { access: 'public' }, handler });
    }
  };
}

function failure(e: unknown): TaxiiResult {
  const { status, body } = taxiiError(e);
  return { status, answer: { body: { ...body }, headers: status === 401 ? { 'WWW-Authenticate': 'Bearer realm="TAXII"' } : {} } };
}

function send(reply: FastifyReply, r: TaxiiResult): FastifyReply {
  // Set verbatim: `reply.type()` would rewrite the parameter as `version="2.1"; charset=utf-8`,
  // and a Buffer is sent as is where a string would get a charset appended.
  reply.code(r.status).header('content-type', TAXII_MEDIA_TYPE).headers(r.answer.headers);
  return reply.send(Buffer.from(JSON.stringify(r.answer.body)));
}
