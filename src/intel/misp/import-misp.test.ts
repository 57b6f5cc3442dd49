/**
 * MISP import into the object store on both engines: the reference feed (misp/feed-reference) and
 * real event files (misp/events) stored with their markings and release contexts, a tampered
 * hashes.csv refusing its event and storing nothing of it, and a second import storing nothing twice.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { PAP_IDS, TLP2_IDS } from '../../stix/marking/index.js';
import { describeStorage, type StorageTestContext } from '../../storage/testing/storage-suite.js';
import { describeExternal, missingFixtures, sharedFixture } from '../../testing/external.js';
import { StixStore } from '../stix/stix-store.js';
import { importMispEvents } from './import-misp.js';
import { importMispEventFiles, importMispFeed } from './import-misp-files.js';
import { MispReleaseStore } from './misp-release-store.js';
import { readSharingGroups } from './read-misp-input.js';
import { parseMispEvent } from '../../stix/misp/index.js';

const SEDNIT = '5a3c2fcd-8328-42bb-a95e-4f4402de0b81';
const now = Date.UTC(2026, 11, 6);

async function counts(ctx: StorageTestContext): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['stix_objects', 'stix_refs', 'stix_release_contexts', 'misp_events'] as const) {
    const r = await ctx.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    out[table] = Number(r.n);
  }
  return out;
}

describeExternal('MISP import from the shared fixtures (misp/feed-reference, misp/events)', missingFixtures(), () => {
  describeStorage('MISP import', (ctx) => {
    beforeEach(() => ctx.reset());
    const feedDir = () => sharedFixture('misp', 'feed-reference');

    it('stores the 5 reference feed events with their markings, contexts and event records, under misp:<feed>', async () => {
      const r = await importMispFeed(ctx.db, feedDir(), { defaultMarkingRef: TLP2_IDS.amber, now });
      expect([r.stored, r.unchanged, r.refused]).toEqual([5, 0, 0]);
      expect(r.attributes).toBeGreaterThan(100);
      const stix = new StixStore(ctx.db);
      const grouping = await stix.get(`grouping--${SEDNIT}`);
      expect(grouping?.source).toBe('misp:feed-reference');
      expect(grouping?.markingRefs).toEqual([TLP2_IDS.clear]);
      // An attribute of a tlp:white event carries the event's marking, not the default.
      const attribute = await stix.get('observed-data--5a3c3045-ab0c-4d38-8efe-459002de0b81');
      expect(attribute?.markingRefs).toEqual([TLP2_IDS.clear]);
      // The Synovus event has no TLP tag: its objects get the default marking.
      expect((await stix.get('report--5b646415-7b48-40d5-86b4-c0070acd0835'))?.markingRefs).toEqual([TLP2_IDS.amber]);
      const contexts = await new MispReleaseStore(ctx.db).contextsOfEvent(SEDNIT);
      // A feed event has no distribution: own organisation only (CIRCL), never wider.
      const circl = '55f6ea5e-2c60-40e5-964f-47a8950d210f';
      expect(contexts.get(`grouping--${SEDNIT}`)).toEqual({ producer: circl, audience: [], distribution: 0, inherited: { distribution: 0 } });
      // Its attributes carry no distribution in a feed: 5, the event's.
      expect(contexts.get('observed-data--5a3c3045-ab0c-4d38-8efe-459002de0b81')).toEqual({ producer: circl, audience: [], distribution: 5, inherited: { distribution: 0 } });
      // Every object of the event but the shared identity has a context.
      const refs = (grouping?.object.object_refs ?? []) as string[];
      const own = (await stix.list({ limit: 1000 })).objects.filter((o) => refs.includes(o.id));
      expect(own.length).toBeGreaterThan(50);
      for (const o of own) expect(contexts.has(o.id)).toBe(true);
      expect((await counts(ctx)).misp_events).toBe(5);
    });

    it('stores nothing twice: a second import of the feed reports every event already stored and writes no row', async () => {
      const first = await importMispFeed(ctx.db, feedDir(), { defaultMarkingRef: TLP2_IDS.amber, now });
      const before = await counts(ctx);
      const second = await importMispFeed(ctx.db, feedDir(), { defaultMarkingRef: TLP2_IDS.amber, now: now + 60_000 });
      expect([second.stored, second.unchanged, second.refused, second.objectsStored]).toEqual([0, 5, 0, 0]);
      expect(second.objectsSkipped).toBe(first.objectsStored);
      expect(await counts(ctx)).toEqual(before);
    });

    it('refuses an event whose attribute hash is not in hashes.csv, stores nothing of it, and stores the other events', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'misp-feed-'));
      cpSync(feedDir(), dir, { recursive: true });
      const event = JSON.parse(readFileSync(join(dir, `${SEDNIT}.json`), 'utf8'));
      const tampered = event.Event.Attribute[0];
      tampered.value = 'https://tampered.example/';
      writeFileSync(join(dir, `${SEDNIT}.json`), JSON.stringify(event));
      const r = await importMispFeed(ctx.db, dir, { defaultMarkingRef: TLP2_IDS.amber, now });
      expect([r.stored, r.refused]).toEqual([4, 1]);
      const refused = r.events.find((e) => e.status === 'refused');
      expect(refused?.uuid).toBe(SEDNIT);
      expect(refused?.status === 'refused' && [refused.error.code, refused.error.details]).toEqual(['SAKIMORI_ERR_STIX_MISP_FEED_HASH_MISMATCH', { event: SEDNIT, attribute: tampered.uuid }]);
      const stix = new StixStore(ctx.db);
      expect(await stix.get(`grouping--${SEDNIT}`)).toBeUndefined();
      for (const a of event.Event.Attribute as { uuid: string }[]) expect((await stix.list({ ids: [`observed-data--${a.uuid}`, `x-misp-attribute--${a.uuid}`] })).objects).toEqual([]);
      expect((await new MispReleaseStore(ctx.db).contextsOfEvent(SEDNIT)).size).toBe(0);
      expect(await ctx.db.selectFrom('misp_events').select('uuid').where('uuid', '=', SEDNIT).execute()).toEqual([]);
    });

    it('refuses a hashes.csv line changed for one event and an event file the manifest does not list', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'misp-feed-'));
      cpSync(feedDir(), dir, { recursive: true });
      const lines = readFileSync(join(dir, 'hashes.csv'), 'utf8').split('\n');
      const i = lines.findIndex((l) => l.endsWith(`,${SEDNIT}`));
      lines[i] = `${'0'.repeat(32)},${SEDNIT}`;
      writeFileSync(join(dir, 'hashes.csv'), lines.join('\n'));
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      delete manifest['5b646415-7b48-40d5-86b4-c0070acd0835'];
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
      const r = await importMispFeed(ctx.db, dir, { defaultMarkingRef: TLP2_IDS.amber, now });
      const codes = Object.fromEntries(r.events.map((e) => [e.uuid, e.status === 'refused' ? e.error.code : e.status]));
      expect(codes).toEqual({
        [SEDNIT]: 'SAKIMORI_ERR_STIX_MISP_FEED_HASH_MISMATCH',
        '5acc88e9-265c-4f22-9d2b-b702950d210f': 'stored',
        '5b646415-7b48-40d5-86b4-c0070acd0835': 'SAKIMORI_ERR_STIX_MISP_FEED_NOT_IN_MANIFEST',
        '5c066053-0e94-46eb-9746-4b7d950d210f': 'stored',
        '5c7cdc3b-2f40-4dca-8200-276c0a00020f': 'stored',
      });
      expect((await counts(ctx)).misp_events).toBe(3);
    });

    it('imports real MISP event files (sightings, galaxies, objects, Japanese text) under misp:<file>', async () => {
      const files = ['japanese_test.json', 'sighting_1.json', 'mainly_objects_1.json', 'galaxy_1.json', 'shadow.json'].map((f) => sharedFixture('misp', 'events', f));
      const r = await importMispEventFiles(ctx.db, files, { defaultMarkingRef: TLP2_IDS['amber+strict'], now });
      expect([r.stored, r.refused]).toEqual([5, 0]);
      const heads = await new StixStore(ctx.db).list({ types: ['grouping', 'report'], limit: 100 });
      expect(heads.objects.map((o) => o.source).sort()).toEqual(['misp:galaxy_1.json', 'misp:japanese_test.json', 'misp:mainly_objects_1.json', 'misp:shadow.json', 'misp:sighting_1.json']);
    });

    it('stores an event whose galaxy clusters share one uuid (old MISP data: four tools as tool--0d821b68…) with the first of each id, counting the other 9', async () => {
      const r = await importMispEventFiles(ctx.db, [sharedFixture('misp', 'events', 'existing_event.json')], { defaultMarkingRef: TLP2_IDS.amber, now });
      const [outcome] = r.events;
      expect(outcome?.status === 'stored' && [outcome.uuid, outcome.duplicates]).toEqual([SEDNIT, 9]);
      expect((await new StixStore(ctx.db).get('tool--0d821b68-9d82-4c6d-86a6-1071a9e0f79f'))?.object.name).toBe('GAMEFISH');
    });

    it('resolves sharing groups from a MISP sharing group list: members of group 1 only', async () => {
      const groups = await readSharingGroups(sharedFixture('misp', 'events', 'sharing_groups.json'));
      const event = parseMispEvent({
        uuid: '6a000000-0000-4000-8000-000000000002',
        info: 'shared',
        distribution: '3',
        Orgc: { uuid: '55f6ea5e-2c60-40e5-964f-47a8950d210f', name: 'CIRCL' },
        Attribute: [{ uuid: '6a000000-0000-4000-8000-000000000021', type: 'domain', category: 'Network activity', value: 'sg.example', distribution: '4', sharing_group_id: '1' }],
      });
      await importMispEvents(ctx.db, [{ event }], { source: 'misp:test', defaultMarkingRef: TLP2_IDS.clear, now, sharingGroups: groups });
      const context = (await new MispReleaseStore(ctx.db).contextsOf(['observed-data--6a000000-0000-4000-8000-000000000021'])).get('observed-data--6a000000-0000-4000-8000-000000000021');
      expect(context?.distribution).toBe(4);
      expect(context?.sharingGroupMembers).toEqual((groups.find((g) => g.id === '1')?.members ?? []).map((m) => m.uuid));
      expect(context?.sharingGroupMembers?.length).toBeGreaterThan(0);
    });
  });
});

describeStorage('MISP import: markings and refusals', (ctx) => {
  beforeEach(() => ctx.reset());
  const event = (tags: string[], attributeTags: string[] = []) =>
    parseMispEvent({
      Event: {
        uuid: '6a000000-0000-4000-8000-000000000001',
        info: 'marked',
        timestamp: '1700000000',
        distribution: '3',
        Orgc: { uuid: '6a000000-0000-4000-8000-0000000000aa', name: 'P' },
        Tag: tags.map((name) => ({ name })),
        Attribute: [
          {
            uuid: '6a000000-0000-4000-8000-000000000011',
            type: 'domain',
            category: 'Network activity',
            value: 'bad.example',
            to_ids: true,
            timestamp: '1700000000',
            Tag: attributeTags.map((name) => ({ name })),
          },
        ],
      },
    });

  it("gives every object of a TLP:RED, PAP:RED event the event's markings, whatever the default", async () => {
    const r = await importMispEvents(ctx.db, [{ event: event(['tlp:red', 'PAP:RED']) }], { source: 'misp:test', defaultMarkingRef: TLP2_IDS.clear, now });
    expect(r.stored).toBe(1);
    const stix = new StixStore(ctx.db);
    for (const id of ['indicator', 'observed-data', 'domain-name'].map((t) => `${t}--6a000000-0000-4000-8000-000000000011`))
      expect((await stix.get(id))?.markingRefs).toEqual([TLP2_IDS.red, PAP_IDS.red]);
  });

  it('keeps the more restrictive TLP when an attribute is marked less strictly than its event', async () => {
    await importMispEvents(ctx.db, [{ event: event(['tlp:amber'], ['tlp:clear']) }], { source: 'misp:test', defaultMarkingRef: TLP2_IDS.clear, now });
    expect((await new StixStore(ctx.db).get('indicator--6a000000-0000-4000-8000-000000000011'))?.markingRefs).toEqual([TLP2_IDS.clear, TLP2_IDS.amber]);
  });

  it('refuses an event whose objects conflict with stored versions, storing nothing of it', async () => {
    await importMispEvents(ctx.db, [{ event: event(['tlp:green']) }], { source: 'misp:test', defaultMarkingRef: TLP2_IDS.clear, now });
    const before = await counts(ctx);
    // Re-tagged without a new timestamp: the same versions with other content.
    const r = await importMispEvents(ctx.db, [{ event: event(['tlp:amber']) }], { source: 'misp:test', defaultMarkingRef: TLP2_IDS.clear, now });
    expect(r.events.map((e) => (e.status === 'refused' ? e.error.code : e.status))).toEqual(['SAKIMORI_ERR_INTEL_STIX_CONFLICT']);
    expect(await counts(ctx)).toEqual(before);
  });
});
