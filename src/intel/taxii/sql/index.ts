/**
 * The TAXII 2.1 backend over the SQL STIX object store, with collection access grants.
 */
export { type TaxiiGrant, type TaxiiGrantee, type TaxiiGranteeKind, type TaxiiRights, rightsOf } from './collection-rights.js';
export { createSqlTaxiiBackend, DEFAULT_MAX_CONTENT_LENGTH, type SqlTaxiiBackendDeps, type SqlTaxiiPrincipal, type SqlTaxiiRoot } from './sql-taxii-backend.js';
export { TaxiiGrantStore } from './taxii-grant-store.js';
