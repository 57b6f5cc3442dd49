/** Row types of the intel tables (`indicators`, `sightings`). Times are epoch ms; JSON is text. */

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

/** The intel tables. */
export interface IntelTables {
  indicators: IndicatorsTable;
  sightings: SightingsTable;
}

declare module '../storage/database.js' {
  // Registers these tables in the shared schema type (declaration merging; see storage/database.ts).
  interface Database extends IntelTables {}
}
