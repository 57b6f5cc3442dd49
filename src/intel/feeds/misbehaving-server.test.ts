import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { StixStore } from '../stix/stix-store.js';
import { indicator, stixId } from '../stix/testing/stix-objects.js';
import type { FeedConfig } from '../config.js';
import { FeedStateStore } from './feed-state-store.js';
import { type PullReport, pullFeed } from './pull-feed.js';
import { recordedSleep, testFeed } from './testing/feed-config.js';
import { sendEnvelope, startHttpServer, type TestHttpServer } from './testing/http-server.js';

/** The date_added of item `i` of a test feed: ten microseconds apart. */
const at = (i: number) => `2026-02-01T00:00:00.${String(i * 10).padStart(6, '0')}Z`;
const TAXII = 'application/taxii+json;version=2.1';

/** Answers page `objects` with date headers from item numbers `first`…`last`. */
function page(res: ServerResponse, objects: readonly unknown[], first: number, last: number, more = false, next?: string): void {
  sendEnvelope(res, { more, ...(next === undefined ? {} : { next }), objects }, { first: at(first), last: at(last) });
}

describeStorage('intel/feeds: against a misbehaving TAXII server', (ctx) => {
  let server: TestHttpServer | undefined;
  let store: StixStore;
  let state: FeedStateStore;
  beforeEach(async () => {
    await ctx.reset();
    store = new StixStore(ctx.db);
    state = new FeedStateStore(ctx.db);
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const feedOf = (s: TestHttpServer, overrides: Partial<FeedConfig> = {}) => testFeed('odd', `${s.base}api/collections/c1/`, overrides);
  const pull = (feed: FeedConfig, waits = recordedSleep()): Promise<PullReport> => pullFeed(feed, { store, state, clock: ctx.clock, clientDeps: { sleep: waits.sleep, random: () => 0.5 } });
  const storedIds = async () => (await ctx.db.selectFrom('stix_objects').select('id').orderBy('id').execute()).map((r) => r.id);

  it('refuses a next token seen before in the poll (a loop), storing nothing of that page; the resume point stays at the last stored page', async () => {
    server = await startHttpServer((_req, res, n) => {
      if (n === 1) return page(res, [indicator(1), indicator(2)], 1, 2, true, 'A');
      return page(res, [indicator(3)], 3, 3, true, 'A');
    });
    const r = await pull(feedOf(server));
    expect(r.error?.code).toBe('SAKIMORI_ERR_INTEL_FEED_LOOP');
    expect(await storedIds()).toEqual([stixId('indicator', 1), stixId('indicator', 2)]);
    expect(await state.get('odd')).toMatchObject({ resumePoint: at(2), lastOutcome: 'SAKIMORI_ERR_INTEL_FEED_LOOP', last: { stored: 2, pages: 1 } });
    // The page after the first carries only `next`.
    expect(server.requests.map((q) => [q.url.searchParams.get('next'), q.url.searchParams.has('added_after')])).toEqual([
      [null, false],
      ['A', false],
    ]);
  });

  it('refuses a page that says more but repeats only objects of this poll (a stall)', async () => {
    server = await startHttpServer((_req, res, n) => page(res, [indicator(1), indicator(2)], 1, 2, true, `T${n}`));
    const r = await pull(feedOf(server));
    expect(r.error?.code).toBe('SAKIMORI_ERR_INTEL_FEED_STALLED');
    expect(r.counts).toMatchObject({ stored: 2, pages: 1 });
    expect(server.requests).toHaveLength(2);
  });

  it('an inclusive added_after neither duplicates stored versions nor loops; objects sharing the resume point are read again, not skipped', async () => {
    // Items 1…5; 4, 5 and the later 6 share one date_added. The server keeps `>=` for added_after.
    const items = [1, 2, 3, 4, 4].map((d, i) => ({ object: indicator(i + 1), dateAdded: d }));
    server = await startHttpServer((_req, res, _n, url) => {
      // The next token carries the filter and the position, as TAXII servers' do.
      const [after = null, position = '0'] = url.searchParams.get('next')?.split('|') ?? [url.searchParams.get('added_after')];
      const limit = Number(url.searchParams.get('limit'));
      const from = Number(position);
      const matching = items.filter((x) => after === null || after === '' || at(x.dateAdded) >= after);
      const slice = matching.slice(from, from + limit);
      if (slice.length === 0) return sendEnvelope(res, {});
      const more = from + limit < matching.length;
      page(
        res,
        slice.map((x) => x.object),
        slice[0]?.dateAdded ?? 0,
        slice.at(-1)?.dateAdded ?? 0,
        more,
        more ? `${after ?? ''}|${from + limit}` : undefined,
      );
    });
    const feed = feedOf(server, { pageLimit: 2 });
    expect((await pull(feed)).counts).toMatchObject({ stored: 5, duplicates: 0, pages: 3 });
    items.push({ object: indicator(6), dateAdded: 4 });
    const again = await pull(feed);
    expect(again).toMatchObject({ outcome: 'ok', resumePoint: at(4), counts: { stored: 1, duplicates: 2, pages: 2 } });
    expect(server.requests.at(-2)?.url.searchParams.get('added_after')).toBe('2026-02-01T00:00:00.000039Z');
    expect((await pull(feed)).counts).toMatchObject({ stored: 0, duplicates: 3 });
    expect(await storedIds()).toHaveLength(6);
  });

  it('refuses a page holding more objects than the limit asked, storing none of it', async () => {
    server = await startHttpServer((_req, res) => page(res, [indicator(1), indicator(2), indicator(3)], 1, 3));
    const r = await pull(feedOf(server, { pageLimit: 2 }));
    expect([r.error?.code, r.error?.message]).toEqual(['SAKIMORI_ERR_INTEL_FEED_PAGE_OVER_LIMIT', 'page of 3 objects refused: limit 2 was asked']);
    expect(await storedIds()).toEqual([]);
    expect(server.requests[0]?.url.searchParams.get('limit')).toBe('2');
  });

  it('stops reading a body at maxBytes and closes the connection', async () => {
    let written = 0;
    let closed = false;
    server = await startHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': TAXII });
      res.on('close', () => void (closed = true));
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      res.write('{"objects": [');
      const pump = () => {
        while (!closed && written < 256 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
      };
      pump();
    });
    const r = await pull(feedOf(server, { maxBytes: 64 * 1024 }));
    expect(r.error?.code).toBe('SAKIMORI_ERR_INTEL_FEED_TOO_LARGE');
    await expect.poll(() => closed).toBe(true);
    expect(written).toBeLessThan(32 * 1024 * 1024);
    expect(await storedIds()).toEqual([]);
  });

  it('refuses a declared Content-Length over the budget without reading, and counts every page against maxBytes', async () => {
    server = await startHttpServer((_req, res, n) => {
      const body = JSON.stringify({ more: true, next: `p${n}`, objects: [indicator(n)] });
      res.writeHead(200, { 'content-type': TAXII, 'content-length': Buffer.byteLength(body), 'x-taxii-date-added-last': at(n) });
      res.end(body);
    });
    const r = await pull(feedOf(server, { maxBytes: 1024 * 2 }));
    expect(r.error?.code).toBe('SAKIMORI_ERR_INTEL_FEED_TOO_LARGE');
    expect(r.counts.pages).toBeGreaterThanOrEqual(2);
    expect(await storedIds()).toHaveLength(r.counts.pages);
    expect((await state.get('odd'))?.resumePoint).toBe(at(r.counts.pages));
  });

  it('abandons a slow answer after timeoutMs, retries, then fails with the timeout code', async () => {
    server = await startHttpServer((_req, res, n) => {
      // The first answers never come; the body of the second never ends.
      if (n === 1) return;
      res.writeHead(200, { 'content-type': TAXII });
      res.write('{"objects": [');
    });
    const waits = recordedSleep();
    const started = Date.now();
    const r = await pull(feedOf(server, { timeoutMs: 200, retries: 1, backoffMs: 10 }), waits);
    expect([r.error?.code, r.error?.message]).toEqual(['SAKIMORI_ERR_INTEL_FEED_TIMEOUT', `no complete answer within 200 ms in 2 attempts from ${server.base}api/collections/c1/objects/`]);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(server.requests).toHaveLength(2);
    expect(waits.waits).toHaveLength(1);
  });

  it('waits as Retry-After says on 429, then succeeds', async () => {
    server = await startHttpServer((_req, res, n) => {
      if (n === 1) {
        res.writeHead(429, { 'retry-after': '2', 'content-type': TAXII });
        return res.end(JSON.stringify({ title: 'slow down' }));
      }
      page(res, [indicator(1)], 1, 1);
    });
    const waits = recordedSleep();
    const r = await pull(feedOf(server), waits);
    expect(r).toMatchObject({ outcome: 'ok', counts: { stored: 1 } });
    expect(waits.waits).toEqual([2000]);
  });

  it('fails at once when Retry-After asks for longer than maxBackoffMs', async () => {
    server = await startHttpServer((_req, res) => {
      res.writeHead(503, { 'retry-after': '3600' });
      res.end();
    });
    const r = await pull(feedOf(server, { maxBackoffMs: 60_000 }));
    expect(r.error?.code).toBe('SAKIMORI_ERR_INTEL_FEED_UNAVAILABLE');
    expect(r.error?.message).toMatch(/HTTP 503; Retry-After asks for 3600 s, longer than maxBackoffMs$/);
    expect(server.requests).toHaveLength(1);
  });

  it('backs off exponentially with jitter on 500 three times, then succeeds', async () => {
    server = await startHttpServer((_req, res, n) => {
      if (n <= 3) {
        res.writeHead(500);
        return res.end();
      }
      page(res, [indicator(1)], 1, 1);
    });
    const waits = recordedSleep();
    const r = await pullFeed(feedOf(server, { backoffMs: 100, retries: 3 }), { store, state, clock: ctx.clock, clientDeps: { sleep: waits.sleep, random: () => 1 } });
    expect(r).toMatchObject({ outcome: 'ok', counts: { stored: 1 } });
    expect(waits.waits).toEqual([100, 200, 400]);
  });

  it('gives up on 500 forever after the retries, keeping the resume point of the last good pull', async () => {
    let broken = false;
    server = await startHttpServer((_req, res, n) => {
      if (!broken) return page(res, [indicator(n)], n, n);
      res.writeHead(500);
      res.end();
    });
    const feed = feedOf(server, { retries: 2 });
    expect((await pull(feed)).resumePoint).toBe(at(1));
    broken = true;
    const waits = recordedSleep();
    const r = await pull(feed, waits);
    expect([r.error?.code, r.error?.message]).toEqual(['SAKIMORI_ERR_INTEL_FEED_UNAVAILABLE', `feed server unavailable at ${server.base}api/collections/c1/objects/: HTTP 500 after 3 attempts`]);
    expect(waits.waits).toHaveLength(2);
    expect(await state.get('odd')).toMatchObject({ resumePoint: at(1), lastOutcome: 'SAKIMORI_ERR_INTEL_FEED_UNAVAILABLE', storedTotal: 1 });
  });

  it('refuses answers that are not TAXII envelopes, storing nothing', async () => {
    const answers: ((res: ServerResponse) => void)[] = [
      (res) => sendEnvelope(res, '{"objects": [', { first: at(1), last: at(1) }),
      (res) => sendEnvelope(res, { objects: { id: 'x' } }),
      (res) => sendEnvelope(res, { objects: [indicator(1), { type: 'indicator' }] }),
      (res) => sendEnvelope(res, { more: true, objects: [indicator(1)] }),
      (res) => sendEnvelope(res, { more: 'yes', objects: [indicator(1)] }),
      (res) => sendEnvelope(res, { objects: [indicator(1)] }, { first: 'yesterday', last: 'today' }),
      (res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html></html>');
      },
    ];
    const reasons: string[] = [];
    for (const answer of answers) {
      await server?.close();
      server = await startHttpServer((_req, res) => answer(res));
      const r = await pull(feedOf(server));
      expect(r.error?.code).toBe('SAKIMORI_ERR_INTEL_FEED_INVALID_RESPONSE');
      reasons.push((r.error?.message ?? '').replace(/^.*objects\/: /, ''));
    }
    expect(reasons).toEqual([
      expect.stringMatching(/^not JSON/),
      'objects is not a list',
      'objects[1] is not a STIX object with an id and a type',
      'more is true but there is no next',
      'more is not a boolean',
      'X-TAXII-Date-Added-Last is not a timestamp: "today"',
      'content type "text/html" is not application/taxii+json',
    ]);
    expect(await storedIds()).toEqual([]);
  });

  it('stops at maxPages; the next pull resumes where it stopped', async () => {
    server = await startHttpServer((_req, res, n) => page(res, [indicator(n)], n, n, n < 5, n < 5 ? `p${n}` : undefined));
    const feed = feedOf(server, { maxPages: 3 });
    const r = await pull(feed);
    expect([r.error?.code, r.counts.stored, r.resumePoint]).toEqual(['SAKIMORI_ERR_INTEL_FEED_TOO_MANY_PAGES', 3, at(3)]);
    expect(server.requests).toHaveLength(3);
    await pull(feed);
    expect(server.requests[3]?.url.searchParams.get('added_after')).toBe('2026-02-01T00:00:00.000029Z');
  });

  it('sends the TAXII Accept header and Basic credentials, and counts objects the store refuses one by one', async () => {
    server = await startHttpServer((_req, res) => page(res, [indicator(1), { ...indicator(2), pattern: "[ipv4-addr:value = '1.2.3.4'" }, indicator(3)], 1, 1));
    const r = await pull(feedOf(server, { username: 'alice', password: 's3cret:x' }));
    expect(r).toMatchObject({ outcome: 'ok', counts: { stored: 2, refused: 1 }, refusals: [{ id: stixId('indicator', 2), code: 'SAKIMORI_ERR_STIX_OBJECT_INVALID' }] });
    expect(server.requests[0]?.headers).toMatchObject({ accept: TAXII, authorization: `Basic ${Buffer.from('alice:s3cret:x').toString('base64')}` });
    expect(await storedIds()).toEqual([stixId('indicator', 1), stixId('indicator', 3)]);
  });

  it('does not follow a redirect (credentials stay with the configured origin)', async () => {
    server = await startHttpServer((_req, res) => {
      res.writeHead(301, { location: 'http://elsewhere.example/taxii/' });
      res.end();
    });
    const r = await pull(feedOf(server, { token: 'abc' }));
    expect([r.error?.code, r.error?.message]).toEqual([
      'SAKIMORI_ERR_INTEL_FEED_HTTP',
      `HTTP 301 from ${server.base}api/collections/c1/objects/: redirect to "http://elsewhere.example/taxii/" not followed; configure the collection's final URL`,
    ]);
    expect(server.requests).toHaveLength(1);
  });

  it('a non-retryable status fails with its code and the TAXII error title', async () => {
    server = await startHttpServer((_req, res) => {
      res.writeHead(403, { 'content-type': TAXII });
      res.end(JSON.stringify({ title: 'no read access to collection c1', http_status: '403' }));
    });
    const r = await pull(feedOf(server, { token: 'abc' }));
    expect([r.error?.code, r.error?.message]).toEqual(['SAKIMORI_ERR_INTEL_FEED_HTTP', `HTTP 403 from ${server.base}api/collections/c1/objects/: no read access to collection c1`]);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer abc');
    expect(server.requests).toHaveLength(1);
  });
});
