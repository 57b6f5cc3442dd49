import { beforeEach, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { TLP2_IDS } from '../../stix/marking/index.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { StixStore } from './stix-store.js';
import { bundle, indicator, malware, relationship, sighting, stixId, threatBundle } from './testing/stix-objects.js';

const AMBER = TLP2_IDS.amber;
const opts = (now: number, more: Record<string, unknown> = {}) => ({ source: 'test', defaultMarkingRef: AMBER, now, ...more });

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return isSakimoriError(e) ? e.code : `not coded: ${String(e)}`;
  }
}

async function count(store: StixStore): Promise<number> {
  let n = 0;
  let after: string | undefined;
  do {
    const page = await store.list({ limit: 1000, ...(after === undefined ? {} : { after }) });
    n += page.objects.length;
    after = page.next;
  } while (after !== undefined);
  return n;
}

describeStorage('STIX object store', (ctx) => {
  let store: StixStore;
  beforeEach(async () => {
    await ctx.reset();
    store = new StixStore(ctx.db, { maxBytes: 200_000 });
  });

  it('stores a bundle, applies the default marking to unmarked objects only, and reads versions back', async () => {
    const marked = { ...malware(1), object_marking_refs: [TLP2_IDS.green] };
    const r = await store.ingest(bundle(1, [indicator(1), marked]), opts(1000));
    expect(r.stored.map((v) => v.id)).toEqual([stixId('indicator', 1), stixId('malware', 1)]);
    expect(r.skipped).toEqual([]);
    const ind = await store.get(stixId('indicator', 1));
    expect(ind?.object).toEqual({ ...indicator(1), object_marking_refs: [AMBER] });
    expect(ind?.markingRefs).toEqual([AMBER]);
    expect((await store.get(stixId('malware', 1)))?.object).toEqual(marked);

    await store.ingest(indicator(1, '2024-03-02T00:00:00.5Z', { name: 'renamed' }), opts(2000));
    await store.ingest([indicator(1, '2024-03-02T00:00:00Z')], opts(3000));
    const versions = await store.versions(stixId('indicator', 1));
    expect(versions.map((v) => v.modified)).toEqual(['2024-03-01T09:00:00.000Z', '2024-03-02T00:00:00Z', '2024-03-02T00:00:00.5Z']);
    expect(versions.map((v) => v.isLast)).toEqual([false, false, true]);
    expect((await store.get(stixId('indicator', 1)))?.object.name).toBe('renamed');
    expect((await store.get(stixId('indicator', 1), { version: 'first' }))?.modified).toBe('2024-03-01T09:00:00.000Z');
    expect((await store.get(stixId('indicator', 1), { version: '2024-03-02T00:00:00.000Z' }))?.modified).toBe('2024-03-02T00:00:00Z');
    expect(await store.get(stixId('indicator', 1), { version: 'all' })).toHaveLength(3);
    expect(await store.get(stixId('indicator', 99))).toBeUndefined();
    expect(await codeOf(store.get(stixId('indicator', 1), { version: 'yesterday' }))).toBe('SAKIMORI_ERR_INTEL_STIX_VERSION');
  });

  it('is idempotent for identical duplicates and refuses a conflicting one, storing nothing of that input', async () => {
    await store.ingest(bundle(1, [indicator(1), malware(1)]), opts(1000));
    const again = await store.ingest(bundle(2, [indicator(1), malware(1), malware(2)]), opts(2000));
    expect(again.stored.map((v) => v.id)).toEqual([stixId('malware', 2)]);
    expect(again.skipped.map((v) => v.id)).toEqual([stixId('indicator', 1), stixId('malware', 1)]);
    const conflicting = bundle(3, [malware(3), indicator(1, undefined, { name: 'other' })]);
    let error: unknown;
    await store.ingest(conflicting, opts(3000)).catch((e: unknown) => {
      error = e;
    });
    expect(isSakimoriError(error, 'SAKIMORI_ERR_INTEL_STIX_CONFLICT')).toBe(true);
    expect((error as Error).message).toContain(stixId('indicator', 1));
    expect(await store.get(stixId('malware', 3))).toBeUndefined();
    expect(await count(store)).toBe(3);
  });

  it('refuses invalid STIX, unknown markings, oversized and deeply nested input, storing nothing', async () => {
    const invalid = bundle(1, [malware(1), { ...indicator(2), pattern_type: undefined }]);
    expect(await codeOf(store.ingest(invalid, opts(1)))).toBe('SAKIMORI_ERR_STIX_OBJECT_INVALID');
    const unknown = bundle(2, [malware(1), { ...indicator(2), object_marking_refs: ['marking-definition--00000000-0000-4000-8000-000000000bad'] }]);
    expect(await codeOf(store.ingest(unknown, opts(1)))).toBe('SAKIMORI_ERR_STIX_MARKING_UNKNOWN');
    const big = threatBundle(3, 0, 400);
    expect(await codeOf(store.ingest(big, opts(1)))).toBe('SAKIMORI_ERR_INTEL_STIX_TOO_LARGE');
    expect(await codeOf(store.ingest(JSON.stringify(big), opts(1)))).toBe('SAKIMORI_ERR_INTEL_STIX_TOO_LARGE');
    let deep: unknown = 'bottom';
    for (let i = 0; i < 10_000; i++) deep = { x: deep };
    expect(await codeOf(store.ingest(bundle(4, [malware(1), indicator(2, undefined, { x_deep: deep })]), opts(1)))).toBe('SAKIMORI_ERR_STIX_OBJECT_INVALID');
    const deepText = `{"type":"bundle","id":"${stixId('bundle', 5)}","objects":[${'['.repeat(50_000)}${']'.repeat(50_000)}]}`;
    expect(await codeOf(store.ingest(deepText, opts(1)))).toBe('SAKIMORI_ERR_STIX_OBJECT_INVALID');
    expect(await codeOf(store.ingest('{"type": "bundle",', opts(1)))).toBe('SAKIMORI_ERR_STIX_OBJECT_INVALID');
    expect(await count(store)).toBe(0);
  });

  it('accepts custom markings defined in the bundle', async () => {
    const statement = {
      type: 'marking-definition',
      spec_version: '2.1',
      id: 'marking-definition--00000000-0000-4000-8000-000000000abc',
      created: '2024-01-01T00:00:00.000Z',
      definition_type: 'statement',
      definition: { statement: 'Copyright NCO' },
    };
    const r = await store.ingest(bundle(1, [statement, { ...malware(1), object_marking_refs: [statement.id] }]), opts(1));
    expect(r.stored).toHaveLength(2);
    // A statement is not a TLP marking, so the default TLP is added beside it.
    expect((await store.get(stixId('malware', 1)))?.markingRefs).toEqual([statement.id, AMBER]);
    expect((await store.get(statement.id))?.object).toEqual(statement);
    // Later bundles may refer to the stored definition without repeating it.
    expect((await store.ingest({ ...malware(2), object_marking_refs: [statement.id, TLP2_IDS.red] }, opts(2))).stored).toHaveLength(1);
  });

  it('round-trips custom objects, extensions and SCOs semantically', async () => {
    const custom = {
      type: 'x-acme-widget',
      spec_version: '2.1',
      id: stixId('x-acme-widget', 1),
      created: '2024-03-01T09:00:00.123456789Z',
      modified: '2024-03-01T09:00:00.123456789Z',
      x_acme_size: 3.5,
      nested: { list: [1, { b: null, c: 'ü 日本' }], flag: false },
      object_marking_refs: [TLP2_IDS.red],
    };
    const ext = indicator(5, undefined, {
      object_marking_refs: [TLP2_IDS.clear],
      extensions: { 'extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e': { extension_type: 'property-extension', rank: 5, tags: ['a'] } },
    });
    const sco = { type: 'ipv4-addr', spec_version: '2.1', id: 'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd', value: '198.51.100.3', object_marking_refs: [TLP2_IDS.clear] };
    await store.ingest(bundle(1, [custom, ext, sco]), opts(1));
    expect((await store.get(custom.id))?.object).toEqual(custom);
    expect((await store.get(String(ext.id)))?.object).toEqual(ext);
    const stored = await store.get(sco.id);
    expect(stored?.object).toEqual(sco);
    expect(stored?.version).toMatch(/^sha256:[0-9a-f]{64}$/);
    // An SCO has no version timestamp: other content is another version, the same content a no-op.
    await store.ingest({ ...sco, x_note: 'seen again' }, opts(2));
    expect((await store.ingest(sco, opts(3))).skipped).toHaveLength(1);
    expect((await store.versions(sco.id)).map((v) => v.object.x_note ?? null)).toEqual([null, 'seen again']);
  });

  it('records revocation and answers references both ways', async () => {
    const ind = stixId('indicator', 1);
    const mal = stixId('malware', 1);
    const who = stixId('identity', 0);
    await store.ingest(bundle(1, [indicator(1), malware(1), relationship(1, ind, mal), sighting(1, ind, who)]), opts(1));
    expect(await store.references(stixId('relationship', 1), 'from')).toEqual([
      { source: stixId('relationship', 1), path: '/object_marking_refs/0', target: AMBER },
      { source: stixId('relationship', 1), path: '/source_ref', target: ind },
      { source: stixId('relationship', 1), path: '/target_ref', target: mal },
    ]);
    expect(await store.references(ind, 'to')).toEqual([
      { source: stixId('relationship', 1), path: '/source_ref', target: ind },
      { source: stixId('sighting', 1), path: '/sighting_of_ref', target: ind },
    ]);
    expect((await store.references(who, 'to')).map((r) => r.path)).toEqual(['/where_sighted_refs/0']);
    expect(await store.isRevoked(ind)).toBe(false);
    await store.ingest(indicator(1, '2024-04-01T00:00:00Z', { revoked: true }), opts(2));
    expect(await store.isRevoked(ind)).toBe(true);
    expect((await store.get(ind))?.revoked).toBe(true);
    expect((await store.get(ind, { version: 'first' }))?.revoked).toBe(false);
  });

  it('lists by type, id, time and collection with a cursor', async () => {
    await ctx.db.insertInto('stix_collections').values({ id: 'c1', title: 'JPCERT feed', description: null, alias: 'jpcert', created_at: 0 }).execute();
    await store.ingest(bundle(1, [indicator(1), malware(1)]), opts(1000));
    await store.ingest(bundle(2, [indicator(2), indicator(1)]), opts(2000, { collectionId: 'c1' }));
    expect((await store.list({ types: ['indicator'] })).objects.map((o) => o.id)).toEqual([stixId('indicator', 1), stixId('indicator', 2)]);
    expect((await store.list({ ids: [stixId('malware', 1)] })).objects.map((o) => o.type)).toEqual(['malware']);
    expect((await store.list({ addedAfter: 1000 })).objects.map((o) => o.id)).toEqual([stixId('indicator', 2)]);
    const inCollection = await store.list({ collectionId: 'c1', limit: 1 });
    expect(inCollection.objects.map((o) => [o.id, o.dateAdded])).toEqual([[stixId('indicator', 2), 2000]]);
    expect((await store.list({ collectionId: 'c1', after: inCollection.next })).objects.map((o) => o.id)).toEqual([stixId('indicator', 1)]);
    expect(await codeOf(store.ingest(malware(9), opts(3000, { collectionId: 'nope' })))).toBe('SAKIMORI_ERR_INTEL_STIX_COLLECTION_UNKNOWN');
    expect(await codeOf(store.list({ after: 'garbage' }))).toBe('SAKIMORI_ERR_INTEL_STIX_CURSOR');
  });

  it('creates an empty collection once, then leaves it as it is', async () => {
    expect(await store.createCollection('feeds', { title: 'Feeds', description: 'partner feeds' }, 7)).toBe(true);
    expect(await store.createCollection('feeds', { title: 'Other' }, 8)).toBe(false);
    expect(await store.collections()).toEqual([{ id: 'feeds', title: 'Feeds', description: 'partner feeds', alias: null, createdAt: 7 }]);
    await store.ingest(bundle(1, [indicator(1)]), opts(1000, { collectionId: 'feeds' }));
    expect((await store.list({ collectionId: 'feeds' })).objects.map((o) => o.id)).toEqual([stixId('indicator', 1)]);
  });

  it('pages 10 000 objects sharing one date_added, each exactly once, while others are being added', async () => {
    const big = new StixStore(ctx.db);
    for (let b = 0; b < 5; b++)
      await big.ingest(
        bundle(
          b,
          Array.from({ length: 2000 }, (_, i) => indicator(b * 2000 + i)),
        ),
        opts(5000),
      );
    const seen = new Map<string, number>();
    let after: string | undefined;
    let extra = 0;
    for (;;) {
      // A writer adds a bundle while the reader fetches each page; its objects come after the page.
      const writer = extra < 10 ? big.ingest(bundle(100 + extra, [indicator(20_000 + extra)]), opts(5000 - extra)) : Promise.resolve();
      extra++;
      const [page] = await Promise.all([big.list({ limit: 777, ...(after === undefined ? {} : { after }) }), writer]);
      for (const o of page.objects) seen.set(o.id, (seen.get(o.id) ?? 0) + 1);
      if (page.next === undefined) break;
      after = page.next;
    }
    expect(seen.size).toBe(10_010);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  }, 120_000);
});
