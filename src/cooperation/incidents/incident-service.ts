/**
 * Incident reporting under the reporting regimes, with the roles of the brief: operator reporters
 * create incidents and file reports for their own organisation only; sector regulators read their
 * sector's incidents, acknowledge reports, request information, order corrections and close;
 * NCO analysts read every incident and cite what the office holds; nobody else does anything.
 *
 * Every change is one transaction with its timeline row and audit entry (`incident-audit.ts`); a
 * refusal — role, scope, bad input, stale revision, a failing audit log — leaves nothing behind.
 *
 * @example
 * ```ts
 * const incidents = new IncidentService({ db, clock, audit, orgs, jurisdictionsOf: () => ['JP'] });
 * const i = await incidents.create(reporter, {
 *   organizationId: reporter.organizationId, regime: 'jp-act', title: 'VPN appliance compromised',
 *   category: 'intrusion', anchors: { awareness: '2026-10-05T09:30:00+09:00' },
 * });
 * await incidents.submit(reporter, i.id, 'prompt-report', { summary: 'Unauthorised VPN logins since 04:10 JST.' });
 * await incidents.overdue(regulator); // the sector's incidents past a due instant, earliest first
 * ```
 */
import type { Actor } from '../../core/roles.js';
import type { Sector } from '../../core/sectors.js';
import { DEFAULT_INCIDENTS_CONFIG, type IncidentsConfig } from './config.js';
import { ERR_INCIDENT_FORBIDDEN } from './errors.js';
import type { IncidentLink, IncidentState, RegulatorRequest, ReportContent, ReportVersion, TimelineEvent } from './incident.js';
import { readsDrafts, requirePower } from './incident-access.js';
import { evaluateIncident } from './incident-deadlines.js';
import { type IncidentSummary, type IncidentView, incidentView, summaryOf } from './incident-view.js';
import { changeLinks, createIncident, updateIncident } from './incident-writes.js';
import { type IncidentListOptions, IncidentStore } from './incident-store.js';
import { type ReevaluationResult, reevaluateIncidents } from './reevaluate.js';
import { acknowledgeReport, closeIncident, issueRequest } from './regulator-writes.js';
import { fileReport, saveDraft } from './report-writes.js';
import { hold, type IncidentServiceDeps, type ServiceContext } from './service-context.js';

/** Filter and page of {@link IncidentService.list}, newest first. */
export interface IncidentListQuery {
  readonly state?: IncidentState;
  /** NCO analysts: one sector; regulators: ignored (their own). */
  readonly sector?: Sector;
  /** One organisation within what the caller may see. */
  readonly organizationId?: string;
  readonly after?: string;
  readonly limit?: number;
}

/** Page of {@link IncidentService.overdue}, earliest due first. */
export interface OverdueQuery {
  /** NCO analysts: one sector (default every sector); regulators: their own, another is refused. */
  readonly sector?: Sector;
  readonly after?: { readonly dueAt: number; readonly id: string };
  readonly limit?: number;
}

/** The reports of an incident: submitted versions for every reader, drafts for the organisation's reporters only. */
export interface IncidentReports {
  readonly versions: readonly ReportVersion[];
  readonly drafts: readonly { readonly stage: string; readonly content: ReportContent; readonly updatedAt: number; readonly updatedBy: string }[] | null;
}

/** The incident service (see the module comment). */
export class IncidentService {
  readonly #ctx: ServiceContext;

  constructor(deps: IncidentServiceDeps, config: IncidentsConfig = DEFAULT_INCIDENTS_CONFIG) {
    this.#ctx = { ...deps, config };
  }

