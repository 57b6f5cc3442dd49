import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { TLP2_IDS } from '../../stix/marking/index.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { StixStore } from '../stix/stix-store.js';
import { indicator, stixId } from '../stix/testing/stix-objects.js';
import { createMemoryTaxiiBackend, TAXII_MEDIA_TYPE, type TaxiiBackend, type TaxiiSeed } from '../taxii/index.js';
import { FeedStateStore } from './feed-state-store.js';
import { feedCollectionId, previousMicrosecond, pullFeed } from './pull-feed.js';
import { testFeed } from './testing/feed-config.js';
import { type SakimoriTaxiiServer, startSakimoriTaxiiServer } from './testing/sakimori-taxii-server.js';
import type { TaxiiTimestamp } from '../taxii/timestamp.js';

const TOKEN = 'feed-token-0123456789';
const COLLECTION = '91a7b528-80eb-42ed-a74d-c6fbd5a26116';
const SHARED_DATE_ADDED = '2026-01-01T00:00:00.000000Z';
const SEEDED = 2500;
const RED = 900_000;

/** 2 500 unmarked indicators and one marked TLP:RED, all added at one instant. */
function seed(): TaxiiSeed {
  const objects = [...Array.from({ length: SEEDED }, (_, i) => indicator(i + 1)), indicator(RED, undefined, { object_marking_refs: [TLP2_IDS.red] })];
  return {
    '/discovery': { title: 'test', api_roots: [] },
    intel: {
      information: { title: 'intel', versions: [TAXII_MEDIA_TYPE], max_content_length: 64 * 1024 * 1024 },
      collections: [
        {
          id: COLLECTION,
          title: 'indicators',
          can_read: true,
          can_write: true,
          media_types: ['application/stix+json;version=2.1'],
          objects,
          manifest: objects.map((o) => ({ id: String(o.id), version: String(o.modified), date_added: SHARED_DATE_ADDED })),
        },
      ],
    },
  };
}

describeStorage('intel/feeds: pulling from Sakimori’s own TAXII server', (ctx) => {
  let server: SakimoriTaxiiServer;
  let backend: TaxiiBackend;
  beforeAll(async () => {
    backend = createMemoryTaxiiBackend(seed());
    server = await startSakimoriTaxiiServer(backend, TOKEN);
  });
  afterAll(() => server.close());
  beforeEach(() => ctx.reset());

  const feedUrl = () => `${server.base}intel/collections/${COLLECTION}/`;
  const post = async (objects: readonly unknown[]) => {
    const res = await fetch(`${feedUrl()}objects/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, accept: TAXII_MEDIA_TYPE, 'content-type': TAXII_MEDIA_TYPE },
      body: JSON.stringify({ objects }),
    });
    expect(res.status).toBe(202);
  };

  it('stores every object once across pages sharing one date_added and concurrent POSTs, resumes at the inclusive edge, marks unmarked objects', async () => {
    const store = new StixStore(ctx.db);
    const state = new FeedStateStore(ctx.db);
    const feed = testFeed('partner', feedUrl(), { token: TOKEN, defaultMarking: 'green', pageLimit: 1000 });
    // Each page request races a POST of 50 new indicators.
    let posted = 0;
    const racingFetch: typeof fetch = async (input, init) => {
      const batch = Array.from({ length: 50 }, (_, i) => indicator(100_000 + posted * 50 + i));
      posted++;
      const [, res] = await Promise.all([post(batch), fetch(input, init)]);
      return res;
    };
    const deps = { store, state, clock: ctx.clock };
    const first = await pullFeed(feed, { ...deps, clientDeps: { fetch: racingFetch } });
    expect(first.error).toBeUndefined();
    expect(first.counts.pages).toBeGreaterThanOrEqual(3);
    const queriesOfFirst = server.objectQueries.length;
    // A second pull (no racing) picks up whatever the last race added after the final page.
    const second = await pullFeed(feed, deps);
    expect(second.error).toBeUndefined();
    const total = SEEDED + 1 + posted * 50;
    expect(first.counts.stored + second.counts.stored).toBe(total);

    // Every version stored once, and once in the feed's collection.
    const rows = await ctx.db
      .selectFrom('stix_objects')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('id').distinct().as('ids')])
      .executeTakeFirstOrThrow();
    expect([Number(rows.n), Number(rows.ids)]).toEqual([total, total]);
    const members = await ctx.db
      .selectFrom('stix_collection_objects')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('collection_id', '=', feedCollectionId('partner'))
      .executeTakeFirstOrThrow();
    expect(Number(members.n)).toBe(total);

    // Default marking on the unmarked, the producer's marking kept on the marked one, source named after the feed.
    const plain = await store.get(stixId('indicator', 1));
    expect([plain?.markingRefs, plain?.source]).toEqual([[TLP2_IDS.green], 'feed:partner']);
    expect((await store.get(stixId('indicator', RED)))?.markingRefs).toEqual([TLP2_IDS.red]);

    // `next` and `added_after` never travel together; a pull's first request resumes before the edge.
    for (const q of server.objectQueries) expect(q.has('next') && q.has('added_after')).toBe(false);
    expect(server.objectQueries[0]?.has('added_after')).toBe(false);
    const resumed = server.objectQueries[queriesOfFirst];
    expect(resumed?.get('added_after')).toBe(previousMicrosecond(first.resumePoint as TaxiiTimestamp));

    // A third pull re-reads only the edge (the objects added at the resume point) and stores nothing.
    const edge = (await state.get('partner'))?.resumePoint;
    const before = server.objectQueries.length;
    const third = await pullFeed(feed, deps);
    expect(third).toMatchObject({ outcome: 'ok', resumePoint: edge, counts: { stored: 0, pages: 1 } });
    expect(third.counts.duplicates).toBeGreaterThanOrEqual(1);
    expect(third.counts.duplicates).toBeLessThanOrEqual(50);
    expect(server.objectQueries.length - before).toBe(1);

    // New objects after the resume point come on the next pull, once.
    await post([indicator(200_001), indicator(200_002)]);
    const fourth = await pullFeed(feed, deps);
    expect(fourth.counts.stored).toBe(2);
    expect(await state.get('partner')).toMatchObject({ lastOutcome: 'ok', storedTotal: total + 2, resumePoint: fourth.resumePoint });
  });

  it('fails with the server’s answer on wrong credentials, storing nothing', async () => {
    const r = await pullFeed(testFeed('partner', feedUrl(), { token: 'wrong-token' }), { store: new StixStore(ctx.db), state: new FeedStateStore(ctx.db), clock: ctx.clock });
    expect(r.error?.code).toBe('SAKIMORI_ERR_INTEL_FEED_HTTP');
    expect(r.error?.message).toMatch(/^HTTP 401 /);
    expect((await ctx.db.selectFrom('stix_objects').select('id').execute()).length).toBe(0);
  });
});
