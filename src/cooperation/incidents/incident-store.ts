/**
 * Reads and writes of the incident tables, written once over Kysely for SQLite and PostgreSQL.
 * No rules here: the service decides, the store stores. Pass a transaction as `db` to make calls
 * part of it.
 */
import { MAX_PAGE_ROWS } from '../../core/paging.js';
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Sector } from '../../core/sectors.js';
import type { Incident, IncidentLink, IncidentState, RegulatorRequest, ReportVersion, TimelineEvent } from './incident.js';
import { toEvent, toIncident, toRequest, toVersion } from './incident-rows.js';
import type { IncidentEventsTable, IncidentReportDraftsTable, IncidentReportVersionsTable, IncidentRequestsTable, IncidentsTable, IncidentTables } from './tables.js';

/** Most rows one list call returns: a page of the API's largest size and one more (`core/paging.ts`). */
export { MAX_PAGE_ROWS };

const pageSize = (limit: number | undefined): number => Math.min(Math.max(Math.trunc(limit ?? 100), 1), MAX_PAGE_ROWS);

/** Filter and page of {@link IncidentStore.list}, newest first. */
export interface IncidentListOptions {
  readonly organizationId?: string;
  readonly sector?: Sector;
  readonly state?: IncidentState;
  /** Cursor: the last id of the previous page. */
  readonly after?: string;
  readonly limit?: number;
}

/** Page of {@link IncidentStore.overdue}, earliest due first. */
export interface OverdueListOptions {
  /** Cursor: the last row of the previous page. */
  readonly after?: { readonly dueAt: number; readonly id: string };
  readonly limit?: number;
}

/** A stage's draft. */
export interface ReportDraft {
  readonly stage: string;
  readonly content: string;
  readonly updatedAt: number;
  readonly updatedBy: string;
}

/** The incident tables. */
export class IncidentStore {
  readonly #db: Kysely<IncidentTables>;

  constructor(db: Kysely<IncidentTables>) {
    this.#db = db;
  }

  async insertIncident(row: Insertable<IncidentsTable>): Promise<void> {
    await this.#db.insertInto('incidents').values(row).execute();
  }

  async get(id: string): Promise<Incident | undefined> {
    const r = await this.#db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
    return r === undefined ? undefined : toIncident(r);
  }

