/**
 * Who an API caller is for intelligence: the one mapping from an account (its roles and
 * organisation) to the TAXII principal the collection rights read and to the caller the release
 * filter decides for. The TAXII server (`taxii-mount.ts`) and the console's intel routes
 * (`routes/intel.ts`) both use it, so a person receives the same intelligence by either way.
 */
import type { Actor } from '../core/roles.js';
import { asId, type OrganizationId } from '../core/ids.js';
import type { TaxiiCaller } from '../intel/share/taxii-release.js';
import type { TaxiiPrincipal } from '../intel/taxii/index.js';
import type { SqlTaxiiPrincipal } from '../intel/taxii/sql/index.js';
import type { OrganizationStore } from '../registry/organization-store.js';

/** The TAXII principal of an account: its id, roles and organisation (what collection grants name). */
export function intelPrincipalOf(actor: Pick<Actor, 'userId' | 'roles' | 'organizationId'>): SqlTaxiiPrincipal {
  return { id: actor.userId, roles: actor.roles, ...(actor.organizationId === undefined ? {} : { organizationId: actor.organizationId }) };
}

/**
 * The release filter's caller behind a principal made by {@link intelPrincipalOf}: its roles and,
 * for a member of an organisation, that organisation and its sector.
 */
export function intelCallerOf(orgs: Pick<OrganizationStore, 'get'>): (principal: TaxiiPrincipal) => Promise<TaxiiCaller> {
  return async (p) => {
    const s = p as SqlTaxiiPrincipal;
    const roles = (s.roles ?? []) as TaxiiCaller['roles'];
    if (s.organizationId === undefined) return { userId: s.id, roles };
    const org = await orgs.get(s.organizationId);
    // A member of an organisation no longer registered is nobody the policy can name: it receives nothing
    // (never the office's view, which a caller without organisation would get).
    if (org === undefined) return { userId: s.id, roles: [] };
    return { userId: s.id, roles, organization: { id: asId<OrganizationId>(org.id), sector: org.sector } };
  };
}
