/** Prometheus metrics of the feed poller, counted per feed from the pull reports. */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { PullReport } from './pull-feed.js';

/** Records pull reports into the registry's feed metrics. */
export interface FeedMetrics {
  /** Counts a finished pull; `now` (epoch ms) is when it ended. */
  record(report: PullReport, now: number): void;
}

/** Registers the feed metrics on `registry`. */
export function registerFeedMetrics(registry: Registry): FeedMetrics {
  const pulls = new Counter({ name: 'sakimori_intel_feed_pulls_total', help: 'feed pulls by outcome (ok or the error code)', labelNames: ['feed', 'outcome'], registers: [registry] });
  const objects = new Counter({
    name: 'sakimori_intel_feed_objects_total',
    help: 'objects received from feeds: stored, duplicate (already stored) or refused (by the store)',
    labelNames: ['feed', 'result'],
    registers: [registry],
  });
  const pages = new Counter({ name: 'sakimori_intel_feed_pages_total', help: 'pages read from feeds', labelNames: ['feed'], registers: [registry] });
  const bytes = new Counter({ name: 'sakimori_intel_feed_bytes_total', help: 'bytes of pages read from feeds', labelNames: ['feed'], registers: [registry] });
  const lastSuccess = new Gauge({ name: 'sakimori_intel_feed_last_success_seconds', help: 'when each feed was last pulled successfully (Unix time)', labelNames: ['feed'], registers: [registry] });
  return {
    record(r, now) {
      pulls.inc({ feed: r.feed, outcome: r.error?.code ?? 'ok' });
      objects.inc({ feed: r.feed, result: 'stored' }, r.counts.stored);
      objects.inc({ feed: r.feed, result: 'duplicate' }, r.counts.duplicates);
      objects.inc({ feed: r.feed, result: 'refused' }, r.counts.refused);
      pages.inc({ feed: r.feed }, r.counts.pages);
      bytes.inc({ feed: r.feed }, r.counts.bytes);
      if (r.outcome === 'ok') lastSuccess.set({ feed: r.feed }, now / 1000);
    },
  };
}