  /**
   * Takes the incident for a change: moves it to the next revision when it is still at `revision`,
   * which on PostgreSQL also locks the row until the transaction ends, so the reads that follow
   * see what no other writer can change before the commit. False when another writer changed it
   * since the caller read it (the caller's transaction must then roll back).
   */
  async claim(id: string, revision: number): Promise<boolean> {
    const r = await this.#db
      .updateTable('incidents')
      .set({ revision: revision + 1 })
      .where('id', '=', id)
      .where('revision', '=', revision)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Writes `changes` to an incident claimed in this transaction. */
  async set(id: string, changes: Updateable<IncidentsTable>): Promise<void> {
    await this.#db.updateTable('incidents').set(changes).where('id', '=', id).execute();
  }

  /** Sets the non-compliance flag (the re-evaluation's only write that is not a recomputation). */
  async markNonCompliant(id: string): Promise<void> {
    await this.#db.updateTable('incidents').set({ non_compliant: 1 }).where('id', '=', id).execute();
  }

  /** Incidents matching `options`, newest first, after the cursor. */
  async list(options: IncidentListOptions = {}): Promise<Incident[]> {
    let q = this.#db.selectFrom('incidents').selectAll();
    if (options.organizationId !== undefined) q = q.where('organization_id', '=', options.organizationId);
    if (options.sector !== undefined) q = q.where('sector', '=', options.sector);
    if (options.state !== undefined) q = q.where('state', '=', options.state);
    if (options.after !== undefined) q = q.where('id', '<', options.after);
    const rows = await q.orderBy('id', 'desc').limit(pageSize(options.limit)).execute();
    return rows.map(toIncident);
  }

  /**
   * Incidents of `sector` (every sector when null) whose next due instant lies before `now`,
   * earliest first: one range scan of the `(sector, next_due_at)` index. Closed incidents and
   * those with nothing due have no `next_due_at` and never match.
   */
  async overdue(sector: Sector | null, now: number, options: OverdueListOptions = {}): Promise<Incident[]> {
    let q = this.#db.selectFrom('incidents').selectAll().where('next_due_at', '<', now);
    if (sector !== null) q = q.where('sector', '=', sector);
    const after = options.after;
    if (after !== undefined) q = q.where((eb) => eb.or([eb('next_due_at', '>', after.dueAt), eb.and([eb('next_due_at', '=', after.dueAt), eb('id', '>', after.id)])]));
    const rows = await q.orderBy('next_due_at').orderBy('id').limit(pageSize(options.limit)).execute();
    return rows.map(toIncident);
  }

  async insertVersion(row: Insertable<IncidentReportVersionsTable>): Promise<void> {
    await this.#db.insertInto('incident_report_versions').values(row).execute();
  }

  /** Versions of the incident's reports (of one stage when given), by stage then version. */
  async versions(incidentId: string, stage?: string): Promise<ReportVersion[]> {
    let q = this.#db.selectFrom('incident_report_versions').selectAll().where('incident_id', '=', incidentId);
    if (stage !== undefined) q = q.where('stage', '=', stage);
    return (await q.orderBy('stage').orderBy('version').execute()).map(toVersion);
  }

  /** The stage's latest version, or undefined before its submission. */
  async latestVersion(incidentId: string, stage: string): Promise<ReportVersion | undefined> {
    const r = await this.#db.selectFrom('incident_report_versions').selectAll().where('incident_id', '=', incidentId).where('stage', '=', stage).orderBy('version', 'desc').limit(1).executeTakeFirst();
    return r === undefined ? undefined : toVersion(r);
  }

  /** Records the acknowledgement of a version; false when it was acknowledged already. */
  async acknowledge(incidentId: string, stage: string, version: number, at: number, by: string): Promise<boolean> {
    const r = await this.#db
      .updateTable('incident_report_versions')
      .set({ acknowledged_at: at, acknowledged_by: by })
      .where('incident_id', '=', incidentId)
      .where('stage', '=', stage)
      .where('version', '=', version)
      .where('acknowledged_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async putDraft(row: IncidentReportDraftsTable): Promise<void> {
    await this.#db
      .insertInto('incident_report_drafts')
      .values(row)
      .onConflict((oc) => oc.columns(['incident_id', 'stage']).doUpdateSet({ content: row.content, updated_at: row.updated_at, updated_by: row.updated_by }))
      .execute();
  }

  /** The drafts of the incident's stages (of one stage when given). */
  async drafts(incidentId: string, stage?: string): Promise<ReportDraft[]> {
    let q = this.#db.selectFrom('incident_report_drafts').selectAll().where('incident_id', '=', incidentId);
    if (stage !== undefined) q = q.where('stage', '=', stage);
    const rows = await q.orderBy('stage').execute();
    return rows.map((r) => ({ stage: r.stage, content: r.content, updatedAt: Number(r.updated_at), updatedBy: r.updated_by }));
  }

  async deleteDraft(incidentId: string, stage: string): Promise<void> {
    await this.#db.deleteFrom('incident_report_drafts').where('incident_id', '=', incidentId).where('stage', '=', stage).execute();
  }

  async insertRequest(row: Insertable<IncidentRequestsTable>): Promise<void> {
    await this.#db.insertInto('incident_requests').values(row).execute();
  }

  /** The incident's requests and orders, oldest first (only those not yet answered when `open`). */
  async requests(incidentId: string, filter: { readonly open?: boolean; readonly stage?: string } = {}): Promise<RegulatorRequest[]> {
    let q = this.#db.selectFrom('incident_requests').selectAll().where('incident_id', '=', incidentId);
    if (filter.open === true) q = q.where('fulfilled_at', 'is', null);
    if (filter.stage !== undefined) q = q.where('stage', '=', filter.stage);
    return (await q.orderBy('id').execute()).map(toRequest);
  }

  /** Records that `version` answered the requests `ids`. */
  async fulfil(ids: readonly string[], at: number, version: number): Promise<void> {
    if (ids.length === 0) return;
    await this.#db.updateTable('incident_requests').set({ fulfilled_at: at, fulfilled_version: version }).where('id', 'in', ids).where('fulfilled_at', 'is', null).execute();
  }

  /** Flags a correction order as not complied with; false when it was answered or flagged meanwhile. */
  async flagOrder(id: string, at: number): Promise<boolean> {
    const r = await this.#db
      .updateTable('incident_requests')
      .set({ non_compliant_at: at })
      .where('id', '=', id)
      .where('kind', '=', 'correction-order')
      .where('fulfilled_at', 'is', null)
      .where('non_compliant_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Correction orders of these incidents past their deadline at `now`, unanswered and not yet flagged. */
  async lapsedOrders(incidentIds: readonly string[], now: number): Promise<RegulatorRequest[]> {
    if (incidentIds.length === 0) return [];
    const rows = await this.#db
      .selectFrom('incident_requests')
      .selectAll()
      .where('incident_id', 'in', incidentIds)
      .where('kind', '=', 'correction-order')
      .where('fulfilled_at', 'is', null)
      .where('non_compliant_at', 'is', null)
      .where('due_at', '<', now)
      .orderBy('id')
      .execute();
    return rows.map(toRequest);
  }

  /** The earliest deadline of the incident's correction orders not yet answered, or null. */
  async orderDueAt(incidentId: string): Promise<number | null> {
    const r = await this.#db
      .selectFrom('incident_requests')
      .select((eb) => eb.fn.min('due_at').as('due'))
      .where('incident_id', '=', incidentId)
      .where('kind', '=', 'correction-order')
      .where('fulfilled_at', 'is', null)
      .executeTakeFirst();
    return r?.due === null || r?.due === undefined ? null : Number(r.due);
  }

  async insertEvent(row: IncidentEventsTable): Promise<void> {
    await this.#db.insertInto('incident_events').values(row).execute();
  }

  /** The incident's timeline, oldest first. */
  async timeline(incidentId: string): Promise<TimelineEvent[]> {
    const rows = await this.#db.selectFrom('incident_events').selectAll().where('incident_id', '=', incidentId).orderBy('id').execute();
    return rows.map(toEvent);
  }

  /** Adds links; those already present are left as they are. Returns the ones added. */
  async addLinks(incidentId: string, links: readonly IncidentLink[], at: number, by: string): Promise<IncidentLink[]> {
    const added: IncidentLink[] = [];
    for (const l of links) {
      const r = await this.#db
        .insertInto('incident_links')
        .values({ incident_id: incidentId, kind: l.kind, ref: l.ref, added_at: at, added_by: by })
        .onConflict((oc) => oc.columns(['incident_id', 'kind', 'ref']).doNothing())
        .executeTakeFirst();
      if (Number(r.numInsertedOrUpdatedRows ?? 0) === 1) added.push(l);
    }
    return added;
  }

  /** Removes links; returns the ones that were there. */
  async removeLinks(incidentId: string, links: readonly IncidentLink[]): Promise<IncidentLink[]> {
    const removed: IncidentLink[] = [];
    for (const l of links) {
      const r = await this.#db.deleteFrom('incident_links').where('incident_id', '=', incidentId).where('kind', '=', l.kind).where('ref', '=', l.ref).executeTakeFirst();
      if (Number(r.numDeletedRows) === 1) removed.push(l);
    }
    return removed;
  }

  /** The incident's links, by kind and reference. */
  async links(incidentId: string): Promise<IncidentLink[]> {
    const rows = await this.#db.selectFrom('incident_links').select(['kind', 'ref']).where('incident_id', '=', incidentId).orderBy('kind').orderBy('ref').execute();
    return rows.map((r) => ({ kind: r.kind, ref: r.ref }));
  }

  /** Ids of the incidents citing one attack, sighting, case or intel object. */
  async citing(link: IncidentLink): Promise<string[]> {
    const rows = await this.#db.selectFrom('incident_links').select('incident_id').where('kind', '=', link.kind).where('ref', '=', link.ref).orderBy('incident_id').execute();
    return rows.map((r) => r.incident_id);
  }
}
