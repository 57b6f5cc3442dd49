/**
 * Identities shared between writings (the office, an organisation): a published attack, a sighting,
 * an analysis or an advisory under one marking must not write the same identity version again under
 * another — the store applies the writing's default marking to an unmarked object and refuses a
 * second content under one version (`SAKIMORI_ERR_INTEL_STIX_CONFLICT`). An identity already stored
 * is used as stored; the first writing decides its marking.
 */
import type { StixStore } from '../stix/stix-store.js';

/** `objects` with every identity already in the store replaced by its stored version. */
export async function withStoredIdentities(store: StixStore, objects: readonly Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
  return Promise.all(
    objects.map(async (o) => {
      if (o['type'] !== 'identity') return o;
      const stored = await store.get(String(o['id']));
      return stored === undefined ? o : { ...stored.object };
    }),
  );
}
