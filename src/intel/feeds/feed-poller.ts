/**
 * The feed poller: a component that pulls every enabled feed of `intel.feeds` at start and then
 * `intervalSeconds` after its previous pull ended (so pulls of one feed never overlap), each feed
 * on its own schedule. `stop()` cancels the waits, aborts the pulls in flight (they record
 * `SAKIMORI_ERR_INTEL_FEED_ABORTED` and keep their resume point) and waits for them to end.
 *
 * @example
 * ```ts
 * // in a composition root, after storage has started:
 * lifecycle.add(createFeedPoller(config.intel.feeds, { db: storage.db, clock, logger, metrics }));
 * ```
 */
import type { Kysely } from 'kysely';
import type { BaseDeps, Component } from '../../core/component.js';
import type { Database } from '../../storage/database.js';
import type { FeedConfig } from '../config.js';
import { StixStore, type StixStoreOptions } from '../stix/stix-store.js';
import { ERR_INTEL_FEED_CONFIG } from './errors.js';
import { FeedStateStore } from './feed-state-store.js';
import { registerFeedMetrics } from './metrics.js';
import { type PullReport, pullFeed } from './pull-feed.js';
import { feedAuthorization, type TaxiiClientDeps } from './taxii-client.js';

/** Dependencies of {@link createFeedPoller}. */
export interface FeedPollerDeps extends BaseDeps {
  readonly db: Kysely<Database>;
  /** Options of the STIX store the feeds are stored in (custom markings, validation). */
  readonly storeOptions?: StixStoreOptions;
  /** For tests: the HTTP function, waits and jitter of the clients. */
  readonly clientDeps?: TaxiiClientDeps;
  /** Called after every pull (for tests and status pages). */
  readonly onPull?: (report: PullReport) => void;
}

/** The poller component. */
export interface FeedPoller extends Component {
  /** Schedules every enabled feed: a first pull at once, then every `intervalSeconds` after the previous one ended. */
  start(): Promise<void>;
  /** Cancels the schedule, aborts the pulls in flight and waits for them to end. */
  stop(): Promise<void>;
  /** Pulls one feed now (enabled or not), or every enabled feed in turn; waits for a running pull of the same feed first. */
  pullNow(name?: string): Promise<PullReport[]>;
}

/** Checks what the schema cannot: unique names and credentials that go together. */
export function checkFeeds(feeds: readonly FeedConfig[]): void {
  const names = new Set<string>();
  for (const f of feeds) {
    if (names.has(f.name)) throw new ERR_INTEL_FEED_CONFIG(f.name, 'the name is used twice in intel.feeds');
    names.add(f.name);
    feedAuthorization(f);
  }
}

/** Creates the poller of `feeds`; nothing runs before `start()`. */
export function createFeedPoller(feeds: readonly FeedConfig[], deps: FeedPollerDeps): FeedPoller {
  checkFeeds(feeds);
  const store = new StixStore(deps.db, deps.storeOptions);
  const state = new FeedStateStore(deps.db);
  const byName = new Map(feeds.map((f) => [f.name, f] as const));
  const running = new Map<string, Promise<PullReport>>();
  const timers = new Map<string, NodeJS.Timeout>();
  const stats = registerFeedMetrics(deps.metrics);
  // Aborted by stop(): ends the pulls in flight.
  let abort = new AbortController();
  let stopped = true;

  function pull(feed: FeedConfig): Promise<PullReport> {
    const busy = running.get(feed.name);
    if (busy !== undefined) return busy.then(() => pull(feed));
    const p = pullFeed(feed, { store, state, clock: deps.clock, signal: abort.signal, ...(deps.clientDeps === undefined ? {} : { clientDeps: deps.clientDeps }) })
      .then((report) => {
        stats.record(report, deps.clock.now());
        if (report.error === undefined) deps.logger.info({ feed: feed.name, ...report.counts, resumePoint: report.resumePoint }, 'feed pulled');
        else deps.logger.warn({ feed: feed.name, ...report.counts, code: report.error.code, err: report.error }, 'feed pull failed');
        deps.onPull?.(report);
        return report;
      })
      .finally(() => running.delete(feed.name));
    running.set(feed.name, p);
    return p;
  }

  function schedule(feed: FeedConfig, delayMs: number): void {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(feed.name);
      void pull(feed).then(() => schedule(feed, feed.intervalSeconds * 1000));
    }, delayMs);
    timer.unref();
    timers.set(feed.name, timer);
  }

  return {
    name: 'intel-feed-poller',
    async start() {
      stopped = false;
      for (const f of feeds) if (f.enabled) schedule(f, 0);
    },
    async stop() {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      abort.abort();
      await Promise.allSettled([...running.values()]);
      // A later pullNow (or start) is not born aborted.
      abort = new AbortController();
    },
    async pullNow(name) {
      if (name === undefined) {
        const reports: PullReport[] = [];
        for (const f of feeds) if (f.enabled) reports.push(await pull(f));
        return reports;
      }
      const feed = byName.get(name);
      if (feed === undefined) throw new ERR_INTEL_FEED_CONFIG(name, 'no such feed');
      return [await pull(feed)];
    },
  };
}
