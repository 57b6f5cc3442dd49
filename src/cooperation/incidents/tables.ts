/**
 * Row types of the incident tables (migration 0018), as Kysely sees them. Times are epoch
 * milliseconds, ids are text made by `newId`, JSON is held as text, flags are integers 0/1.
 */
import type { Sector } from '../../core/sectors.js';
import type { DeadlineBasis } from '../regimes/index.js';
import type { IncidentCategory, IncidentRegimeId, IncidentState, LinkKind, RequestKind, TimelineKind } from './incident.js';

/** One incident, with its deadline summary denormalised for the regulator's overdue list. */
export interface IncidentsTable {
  id: string;
  organization_id: string;
  sector: Sector;
  regime: IncidentRegimeId;
  title: string;
  category: IncidentCategory;
  state: IncidentState;
  /** JSON of `RecordedFacts`: anchors, conditions, submissions, due instants set by an authority. */
  facts: string;
  time_zone: string | null;
  order_due_at: number | null;
  /** Indexed with `sector`: the overdue list is one range scan. Null when nothing is due, and once closed. */
  next_due_at: number | null;
  next_due_ref: string | null;
  overdue: number;
  non_compliant: number;
  revision: number;
  created_at: number;
  created_by: string;
  updated_at: number;
  closed_at: number | null;
}

/** One submitted version of a stage's report. */
export interface IncidentReportVersionsTable {
  incident_id: string;
  stage: string;
  version: number;
  /** JSON of `ReportContent`. */
  content: string;
  submitted_at: number;
  submitted_by: string;
  due_at: number | null;
  due_basis: DeadlineBasis | null;
  late_by_seconds: number | null;
  /** JSON array of the request ids the version answered. */
  answers: string;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
}

/** The unsubmitted draft of a stage's report; removed when the stage is submitted. */
export interface IncidentReportDraftsTable {
  incident_id: string;
  stage: string;
  content: string;
  updated_at: number;
  updated_by: string;
}

/** A regulator's information request or correction order. */
export interface IncidentRequestsTable {
  id: string;
  incident_id: string;
  kind: RequestKind;
  stage: string;
  text: string;
  due_at: number | null;
  issued_at: number;
  issued_by: string;
  fulfilled_at: number | null;
  fulfilled_version: number | null;
  non_compliant_at: number | null;
}

/** One timeline entry. */
export interface IncidentEventsTable {
  id: string;
  incident_id: string;
  at: number;
  actor: string;
  kind: TimelineKind;
  /** JSON object. */
  details: string;
}

/** A citation of an attack, sighting, case or intel object. */
export interface IncidentLinksTable {
  incident_id: string;
  kind: LinkKind;
  ref: string;
  added_at: number;
  added_by: string;
}

/** The incident tables, keyed by table name. */
export interface IncidentTables {
  incidents: IncidentsTable;
  incident_report_versions: IncidentReportVersionsTable;
  incident_report_drafts: IncidentReportDraftsTable;
  incident_requests: IncidentRequestsTable;
  incident_events: IncidentEventsTable;
  incident_links: IncidentLinksTable;
}
