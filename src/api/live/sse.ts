/**
 * Server-Sent Events (WHATWG HTML §9.2) over a hijacked Fastify reply: `event:`/`data:` frames,
 * a comment every 15 s so proxies keep the connection, and a re-check of the caller's session
 * every 30 s so a signed-out or disabled user stops receiving at once. A client that cannot keep
 * up (over 1 MiB unsent) is disconnected rather than buffered without bound; `EventSource`
 * reconnects by itself.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

const KEEP_ALIVE_MS = 15_000;
const RECHECK_MS = 30_000;
const MAX_BUFFERED = 1 << 20;

declare module 'fastify' {
  interface FastifyRequest {
    /** True while the request's credentials are still valid (set by the auth hook). */
    recheckAuth?: () => Promise<boolean>;
  }
}

/** An open event stream. */
export interface EventStream {
  /** Sends one event; JSON-encodes `data`. No-op once closed. */
  send(event: string, data: unknown): void;
  /** Runs `fn` when the stream closes (client gone, session ended, server stopping). */
  onClose(fn: () => void): void;
  readonly closed: boolean;
}

/** Takes over the reply and opens an event stream. */
export function openEventStream(req: FastifyRequest, reply: FastifyReply): EventStream {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  res.write('retry: 3000\n: connected\n\n');
  const closers: (() => void)[] = [];
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(keepAlive);
    clearInterval(recheck);
    for (const fn of closers.splice(0)) fn();
    res.end();
  };
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
  const recheck = setInterval(() => {
    void (req.recheckAuth?.() ?? Promise.resolve(true)).then((ok) => (ok ? undefined : close()), close);
  }, RECHECK_MS);
  keepAlive.unref();
  recheck.unref();
  req.raw.on('close', close);
  res.on('error', close);
  return {
    send(event, data) {
      if (closed) return;
      if (res.writableLength > MAX_BUFFERED) return close();
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    onClose(fn) {
      if (closed) fn();
      else closers.push(fn);
    },
    get closed() {
      return closed;
    },
  };
}