  /** Creates an incident (state `draft`) for the reporter's own organisation. */
  async create(actor: Actor, input: unknown): Promise<IncidentView> {
    const i = await createIncident(this.#ctx, actor, input);
    return this.get(actor, i.id);
  }

  /** Changes title, category, anchors, conditions or zone (see `updateIncident`). */
  async update(actor: Actor, id: string, input: unknown): Promise<IncidentView> {
    await updateIncident(this.#ctx, actor, id, input);
    return this.get(actor, id);
  }

  /** Cites attacks, sightings, cases or intel objects; returns the links added. */
  link(actor: Actor, id: string, links: unknown): Promise<IncidentLink[]> {
    return changeLinks(this.#ctx, actor, id, links, true);
  }

  /** Removes citations; returns the links removed. */
  unlink(actor: Actor, id: string, links: unknown): Promise<IncidentLink[]> {
    return changeLinks(this.#ctx, actor, id, links, false);
  }

  /** Saves the draft of a stage's report. */
  saveDraft(actor: Actor, id: string, stage: string, content: unknown): Promise<{ readonly stage: string; readonly updatedAt: number }> {
    return saveDraft(this.#ctx, actor, id, stage, content);
  }

  /** Submits a stage's report (version 1), with `content` or the saved draft. */
  submit(actor: Actor, id: string, stage: string, content?: unknown): Promise<ReportVersion> {
    return fileReport(this.#ctx, actor, id, stage, content, false);
  }

  /** Amends a stage's report (version n + 1), with `content` or the saved draft. */
  amend(actor: Actor, id: string, stage: string, content?: unknown): Promise<ReportVersion> {
    return fileReport(this.#ctx, actor, id, stage, content, true);
  }

  /** Acknowledges the latest version of a stage's report (the sector's regulator). */
  acknowledge(actor: Actor, id: string, stage: string): Promise<ReportVersion> {
    return acknowledgeReport(this.#ctx, actor, id, stage);
  }

  /** Requests more information on a stage: `{ stage, text, dueAt? }`. */
  requestInformation(actor: Actor, id: string, input: unknown): Promise<RegulatorRequest> {
    return issueRequest(this.#ctx, actor, id, input, 'information');
  }

  /** Orders a correction of (or the missing) report of a stage: `{ stage, text, deadline }`. */
  orderCorrection(actor: Actor, id: string, input: unknown): Promise<RegulatorRequest> {
    return issueRequest(this.#ctx, actor, id, input, 'correction-order');
  }

  /** Closes the matter (the sector's regulator). */
  async close(actor: Actor, id: string): Promise<IncidentView> {
    await closeIncident(this.#ctx, actor, id);
    return this.get(actor, id);
  }

  /** One incident with its deadlines now, reports, requests and links. */
  async get(actor: Actor, id: string): Promise<IncidentView> {
    const { incident } = await hold(this.#ctx, actor, id, 'read');
    const store = new IncidentStore(this.#ctx.db);
    const now = this.#ctx.clock.now();
    const summary = evaluateIncident(incident, now, this.#ctx);
    const drafts = readsDrafts(actor, incident) ? new Set((await store.drafts(id)).map((d) => d.stage)) : null;
    return incidentView({
      incident: { ...incident, nextDueAt: summary.nextDueAt, nextDueRef: summary.nextDueRef },
      summary,
      versions: await store.versions(id),
      requests: await store.requests(id),
      links: await store.links(id),
      draftStages: drafts,
      now,
    });
  }

  /** The submitted versions of an incident's reports (one stage when given), and the drafts for its own reporters. */
  async reports(actor: Actor, id: string, stage?: string): Promise<IncidentReports> {
    const { incident } = await hold(this.#ctx, actor, id, 'read');
    const store = new IncidentStore(this.#ctx.db);
    const drafts = readsDrafts(actor, incident)
      ? (await store.drafts(id, stage)).map((d) => ({ stage: d.stage, content: JSON.parse(d.content) as ReportContent, updatedAt: d.updatedAt, updatedBy: d.updatedBy }))
      : null;
    return { versions: await store.versions(id, stage), drafts };
  }

  /** The incident's timeline, oldest first; draft saves only for its own reporters. */
  async timeline(actor: Actor, id: string): Promise<TimelineEvent[]> {
    const { incident } = await hold(this.#ctx, actor, id, 'read');
    const events = await new IncidentStore(this.#ctx.db).timeline(id);
    return readsDrafts(actor, incident) ? events : events.filter((e) => e.kind !== 'draft-saved');
  }

  /** Incidents the caller may see, newest first: its organisation's, its sector's, or (NCO) all. */
  async list(actor: Actor, query: IncidentListQuery = {}): Promise<IncidentSummary[]> {
    requirePower(actor, 'read');
    const page = {
      ...(query.state === undefined ? {} : { state: query.state }),
      ...(query.after === undefined ? {} : { after: query.after }),
      ...(query.limit === undefined ? {} : { limit: query.limit }),
      ...(query.organizationId === undefined ? {} : { organizationId: query.organizationId }),
    };
    let options: IncidentListOptions;
    if (actor.roles.includes('nco_analyst')) options = { ...page, ...(query.sector === undefined ? {} : { sector: query.sector }) };
    else if (actor.roles.includes('sector_regulator') && actor.sector !== undefined) options = { ...page, sector: actor.sector };
    else if (actor.roles.includes('operator_reporter') && actor.organizationId !== undefined) {
      if (query.organizationId !== undefined && query.organizationId !== actor.organizationId) return [];
      options = { ...page, organizationId: actor.organizationId };
    } else return [];
    const now = this.#ctx.clock.now();
    return (await new IncidentStore(this.#ctx.db).list(options)).map((i) => summaryOf(i, now));
  }

  /**
   * The regulator's overdue list: incidents of its sector (NCO analysts: of one sector or all)
   * with a due instant passed — an unsubmitted stage or an unanswered correction order —
   * earliest first. One range scan of the `(sector, next_due_at)` index.
   */
  async overdue(actor: Actor, query: OverdueQuery = {}): Promise<IncidentSummary[]> {
    let sector: Sector | null;
    if (actor.roles.includes('nco_analyst')) sector = query.sector ?? null;
    else if (actor.roles.includes('sector_regulator') && actor.sector !== undefined) {
      if (query.sector !== undefined && query.sector !== actor.sector) throw new ERR_INCIDENT_FORBIDDEN(`regulators of ${actor.sector} see the overdue list of their own sector only`);
      sector = actor.sector;
    } else throw new ERR_INCIDENT_FORBIDDEN('the overdue list is for sector regulators and NCO analysts');
    const now = this.#ctx.clock.now();
    const rows = await new IncidentStore(this.#ctx.db).overdue(sector, now, query);
    return rows.map((i) => summaryOf(i, now));
  }

  /** Re-evaluates every incident not closed at the clock's now (run it on a timer; see `reevaluate.ts`). */
  reevaluate(options: { readonly batchSize?: number; readonly onError?: (incidentId: string, err: unknown) => void } = {}): Promise<ReevaluationResult> {
    const { db, audit, calendarOf, deadlineOptions, onAuditDrainError, config } = this.#ctx;
    return reevaluateIncidents(
      {
        db,
        audit,
        batchSize: options.batchSize ?? config.reevaluateBatch,
        ...(calendarOf === undefined ? {} : { calendarOf }),
        ...(deadlineOptions === undefined ? {} : { deadlineOptions }),
        ...(onAuditDrainError === undefined ? {} : { onAuditDrainError }),
        ...(options.onError === undefined ? {} : { onError: options.onError }),
      },
      this.#ctx.clock.now(),
    );
  }
}
