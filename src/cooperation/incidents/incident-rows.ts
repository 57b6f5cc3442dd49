/**
 * Rows of the incident tables to domain values and back. JSON columns are parsed here only.
 *
 * Pure: no I/O, no `node:` imports.
 */
import type { Selectable } from 'kysely';
import { asId, type OrganizationId } from '../../core/ids.js';
import type { Incident, IncidentId, RecordedFacts, RegulatorRequest, ReportContent, ReportVersion, TimelineEvent } from './incident.js';
import type { IncidentEventsTable, IncidentReportVersionsTable, IncidentRequestsTable, IncidentsTable } from './tables.js';

/** Facts with nothing recorded. */
export const NO_FACTS: RecordedFacts = Object.freeze({ anchors: {}, conditions: {}, submissions: {}, lastSubmissions: {}, dueSetByAuthority: {} });

/** Parses the `facts` column; missing maps (older rows, hand edits) read as empty. */
export function parseFacts(text: string): RecordedFacts {
  const f = JSON.parse(text) as Partial<RecordedFacts>;
  return {
    anchors: f.anchors ?? {},
    conditions: f.conditions ?? {},
    submissions: f.submissions ?? {},
    lastSubmissions: f.lastSubmissions ?? {},
    dueSetByAuthority: f.dueSetByAuthority ?? {},
  };
}

/** An incident row as the domain value. */
export function toIncident(r: Selectable<IncidentsTable>): Incident {
  return {
    id: asId<IncidentId>(r.id),
    organizationId: asId<OrganizationId>(r.organization_id),
    sector: r.sector,
    regime: r.regime,
    title: r.title,
    category: r.category,
    state: r.state,
    facts: parseFacts(r.facts),
    timeZone: r.time_zone,
    orderDueAt: r.order_due_at === null ? null : Number(r.order_due_at),
    nextDueAt: r.next_due_at === null ? null : Number(r.next_due_at),
    nextDueRef: r.next_due_ref,
    overdue: Number(r.overdue) === 1,
    nonCompliant: Number(r.non_compliant) === 1,
    revision: Number(r.revision),
    createdAt: Number(r.created_at),
    createdBy: r.created_by,
    updatedAt: Number(r.updated_at),
    closedAt: r.closed_at === null ? null : Number(r.closed_at),
  };
}

/** The row of an incident. */
export function incidentRow(i: Incident): IncidentsTable {
  return {
    id: i.id,
    organization_id: i.organizationId,
    sector: i.sector,
    regime: i.regime,
    title: i.title,
    category: i.category,
    state: i.state,
    facts: JSON.stringify(i.facts),
    time_zone: i.timeZone,
    order_due_at: i.orderDueAt,
    next_due_at: i.nextDueAt,
    next_due_ref: i.nextDueRef,
    overdue: i.overdue ? 1 : 0,
    non_compliant: i.nonCompliant ? 1 : 0,
    revision: i.revision,
    created_at: i.createdAt,
    created_by: i.createdBy,
    updated_at: i.updatedAt,
    closed_at: i.closedAt,
  };
}

const num = (v: number | null): number | null => (v === null ? null : Number(v));

/** A version row as the domain value. */
export function toVersion(r: Selectable<IncidentReportVersionsTable>): ReportVersion {
  return {
    incidentId: asId<IncidentId>(r.incident_id),
    stage: r.stage,
    version: Number(r.version),
    content: JSON.parse(r.content) as ReportContent,
    submittedAt: Number(r.submitted_at),
    submittedBy: r.submitted_by,
    dueAt: num(r.due_at),
    dueBasis: r.due_basis,
    lateBySeconds: num(r.late_by_seconds),
    answers: JSON.parse(r.answers) as string[],
    acknowledgedAt: num(r.acknowledged_at),
    acknowledgedBy: r.acknowledged_by,
  };
}

/** A request row as the domain value. */
export function toRequest(r: Selectable<IncidentRequestsTable>): RegulatorRequest {
  return {
    id: r.id,
    incidentId: asId<IncidentId>(r.incident_id),
    kind: r.kind,
    stage: r.stage,
    text: r.text,
    dueAt: num(r.due_at),
    issuedAt: Number(r.issued_at),
    issuedBy: r.issued_by,
    fulfilledAt: num(r.fulfilled_at),
    fulfilledVersion: num(r.fulfilled_version),
    nonCompliantAt: num(r.non_compliant_at),
  };
}

/** A timeline row as the domain value. */
export function toEvent(r: Selectable<IncidentEventsTable>): TimelineEvent {
  return {
    id: r.id,
    incidentId: asId<IncidentId>(r.incident_id),
    at: Number(r.at),
    actor: r.actor,
    kind: r.kind,
    details: JSON.parse(r.details) as TimelineEvent['details'],
  };
}
