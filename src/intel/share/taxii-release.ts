/**
 * The release filter of the platform's TAXII server: every object answer (objects, one object,
 * versions, manifest) passes the one release policy (`stix/marking`) for the caller over the
 * `taxii` channel, and every answer that releases something is audit-logged (`data.share`, with
 * the recipient, the channel, the object ids and their markings) before it is sent.
 *
 * Release contexts of stored objects:
 * - producer: the organisation that shared the object into the platform (a stored context says
 *   which), else the office that runs the platform;
 * - audience (who TLP:AMBER reaches): the office, the producer, and every organisation granted
 *   read on the collection by an organisation grant. A role grant opens a collection to a role, not
 *   an organisation: a caller let in by it alone receives what TLP:GREEN and TLP:CLEAR allow;
 * - distribution: a stored MISP distribution, else 3 (no MISP narrowing; TLP decides).
 *
 * References to objects outside the page are kept only when the collection holds that object and
 * every version of it the collection holds may go to the caller; otherwise they are removed (or the
 * referencing object withheld when the reference is required), so no id the caller may not see
 * leaves in `object_refs`, `*_ref(s)` or free text.
 *
 * Security invariant (enforced here): nothing leaves the TAXII server without a release decision
 * and, when anything leaves, a durable audit entry naming it; an audit failure withholds the page.
 */
import type { AuditEventInput } from '../../core/audit-event.js';
import { asId, type OrganizationId } from '../../core/ids.js';
import type { Role } from '../../core/roles.js';
import type { Sector } from '../../core/sectors.js';
import { collectRefs } from '../stix/collect-refs.js';
import { type Channel, DEFAULT_RELEASE_POLICY, releaseBundle, type Recipient, type ReleaseContext, type ReleasePolicy, type StixObject } from '../../stix/marking/index.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/database.js';
import type { StixJson, TaxiiPrincipal, TaxiiRelease, TaxiiReleaseContext } from '../taxii/index.js';
import { collectionVersions } from '../taxii/sql/collection-versions.js';
import { TaxiiGrantStore } from '../taxii/sql/taxii-grant-store.js';

/** Who a TAXII caller is, for the release policy. */
export interface TaxiiCaller {
  /** Opaque account id (audit). */
  readonly userId: string;
  readonly roles: readonly Role[];
  /** The caller's organisation and its sector; absent for the office's own staff. */
  readonly organization?: { readonly id: OrganizationId; readonly sector: Sector } | undefined;
}

/** What a stored release context adds (MISP distribution, the producing organisation). */
export type StoredReleaseContext = Partial<Pick<ReleaseContext, 'producer' | 'distribution' | 'sharingGroupMembers' | 'inherited'>>;

/** Dependencies of {@link createTaxiiRelease}. */
export interface TaxiiReleaseDeps {
  readonly db: Kysely<Database>;
  /** The organisation id the office (the platform's operator) has in release contexts. */
  readonly office: OrganizationId;
  /** Roles whose holders without an organisation act for the office (see {@link recipientOf}). */
  readonly officeRoles: readonly Role[];
  /** The caller behind a principal (from the account the API token belongs to). */
  readonly callerOf: (principal: TaxiiPrincipal) => TaxiiCaller | Promise<TaxiiCaller>;
  /** Where shares are audit-logged; the append must be durable when it resolves. */
  readonly audit: { append(event: AuditEventInput): Promise<unknown> };
  /** Stored contexts of objects (MISP distribution, producer), by object id. */
  readonly storedContexts?: (ids: readonly string[]) => Promise<ReadonlyMap<string, StoredReleaseContext>>;
  readonly policy?: ReleasePolicy;
  /** The channel the objects leave by (default `taxii`; the console's views use `api-view`). */
  readonly channel?: Channel;
}

/** Object ids per audit entry (an entry stays well under the log's size limit). */
const IDS_PER_ENTRY = 200;

/**
 * The recipient a caller is: its organisation; for the office's staff (a caller without
 * organisation holding one of `officeRoles`) that role at the office; for anyone else without an
 * organisation (a partner, an auditor, an administrator) its role in an organisation of its own,
 * which no TLP:AMBER audience includes; nobody without a role.
 */
