/** Row types of the intel tables (`indicators`, `sightings`, the `stix_*` object store). Times are epoch ms; JSON is text. */

/** One indicator: an address or prefix, with optional port and protocol on its side of a flow. */
export interface IndicatorsTable {
  id: string;
  /** Canonical key (`45.32.13.180,443,tcp`); unique. */
  key: string;
  /** Canonical address or prefix text. */
  value: string;
  family: number;
  port: number | null;
  protocol: number | null;
  /** `c2` or `watch`. */
  kind: string;
  label: string | null;
  /** Where it came from (`file:mirrorface.txt`, a feed name); reloading a source replaces its rows. */
  source: string;
  created_at: number;
  updated_at: number;
}

/** One sighting: an indicator seen with a host, with totals; unique per (indicator_key, host). */
export interface SightingsTable {
  id: string;
  indicator_key: string;
  indicator_value: string;
  indicator_label: string | null;
  indicator_kind: string;
  indicator_source: string;
  /** The other end of the flows: dotted IPv4 or RFC 5952 IPv6. */
  host: string;
  family: number;
  network_id: string | null;
  organization_id: string | null;
  network_prefix: string | null;
  first_seen: number;
  last_seen: number;
  records: number;
  outbound_records: number;
  inbound_records: number;
  packets: number;
  bytes: number;
  /** JSON array of ports on the indicator's side, ascending. */
  ports: string;
  /** JSON array of IP protocol numbers, ascending. */
  protocols: string;
  created_at: number;
  updated_at: number;
}

/**
 * One version of a STIX 2.1 object. `version` is the normalised `modified` (or `created`) timestamp,
 * or `sha256:<hex>` of the canonical JSON for objects with neither (SCOs); see migration 0013.
 */
export interface StixObjectsTable {
  id: string;
  version: string;
  type: string;
  spec_version: string;
  /** STIX timestamp text as given (nanosecond precision is kept). */
  created: string | null;
  modified: string | null;
  /** 1 when this version says `revoked: true`. */
  revoked: number;
  /** 1 on the object's latest version. */
  is_last: number;
  /** JSON array of every marking ref of the version. */
  marking_refs: string;
  source: string;
  /** Canonical JSON (RFC 8785) of the version. */
  json: string;
  date_added: number;
  /** Global order of addition; unique (assigned under the store's write lock). */
  seq: number;
}

/** One `*_ref` / `*_refs` value of an object version, at JSON pointer `path`. */
export interface StixRefsTable {
  source_id: string;
  source_version: string;
  path: string;
  target_id: string;
}

/** A collection of STIX objects (TAXII 2.1 collection). */
export interface StixCollectionsTable {
  id: string;
  title: string;
  description: string | null;
  alias: string | null;
  created_at: number;
}

/** A version added to a collection; `seq` orders versions sharing one `date_added` (epoch ms). */
export interface StixCollectionObjectsTable {
  collection_id: string;
  object_id: string;
  version: string;
  date_added: number;
  seq: number;
}

/** A TAXII status resource (TAXII 2.1 §4.3), kept whole as JSON text. */
export interface TaxiiStatusesTable {
  id: string;
  api_root: string;
  collection_id: string;
  /** The status resource as answered. */
  json: string;
  created_at: number;
}

/** Who may read or write a TAXII collection: an organisation or a role (see migration 0014). */
export interface TaxiiCollectionGrantsTable {
  collection_id: string;
  grantee_kind: 'organization' | 'role';
  /** Organisation id or role name. */
  grantee: string;
  can_read: number;
  can_write: number;
  updated_at: number;
}

/** The release context of a STIX object an import made (MISP distribution, sharing group), as JSON; see migration 0016. */
export interface StixReleaseContextsTable {
  object_id: string;
  /** The MISP event uuid the object came from. */
  origin: string;
  /** `ReleaseContext` (stix/marking) as JSON. */
  context: string;
}

/** A MISP event as imported (the parsed record and its sharing groups, as JSON); see migration 0016. */
export interface MispEventsTable {
  uuid: string;
  /** `misp:<feed or file>`. */
  source: string;
  /** The event's own timestamp (seconds); a newer one replaces the row. */
  timestamp: number;
  json: string;
  stored_at: number;
}

/**
 * The state of one TAXII feed (see migration 0015). Counts named `last_*` are those of the last
 * (or running) pull, updated with every stored page; totals add up every pull.
 */
export interface IntelFeedStateTable {
  feed: string;
  /** `X-TAXII-Date-Added-Last` of the last stored page (`YYYY-MM-DDTHH:MM:SS.ffffffZ`); null before any. */
  resume_point: string | null;
  last_pull_at: number | null;
  last_success_at: number | null;
  /** `ok`, `running`, or the error code the last pull failed with. */
  last_outcome: string | null;
  last_error: string | null;
  last_stored: number;
  last_duplicates: number;
  last_refused: number;
  last_pages: number;
  last_bytes: number;
  stored_total: number;
  duplicates_total: number;
  updated_at: number;
}

/** The intel tables. */
export interface IntelTables {
  indicators: IndicatorsTable;
  sightings: SightingsTable;
  stix_objects: StixObjectsTable;
  stix_refs: StixRefsTable;
  stix_collections: StixCollectionsTable;
  stix_collection_objects: StixCollectionObjectsTable;
  taxii_statuses: TaxiiStatusesTable;
  taxii_collection_grants: TaxiiCollectionGrantsTable;
  intel_feed_state: IntelFeedStateTable;
  stix_release_contexts: StixReleaseContextsTable;
  misp_events: MispEventsTable;
}

declare module '../storage/database.js' {
  // Registers these tables in the shared schema type (declaration merging; see storage/database.ts).
  interface Database extends IntelTables {}
}
