/**
 * What callers see of an incident: every instant in UTC (epoch ms) with its local rendering in the
 * zone the regime counts in, the stages with their deadlines and reports, the regulator's
 * requests, the links. Built from stored values; no rules here beyond what the caller may see
 * (drafts only for the organisation's own reporters, decided by the service).
 *
 * Pure: no I/O, no `node:` imports.
 */
import { lateBySeconds, localIso, type NamedAnchor, type StageDeadline } from '../regimes/index.js';
import type { Incident, IncidentLink, RegulatorRequest, ReportVersion } from './incident.js';
import type { DeadlineSummary } from './incident-deadlines.js';
import { displayZone, profileOf } from './regime-profile.js';

/** An instant with its local rendering. */
export interface LocalInstant {
  readonly at: number;
  /** ISO 8601 with offset, in the incident's display zone. */
  readonly local: string;
}

/** A stage: its deadline (from the regime engine) and where its report stands. */
export interface StageView extends StageDeadline {
  /** Submitted versions (0 before the submission). */
  readonly versions: number;
  /** The latest version was acknowledged. */
  readonly acknowledged: boolean;
  /** An unsubmitted draft exists; shown to the organisation's own reporters only (else null). */
  readonly hasDraft: boolean | null;
}

/** Where a request or order stands: `open` (due or no due date), `overdue`, `answered`, `non-compliant` (an order past its deadline). */
export type RequestStatus = 'open' | 'overdue' | 'answered' | 'non-compliant';

/** A request or order with its status and local due time. */
export interface RequestView extends RegulatorRequest {
  readonly status: RequestStatus;
  readonly dueLocal: string | null;
}

/** One incident as callers see it. */
export interface IncidentView {
  readonly id: string;
  readonly organizationId: string;
  readonly sector: string;
  readonly regime: string;
  readonly regimeName: string;
  readonly title: string;
  readonly category: string;
  readonly state: Incident['state'];
  /** The zone local times are shown in. */
  readonly zone: string;
  /** The entity's zone as recorded (regimes that count in it). */
  readonly timeZone: string | null;
  readonly anchors: Readonly<Partial<Record<NamedAnchor, LocalInstant>>>;
  readonly conditions: Readonly<Record<string, boolean>>;
  readonly stages: readonly StageView[];
  readonly requests: readonly RequestView[];
  readonly links: readonly IncidentLink[];
  readonly nextDue: (LocalInstant & { readonly ref: string }) | null;
  /** Whole seconds past `nextDue` now; null when nothing is overdue. */
  readonly overdueBySeconds: number | null;
  readonly nonCompliant: boolean;
  readonly revision: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly closedAt: number | null;
}

/** A row of a list: enough to pick an incident and see whether it is late. */
export interface IncidentSummary {
  readonly id: string;
  readonly organizationId: string;
  readonly sector: string;
  readonly regime: string;
  readonly title: string;
  readonly category: string;
  readonly state: Incident['state'];
  readonly nextDue: (LocalInstant & { readonly ref: string }) | null;
  readonly overdueBySeconds: number | null;
  readonly nonCompliant: boolean;
  readonly updatedAt: number;
}

function requestStatus(r: RegulatorRequest, now: number): RequestStatus {
  if (r.fulfilledAt !== null) return 'answered';
  if (r.nonCompliantAt !== null) return 'non-compliant';
  return r.dueAt !== null && now > r.dueAt ? 'overdue' : 'open';
}

function nextDue(incident: Pick<Incident, 'nextDueAt' | 'nextDueRef'>, zone: string): IncidentView['nextDue'] {
  return incident.nextDueAt === null ? null : { at: incident.nextDueAt, local: localIso(incident.nextDueAt, zone), ref: incident.nextDueRef ?? '' };
}

function overdueBy(nextDueAt: number | null, now: number): number | null {
  return nextDueAt !== null && now > nextDueAt ? lateBySeconds(nextDueAt, now) : null;
}

/** The list row of `incident` at `now`. */
export function summaryOf(incident: Incident, now: number): IncidentSummary {
  const zone = displayZone(profileOf(incident.regime), incident.timeZone);
  return {
    id: incident.id,
    organizationId: incident.organizationId,
    sector: incident.sector,
    regime: incident.regime,
    title: incident.title,
    category: incident.category,
    state: incident.state,
    nextDue: nextDue(incident, zone),
    overdueBySeconds: overdueBy(incident.nextDueAt, now),
    nonCompliant: incident.nonCompliant,
    updatedAt: incident.updatedAt,
  };
}

/** What {@link incidentView} is built from. */
export interface ViewParts {
  readonly incident: Incident;
  readonly summary: DeadlineSummary;
  readonly versions: readonly ReportVersion[];
  readonly requests: readonly RegulatorRequest[];
  readonly links: readonly IncidentLink[];
  /** Stages with a draft, or null when the caller may not know of drafts. */
  readonly draftStages: ReadonlySet<string> | null;
  readonly now: number;
}

/** The full view of one incident. */
export function incidentView(p: ViewParts): IncidentView {
  const { incident, now } = p;
  const profile = profileOf(incident.regime);
  const zone = displayZone(profile, incident.timeZone);
  const anchors: Partial<Record<NamedAnchor, LocalInstant>> = {};
  for (const [name, at] of Object.entries(incident.facts.anchors) as [NamedAnchor, number][]) anchors[name] = { at, local: localIso(at, zone) };
  const latest = new Map<string, ReportVersion>();
  const counts = new Map<string, number>();
  for (const v of p.versions) {
    counts.set(v.stage, (counts.get(v.stage) ?? 0) + 1);
    if ((latest.get(v.stage)?.version ?? 0) < v.version) latest.set(v.stage, v);
  }
  return {
    id: incident.id,
    organizationId: incident.organizationId,
    sector: incident.sector,
    regime: incident.regime,
    regimeName: profile.regime.name,
    title: incident.title,
    category: incident.category,
    state: incident.state,
    zone,
    timeZone: incident.timeZone,
    anchors,
    conditions: incident.facts.conditions,
    stages: p.summary.stages.map((s) => ({
      ...s,
      versions: counts.get(s.stage) ?? 0,
      acknowledged: (latest.get(s.stage)?.acknowledgedAt ?? null) !== null,
      hasDraft: p.draftStages === null ? null : p.draftStages.has(s.stage),
    })),
    requests: p.requests.map((r) => ({ ...r, status: requestStatus(r, now), dueLocal: r.dueAt === null ? null : localIso(r.dueAt, zone) })),
    links: p.links,
    nextDue: nextDue(incident, zone),
    overdueBySeconds: overdueBy(incident.nextDueAt, now),
    nonCompliant: incident.nonCompliant,
    revision: incident.revision,
    createdAt: incident.createdAt,
    updatedAt: incident.updatedAt,
    closedAt: incident.closedAt,
  };
}
