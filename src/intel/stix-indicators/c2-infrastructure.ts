/**
 * Indicators linked to command-and-control infrastructure in the STIX store: an `infrastructure`
 * whose `infrastructure_types` holds `command-and-control`, and a relationship between it and the
 * indicator — `indicator indicates infrastructure` (STIX 2.1 §4.7), or any relationship from the
 * infrastructure to the indicator (the infrastructure referencing it). Latest versions only;
 * revoked objects do not count.
 *
 * Cost: one paged read of the infrastructures, then per C2 infrastructure one reference lookup
 * and one read per relationship naming it — proportional to the C2 infrastructure, not to the
 * number of indicators.
 */
import type { StixStore } from '../stix/stix-store.js';

/** What the synchroniser reads from the STIX store. */
export type StixIndicatorReader = Pick<StixStore, 'list' | 'get' | 'references'>;

/** The `infrastructure_types` value of command-and-control infrastructure. */
export const C2_INFRASTRUCTURE_TYPE = 'command-and-control';

/** Ids of the indicators linked to command-and-control infrastructure. */
export async function c2IndicatorIds(store: StixIndicatorReader, pageSize: number): Promise<Set<string>> {
  const infrastructures: string[] = [];
  let after: string | undefined;
  do {
    const page = await store.list({ types: ['infrastructure'], limit: pageSize, ...(after === undefined ? {} : { after }) });
    for (const o of page.objects) {
      const types = o.object.infrastructure_types;
      if (o.isLast && !o.revoked && Array.isArray(types) && types.includes(C2_INFRASTRUCTURE_TYPE)) infrastructures.push(o.id);
    }
    after = page.next;
  } while (after !== undefined);
  const out = new Set<string>();
  for (const infra of infrastructures) {
    for (const ref of await store.references(infra, 'to')) {
      if (!ref.source.startsWith('relationship--')) continue;
      const rel = await store.get(ref.source);
      if (rel === undefined || rel.revoked) continue;
      const { source_ref: from, target_ref: to, relationship_type: type } = rel.object;
      if (typeof from !== 'string' || typeof to !== 'string') continue;
      if (type === 'indicates' && to === infra && from.startsWith('indicator--')) out.add(from);
      else if (from === infra && to.startsWith('indicator--')) out.add(to);
    }
  }
  return out;
}
