/**
 * One pull of one feed: pages the collection's objects from the resume point, stores each page,
 * then moves the resume point; stops, refusing the page at hand, on the first sign of a server
 * that misbehaves. See `README.md` for the reasons behind each rule.
 *
 * - The first request sends `added_after` = the resume point less one microsecond, so the objects
 *   at exactly the resume point are read again: servers that share one `date_added` between
 *   objects added later (the SQL store's is per millisecond) would otherwise make them invisible
 *   to a strict `added_after`. The store drops the repeats (same id and version).
 * - Later requests send only `next`; the next page is requested while the current one is stored.
 * - A page is refused before anything of it is stored when it holds more than `limit` objects,
 *   repeats a `next` token of this pull (a loop), says `more` while holding only objects of this
 *   pull (a stall), or would go past `maxPages` or `maxBytes`.
 * - The resume point moves to the page's `X-TAXII-Date-Added-Last`, never backwards, and only
 *   once the page is stored.
 */
import { isSakimoriError, type SakimoriError } from '../../core/errors.js';
import type { Clock } from '../../core/clock.js';
import { TLP2_IDS } from '../../stix/marking/index.js';
import type { FeedConfig } from '../config.js';
import type { StixStore } from '../stix/stix-store.js';
import { type TaxiiTimestamp, taxiiTimestampOf } from '../taxii/timestamp.js';
import type { ReceivedObject } from './envelope-reader.js';
import { ERR_INTEL_FEED_INGEST, ERR_INTEL_FEED_LOOP, ERR_INTEL_FEED_PAGE_OVER_LIMIT, ERR_INTEL_FEED_STALLED, ERR_INTEL_FEED_TOO_MANY_PAGES } from './errors.js';
import type { FeedStateStore, PullCounts } from './feed-state-store.js';
import { ingestPage, type PageIngest } from './ingest-page.js';
import { createTaxiiClient, type ReceivedPage, type TaxiiClient, type TaxiiClientDeps } from './taxii-client.js';

/** What one pull did. */
export interface PullReport {
  readonly feed: string;
  readonly outcome: 'ok' | 'failed';
  readonly counts: PullCounts;
  /** The resume point after the pull (unchanged by a refused page). */
  readonly resumePoint: string | undefined;
  /** Objects refused one by one (at most the first 20), with the store's code. */
  readonly refusals: PageIngest['refused'];
  /** The error the pull stopped on. */
  readonly error?: SakimoriError;
}

/** Dependencies of {@link pullFeed}. */
export interface PullDeps {
  readonly store: StixStore;
  readonly state: FeedStateStore;
  readonly clock: Clock;
  /** The client of the feed's collection (default: built from the feed with `clientDeps`). */
  readonly client?: TaxiiClient;
  readonly clientDeps?: TaxiiClientDeps;
  /** Aborts the pull (the poller stopping). */
  readonly signal?: AbortSignal;
}

/** The source name objects of `feed` are stored under. */
export const feedSource = (feed: string): string => `feed:${feed}`;
/** The local collection every object of `feed` is added to. */
export const feedCollectionId = (feed: string): string => `feed-${feed}`;

const MAX_REFUSALS_KEPT = 20;

/** The timestamp one microsecond before `t`. */
export function previousMicrosecond(t: TaxiiTimestamp): TaxiiTimestamp {
  const millis = Date.parse(`${t.slice(0, 23)}Z`);
  const micros = Number(t.slice(23, 26));
  return micros > 0 ? taxiiTimestampOf(millis, micros - 1) : taxiiTimestampOf(millis - 1, 999);
}

/**
 * A 52-bit hash of an object version's identity (id + modified, else created, else content), to
 * tell the objects of this pull apart in little memory. It only decides whether a page is a stall;
 * what is stored is decided by the store on the exact (id, version).
 */
function versionHash(o: ReceivedObject): number {
  const version = typeof o.modified === 'string' ? o.modified : typeof o.created === 'string' ? o.created : JSON.stringify(o);
  const text = `${o.id}|${version}`;
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0) + (b >>> 12) * 0x100000000;
}

