/**
 * An incident and its reports as one versioned JSON document, described by
 * `incident-report.schema.json` (JSON Schema 2020-12) next to this file: the facts and the regime,
 * every stage with its deadline, lateness and submitted versions, the regulator's requests, the
 * links. Instants are UTC ISO 8601 strings with their local rendering in the regime's zone.
 *
 * The document leaves out user ids (who submitted, acknowledged or issued): an export may be
 * forwarded outside the platform, where they mean nothing and identify staff. A change of shape is
 * a new `schemaVersion` and a new schema id.
 *
 * Pure: no I/O, no `node:` imports.
 */
import type { IncidentLink, ReportContent, ReportVersion } from '../incident.js';
import type { IncidentView, RequestStatus, StageView } from '../incident-view.js';
import { itemKey } from '../regime-profile.js';
import { latenessText, utcIso, versionsOf } from './report-parts.js';

/** The `$id` of the schema the documents follow; also the document's `schema`. */
export const INCIDENT_REPORT_SCHEMA_ID = 'https://sakimori.example/schemas/incident-report/v1.json';

/** The version of the document's shape. */
export const INCIDENT_REPORT_SCHEMA_VERSION = 1;

/** An instant: UTC and local in the incident's display zone. */
export interface ExportInstant {
  readonly utc: string;
  readonly local: string;
}

/** One submitted version of a stage's report. */
export interface ExportVersion {
  readonly version: number;
  readonly submittedAt: string;
  /** What the version was judged against (the stage's due or an order's deadline). */
  readonly dueAt: string | null;
  readonly lateBySeconds: number | null;
  readonly content: ReportContent;
  /** Ids of the regulator's requests and orders this version answered. */
  readonly answers: readonly string[];
  readonly acknowledgedAt: string | null;
}

/** One stage of the regime: its deadline, where it stands, and its versions. */
export interface ExportStage {
  readonly stage: string;
  readonly title: string;
  readonly legalRef: string;
  readonly state: StageView['state'];
  readonly basis: StageView['basis'];
  readonly startedAt: string | null;
  readonly dueAt: string | null;
  readonly dueLocal: string | null;
  readonly submittedAt: string | null;
  readonly lateBySeconds: number | null;
  /** `lateBySeconds` for people (`"1 d 1 h 0 min 0 s late (90000 s)"`, `"on time"`), null when nothing was due. */
  readonly lateness: string | null;
  /** The items reports of the stage carry, in table order. */
  readonly items: readonly { readonly key: string; readonly label: string }[];
  readonly acknowledged: boolean;
  readonly versions: readonly ExportVersion[];
}

/** A regulator's request or correction order. */
export interface ExportRequest {
  readonly id: string;
  readonly kind: 'information' | 'correction-order';
  readonly stage: string;
  readonly text: string;
  readonly status: RequestStatus;
  readonly issuedAt: string;
  readonly dueAt: string | null;
  readonly dueLocal: string | null;
  readonly fulfilledAt: string | null;
  readonly fulfilledVersion: number | null;
  readonly nonCompliantAt: string | null;
}

/** The exported document (see `incident-report.schema.json`). */
export interface IncidentReportDocument {
  readonly schema: typeof INCIDENT_REPORT_SCHEMA_ID;
  readonly schemaVersion: typeof INCIDENT_REPORT_SCHEMA_VERSION;
  readonly exportedAt: string;
  readonly incident: {
    readonly id: string;
    readonly organization: { readonly id: string; readonly name: string | null };
    readonly sector: string;
    readonly regime: { readonly id: string; readonly name: string; readonly legalRefs: readonly string[] };
    readonly title: string;
    readonly category: string;
    readonly state: IncidentView['state'];
    readonly zone: string;
    readonly timeZone: string | null;
    readonly anchors: Readonly<Record<string, ExportInstant>>;
    readonly conditions: Readonly<Record<string, boolean>>;
    readonly nextDue: (ExportInstant & { readonly ref: string }) | null;
    readonly overdueBySeconds: number | null;
    readonly nonCompliant: boolean;
    readonly revision: number;
    readonly createdAt: string;
    readonly updatedAt: string;
    readonly closedAt: string | null;
  };
  readonly stages: readonly ExportStage[];
  readonly requests: readonly ExportRequest[];
  readonly links: readonly IncidentLink[];
}

