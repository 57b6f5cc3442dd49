/**
 * Intelligence for the API and console tests: three collections — one granted to an organisation,
 * one to the operator role, one closed — holding indicators under every TLP level, a malware and
 * relationships (one to an object in the closed collection).
 */
import type { Kysely } from 'kysely';
import { StixStore } from '../../intel/stix/stix-store.js';
import { TaxiiGrantStore } from '../../intel/taxii/sql/index.js';
import type { Database } from '../../storage/database.js';

/** TLP 2.0 marking definition ids (FIRST). */
export const TLP = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
} as const;
/** PAP:RED (Sakimori's statement marking, `stix/marking/pap-definitions.ts`). */
export const PAP_RED = 'marking-definition--feebe1e3-5a2d-5e1f-8670-ed5c66aa900e';

/** Ids of what {@link seedIntel} stored. */
export const INTEL = {
  orgCollection: 'intel-airline',
  roleCollection: 'intel-operators',
  closedCollection: 'intel-office',
  green: 'indicator--00000000-0000-4000-8000-000000000001',
  amber: 'indicator--00000000-0000-4000-8000-000000000002',
  red: 'indicator--00000000-0000-4000-8000-000000000003',
  malware: 'malware--00000000-0000-4000-8000-000000000004',
  indicates: 'relationship--00000000-0000-4000-8000-000000000005',
  toHidden: 'relationship--00000000-0000-4000-8000-000000000006',
  roleGreen: 'indicator--00000000-0000-4000-8000-000000000011',
  roleAmber: 'indicator--00000000-0000-4000-8000-000000000012',
  hidden: 'indicator--00000000-0000-4000-8000-000000000021',
} as const;

const T = '2026-05-01T09:00:00.000Z';

function indicator(id: string, value: string, marking: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id,
    created: T,
    modified: T,
    name: value,
    pattern: `[ipv4-addr:value = '${value}']`,
    pattern_type: 'stix',
    valid_from: T,
    object_marking_refs: [marking],
    ...extra,
  };
}

function relationship(id: string, source: string, target: string, marking: string) {
  return { type: 'relationship', spec_version: '2.1', id, created: T, modified: T, relationship_type: 'indicates', source_ref: source, target_ref: target, object_marking_refs: [marking] };
}

/** Stores the collections, objects and grants (once: a second call changes nothing). */
export async function seedIntel(db: Kysely<Database>, airlineOrg: string, now: number): Promise<void> {
  const store = new StixStore(db);
  const ingest = (collectionId: string, title: string, objects: unknown[]) =>
    store.ingest({ type: 'bundle', id: 'bundle--00000000-0000-4000-8000-0000000000ff', objects }, { source: 'test', defaultMarkingRef: TLP.amber, collectionId, createCollection: { title }, now });
  await ingest(INTEL.closedCollection, 'Office only', [indicator(INTEL.hidden, '192.0.2.21', TLP.amber)]);
  await ingest(INTEL.orgCollection, 'Aozora Airlines sharing', [
    indicator(INTEL.green, '192.0.2.1', TLP.green),
    indicator(INTEL.amber, '192.0.2.2', TLP.amber, { object_marking_refs: [TLP.amber, PAP_RED] }),
    indicator(INTEL.red, '192.0.2.3', TLP.red),
    { type: 'malware', spec_version: '2.1', id: INTEL.malware, created: T, modified: T, name: 'Mirai', is_family: true, object_marking_refs: [TLP.clear] },
    relationship(INTEL.indicates, INTEL.green, INTEL.malware, TLP.green),
    relationship(INTEL.toHidden, INTEL.hidden, INTEL.malware, TLP.green),
  ]);
  await ingest(INTEL.roleCollection, 'Operators', [indicator(INTEL.roleGreen, '192.0.2.11', TLP.green), indicator(INTEL.roleAmber, '192.0.2.12', TLP.amber)]);
  const grants = new TaxiiGrantStore(db);
  await grants.grant({ collectionId: INTEL.orgCollection, granteeKind: 'organization', grantee: airlineOrg, canRead: true, canWrite: false }, now);
  await grants.grant({ collectionId: INTEL.roleCollection, granteeKind: 'role', grantee: 'operator_reporter', canRead: true, canWrite: false }, now);
}
