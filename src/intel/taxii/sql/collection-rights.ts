/**
 * Who may read or write a TAXII collection, from its grants. Pure: the grants are read by
 * {@link TaxiiGrantStore}, the caller's organisation and roles by the backend.
 *
 * Security invariant: a collection with no grant is closed — readable and writable by nobody but
 * the administrator roles — so a collection created by an import is never exposed by accident.
 */

/** The kinds of grantee a grant names. */
export type TaxiiGranteeKind = 'organization' | 'role';

/** One access grant on one collection. */
export interface TaxiiGrant {
  readonly collectionId: string;
  readonly granteeKind: TaxiiGranteeKind;
  /** Organisation id (`organization`) or role name (`role`). */
  readonly grantee: string;
  readonly canRead: boolean;
  readonly canWrite: boolean;
}

/** What the rights of a caller depend on: its organisation (if any) and its roles. */
export interface TaxiiGrantee {
  readonly organizationId?: string | undefined;
  readonly roles: readonly string[];
}

/** A caller's rights on one collection. */
export interface TaxiiRights {
  readonly canRead: boolean;
  readonly canWrite: boolean;
}

/** True when `grant` names the caller: its organisation, or one of its roles. */
function names(grant: TaxiiGrant, who: TaxiiGrantee): boolean {
  if (grant.granteeKind === 'organization') return who.organizationId !== undefined && grant.grantee === who.organizationId;
  return who.roles.includes(grant.grantee);
}

/**
 * The caller's rights on a collection: everything for an administrator role, else the union of
 * the grants that name its organisation or one of its roles (nothing when none does).
 */
export function rightsOf(grants: readonly TaxiiGrant[], who: TaxiiGrantee, administratorRoles: readonly string[]): TaxiiRights {
  if (who.roles.some((r) => administratorRoles.includes(r))) return { canRead: true, canWrite: true };
  let canRead = false;
  let canWrite = false;
  for (const g of grants) {
    if (!names(g, who)) continue;
    canRead ||= g.canRead;
    canWrite ||= g.canWrite;
  }
  return { canRead, canWrite };
}
