/**
 * Query parameters of the TAXII 2.1 endpoints (§3.4): `added_after`, `limit`, `next` and the
 * `match[...]` filters each endpoint allows. Anything malformed, and any `match[...]` the endpoint
 * does not know, is refused with 400 rather than ignored, so a client never silently gets more
 * than it asked for.
 */
import type { ObjectFilter, VersionMatch } from './backend.js';
import { ERR_TAXII_BAD_QUERY } from './errors.js';
import { filterFingerprint } from './next-token.js';
import { parseTaxiiTimestamp } from './timestamp.js';

/** The endpoints that take filters. */
export type TaxiiEndpoint = 'objects' | 'manifest' | 'object' | 'versions' | 'delete';

/** A raw query string map, as HTTP frameworks hand it over. */
export type RawQuery = Readonly<Record<string, string | readonly string[] | undefined>>;

/** A parsed and validated query. */
export interface TaxiiQuery {
  readonly filter: ObjectFilter;
  /** Page size, already capped at the server's maximum; absent for DELETE. */
  readonly limit: number;
  readonly next: string | undefined;
  /** Fingerprint of endpoint, path and filters, bound into `next` tokens. */
  readonly fingerprint: string;
}

const MATCHES: Record<TaxiiEndpoint, readonly string[]> = {
  objects: ['id', 'type', 'version', 'spec_version'],
  manifest: ['id', 'type', 'version', 'spec_version'],
  object: ['version', 'spec_version'],
  versions: ['spec_version'],
  delete: ['version', 'spec_version'],
};
const PAGED: ReadonlySet<TaxiiEndpoint> = new Set(['objects', 'manifest', 'object', 'versions']);
const SPEC_VERSION = /^\d+\.\d+$/;
const STIX_TYPE = /^[a-z0-9][a-z0-9-]{1,249}$/;
const STIX_ID = /^[a-z0-9][a-z0-9-]{1,249}--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * Parses the query of `endpoint` for the object at `path` (its id or the collection).
 * `maxPageSize` caps `limit` and is the page size when none is asked for.
 */
export function parseTaxiiQuery(endpoint: TaxiiEndpoint, raw: RawQuery, maxPageSize: number, path: string): TaxiiQuery {
  let filter: { -readonly [K in keyof ObjectFilter]: ObjectFilter[K] } = {};
  let limit = maxPageSize;
  let next: string | undefined;
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const text = single(key, value);
    const match = /^match\[(.*)\]$/.exec(key);
    if (match !== null) filter = { ...filter, ...matchFilter(endpoint, match[1] ?? '', text) };
    else if (key === 'added_after' && PAGED.has(endpoint)) filter.addedAfter = timestamp(key, text);
    else if (key === 'limit' && PAGED.has(endpoint)) limit = Math.min(positive(text), maxPageSize);
    else if (key === 'next' && PAGED.has(endpoint)) next = text;
  }
  if (endpoint === 'versions') filter.versions = [{ kind: 'all' }];
  return { filter, limit, next, fingerprint: filterFingerprint(JSON.stringify([endpoint, path, canonical(filter)])) };
}

function matchFilter(endpoint: TaxiiEndpoint, field: string, text: string): Partial<ObjectFilter> {
  if (!MATCHES[endpoint].includes(field)) throw new ERR_TAXII_BAD_QUERY(`match[${field}] is not a filter of this endpoint`);
  const values = text.split(',').map((v) => v.trim());
  if (values.some((v) => v === '')) throw new ERR_TAXII_BAD_QUERY(`match[${field}] has an empty value`);
  switch (field) {
    case 'id':
      return { ids: checked(field, values, STIX_ID) };
    case 'type':
      return { types: checked(field, values, STIX_TYPE) };
    case 'spec_version':
      return { specVersions: checked(field, values, SPEC_VERSION) };
    default:
      return { versions: values.map(versionMatch) };
  }
}

function versionMatch(v: string): VersionMatch {
  if (v === 'first' || v === 'last' || v === 'all') return { kind: v };
  return { kind: 'at', version: timestamp('match[version]', v) };
}

function checked(field: string, values: readonly string[], pattern: RegExp): string[] {
  const bad = values.find((v) => !pattern.test(v));
  if (bad !== undefined) throw new ERR_TAXII_BAD_QUERY(`match[${field}] value ${JSON.stringify(bad)} is malformed`);
  return [...values];
}

function single(key: string, value: string | readonly string[]): string {
  if (typeof value === 'string') return value;
  if (value.length !== 1) throw new ERR_TAXII_BAD_QUERY(`${key} given ${value.length} times`);
  return value[0] as string;
}

function timestamp(key: string, text: string) {
  const t = parseTaxiiTimestamp(text);
  if (t === undefined) throw new ERR_TAXII_BAD_QUERY(`${key} is not an RFC 3339 UTC timestamp: ${JSON.stringify(text)}`);
  return t;
}

function positive(text: string): number {
  const n = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= 1)) throw new ERR_TAXII_BAD_QUERY(`limit must be a positive integer, not ${JSON.stringify(text)}`);
  return n;
}

/** Filter fields in a fixed order, list values sorted, so equal filters fingerprint alike. */
function canonical(f: ObjectFilter): unknown[] {
  const sorted = (xs: readonly string[] | undefined) => (xs === undefined ? null : [...xs].sort());
  const versions = f.versions?.map((v) => (v.kind === 'at' ? v.version : v.kind));
  return [sorted(f.ids), sorted(f.types), sorted(versions), sorted(f.specVersions), f.addedAfter ?? null];
}
