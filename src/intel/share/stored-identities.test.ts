import { beforeEach, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { TLP2_IDS } from '../../stix/marking/index.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { identityObject, officeIdentity } from '../attack-intel/attack-bundle.js';
import { StixStore } from '../stix/stix-store.js';
import { withStoredIdentities } from './stored-identities.js';

describeStorage('identities shared between writings', (ctx) => {
  let store: StixStore;
  const office = identityObject(officeIdentity('office'));
  const note = (n: number) => ({
    type: 'note',
    spec_version: '2.1',
    id: `note--0b9a5b2e-5d3c-4f6a-9b1e-2c3d4e5f60${String(n).padStart(2, '0')}`,
    created: '2026-12-06T00:00:00.000Z',
    modified: '2026-12-06T00:00:00.000Z',
    created_by_ref: office['id'],
    content: `note ${n}`,
    object_refs: [office['id']],
  });
  beforeEach(async () => {
    await ctx.reset();
    store = new StixStore(ctx.db);
    // A first writing under TLP:AMBER stores the office's identity with that marking.
    await store.ingest([office, note(1)], { source: 'first', defaultMarkingRef: TLP2_IDS.amber, collectionId: 'c1', createCollection: { title: 'c1' }, now: ctx.clock.now() });
  });

  it('lets a second writing under another marking reuse the stored identity', async () => {
    const objects = await withStoredIdentities(store, [office, note(2)]);
    await store.ingest(objects, { source: 'second', defaultMarkingRef: TLP2_IDS.green, collectionId: 'c2', createCollection: { title: 'c2' }, now: ctx.clock.now() });
    expect((await store.get(String(office['id'])))?.markingRefs).toEqual([TLP2_IDS.amber]);
    expect((await store.get(note(2).id))?.markingRefs).toEqual([TLP2_IDS.green]);
  });

  it('is what keeps the second writing from being refused', async () => {
    let code: string | undefined;
    try {
      await store.ingest([office, note(3)], { source: 'second', defaultMarkingRef: TLP2_IDS.green, collectionId: 'c2', createCollection: { title: 'c2' }, now: ctx.clock.now() });
    } catch (e) {
      code = isSakimoriError(e) ? e.code : String(e);
    }
    expect(code).toBe('SAKIMORI_ERR_INTEL_STIX_CONFLICT');
  });
});
