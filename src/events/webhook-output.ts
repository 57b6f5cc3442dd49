/**
 * The webhook: each event POSTed as JSON (the envelope of `event-envelope.ts`) to a configured
 * URL, retried with exponential backoff and jitter after network errors, timeouts, 408, 425, 429
 * and 5xx (honouring Retry-After), never after other answers. Requests carry the subject, a
 * delivery id that stays the same across retries (for de-duplication) and, with a secret, an
 * HMAC-SHA256 signature over `timestamp + "." + body`, so the receiver can check origin and
 * freshness:
 *
 * ```text
 * x-sakimori-event: attack.started
 * x-sakimori-delivery: 6f1c…            (same on every retry)
 * x-sakimori-timestamp: 1767603601000   (ms since the epoch, per attempt)
 * x-sakimori-signature: sha256=<hex>
 * ```
 *
 * Redirects are not followed: a signed event goes to the configured URL or nowhere. Events beyond
 * `maxQueued` waiting are dropped and counted; detection is never held up.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { BusMessage } from '../bus/bus.js';
import type { Clock } from '../core/clock.js';
import { VERSION } from '../core/version.js';
import type { EventsConfig } from './config.js';
import { newCounters, type EventOutput } from './output.js';
import { WorkQueue } from './work-queue.js';

interface Delivery {
  readonly id: string;
  readonly subject: string;
  readonly body: string;
}

/** HTTP statuses worth another attempt. */
function retryable(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/** The signature header value for a body sent at `timestamp`. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Creates the webhook output. */
export function createWebhookOutput(config: EventsConfig['webhook'] & { readonly url: string }, deps: { readonly logger: Logger; readonly clock: Clock }): EventOutput {
  const counters = newCounters();
  const logger = deps.logger.child({ output: 'webhook', url: redact(config.url) });
  const shutdown = new AbortController();

  const attempt = async (d: Delivery): Promise<{ ok: boolean; retry: boolean; waitMs?: number; reason: string }> => {
    const timestamp = String(deps.clock.now());
    const headers: Record<string, string> = {
      ...config.headers,
      'content-type': 'application/json',
      'user-agent': `sakimori/${VERSION}`,
      'x-sakimori-event': d.subject,
      'x-sakimori-delivery': d.id,
      'x-sakimori-timestamp': timestamp,
    };
    if (config.secret !== null) headers['x-sakimori-signature'] = webhookSignature(config.secret, timestamp, d.body);
    try {
      const res = await fetch(config.url, { method: 'POST', headers, body: d.body, redirect: 'error', signal: AbortSignal.any([AbortSignal.timeout(config.timeoutMs), shutdown.signal]) });
      // The body is not needed; reading it lets the connection be reused.
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { ok: true, retry: false, reason: `HTTP ${res.status}` };
      // Retry-After in seconds (RFC 9110 §10.2.3); the HTTP-date form is left to the backoff.
      const after = res.headers.get('retry-after');
      const waitMs = after !== null && /^\d+$/.test(after.trim()) ? Number(after) * 1000 : undefined;
      return { ok: false, retry: retryable(res.status), ...(waitMs === undefined ? {} : { waitMs }), reason: `HTTP ${res.status}` };
    } catch (err) {
      const e = err as Error;
      return { ok: false, retry: !shutdown.signal.aborted, reason: e.name === 'TimeoutError' ? 'timeout' : ((e.cause as Error | undefined)?.message ?? e.message) };
    }
  };

  const deliver = async (d: Delivery): Promise<void> => {
    for (let n = 0; ; n++) {
      const r = await attempt(d);
      if (r.ok) {
        counters.delivered++;
        return;
      }
      if (shutdown.signal.aborted) {
        counters.dropped.shutdown++;
        return;
      }
      if (!r.retry || n >= config.retries) {
        counters.failed++;
        logger.warn({ subject: d.subject, delivery: d.id, attempts: n + 1, reason: r.reason }, 'webhook delivery failed');
        return;
      }
      counters.retries++;
      // Exponential backoff with jitter in [half, full] of the step, or what Retry-After asks.
      const step = Math.min(config.maxBackoffMs, config.backoffMs * 2 ** n);
      const wait = Math.min(config.maxBackoffMs, r.waitMs ?? step / 2 + (Math.random() * step) / 2);
      logger.debug({ subject: d.subject, delivery: d.id, attempt: n + 1, reason: r.reason, waitMs: Math.round(wait) }, 'webhook delivery will be retried');
      await sleep(wait, shutdown.signal);
    }
  };
  const queue = new WorkQueue<Delivery>(config, deliver);

  return {
    name: 'webhook',
    subjects: config.subjects,
    counters,
    accept(m: BusMessage, json: string) {
      if (!queue.push({ id: randomUUID(), subject: m.subject, body: json })) counters.dropped.queue_full++;
    },
    pending: () => queue.queued + queue.active,
    flush: () => queue.idle(),
    async close(deadline) {
      const timer = setTimeout(
        () => {
          counters.dropped.shutdown += queue.close().length;
          shutdown.abort();
        },
        Math.max(0, deadline - Date.now()),
      );
      timer.unref();
      await queue.idle();
      clearTimeout(timer);
      counters.dropped.shutdown += queue.close().length;
      shutdown.abort();
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** The URL without credentials or query, for logs. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid url)';
  }
}
