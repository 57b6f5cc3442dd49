/**
 * A TAXII 2.1 client for one collection's `GET …/objects/`, over Node's global `fetch`: it asks for
 * `application/taxii+json;version=2.1`, authenticates with a Bearer token or Basic credentials,
 * abandons a request without its complete answer after `timeoutMs`, stops reading a body at the
 * poll's remaining byte budget, and retries 408/425/429/5xx, network errors and timeouts with
 * backoff ({@link retryDelay}). A request carries either `added_after` or `next`, never both: a
 * `next` token already encodes where the page starts, and servers disagree on what both together
 * mean.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { FeedConfig } from '../config.js';
import type { TaxiiTimestamp } from '../taxii/timestamp.js';
import { isRetryableStatus, retryAfterMs, retryDelay } from './backoff.js';
import { BodyTooLarge, readBoundedBody } from './bounded-body.js';
import { type ReceivedEnvelope, readEnvelope } from './envelope-reader.js';
import {
  ERR_INTEL_FEED_ABORTED,
  ERR_INTEL_FEED_CONFIG,
  ERR_INTEL_FEED_HTTP,
  ERR_INTEL_FEED_INVALID_RESPONSE,
  ERR_INTEL_FEED_TIMEOUT,
  ERR_INTEL_FEED_TOO_LARGE,
  ERR_INTEL_FEED_UNAVAILABLE,
} from './errors.js';

/** The media type TAXII 2.1 clients ask for (§1.6.8.1). */
export const TAXII_ACCEPT = 'application/taxii+json;version=2.1';
/** How much of an error answer is read for its TAXII error title. */
const ERROR_BODY_BYTES = 16 * 1024;

/** What the client needs of a feed's configuration. */
export type TaxiiClientSettings = Pick<FeedConfig, 'name' | 'url' | 'token' | 'username' | 'password' | 'timeoutMs' | 'retries' | 'backoffMs' | 'maxBackoffMs'>;

/** Replaceable for tests: the HTTP function, the wait between attempts, the jitter, the time. */
export interface TaxiiClientDeps {
  readonly fetch?: typeof globalThis.fetch;
  /** Waits `ms`, rejecting when `signal` aborts. */
  readonly sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  readonly random?: () => number;
  readonly now?: () => number;
}

/** One page request: where to start (`addedAfter` on the first page of a poll, `next` after). */
export type ObjectsRequest = { readonly limit: number; readonly signal?: AbortSignal | undefined; readonly budget: ByteBudget } & (
  | { readonly addedAfter?: TaxiiTimestamp | undefined; readonly next?: never }
  | { readonly next: string; readonly addedAfter?: never }
);

/** The bytes a poll may still read, and its configured total (for the error message). */
export interface ByteBudget {
  readonly remaining: number;
  readonly total: number;
}

/** A page as received, with its size and the attempts it took. */
export interface ReceivedPage extends ReceivedEnvelope {
  readonly bytes: number;
  readonly attempts: number;
}

/** The client of one collection. */
export interface TaxiiClient {
  /** The URL of the collection's objects. */
  readonly objectsUrl: string;
  /** Reads one page of `GET …/objects/`, retrying what may pass on a later attempt. */
  objects(request: ObjectsRequest): Promise<ReceivedPage>;
}

/** The `Authorization` header of a feed, or undefined; throws on credentials that do not go together. */
export function feedAuthorization(feed: Pick<FeedConfig, 'name' | 'token' | 'username' | 'password'>): string | undefined {
  if (feed.token !== null && (feed.username !== null || feed.password !== null)) throw new ERR_INTEL_FEED_CONFIG(feed.name, 'give a token or a username and password, not both');
  if ((feed.username === null) !== (feed.password === null)) throw new ERR_INTEL_FEED_CONFIG(feed.name, 'username and password go together');
  if (feed.token !== null) return `Bearer ${feed.token}`;
  if (feed.username !== null && feed.password !== null) {
    if (feed.username.includes(':')) throw new ERR_INTEL_FEED_CONFIG(feed.name, 'a Basic username cannot contain ":"');
    return `Basic ${Buffer.from(`${feed.username}:${feed.password}`, 'utf8').toString('base64')}`;
  }
  return undefined;
}

type Attempt =
  | { readonly kind: 'page'; readonly page: Omit<ReceivedPage, 'attempts'> }
  | { readonly kind: 'retry'; readonly reason: string; readonly timeout: boolean; readonly retryAfter?: number | undefined };

const isTaxiiJson = (type: string | null): boolean => type !== null && /^application\/(taxii\+json|json)\s*(;|$)/i.test(type.trim());