/** The refusals checked on a page before anything of it is stored (see the module comment). */
function checkPage(page: ReceivedPage, number: number, limit: number, tokens: Set<string>, seen: ReadonlySet<number>): number[] {
  if (page.objects.length > limit) throw new ERR_INTEL_FEED_PAGE_OVER_LIMIT(page.objects.length, limit);
  if (page.next !== undefined && page.more) {
    if (tokens.has(page.next)) throw new ERR_INTEL_FEED_LOOP(number);
    tokens.add(page.next);
  }
  const hashes = page.objects.map(versionHash);
  if (page.more && hashes.length > 0 && hashes.every((h) => seen.has(h))) throw new ERR_INTEL_FEED_STALLED(number);
  return hashes;
}

/** Pulls `feed` once; never throws for what the server or the store do — the report says. */
export async function pullFeed(feed: FeedConfig, deps: PullDeps): Promise<PullReport> {
  const startedAt = deps.clock.now();
  const prior = await deps.state.get(feed.name);
  const base = { stored: prior?.storedTotal ?? 0, duplicates: prior?.duplicatesTotal ?? 0 };
  let resume = prior?.resumePoint as TaxiiTimestamp | undefined;
  const counts = { stored: 0, duplicates: 0, refused: 0, pages: 0, bytes: 0 };
  const refusals: PageIngest['refused'][number][] = [];
  const progress = () => ({ resumePoint: resume, counts: { ...counts }, base, startedAt });
  const collectionId = feedCollectionId(feed.name);
  const ingestOptions = { source: feedSource(feed.name), defaultMarkingRef: TLP2_IDS[feed.defaultMarking], collectionId };
  // Ends a page request still in flight when the pull stops early.
  const local = new AbortController();
  const signal = deps.signal === undefined ? local.signal : AbortSignal.any([deps.signal, local.signal]);
  try {
    const client = deps.client ?? createTaxiiClient(feed, deps.clientDeps);
    await deps.store.createCollection(collectionId, { title: `TAXII feed ${feed.name}`, description: client.objectsUrl }, startedAt);
    const seen = new Set<number>();
    const tokens = new Set<string>();
    const addedAfter = resume === undefined ? undefined : previousMicrosecond(resume);
    let pending: Promise<ReceivedPage> | undefined = client.objects({ limit: feed.pageLimit, budget: { remaining: feed.maxBytes, total: feed.maxBytes }, signal, addedAfter });
    let requested = 1;
    while (pending !== undefined) {
      const page: ReceivedPage = await pending;
      const hashes = checkPage(page, counts.pages + 1, feed.pageLimit, tokens, seen);
      // The next page is read while this one is stored: a remote server's latency then overlaps
      // the store's work. Its rejection is handled when (and if) it is awaited.
      pending = undefined;
      if (page.more && page.next !== undefined && requested < feed.maxPages) {
        const budget = { remaining: feed.maxBytes - counts.bytes - page.bytes, total: feed.maxBytes };
        pending = client.objects({ limit: feed.pageLimit, budget, signal, next: page.next });
        pending.catch(() => undefined);
        requested++;
      }
      let stored: PageIngest;
      try {
        stored = await ingestPage(deps.store, page.objects, { ...ingestOptions, now: deps.clock.now() });
      } catch (e) {
        throw new ERR_INTEL_FEED_INGEST(e instanceof Error ? e.message : String(e), { cause: e });
      }
      for (const h of hashes) seen.add(h);
      counts.pages++;
      counts.bytes += page.bytes;
      counts.stored += stored.stored;
      counts.duplicates += stored.duplicates;
      counts.refused += stored.refused.length;
      refusals.push(...stored.refused.slice(0, MAX_REFUSALS_KEPT - refusals.length));
      if (page.dateAddedLast !== undefined && (resume === undefined || page.dateAddedLast > resume)) resume = page.dateAddedLast;
      if (!page.more) break;
      await deps.state.save(feed.name, progress(), 'running', undefined, deps.clock.now());
      if (pending === undefined) throw new ERR_INTEL_FEED_TOO_MANY_PAGES(feed.maxPages);
    }
    await deps.state.save(feed.name, progress(), 'ok', undefined, deps.clock.now());
    return { feed: feed.name, outcome: 'ok', counts, resumePoint: resume, refusals };
  } catch (e) {
    const error = isSakimoriError(e) ? e : new ERR_INTEL_FEED_INGEST(e instanceof Error ? e.message : String(e), { cause: e });
    // The resume point is that of the last stored page: the refused page is read again next time.
    await deps.state.save(feed.name, progress(), error.code, error.message, deps.clock.now()).catch(() => undefined);
    return { feed: feed.name, outcome: 'failed', counts, resumePoint: resume, refusals, error };
  } finally {
    local.abort();
  }
}
