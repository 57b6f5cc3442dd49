/**
 * The release facts of STIX indicators as the flow matcher loads them: for each indicator, its
 * object-level TLP and the release context the TAXII server would give it — producer (a stored
 * context's, else the office), audience (the office, the producer, and every organisation granted
 * read on any collection holding the indicator: each of them can read it over TAXII already),
 * MISP distribution (stored, else 3: TLP decides).
 *
 * Read once per page of the synchroniser: one membership query, one grants query, one stored
 * contexts query.
 */
import type { Kysely } from 'kysely';
import type { OrganizationId } from '../../core/ids.js';
import { DEFAULT_RELEASE_POLICY, objectTlp, type ReleaseContext, type ReleasePolicy, type StixObject } from '../../stix/marking/index.js';
import type { Database } from '../../storage/database.js';
import { type IndicatorRelease, indicatorRelease } from '../indicator-release.js';
import { MispReleaseStore } from '../misp/misp-release-store.js';
import { chunks } from '../stix/batch-insert.js';

/** Reads the release facts of STIX objects (their latest versions), by object id. */
export type IndicatorReleaseReader = (objects: readonly { readonly id: string; readonly object: Readonly<Record<string, unknown>> }[]) => Promise<Map<string, IndicatorRelease>>;

/** Dependencies of {@link createIndicatorReleaseReader}. */
export interface IndicatorReleaseReaderDeps {
  readonly db: Kysely<Database>;
  /** The office's organisation id in release contexts (the TAXII server's `taxii.office`). */
  readonly office: OrganizationId;
  readonly policy?: ReleasePolicy | undefined;
}

/** Creates the reader. */
export function createIndicatorReleaseReader(deps: IndicatorReleaseReaderDeps): IndicatorReleaseReader {
  const policy = deps.policy ?? DEFAULT_RELEASE_POLICY;
  const misp = new MispReleaseStore(deps.db);
  return async (objects) => {
    const out = new Map<string, IndicatorRelease>();
    if (objects.length === 0) return out;
    const ids = [...new Set(objects.map((o) => o.id))];
    const collectionsOf = new Map<string, Set<string>>();
    for (const part of chunks(ids)) {
      const rows = await deps.db.selectFrom('stix_collection_objects').select(['collection_id', 'object_id']).distinct().where('object_id', 'in', part).execute();
      for (const r of rows) {
        let set = collectionsOf.get(r.object_id);
        if (set === undefined) collectionsOf.set(r.object_id, (set = new Set()));
        set.add(r.collection_id);
      }
    }
    const collections = [...new Set([...collectionsOf.values()].flatMap((s) => [...s]))];
    const readersOf = new Map<string, OrganizationId[]>();
    for (const part of chunks(collections)) {
      const rows = await deps.db
        .selectFrom('taxii_collection_grants')
        .select(['collection_id', 'grantee'])
        .where('collection_id', 'in', part)
        .where('grantee_kind', '=', 'organization')
        .where('can_read', '=', 1)
        .execute();
      for (const r of rows) {
        const list = readersOf.get(r.collection_id) ?? [];
        list.push(r.grantee as OrganizationId);
        readersOf.set(r.collection_id, list);
      }
    }
    const stored = await misp.contextsOf(ids);
    for (const o of objects) {
      const tlp = objectTlp(o.object as StixObject, policy);
      const s: Partial<ReleaseContext> = stored.get(o.id) ?? {};
      const producer = s.producer ?? deps.office;
      const audience: OrganizationId[] = [deps.office, producer];
      for (const c of collectionsOf.get(o.id) ?? []) audience.push(...(readersOf.get(c) ?? []));
      const context: ReleaseContext = {
        producer,
        audience,
        distribution: s.distribution ?? 3,
        ...(s.sharingGroupMembers === undefined ? {} : { sharingGroupMembers: s.sharingGroupMembers }),
        ...(s.inherited === undefined ? {} : { inherited: s.inherited }),
      };
      out.set(o.id, indicatorRelease(o.id, tlp.kind === 'level' ? tlp.level : null, context));
    }
    return out;
  };
}
