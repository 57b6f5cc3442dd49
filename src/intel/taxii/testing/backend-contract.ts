/**
 * The contract every TAXII backend keeps, as a vitest suite taking a factory: the memory backend
 * runs it here, the SQL STIX store runs it beside its own code. It pins the filter semantics, the
 * (`date_added`, sequence) paging order and its stability while objects are added.
 */
import { describe, expect, it } from 'vitest';
import type { StixJson, StoredVersion, TaxiiBackend } from '../backend.js';
import type { TaxiiSeed } from '../memory-backend.js';

/** Builds a backend holding `seed`, whose clock reads `now()` milliseconds. */
export type TaxiiBackendFactory = (seed: TaxiiSeed, now: () => number) => Promise<TaxiiBackend> | TaxiiBackend;

const ROOT = 'root1';
const COLL = '91a7b528-80eb-42ed-a74d-c6fbd5a26116';
const P = { id: 'tester' };
const T0 = '2020-01-01T00:00:00.000000Z';

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
/** An indicator-shaped object (backends store without validating; the route validates). */
export const stixObject = (n: number, modified = '2020-01-01T00:00:00.000Z', specVersion = '2.1'): StixJson => ({
  type: 'indicator',
  ...(specVersion === '2.0' ? {} : { spec_version: specVersion }),
  id: `indicator--${uuid(n)}`,
  created: '2019-01-01T00:00:00.000Z',
  modified,
});

/** A one-root seed whose objects all carry the given `date_added` values (one per object). */
export function contractSeed(objects: readonly StixJson[], dateAdded: (i: number) => string = () => T0): TaxiiSeed {
  const manifest = objects.map((o, i) => ({ id: String(o.id), version: String(o.modified ?? o.created), date_added: dateAdded(i) }));
  return {
    '/discovery': { title: 'contract', api_roots: [`https://example.test/${ROOT}/`] },
    [ROOT]: {
      information: { title: 'root', versions: ['application/taxii+json;version=2.1'], max_content_length: 1_000_000 },
      status: [],
      collections: [
        { id: COLL, title: 'rw', can_read: true, can_write: true, media_types: ['application/stix+json;version=2.1'], objects, manifest },
        { id: 'closed', title: 'closed', can_read: false, can_write: false, media_types: [] },
      ],
    },
  };
}

async function readAll(b: TaxiiBackend, limit: number, between?: (page: number) => Promise<void>): Promise<StoredVersion[]> {
  const seen: StoredVersion[] = [];
  let after: StoredVersion | undefined;
  for (let page = 0; ; page++) {
    const p = await b.objects(ROOT, COLL, {}, { limit, ...(after === undefined ? {} : { after }) });
    seen.push(...p.items);
    after = p.items[p.items.length - 1];
    if (!p.more) return seen;
    await between?.(page);
  }
}

