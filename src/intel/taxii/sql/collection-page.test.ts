/**
 * The chunked page read agrees with the protocol's whole-collection selection: for random
 * collections (objects with several versions added at different times, many sharing one
 * `date_added`) and random filters, paging with tiny chunks returns exactly the versions that
 * `selectVersions` over the whole collection returns, in order, each once.
 */
import { expect, it } from 'vitest';
import { TLP2_IDS } from '../../../stix/marking/index.js';
import { describeStorage } from '../../../storage/testing/storage-suite.js';
import { StixStore } from '../../stix/stix-store.js';
import { indicator, stixId } from '../../stix/testing/stix-objects.js';
import type { ObjectFilter, PagePosition, StoredVersion, VersionMatch } from '../backend.js';
import { selectVersions } from '../select-versions.js';
import { taxiiTimestampOf } from '../timestamp.js';
import { collectionPage } from './collection-page.js';
import { collectionVersions } from './collection-versions.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return s / 2 ** 32;
  };
}

const key = (v: StoredVersion): string => `${v.id}@${v.versionText}#${v.seq}`;

describeStorage('SQL TAXII collection page', (s) => {
  it('pages in small chunks exactly as selecting over the whole collection, for random collections and filters', async () => {
    for (let round = 0; round < 6; round++) {
      await s.reset();
      const random = rng(round + 1);
      const store = new StixStore(s.db);
      await store.createCollection('c', { title: 'C' }, 0);
      // 40 objects, up to 3 versions each, added in 12 ingests of which several share one millisecond.
      const objects = 40;
      for (let batch = 0; batch < 12; batch++) {
        const list: Record<string, unknown>[] = [];
        for (let n = 1; n <= objects; n++) {
          if (random() < 0.25) {
            const version = Math.floor(random() * 3);
            list.push(indicator(n, `2024-03-0${1 + version}T09:00:00.000Z`));
          }
        }
        const seen = new Set<string>();
        const unique = list.filter((o) => !seen.has(`${o.id}${o.modified}`) && seen.add(`${o.id}${o.modified}`));
        if (unique.length > 0) await store.ingest(unique, { source: 'test', defaultMarkingRef: TLP2_IDS.amber, collectionId: 'c', now: 1000 + Math.floor(batch / 3) });
      }
      const all = [...(await collectionVersions(s.db, 'c', {})).keys()];
      const versionChoices: (readonly VersionMatch[] | undefined)[] = [undefined, [{ kind: 'first' }], [{ kind: 'all' }], [{ kind: 'first' }, { kind: 'last' }]];
      for (let f = 0; f < 8; f++) {
        const filter: ObjectFilter = {
          ...(random() < 0.3 ? { ids: Array.from({ length: 10 }, () => stixId('indicator', 1 + Math.floor(random() * objects))) } : {}),
          ...(random() < 0.2 ? { types: ['indicator'] } : {}),
          ...(random() < 0.3 ? { addedAfter: taxiiTimestampOf(1000 + Math.floor(random() * 3)) } : {}),
          ...(() => {
            const v = versionChoices[Math.floor(random() * versionChoices.length)];
            return v === undefined ? {} : { versions: v };
          })(),
        };
        const expected = selectVersions(all, filter).map(key);
        const limit = 1 + Math.floor(random() * 7);
        const got: string[] = [];
        let after: PagePosition | undefined;
        for (let pages = 0; pages < 1000; pages++) {
          const page = await collectionPage(s.db, 'c', filter, { limit, ...(after === undefined ? {} : { after }) }, 3);
          got.push(...page.items.map(key));
          expect(page.items.length).toBeLessThanOrEqual(limit);
          const last = page.items.at(-1);
          if (!page.more) break;
          expect(last).toBeDefined();
          after = { dateAdded: last!.dateAdded, seq: last!.seq };
        }
        expect(got).toEqual(expected);
      }
    }
  });

  it('answers an empty page for an empty id or type list without reading', async () => {
    expect(await collectionPage(s.db, 'nothing', { ids: [] }, { limit: 10 })).toEqual({ items: [], more: false });
    expect(await collectionPage(s.db, 'nothing', { types: [] }, { limit: 10 })).toEqual({ items: [], more: false });
  });
});
