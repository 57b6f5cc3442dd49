/**
 * A plain `node:http` server on 127.0.0.1 and a free port, for the feed client's tests to play a
 * TAXII server that misbehaves: each test answers requests with its own handler and reads back
 * what the client sent.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the server saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingMessage['headers'];
}

/** A running test server. */
export interface TestHttpServer {
  /** `http://127.0.0.1:<port>/` */
  readonly base: string;
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

/** Starts a server answering with `handler` (its third argument counts requests from 1). */
export async function startHttpServer(handler: (req: IncomingMessage, res: ServerResponse, n: number, url: URL) => unknown): Promise<TestHttpServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ method: req.method ?? 'GET', url, headers: req.headers });
    void Promise.resolve(handler(req, res, requests.length, url)).catch((e: unknown) => {
      res.destroy(e instanceof Error ? e : new Error(String(e)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers a TAXII envelope with the date headers of the objects' `date_added` list. */
export function sendEnvelope(res: ServerResponse, body: unknown, dateAdded?: { readonly first: string; readonly last: string }): void {
  res.writeHead(200, {
    'content-type': 'application/taxii+json;version=2.1',
    ...(dateAdded === undefined ? {} : { 'x-taxii-date-added-first': dateAdded.first, 'x-taxii-date-added-last': dateAdded.last }),
  });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}