/** What the JSON export needs besides the view and the versions. */
export interface IncidentJsonOptions {
  /** When the export is made, UTC epoch ms (the caller's clock). */
  readonly exportedAt: number;
  /** The organisation's registered name; null when the caller does not have it. */
  readonly organizationName: string | null;
}

function iso(at: number): string {
  return new Date(at).toISOString();
}

function exportVersion(v: ReportVersion): ExportVersion {
  return {
    version: v.version,
    submittedAt: iso(v.submittedAt),
    dueAt: utcIso(v.dueAt),
    lateBySeconds: v.lateBySeconds,
    content: { ...(v.content.summary === undefined ? {} : { summary: v.content.summary }), ...(v.content.items === undefined ? {} : { items: { ...v.content.items } }) },
    answers: [...v.answers],
    acknowledgedAt: utcIso(v.acknowledgedAt),
  };
}

function exportStage(s: StageView, versions: readonly ReportVersion[]): ExportStage {
  return {
    stage: s.stage,
    title: s.title,
    legalRef: s.legalRef,
    state: s.state,
    basis: s.basis,
    startedAt: utcIso(s.startedAt),
    dueAt: utcIso(s.dueAt),
    dueLocal: s.dueLocal,
    submittedAt: utcIso(s.submittedAt),
    lateBySeconds: s.lateBySeconds,
    lateness: latenessText(s.lateBySeconds),
    items: s.items.map((label, i) => ({ key: itemKey(label, i), label })),
    acknowledged: s.acknowledged,
    versions: versionsOf(versions, s.stage).map(exportVersion),
  };
}

/**
 * The export of `view` with its submitted `versions` (every stage's; those of other incidents are
 * ignored). Drafts are never exported: `versions` holds submissions only.
 */
export function incidentJson(view: IncidentView, versions: readonly ReportVersion[], opts: IncidentJsonOptions): IncidentReportDocument {
  const own = versions.filter((v) => v.incidentId === view.id);
  const anchors: Record<string, ExportInstant> = {};
  for (const [name, a] of Object.entries(view.anchors)) if (a !== undefined) anchors[name] = { utc: iso(a.at), local: a.local };
  return {
    schema: INCIDENT_REPORT_SCHEMA_ID,
    schemaVersion: INCIDENT_REPORT_SCHEMA_VERSION,
    exportedAt: iso(opts.exportedAt),
    incident: {
      id: view.id,
      organization: { id: view.organizationId, name: opts.organizationName },
      sector: view.sector,
      regime: { id: view.regime, name: view.regimeName, legalRefs: [...new Set(view.stages.map((s) => s.legalRef))] },
      title: view.title,
      category: view.category,
      state: view.state,
      zone: view.zone,
      timeZone: view.timeZone,
      anchors,
      conditions: { ...view.conditions },
      nextDue: view.nextDue === null ? null : { utc: iso(view.nextDue.at), local: view.nextDue.local, ref: view.nextDue.ref },
      overdueBySeconds: view.overdueBySeconds,
      nonCompliant: view.nonCompliant,
      revision: view.revision,
      createdAt: iso(view.createdAt),
      updatedAt: iso(view.updatedAt),
      closedAt: utcIso(view.closedAt),
    },
    stages: view.stages.map((s) => exportStage(s, own)),
    requests: view.requests.map((r) => ({
      id: r.id,
      kind: r.kind,
      stage: r.stage,
      text: r.text,
      status: r.status,
      issuedAt: iso(r.issuedAt),
      dueAt: utcIso(r.dueAt),
      dueLocal: r.dueLocal,
      fulfilledAt: utcIso(r.fulfilledAt),
      fulfilledVersion: r.fulfilledVersion,
      nonCompliantAt: utcIso(r.nonCompliantAt),
    })),
    links: view.links.map((l) => ({ kind: l.kind, ref: l.ref })),
  };
}
