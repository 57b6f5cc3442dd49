/**
 * Server-Sent Events (WHATWG HTML §9.2) over a hijacked Fastify reply: `event:`/`data:` frames
 * and a comment every 15 s so proxies keep the connection.
 *
 * A stream never outlives the permissions it was opened with: it closes as soon as the caller's
 * session or token ends (sign-out, disabling, password change, revocation, expiry) or their
 * roles or scope change — at once when this process made the change, within a few seconds when
 * another process (the CLI) did (`req.watchAuth`, `AccountService.watch`). `EventSource`
 * reconnects by itself and is authorised afresh, with the new permissions or not at all. A client
 * that cannot keep up (over 1 MiB unsent) is disconnected rather than buffered without bound.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

const KEEP_ALIVE_MS = 15_000;
const MAX_BUFFERED = 1 << 20;

declare module 'fastify' {
  interface FastifyRequest {
    /** Calls `onEnd` once when the request's credentials end or their roles or scope change; returns a function that stops watching (set by the auth hook). */
    watchAuth?: (onEnd: () => void) => () => void;
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
  let unwatch: (() => void) | undefined;
  const close = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(keepAlive);
    unwatch?.();
    for (const fn of closers.splice(0)) fn();
    res.end();
  };
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
  keepAlive.unref();
  unwatch = req.watchAuth?.(close);
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
