/**
 * The incident figures of the cooperation benchmark (issue 13): 10 000 incidents not closed, spread
 * over the six incident regimes and the given organisations, then
 *
 * - a full re-evaluation where every stored summary must be rewritten (after a regime table or
 *   calendar change), and one in the steady state (nothing changed since the last pass);
 * - the regulator's overdue list (one sector, earliest due first, 100 rows), p50 and p99.
 *
 * Used by `bench/cooperation.ts`. Rows are inserted in bulk as the service would store them.
 */
import type { Kysely } from 'kysely';
import type { OrganizationId } from '../../src/core/ids.js';
import { SECTORS, type Sector } from '../../src/core/sectors.js';
import type { Database } from '../../src/storage/database.js';
import { newId } from '../../src/storage/id.js';
import { INCIDENT_REGIMES, type Incident, type IncidentId, type RecordedFacts } from '../../src/cooperation/incidents/incident.js';
import { incidentRow } from '../../src/cooperation/incidents/incident-rows.js';
import { IncidentStore } from '../../src/cooperation/incidents/incident-store.js';
import { reevaluateIncidents } from '../../src/cooperation/incidents/reevaluate.js';
import type { IncidentTables } from '../../src/cooperation/incidents/tables.js';

/** What the benchmark passes in. */
export interface BenchIncidentsOptions {
  readonly db: Kysely<Database>;
  /** Organisations to spread the incidents over (their sector is `SECTORS[i % 15]`, as the benchmark registers them). */
  readonly orgs: readonly OrganizationId[];
  readonly incidents: number;
  readonly row: (label: string, value: string) => void;
  readonly percentile: (xs: number[], p: number) => number;
  readonly fmt: (n: number) => string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function facts(regime: (typeof INCIDENT_REGIMES)[number], i: number, now: number): RecordedFacts {
  const awareness = now - (i % 40) * DAY - i * 1000;
  const half = i % 2 === 0;
  switch (regime) {
    case 'jp-act':
      return { anchors: { awareness }, conditions: {}, submissions: half ? { 'prompt-report': awareness + HOUR } : {}, lastSubmissions: {}, dueSetByAuthority: {} };
    case 'jp-appi':
      return { anchors: { awareness }, conditions: { malicious: i % 3 === 0 }, submissions: half ? { 'preliminary-report': awareness + DAY } : {}, lastSubmissions: {}, dueSetByAuthority: {} };
    case 'eu-nis2':
      return {
        anchors: { awareness },
        conditions: {},
        submissions: half ? { 'early-warning': awareness + 20 * HOUR, notification: awareness + 60 * HOUR } : {},
        lastSubmissions: {},
        dueSetByAuthority: {},
      };
    case 'eu-dora':
      return {
        anchors: { awareness, classification: awareness + HOUR },
        conditions: {},
        submissions: half ? { 'initial-notification': awareness + 3 * HOUR } : {},
        lastSubmissions: {},
        dueSetByAuthority: {},
      };
    case 'us-circia':
      return { anchors: { 'reasonable-belief': awareness, payment: awareness + 2 * HOUR }, conditions: {}, submissions: {}, lastSubmissions: {}, dueSetByAuthority: {} };
    case 'eu-cra':
      return { anchors: { awareness, 'corrective-measure': awareness + 3 * DAY }, conditions: { 'severe-incident': true }, submissions: {}, lastSubmissions: {}, dueSetByAuthority: {} };
  }
}

/** Inserts `n` incidents with no stored summary (so the first re-evaluation writes every one). */
export async function seedIncidents(db: Kysely<IncidentTables>, orgs: readonly OrganizationId[], n: number, now: number): Promise<void> {
  const rows = [];
  for (let i = 0; i < n; i++) {
    const regime = INCIDENT_REGIMES[i % INCIDENT_REGIMES.length]!;
    const org = i % orgs.length;
    const incident: Incident = {
      id: newId(now) as IncidentId,
      organizationId: orgs[org]!,
      sector: SECTORS[org % SECTORS.length]!,
      regime,
      title: `Incident ${i}`,
      category: 'intrusion',
      state: i % 2 === 0 ? 'open' : 'draft',
      facts: facts(regime, i, now),
      timeZone: regime.startsWith('eu-') ? 'Europe/Berlin' : null,
      orderDueAt: null,
      nextDueAt: null,
      nextDueRef: null,
      overdue: false,
      nonCompliant: false,
      revision: 1,
      createdAt: now,
      createdBy: 'bench',
      updatedAt: now,
      closedAt: null,
    };
    rows.push(incidentRow(incident));
  }
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('incidents')
      .values(rows.slice(i, i + 500))
      .execute();
}

/** Seeds the incidents and prints the re-evaluation and overdue-list figures. */
export async function benchIncidents(o: BenchIncidentsOptions): Promise<void> {
  const db = o.db as unknown as Kysely<IncidentTables>;
  const now = Date.now();
  await seedIncidents(db, o.orgs, o.incidents, now);
  const audit = { append: async () => undefined };
  let t0 = performance.now();
  const full = await reevaluateIncidents({ db, audit }, now);
  o.row(`re-evaluate ${o.fmt(full.incidents)} incidents, every summary rewritten`, `${(performance.now() - t0).toFixed(0)} ms, ${o.fmt(full.updated)} written (target < 1000 ms)`);
  const steady: number[] = [];
  for (let r = 0; r < 3; r++) {
    t0 = performance.now();
    await reevaluateIncidents({ db, audit }, now);
    steady.push(performance.now() - t0);
  }
  o.row(`re-evaluate ${o.fmt(full.incidents)} incidents, steady state`, `median ${o.percentile(steady, 0.5).toFixed(0)} ms (target < 1000 ms)`);
  const store = new IncidentStore(db);
  const sectors: Sector[] = [...SECTORS];
  for (let i = 0; i < 50; i++) await store.overdue(sectors[i % sectors.length]!, now, { limit: 100 });
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < 1000; i++) {
    t0 = performance.now();
    rows += (await store.overdue(sectors[i % sectors.length]!, now, { limit: 100 })).length;
    times.push(performance.now() - t0);
  }
  o.row(
    `overdue list of one sector (100 rows, earliest due first)`,
    `p50 ${o.percentile(times, 0.5).toFixed(2)} ms, p99 ${o.percentile(times, 0.99).toFixed(2)} ms, ${o.fmt(rows / 1000)} rows (target p99 < 50 ms)`,
  );
}