export function recipientOf(caller: TaxiiCaller, office: OrganizationId, officeRoles: readonly Role[]): Recipient {
  if (caller.organization !== undefined) return { kind: 'organisation', organisationId: caller.organization.id, sector: caller.organization.sector };
  const staff = caller.roles.find((r) => officeRoles.includes(r));
  if (staff !== undefined) return { kind: 'role', role: staff, organisationId: office };
  const role = caller.roles[0];
  // A caller without organisation or role is nobody the policy can name: a group with no member reaches nothing.
  return role === undefined ? { kind: 'group', groupId: 'none', memberOrganisationIds: [] } : { kind: 'role', role, organisationId: asId<OrganizationId>(`user:${caller.userId}`) };
}

async function audienceOf(grants: TaxiiGrantStore, collectionId: string, office: OrganizationId): Promise<OrganizationId[]> {
  const readers = (await grants.list([collectionId])).filter((g) => g.granteeKind === 'organization' && g.canRead);
  return [office, ...readers.map((g) => asId<OrganizationId>(g.grantee))];
}

/** Every version of the given objects the collection holds, by object id. */
async function heldVersions(db: Kysely<Database>, collectionId: string, ids: readonly string[]): Promise<Map<string, StixJson[]>> {
  const out = new Map<string, StixJson[]>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const v of (await collectionVersions(db, collectionId, { ids: ids.slice(i, i + 500) })).keys()) {
      const list = out.get(v.id) ?? [];
      list.push(v.object);
      out.set(v.id, list);
    }
  }
  return out;
}

/** Creates the release filter of a collection's objects: the TAXII server's, or (with `channel`) another exit's. */
export function createTaxiiRelease(deps: TaxiiReleaseDeps): TaxiiRelease {
  const policy = deps.policy ?? DEFAULT_RELEASE_POLICY;
  const channel = deps.channel ?? 'taxii';
  const grants = new TaxiiGrantStore(deps.db);
  return async (objects: readonly StixJson[], where: TaxiiReleaseContext): Promise<readonly StixJson[]> => {
    if (objects.length === 0) return [];
    const caller = await deps.callerOf(where.principal);
    const recipient = recipientOf(caller, deps.office, deps.officeRoles);
    const audience = await audienceOf(grants, where.collectionId, deps.office);
    const inPage = new Set(objects.map((o) => String(o.id)));
    const outside = new Set<string>();
    for (const o of objects) for (const r of collectRefs(o)) if (!inPage.has(r.target) && !r.target.startsWith('marking-definition--')) outside.add(r.target);
    const held = await heldVersions(deps.db, where.collectionId, [...outside]);
    const stored = deps.storedContexts === undefined ? new Map<string, StoredReleaseContext>() : await deps.storedContexts([...inPage, ...held.keys()]);
    const contextOf = (o: StixObject): ReleaseContext => {
      const s = stored.get(o.id) ?? {};
      const producer = s.producer ?? deps.office;
      return {
        producer,
        audience: audience.includes(producer) ? audience : [...audience, producer],
        distribution: s.distribution ?? 3,
        ...(s.sharingGroupMembers === undefined ? {} : { sharingGroupMembers: s.sharingGroupMembers }),
        ...(s.inherited === undefined ? {} : { inherited: s.inherited }),
      };
    };
    // An object outside the page may be referenced when every version the collection holds may go.
    const releasedOutside = new Set<string>();
    for (const [id, versions] of held) {
      const r = releaseBundle(versions as StixObject[], contextOf, recipient, channel, { policy });
      if (r.withheld.length === 0) releasedOutside.add(id);
    }
    const { released } = releaseBundle(objects as StixObject[], contextOf, recipient, channel, { policy, alreadyReleased: (id) => releasedOutside.has(id) });
    const shared = released.filter((o) => o.type !== 'marking-definition');
    for (let i = 0; i < shared.length; i += IDS_PER_ENTRY) {
      const part = shared.slice(i, i + IDS_PER_ENTRY);
      await deps.audit.append({
        actor: { kind: 'user', id: caller.userId, ...(caller.roles[0] === undefined ? {} : { role: caller.roles[0] }) },
        action: 'data.share',
        subjects: [{ type: 'stix_collection', id: where.collectionId }],
        details: {
          channel,
          recipient: recipient.kind === 'organisation' ? `organisation:${recipient.organisationId}` : recipient.kind === 'role' ? `role:${recipient.role}@${recipient.organisationId}` : 'nobody',
          objects: part.map((o) => o.id),
          markings: [...new Set(part.flatMap((o) => (Array.isArray(o.object_marking_refs) ? (o.object_marking_refs as string[]) : [])))].sort(),
        },
      });
    }
    return released as StixJson[];
  };
}