/** Creates the client of one feed's collection. */
export function createTaxiiClient(settings: TaxiiClientSettings, deps: TaxiiClientDeps = {}): TaxiiClient {
  const doFetch = deps.fetch ?? globalThis.fetch;
  const sleep = deps.sleep ?? ((ms, signal) => delay(ms, undefined, signal === undefined ? {} : { signal }));
  const random = deps.random ?? Math.random;
  const now = deps.now ?? Date.now;
  const authorization = feedAuthorization(settings);
  const objectsUrl = new URL('objects/', settings.url).toString();
  const headers: Record<string, string> = { accept: TAXII_ACCEPT, ...(authorization === undefined ? {} : { authorization }) };
  // Where requests go, for messages: never with credentials or query.
  const where = objectsUrl;

  async function attempt(url: string, request: ObjectsRequest): Promise<Attempt> {
    const timeout = AbortSignal.timeout(settings.timeoutMs);
    const signal = request.signal === undefined ? timeout : AbortSignal.any([request.signal, timeout]);
    try {
      // Redirects are not followed: credentials must never follow one to another origin.
      const res = await doFetch(url, { headers, signal, redirect: 'manual' });
      if (res.status !== 200) return await failure(res);
      const type = res.headers.get('content-type');
      if (!isTaxiiJson(type)) {
        await res.body?.cancel().catch(() => undefined);
        throw new ERR_INTEL_FEED_INVALID_RESPONSE(where, `content type ${JSON.stringify(type)} is not application/taxii+json`);
      }
      const bytes = await readBoundedBody(res, request.budget.remaining);
      const envelope = readEnvelope(Buffer.from(bytes).toString('utf8'), res.headers.get('x-taxii-date-added-last'));
      if ('invalid' in envelope) throw new ERR_INTEL_FEED_INVALID_RESPONSE(where, envelope.invalid);
      return { kind: 'page', page: { ...envelope, bytes: bytes.byteLength } };
    } catch (e) {
      if (e instanceof BodyTooLarge) throw new ERR_INTEL_FEED_TOO_LARGE(request.budget.total, { cause: e });
      if (request.signal?.aborted === true) throw new ERR_INTEL_FEED_ABORTED({ cause: e });
      if (timeout.aborted) return { kind: 'retry', reason: `no complete answer within ${settings.timeoutMs} ms`, timeout: true };
      if (e instanceof Error && 'code' in e && typeof e.code === 'string' && e.code.startsWith('SAKIMORI_ERR_')) throw e;
      return { kind: 'retry', reason: networkReason(e), timeout: false };
    }
  }

  async function failure(res: Response): Promise<Attempt> {
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel().catch(() => undefined);
      const location = (res.headers.get('location') ?? '').slice(0, 200);
      throw new ERR_INTEL_FEED_HTTP(res.status, where, `redirect to ${JSON.stringify(location)} not followed; configure the collection's final URL`);
    }
    const title = await errorTitle(res);
    if (isRetryableStatus(res.status))
      return { kind: 'retry', reason: `HTTP ${res.status}${title === '' ? '' : ` (${title})`}`, timeout: false, retryAfter: retryAfterMs(res.headers.get('retry-after'), now()) };
    throw new ERR_INTEL_FEED_HTTP(res.status, where, title === '' ? res.statusText : title);
  }

  return {
    objectsUrl,
    async objects(request) {
      const query = new URLSearchParams({ limit: String(request.limit) });
      if (request.next !== undefined) query.set('next', request.next);
      else if (request.addedAfter !== undefined) query.set('added_after', request.addedAfter);
      const url = `${objectsUrl}?${query.toString()}`;
      for (let retry = 0; ; retry++) {
        const r = await attempt(url, request);
        if (r.kind === 'page') return { ...r.page, attempts: retry + 1 };
        if (retry >= settings.retries) {
          if (r.timeout) throw new ERR_INTEL_FEED_TIMEOUT(settings.timeoutMs, retry + 1, where);
          throw new ERR_INTEL_FEED_UNAVAILABLE(where, `${r.reason} after ${retry + 1} attempts`);
        }
        const wait = retryDelay(retry, r.retryAfter, settings, random);
        if (wait === undefined) throw new ERR_INTEL_FEED_UNAVAILABLE(where, `${r.reason}; Retry-After asks for ${Math.ceil((r.retryAfter ?? 0) / 1000)} s, longer than maxBackoffMs`);
        try {
          await sleep(wait, request.signal);
        } catch (e) {
          throw new ERR_INTEL_FEED_ABORTED({ cause: e });
        }
      }
    },
  };
}

/** The TAXII error message's title (§3.6.1), when the error answer has one. */
async function errorTitle(res: Response): Promise<string> {
  try {
    const body = JSON.parse(Buffer.from(await readBoundedBody(res, ERROR_BODY_BYTES)).toString('utf8')) as { title?: unknown };
    return typeof body.title === 'string' ? body.title.slice(0, 200) : '';
  } catch {
    await res.body?.cancel().catch(() => undefined);
    return '';
  }
}

function networkReason(e: unknown): string {
  const cause = (e as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return `network error ${cause.code}`;
  return `network error: ${e instanceof Error ? e.message : String(e)}`;
}
