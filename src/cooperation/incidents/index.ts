/**
 * Incidents and their reports under the reporting regimes (`../regimes/`): the service with its
 * role rules, the store, the re-evaluation, the tables and their migration.
 */
export { DEFAULT_INCIDENTS_CONFIG, type IncidentsConfig, IncidentsConfigSchema } from './config.js';
export * as errors from './errors.js';
export type {
  Incident,
  IncidentCategory,
  IncidentId,
  IncidentLink,
  IncidentRegimeId,
  IncidentState,
  LinkKind,
  RecordedFacts,
  RegulatorRequest,
  ReportContent,
  ReportVersion,
  RequestKind,
  TimelineEvent,
  TimelineKind,
} from './incident.js';
export { INCIDENT_CATEGORIES, INCIDENT_REGIMES, INCIDENT_STATES, LINK_KINDS, REQUEST_KINDS, TIMELINE_KINDS } from './incident.js';
export { type IncidentPower, readsDrafts, regulates, reportsFor } from './incident-access.js';
export { INCIDENT_AUDIT_ACTIONS, type IncidentAuditAction, type IncidentAuditSink } from './incident-audit.js';
export { type DeadlineDeps, type DeadlineSummary, evaluateIncident } from './incident-deadlines.js';
export { type IncidentListQuery, type IncidentReports, IncidentService, type OverdueQuery } from './incident-service.js';
export { type IncidentListOptions, IncidentStore, MAX_PAGE_ROWS, type OverdueListOptions } from './incident-store.js';
export type { IncidentSummary, IncidentView, LocalInstant, RequestStatus, RequestView, StageView } from './incident-view.js';
export { type ReevaluationDeps, type ReevaluationResult, reevaluateIncidents } from './reevaluate.js';
export { itemKey } from './regime-profile.js';
export type { IncidentServiceDeps, OrganizationFacts } from './service-context.js';
export type { IncidentTables } from './tables.js';
export { createIncidentClock } from './incident-clock.js';
export { countPicture, type NationalPicture, nationalPicture, type PictureCounts, weekOf } from './national-picture.js';
