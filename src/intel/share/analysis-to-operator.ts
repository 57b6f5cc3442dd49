/**
 * The office's analysis written back to an operator (after an incident report, say): a STIX `note`
 * by the office about the organisation, in the organisation's own collection `analyses-<org>`
 * (granted to it alone), read in its console inbox and over TAXII. The release policy decides
 * before anything is stored: a marking the organisation may not receive over the console (TLP:RED
 * to an organisation, which is not a named person) is refused with a coded error, so no analysis
 * sits in a collection its reader cannot see.
 */
import type { Kysely } from 'kysely';
import { asId, type OrganizationId } from '../../core/ids.js';
import type { Sector } from '../../core/sectors.js';
import { mayRelease, type Recipient, TLP2_IDS, type TlpLevel } from '../../stix/marking/index.js';
import { uuidV5 } from '../../stix/object/deterministic-id.js';
import type { Database } from '../../storage/database.js';
import { identityObject } from '../attack-intel/attack-bundle.js';
import { ERR_INTEL_ANALYSIS_NOT_RELEASABLE } from '../errors.js';
import { StixStore } from '../stix/stix-store.js';
import { TaxiiGrantStore } from '../taxii/sql/index.js';
import { withStoredIdentities } from './stored-identities.js';

/** Namespace of the ids of analyses (UUIDv5). */
export const ANALYSIS_NAMESPACE = '3f0c9a4e-6b1d-5c2e-9a7f-4d8b1e2c3a50';

/** The collection of an organisation's analyses. */
export function analysesCollectionId(organizationId: string): string {
  return `analyses-${organizationId}`;
}

/** One analysis for one organisation. */
export interface OperatorAnalysis {
  readonly organization: { readonly id: string; readonly name: string; readonly sector: Sector };
  /** What the analysis is about, e.g. `incident:inc_123` (its id is derived from it and the text's time). */
  readonly about: string;
  readonly title: string;
  readonly text: string;
  readonly tlp: TlpLevel;
}

/** Stores the analysis for its organisation; answers the note's id. */
export async function shareAnalysis(
  deps: { readonly db: Kysely<Database>; readonly office: { readonly id: string; readonly name: string }; readonly officeOrganization: OrganizationId },
  a: OperatorAnalysis,
  now: number,
): Promise<string> {
  const marking = TLP2_IDS[a.tlp];
  const org = asId<OrganizationId>(a.organization.id);
  const recipient: Recipient = { kind: 'organisation', organisationId: org, sector: a.organization.sector };
  const about = `identity--${uuidV5(ANALYSIS_NAMESPACE, `organisation:${a.organization.id}`)}`;
  const at = new Date(now).toISOString();
  const note = {
    type: 'note',
    spec_version: '2.1',
    id: `note--${uuidV5(ANALYSIS_NAMESPACE, `${a.about} ${now}`)}`,
    created: at,
    modified: at,
    created_by_ref: deps.office.id,
    abstract: a.title,
    content: a.text,
    object_refs: [about],
    labels: [a.about],
    object_marking_refs: [marking],
  };
  const context = { producer: deps.officeOrganization, audience: [deps.officeOrganization, org], distribution: 3 as const };
  for (const channel of ['api-view', 'taxii'] as const) {
    const d = mayRelease(note, context, recipient, channel);
    if (!d.allowed) throw new ERR_INTEL_ANALYSIS_NOT_RELEASABLE(`TLP:${a.tlp.toUpperCase()}`, a.organization.name, `${d.reason} over ${channel}`);
  }
  const collectionId = analysesCollectionId(a.organization.id);
  const store = new StixStore(deps.db);
  // The office's and the organisation's identities are shared with other writings: stored once.
  const objects = await withStoredIdentities(store, [identityObject(deps.office), identityObject({ id: about, name: a.organization.name }), note]);
  await store.ingest(objects, { source: `analysis:${a.about}`, defaultMarkingRef: marking, collectionId, createCollection: { title: `Analyses for ${a.organization.name}` }, now });
  await new TaxiiGrantStore(deps.db).grant({ collectionId, granteeKind: 'organization', grantee: a.organization.id, canRead: true, canWrite: false }, now);
  return note.id;
}
