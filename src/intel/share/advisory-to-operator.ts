/**
 * An advisory of the office written to one operator in STIX 2.1, in the operator's own collection
 * `advisories-<org>` (granted to it alone), read in its console inbox and over TAXII: one
 * `vulnerability` per CVE (with its CVE external reference), the `course-of-action` the office asks
 * for, a `mitigates` relationship from the course of action to each vulnerability, a `related-to`
 * relationship from each vulnerability to the operator's identity (its assets are exposed), and a
 * `report` that groups them under the advisory's title.
 *
 * The release policy decides before anything is stored ({@link advisoryReleaseRefusal}); ids are
 * derived from the advisory and the organisation, so a retried publication writes nothing twice.
 */
import type { Kysely } from 'kysely';
import { asId, type OrganizationId } from '../../core/ids.js';
import type { Sector } from '../../core/sectors.js';
import { mayRelease, type Recipient, TLP2_IDS, type TlpLevel } from '../../stix/marking/index.js';
import { uuidV5 } from '../../stix/object/deterministic-id.js';
import type { Database } from '../../storage/database.js';
import { identityObject } from '../attack-intel/attack-bundle.js';
import { StixStore } from '../stix/stix-store.js';
import { TaxiiGrantStore } from '../taxii/sql/index.js';
import { withStoredIdentities } from './stored-identities.js';

/** Namespace of the ids of advisory objects (UUIDv5). */
export const ADVISORY_NAMESPACE = '7d1e5b3a-2c4f-5e6a-8b9c-0d1e2f3a4b5c';

/** The collection of an organisation's advisories. */
export function advisoriesCollectionId(organizationId: string): string {
  return `advisories-${organizationId}`;
}

/** One advisory for one organisation. */
export interface OperatorAdvisory {
  readonly id: string;
  readonly organization: { readonly id: string; readonly name: string; readonly sector: Sector };
  readonly title: string;
  readonly summary: string;
  readonly action: string;
  readonly cves: readonly string[];
  readonly tlp: TlpLevel;
  readonly publishedAt: number;
}

interface Office {
  readonly office: { readonly id: string; readonly name: string };
  readonly officeOrganization: OrganizationId;
}

function recipientOf(a: Pick<OperatorAdvisory, 'organization'>): Recipient {
  return { kind: 'organisation', organisationId: asId<OrganizationId>(a.organization.id), sector: a.organization.sector };
}

/**
 * Why the advisory may not go to the organisation over the console or TAXII, or undefined when it
 * may (TLP:RED is for named persons, not an organisation's inbox).
 */
export function advisoryReleaseRefusal(deps: Pick<Office, 'officeOrganization'>, a: Pick<OperatorAdvisory, 'organization' | 'tlp'>): string | undefined {
  const probe = { type: 'report', spec_version: '2.1', id: 'report--00000000-0000-4000-8000-000000000000', object_marking_refs: [TLP2_IDS[a.tlp]] };
  const org = asId<OrganizationId>(a.organization.id);
  const context = { producer: deps.officeOrganization, audience: [deps.officeOrganization, org], distribution: 3 as const };
  for (const channel of ['api-view', 'taxii'] as const) {
    const d = mayRelease(probe, context, recipientOf(a), channel);
    if (!d.allowed) return `${d.reason} over ${channel}`;
  }
  return undefined;
}

/** The STIX objects of `a` (see the module comment). */
export function advisoryObjects(office: Office['office'], a: OperatorAdvisory): Record<string, unknown>[] {
  const at = new Date(a.publishedAt).toISOString();
  const id = (type: string, key: string) => `${type}--${uuidV5(ADVISORY_NAMESPACE, `${a.id} ${a.organization.id} ${key}`)}`;
  const marking = [TLP2_IDS[a.tlp]];
  const common = { spec_version: '2.1', created: at, modified: at, created_by_ref: office.id, object_marking_refs: marking };
  const identity = `identity--${uuidV5(ADVISORY_NAMESPACE, `organisation:${a.organization.id}`)}`;
  const vulns = a.cves.map((cve) => ({
    type: 'vulnerability',
    ...common,
    id: id('vulnerability', cve),
    name: cve,
    external_references: [{ source_name: 'cve', external_id: cve }],
  }));
  const coa = { type: 'course-of-action', ...common, id: id('course-of-action', 'action'), name: a.title, description: a.action };
  const relations = vulns.flatMap((v) => [
    { type: 'relationship', ...common, id: id('relationship', `mitigates ${v.name}`), relationship_type: 'mitigates', source_ref: coa.id, target_ref: v.id },
    {
      type: 'relationship',
      ...common,
      id: id('relationship', `related-to ${v.name}`),
      relationship_type: 'related-to',
      description: `${a.organization.name} operates assets exposed to ${v.name}`,
      source_ref: v.id,
      target_ref: identity,
    },
  ]);
  const report = {
    type: 'report',
    ...common,
    id: id('report', 'report'),
    name: a.title,
    description: a.summary,
    report_types: ['vulnerability'],
    published: at,
    labels: [`advisory:${a.id}`],
    object_refs: [...vulns.map((v) => v.id), coa.id, ...relations.map((r) => r.id), identity],
  };
  return [identityObject(office), identityObject({ id: identity, name: a.organization.name }), ...vulns, coa, ...relations, report];
}

/** Stores the advisory for its organisation (refusing a marking it may not receive); answers the report's id. */
export async function shareAdvisory(deps: { readonly db: Kysely<Database> } & Office, a: OperatorAdvisory, now: number): Promise<string> {
  const refusal = advisoryReleaseRefusal(deps, a);
  if (refusal !== undefined) throw new Error(`advisory ${a.id} not releasable to ${a.organization.id}: ${refusal}`);
  const store = new StixStore(deps.db);
  // The office's and the organisation's identities are shared with other writings: stored once.
  const objects = await withStoredIdentities(store, advisoryObjects(deps.office, a));
  const collectionId = advisoriesCollectionId(a.organization.id);
  await store.ingest(objects, {
    source: `advisory:${a.id}`,
    defaultMarkingRef: TLP2_IDS[a.tlp],
    collectionId,
    createCollection: { title: `Advisories for ${a.organization.name}` },
    now,
  });
  await new TaxiiGrantStore(deps.db).grant({ collectionId, granteeKind: 'organization', grantee: a.organization.id, canRead: true, canWrite: false }, now);
  return String(objects.at(-1)?.['id']);
}