/** Runs the TAXII backend contract against backends the factory builds. */
export function runTaxiiBackendContract(name: string, factory: TaxiiBackendFactory): void {
  const clock = { ms: Date.parse('2024-05-01T00:00:00Z') };
  const make = (seed: TaxiiSeed) => factory(seed, () => clock.ms);

  describe(`TAXII backend contract: ${name}`, () => {
    it('answers roots and collections, undefined for unknown ones, with rights', async () => {
      const b = await make(contractSeed([]));
      expect((await b.discovery()).api_roots).toHaveLength(1);
      expect(await b.apiRoot('nope')).toBeUndefined();
      expect(await b.collections('nope', P)).toBeUndefined();
      expect((await b.collections(ROOT, P))?.map((c) => [c.id, c.can_read, c.can_write])).toEqual([
        [COLL, true, true],
        ['closed', false, false],
      ]);
      expect(await b.collection(ROOT, 'missing', P)).toBeUndefined();
    });

    it('selects versions: last by default, first, all, one exact version, and the latest spec version', async () => {
      const objects = [stixObject(1, '2020-01-01T00:00:00.000Z'), stixObject(1, '2021-01-01T00:00:00.000Z'), stixObject(1, '2022-01-01T00:00:00.000Z', '2.0'), stixObject(2)];
      const b = await make(contractSeed(objects, (i) => `2020-0${i + 1}-01T00:00:00.000000Z`));
      const versions = async (f: Parameters<TaxiiBackend['objects']>[2]) => (await b.objects(ROOT, COLL, f, { limit: 100 })).items.map((v) => `${v.id.slice(-1)}@${v.versionText.slice(0, 4)}`);
      expect(await versions({})).toEqual(['1@2021', '2@2020']);
      expect(await versions({ versions: [{ kind: 'first' }] })).toEqual(['1@2020', '2@2020']);
      expect(await versions({ versions: [{ kind: 'all' }], specVersions: ['2.0', '2.1'] })).toEqual(['1@2020', '1@2021', '1@2022', '2@2020']);
      expect(await versions({ specVersions: ['2.0'] })).toEqual(['1@2022']);
      expect(await versions({ addedAfter: '2020-02-01T00:00:00.000000Z' as never, versions: [{ kind: 'all' }] })).toEqual(['2@2020']);
      expect(await versions({ ids: [String(objects[3]?.id)] })).toEqual(['2@2020']);
    });

    it('pages objects sharing one date_added without skipping or repeating any', async () => {
      const b = await make(contractSeed(Array.from({ length: 25 }, (_, i) => stixObject(i + 1))));
      const seen = await readAll(b, 10);
      expect(seen.map((v) => v.id)).toEqual(Array.from({ length: 25 }, (_, i) => String(stixObject(i + 1).id)));
    });

    it('adds objects at date_added = now, reports duplicates and failures, and keeps the status', async () => {
      const b = await make(contractSeed([stixObject(1)]));
      const status = await b.addObjects(ROOT, COLL, { accepted: [stixObject(1), stixObject(2)], rejected: [{ id: 'x--y', version: '', message: 'bad' }] });
      expect([status.total_count, status.success_count, status.failure_count, status.pending_count]).toEqual([3, 2, 1, 0]);
      expect(status.successes?.map((s) => s.message)).toEqual(['Object already added', undefined]);
      expect(await b.status(ROOT, status.id)).toEqual(status);
      const added = (await b.objects(ROOT, COLL, { ids: [String(stixObject(2).id)] }, { limit: 10 })).items[0];
      expect(added?.dateAdded.slice(0, 19)).toBe('2024-05-01T00:00:00');
      expect(await b.hasObject(ROOT, COLL, String(stixObject(2).id))).toBe(true);
    });

    it('deletes the versions a filter selects, every version by default', async () => {
      const objects = [stixObject(1, '2020-01-01T00:00:00.000Z'), stixObject(1, '2021-01-01T00:00:00.000Z'), stixObject(1, '2022-01-01T00:00:00.000Z')];
      const b = await make(contractSeed(objects));
      const id = String(objects[0]?.id);
      expect(await b.deleteObject(ROOT, COLL, id, { versions: [{ kind: 'first' }] })).toBe(1);
      expect(await b.deleteObject(ROOT, COLL, id, {})).toBe(2);
      expect(await b.hasObject(ROOT, COLL, id)).toBe(false);
    });

    it('pages 10 000 objects of one date_added with limit 1000 while POSTs land between pages: each seen exactly once', async () => {
      const original = Array.from({ length: 10_000 }, (_, i) => stixObject(i + 1));
      const b = await make(contractSeed(original));
      let n = 20_000;
      const seen = await readAll(b, 1000, async () => {
        clock.ms += 1;
        await b.addObjects(ROOT, COLL, { accepted: [stixObject(n++), stixObject(n++)], rejected: [] });
      });
      const ids = seen.map((v) => v.id);
      expect(new Set(ids).size).toBe(ids.length);
      const idSet = new Set(ids);
      expect(original.filter((o) => !idSet.has(String(o.id)))).toEqual([]);
      expect(ids.length).toBe(10_000 + (n - 20_000));
    }, 60_000);
  });
}
