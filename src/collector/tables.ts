/** Row types of the collector's tables (`exporters`, `exporter_stats`). */

/** One flow exporter (a router or switch sending NetFlow, IPFIX or sFlow). */
export interface ExportersTable {
  id: string;
  /** Canonical source address (dotted IPv4 or RFC 5952 IPv6); unique. */
  address: string;
  name: string | null;
  /** Sampling rate configured for this exporter, or null to trust what the export carries. */
  sampling_rate: number | null;
  first_seen: number;
  last_seen: number;
}

/** Counters of one exporter over one period; one row per exporter and period. */
export interface ExporterStatsTable {
  exporter_id: string;
  /** Start of the period, epoch ms. */
  period_start: number;
  datagrams: number;
  records: number;
  bytes: number;
  /** JSON object of decode-error counts by kind name (`{"truncated":3}`); zero kinds omitted. */
  decode_errors: string;
  template_misses: number;
  sequence_gaps: number;
  lost_records: number;
  /** Datagrams dropped before decoding (queue full). */
  drops: number;
}

/** The collector's tables. */
export interface CollectorTables {
  exporters: ExportersTable;
  exporter_stats: ExporterStatsTable;
}

declare module '../storage/database.js' {
  // Registers these tables in the shared schema type (declaration merging; see storage/database.ts).
  interface Database extends CollectorTables {}
}
