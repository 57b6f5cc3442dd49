import { afterEach, beforeEach, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { silentLogger } from '../../core/logger.js';
import { createMetricsRegistry } from '../../core/metrics.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { indicator } from '../stix/testing/stix-objects.js';
import { createFeedPoller, type FeedPoller } from './feed-poller.js';
import { FeedStateStore } from './feed-state-store.js';
import type { PullReport } from './pull-feed.js';
import { testFeed } from './testing/feed-config.js';
import { sendEnvelope, startHttpServer, type TestHttpServer } from './testing/http-server.js';

describeStorage('intel/feeds: the feed poller', (ctx) => {
  let server: TestHttpServer;
  let poller: FeedPoller | undefined;
  beforeEach(async () => {
    await ctx.reset();
    server = await startHttpServer((_req, res, n, url) => {
      // The slow feed never answers; the others serve one new indicator per request.
      if (url.pathname.startsWith('/slow/')) return;
      sendEnvelope(res, { objects: [indicator(n)] }, { first: '2026-03-01T00:00:00Z', last: `2026-03-01T00:00:${String(n).padStart(2, '0')}Z` });
    });
  });
  afterEach(async () => {
    await poller?.stop();
    poller = undefined;
    await server.close();
  });
  const deps = (onPull: (r: PullReport) => void) => ({ db: ctx.db, clock: ctx.clock, logger: silentLogger(), metrics: createMetricsRegistry(), onPull });

  it('pulls each enabled feed at start and again every intervalSeconds; stop ends the schedule', async () => {
    const reports: PullReport[] = [];
    const metrics = createMetricsRegistry();
    poller = createFeedPoller([testFeed('fast', `${server.base}a/collections/c/`, { intervalSeconds: 1 }), testFeed('off', `${server.base}b/collections/c/`, { enabled: false })], {
      ...deps((r) => reports.push(r)),
      metrics,
    });
    await poller.start();
    await expect.poll(() => reports.length, { timeout: 4000 }).toBeGreaterThanOrEqual(2);
    await poller.stop();
    const after = reports.length;
    expect(reports.every((r) => r.feed === 'fast' && r.outcome === 'ok')).toBe(true);
    expect((await new FeedStateStore(ctx.db).get('fast'))?.storedTotal).toBe(after);
    expect(await metrics.getSingleMetricAsString('sakimori_intel_feed_pulls_total')).toContain(`sakimori_intel_feed_pulls_total{feed="fast",outcome="ok"} ${after}`);
    await new Promise((r) => setTimeout(r, 1200));
    expect(reports.length).toBe(after);
    // A disabled feed is pulled only when asked for by name.
    expect((await poller.pullNow('off'))[0]).toMatchObject({ feed: 'off', outcome: 'ok' });
  });

  it('stop aborts a pull in flight, which keeps its resume point and records the abort', async () => {
    const reports: PullReport[] = [];
    poller = createFeedPoller(
      [testFeed('slow', `${server.base}slow/collections/c/`, { timeoutMs: 60_000 })],
      deps((r) => reports.push(r)),
    );
    await poller.start();
    await expect.poll(() => server.requests.length).toBe(1);
    const started = Date.now();
    await poller.stop();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(reports.map((r) => r.error?.code)).toEqual(['SAKIMORI_ERR_INTEL_FEED_ABORTED']);
    expect(await new FeedStateStore(ctx.db).get('slow')).toMatchObject({ resumePoint: undefined, lastOutcome: 'SAKIMORI_ERR_INTEL_FEED_ABORTED' });
  });

  it('refuses feeds with one name twice, or credentials that do not go together', () => {
    const twice = () =>
      createFeedPoller(
        [testFeed('x', server.base), testFeed('x', server.base)],
        deps(() => undefined),
      );
    expect(() => twice()).toThrow(expect.objectContaining({ code: 'SAKIMORI_ERR_INTEL_FEED_CONFIG' }));
    try {
      createFeedPoller(
        [testFeed('y', server.base, { token: 't', username: 'u', password: 'p' })],
        deps(() => undefined),
      );
      expect.unreachable();
    } catch (e) {
      expect(isSakimoriError(e, 'SAKIMORI_ERR_INTEL_FEED_CONFIG') && e.message).toBe('feed y: give a token or a username and password, not both');
    }
  });
});
