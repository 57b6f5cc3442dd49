/**
 * Identities shared between writings (the office, an organisation): an analysis, a sighting or an
 * advisory under one marking must not write the same identity version with another marking — the
 * store refuses a second content under one version (`SAKIMORI_ERR_INTEL_STIX_CONFLICT`). An identity
 * already stored is used as stored; a new one is marked TLP:CLEAR (a name, not the intelligence).
 */
import { TLP2_IDS } from '../../stix/marking/index.js';
import type { StixStore } from '../stix/stix-store.js';

/** `objects` with every identity replaced by its stored version, or marked TLP:CLEAR when new. */
export async function withStoredIdentities(store: StixStore, objects: readonly Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
  return Promise.all(
    objects.map(async (o) => {
      if (o['type'] !== 'identity') return o;
      const stored = await store.get(String(o['id']));
      return stored === undefined ? { ...o, object_marking_refs: [TLP2_IDS.clear] } : { ...stored.object };
    }),
  );
}
