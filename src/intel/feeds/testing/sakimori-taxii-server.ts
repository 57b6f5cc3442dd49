/**
 * Sakimori's own TAXII 2.1 server protocol (`intel/taxii`'s service over a backend) on Fastify at
 * 127.0.0.1 and a free port, for the feed client's tests. The import rule keeps intel's tests out
 * of `api/`, so this maps the objects endpoints onto the service the way `api/routes/taxii.ts`
 * does (same operations, TAXII media type verbatim, date-added headers); the benchmark runs the
 * real route plugin.
 */
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import { createTaxiiService, type RawQuery, TAXII_MEDIA_TYPE, type TaxiiBackend, type TaxiiResult, taxiiError } from '../../taxii/index.js';

/** A running server. */
export interface SakimoriTaxiiServer {
  /** `http://127.0.0.1:<port>/` — API roots hang below. */
  readonly base: string;
  /** Every query string of `GET …/objects/`, in order. */
  readonly objectQueries: URLSearchParams[];
  close(): Promise<void>;
}

/** Starts the server over `backend`; only requests with `Authorization: Bearer <token>` get in. */
export async function startSakimoriTaxiiServer(backend: TaxiiBackend, token: string, options: { readonly maxPageSize?: number } = {}): Promise<SakimoriTaxiiServer> {
  const service = createTaxiiService({ backend, ...(options.maxPageSize === undefined ? {} : { maxPageSize: options.maxPageSize }) });
  const app = Fastify({ logger: false });
  const objectQueries: URLSearchParams[] = [];
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 64 * 1024 * 1024 }, (_req, body, done) => done(null, body));
  const send = (reply: FastifyReply, r: TaxiiResult) => {
    reply.code(r.status).header('content-type', TAXII_MEDIA_TYPE).headers(r.answer.headers);
    return reply.send(Buffer.from(JSON.stringify(r.answer.body)));
  };
  const handler = (operation: 'objects' | 'addObjects') => async (req: FastifyRequest<{ Params: { root: string; collection: string }; Querystring: RawQuery }>, reply: FastifyReply) => {
    try {
      if (req.headers.authorization !== `Bearer ${token}`) return send(reply, { status: 401, answer: { body: { title: 'unauthorized' }, headers: {} } });
      if (operation === 'objects') objectQueries.push(new URLSearchParams(req.url.split('?')[1] ?? ''));
      const params = { root: req.params.root, collection: req.params.collection, object: '', status: '' };
      const body = typeof req.body === 'string' ? req.body : undefined;
      return send(reply, await service[operation]({ principal: { id: 'feed-client' }, params, query: req.query, contentType: req.headers['content-type'], body }));
    } catch (e) {
      const { status, body } = taxiiError(e);
      return send(reply, { status, answer: { body: { ...body }, headers: {} } });
    }
  };
  app.get('/:root/collections/:collection/objects/', handler('objects'));
  app.post('/:root/collections/:collection/objects/', handler('addObjects'));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  return { base: `http://127.0.0.1:${port}/`, objectQueries, close: () => app.close() };
}
