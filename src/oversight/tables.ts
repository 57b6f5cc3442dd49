/**
 * Row types of the oversight tables (migration 0004): the audit log, case access scopes and the
 * record of purpose-bound reads, excessive-monitoring flags, the commission's inspections and
 * directives, automatic-selection counters and retention receipts.
 */

/** One audit entry: its position, canonical JSON (the Merkle leaf data) and the tree nodes it completes. */
export interface AuditEntriesTable {
  seq: number;
  data: string;
  /**
   * Lower-case hex SHA-256 hashes, 64 characters each, of the perfect subtrees this entry
   * completes: levels 0 (its leaf hash) up to the number of trailing one bits of `seq`.
   */
  nodes: string;
}

/** An audit entry recorded with the change it describes, waiting to be appended to the log (migration 0008). */
export interface AuditOutboxTable {
  /** Monotonic ULID: the order the entries were recorded in. */
  id: string;
  created_at: number;
  /** Canonical JSON of the entry without `seq`; personal values are keyed hashes already. */
  entry: string;
}

/** One signed checkpoint. */
export interface AuditCheckpointsTable {
  size: number;
  /** Lower-case hex root hash. */
  root: string;
  /** The whole signed note. */
  note: string;
  created_at: number;
}

/** One prefix and time window a case may look at personal data in. */
export interface CaseAccessScopesTable {
  id: string;
  case_id: string;
  /** Canonical prefix text (`192.0.2.0/24`, `2001:db8::/32`). */
  prefix: string;
  from_ms: number;
  /** End of the window, or null while the case runs. */
  to_ms: number | null;
  added_by: string;
  added_at: number;
  /** `not_needed`, `pending`, `approved` or `rejected` (migration 0010). */
  approval: string;
  /** The commission member who approved or rejected the entry. */
  decided_by: string | null;
  decided_at: number | null;
}

/** One purpose-bound read of personal data (or a refused attempt). */
export interface DataAccessTable {
  id: string;
  user_id: string;
  case_id: string | null;
  purpose: string | null;
  resource: string;
  /** `success` or `denied`. */
  outcome: string;
  rows: number;
  from_ms: number | null;
  to_ms: number | null;
  at: number;
}

/** A person (address, prefix) a read looked up, as the audit log's keyed hash. */
export interface DataAccessLookupsTable {
  access_id: string;
  /** base64url HMAC-SHA-256 under the audit log's personal-data key. */
  mac: string;
  case_id: string;
  user_id: string;
  at: number;
}

/** An excessive-monitoring flag for the commission. */
export interface MonitoringFlagsTable {
  id: string;
  /** `no_case`, `out_of_scope`, `volume`, `repeated_lookup` or `wide_scope`. */
  kind: string;
  /** `open`, `acknowledged` or `closed`. */
  state: string;
  user_id: string;
  case_id: string | null;
  /** Open flags with the same key are not raised twice. */
  dedupe_key: string | null;
  /** JSON without personal data. */
  details: string;
  access_id: string | null;
  raised_at: number;
  updated_at: number;
  acknowledged_by: string | null;
  acknowledged_at: number | null;
  closed_by: string | null;
  closed_at: number | null;
}

/** A note on a flag, with the state it moved the flag to. */
export interface MonitoringFlagNotesTable {
  id: string;
  flag_id: string;
  author: string;
  state: string;
  body: string;
  created_at: number;
}

/** An inspection of data handling by the commission. */
export interface OversightInspectionsTable {
  id: string;
  title: string;
  scope: string;
  /** `open` or `closed`. */
  state: string;
  findings: string | null;
  opened_by: string;
  opened_at: number;
  closed_by: string | null;
  closed_at: number | null;
  updated_at: number;
}

/** A notice, demand or recommendation of the commission. */
export interface OversightDirectivesTable {
  id: string;
  /** `notice`, `demand` or `recommendation`. */
  kind: string;
  inspection_id: string | null;
  addressee: string;
  subject: string;
  body: string;
  /** `issued`, `acknowledged`, `in_progress`, `implemented`, `not_implemented` or `closed`. */
  state: string;
  due_at: number | null;
  issued_by: string;
  issued_at: number;
  updated_at: number;
  closed_at: number | null;
}

/** One follow-up step of a directive. */
export interface OversightDirectiveEventsTable {
  id: string;
  directive_id: string;
  state: string;
  note: string;
  actor: string;
  at: number;
}

/** Records kept and erased by automatic selection, per exporter and period. */
export interface SelectionCountersTable {
  /** Exporter address (canonical text) or configured name. */
  exporter: string;
  period_start: number;
  period_end: number;
  kept: number;
  erased: number;
}

/** A deletion receipt of one retention purge of one table. */
export interface RetentionReceiptsTable {
  id: string;
  data_class: string;
  table_name: string;
  cutoff: number;
  count: number;
  /** Hex SHA-256 of the deleted rows' ids, one per line, in deletion order. */
  ids_sha256: string;
  oldest: number | null;
  newest: number | null;
  /** Sequence number of the receipt's audit entry. */
  audit_seq: number | null;
  run_at: number;
}

/** The oversight tables. */
export interface OversightTables {
  audit_entries: AuditEntriesTable;
  audit_checkpoints: AuditCheckpointsTable;
  audit_outbox: AuditOutboxTable;
  case_access_scopes: CaseAccessScopesTable;
  data_access: DataAccessTable;
  data_access_lookups: DataAccessLookupsTable;
  monitoring_flags: MonitoringFlagsTable;
  monitoring_flag_notes: MonitoringFlagNotesTable;
  oversight_inspections: OversightInspectionsTable;
  oversight_directives: OversightDirectivesTable;
  oversight_directive_events: OversightDirectiveEventsTable;
  selection_counters: SelectionCountersTable;
  retention_receipts: RetentionReceiptsTable;
}

declare module '../storage/database.js' {
  // Registers these tables in the shared schema type (declaration merging; see storage/database.ts).
  interface Database extends OversightTables {}
}
