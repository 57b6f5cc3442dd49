/**
 * The TAXII 2.1 server protocol, free of HTTP and of SQL: the backend a server needs, an in-memory
 * backend, query parsing, version selection, envelopes, status intake, content negotiation and
 * error bodies. `api/routes/taxii.ts` puts it on HTTP.
 */
export type {
  AddRequest,
  ObjectFilter,
  PagePosition,
  PageRequest,
  StatusDetail,
  StixJson,
  StoredVersion,
  TaxiiApiRoot,
  TaxiiBackend,
  TaxiiCollection,
  TaxiiDiscovery,
  TaxiiPrincipal,
  TaxiiStatus,
  VersionMatch,
  VersionPage,
} from './backend.js';
export { dateAddedHeaders, envelopeAnswer, manifestAnswer, type TaxiiAnswer, versionsAnswer } from './envelope.js';
export { readEnvelope } from './envelope-intake.js';
export { taxiiError, type TaxiiErrorBody } from './error-body.js';
export * from './errors.js';
export { assertAcceptable, assertTaxiiContentType, TAXII_MEDIA_TYPE } from './media-type.js';
export { createMemoryTaxiiBackend, type MemoryTaxiiBackendOptions, type TaxiiSeed, type TaxiiSeedCollection, type TaxiiSeedRoot } from './memory-backend.js';
export { decodeNext, encodeNext, filterFingerprint } from './next-token.js';
export { parseTaxiiQuery, type RawQuery, type TaxiiEndpoint, type TaxiiQuery } from './query.js';
export { selectVersions } from './select-versions.js';
export { comparePosition, specVersionOf, storedVersionOf, versionTextOf } from './stored-version.js';
export {
  createTaxiiService,
  type TaxiiOperation,
  type TaxiiPathParams,
  type TaxiiRelease,
  type TaxiiReleaseContext,
  type TaxiiRequest,
  type TaxiiResult,
  type TaxiiServiceDeps,
} from './taxii-service.js';
export { nextMicrosecond, parseTaxiiTimestamp, type TaxiiTimestamp, taxiiTimestampOf } from './timestamp.js';
