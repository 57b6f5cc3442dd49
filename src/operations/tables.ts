/**
 * Row types of the operations tables: cases, their evidence and notes, countermeasure requests,
 * votes, executions and per-target execution state. JSON columns hold text written by the
 * operations stores after validation.
 */

/** One case. */
export interface CasesTable {
  id: string;
  title: string;
  description: string | null;
  /** `open`, `contained` or `closed`. */
  state: string;
  /** 1 when flagged serious (national security council review), else 0. */
  serious: number;
  assignee: string | null;
  created_by: string;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
}

/** One piece of evidence linked to a case; unique per (case, kind, ref). */
export interface CaseEvidenceTable {
  id: string;
  case_id: string;
  kind: string;
  ref: string;
  note: string | null;
  added_by: string;
  added_at: number;
}

/** A timestamped note on a case. */
export interface CaseNotesTable {
  id: string;
  case_id: string;
  author: string;
  body: string;
  created_at: number;
}

/** A countermeasure request. */
export interface CountermeasureRequestsTable {
  id: string;
  case_id: string;
  /** `prior` or `emergency`. */
  path: string;
  mechanism: string;
  /** JSON of the canonical `CountermeasureAction`. */
  action: string;
  /** Rules the action puts in force. */
  rule_count: number;
  duration_seconds: number | null;
  justification: string;
  /** JSON of `HarmAssessment`. */
  harm: string;
  urgency: string;
  /** JSON array of `{kind, ref}`. */
  evidence: string;
  abroad: number;
  requested_by: string;
  requester_role: string;
  state: string;
  /** Hex SHA-256 of the canonical action. */
  digest: string;
  revision: number;
  /** JSON array of `Gate`. */
  gates: string;
  /** JSON array of strings. */
  rejection_reasons: string;
  review_due_at: number | null;
  review_state: string | null;
  reviewed_by: string | null;
  reviewed_at: number | null;
  review_reason: string | null;
  escalated_at: number | null;
  /** JSON of `OutcomeReport` (access and neutralisation). */
  outcome: string | null;
  end_reason: string | null;
  created_at: number;
  updated_at: number;
  decided_at: number | null;
}

/** One commission member's vote on one digest of a request. */
export interface RequestVotesTable {
  id: string;
  request_id: string;
  voter: string;
  /** `approve` or `reject`. */
  decision: string;
  digest: string;
  reason: string | null;
  created_at: number;
}

/** The execution of one request. */
export interface ExecutionsTable {
  id: string;
  request_id: string;
  mechanism: string;
  /** `pending`, `active`, `completed`, `expired`, `withdrawn` or `failed`. */
  state: string;
  started_at: number;
  /** Persisted deadline (null for one-shot mechanisms). */
  expires_at: number | null;
  ended_at: number | null;
  end_reason: string | null;
  last_error: string | null;
  updated_at: number;
}

/** State of one rule of an execution with one peer (BGP peer name, `file`, `outbox`, …). */
export interface ExecutionTargetsTable {
  execution_id: string;
  rule_key: string;
  peer: string;
  /** `pending`, `active`, `withdrawn` or `failed`. */
  state: string;
  attempts: number;
  error: string | null;
  updated_at: number;
}

/** The operations tables. */
export interface OperationsTables {
  cases: CasesTable;
  case_evidence: CaseEvidenceTable;
  case_notes: CaseNotesTable;
  countermeasure_requests: CountermeasureRequestsTable;
  request_votes: RequestVotesTable;
  executions: ExecutionsTable;
  execution_targets: ExecutionTargetsTable;
}

declare module '../storage/database.js' {
  // Registers these tables in the shared schema type (declaration merging; see storage/database.ts).
  interface Database extends OperationsTables {}
}
