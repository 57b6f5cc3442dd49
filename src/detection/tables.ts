/** Row types of detection's tables (`attacks`, `attack_timeline`, `attack_sources`, `detection_baselines`). */

/** One attack, kept up to date while it is active. JSON columns are text. */
export interface AttacksTable {
  id: string;
  scope: 'host' | 'prefix';
  target: string;
  family: number;
  network_id: string;
  organization_id: string;
  network_prefix: string;
  state: 'active' | 'ended';
  started_at: number;
  detected_at: number;
  updated_at: number;
  ended_at: number | null;
  end_reason: string | null;
  /** JSON `AttackTrigger`. */
  trigger: string;
  /** JSON `VectorShare[]` (latest). */
  vectors: string;
  current_pps: number;
  current_bps: number;
  peak_pps: number;
  peak_bps: number;
  /** JSON `ClassRates` of the latest settled second. */
  rates: string;
  /** JSON `ClassRates` of the peaks. */
  peak: string;
  /** JSON `NetworkThresholds` in force at detection. */
  thresholds: string;
  /** JSON `AttackerEntry[]` (latest top sources). */
  top_sources: string;
  source_count: number;
  target_count: number;
  total_packets: number;
  total_bytes: number;
  /** JSON `HitExtent` of a prefix attack (what it hits); null for host attacks. */
  extent: string | null;
  /** JSON `RatesEstimate` while `rates` is the estimate made at detection; null afterwards. */
  rates_estimate: string | null;
}

/** True rates of one settled second of an attack. */
export interface AttackTimelineTable {
  attack_id: string;
  /** Start of the second, epoch ms. */
  second: number;
  pps: number;
  bps: number;
  /** JSON `ClassRates`. */
  rates: string;
}

/** One source of an attack (the attacker list, written when the attack ends). */
export interface AttackSourcesTable {
  attack_id: string;
  address: string;
  packets: number;
  bytes: number;
  packet_share: number;
  byte_share: number;
  first_seen: number;
  last_seen: number;
  /** JSON `VectorName[]`. */
  vectors: string;
  error_bound: number;
  country: string | null;
  asn: number | null;
}

/** One learned hour-of-week cell of a protected network's baseline. */
export interface DetectionBaselinesTable {
  network_id: string;
  /** 0 = Monday 00:00–01:00 local time. */
  hour_of_week: number;
  /** Layout of `host` and `prefix`; rows of another format are refused when loaded. */
  format: number;
  /** Percentile the cell was learned at. */
  percentile: number;
  /** Local time of the hour-of-week cells the cell was learned in. */
  utc_offset_minutes: number;
  /** Hours learned into the cell (weeks). */
  samples: number;
  /** JSON array: learned percentile per series for the busiest host. */
  host: string;
  /** JSON array: learned percentile per series for the network's aggregate. */
  prefix: string;
  /** When the cell was written, epoch ms. */
  saved_at: number;
}

/** Detection's tables. */
export interface DetectionTables {
  attacks: AttacksTable;
  attack_timeline: AttackTimelineTable;
  attack_sources: AttackSourcesTable;
  detection_baselines: DetectionBaselinesTable;
}

declare module '../storage/database.js' {
  // Registers these tables in the shared schema type (declaration merging; see storage/database.ts).
  interface Database extends DetectionTables {}
}
