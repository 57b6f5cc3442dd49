/**
 * The store of vulnerability facts: what each source said of each CVE, the sources' import state
 * and the import runs; the merged record per CVE is computed on read (`vulns/merge.ts`). Written
 * once over Kysely for SQLite and PostgreSQL.
 *
 * A batch of facts goes in one transaction and reports which CVEs it changed, so the exposure
 * matcher re-examines only those.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../core/clock.js';
import { mergeFacts, type CveFacts } from '../../vulns/merge.js';
import type { CveId, Cve5Facts, EpssScore, JvnFacts, KevEntry, NvdFacts, VulnerabilityRecord, VulnSource } from '../../vulns/record.js';
import type { Database } from '../../storage/database.js';
import { newId } from '../../storage/id.js';
import { inTransaction } from '../../storage/transaction.js';
import type { VulnFactsTable, VulnImportRunsTable } from './tables.js';

/** One source's facts about one CVE, to store. */
export type FactsRow =
  | { readonly source: 'nvd'; readonly cve: CveId; readonly key?: ''; readonly at?: string; readonly facts: NvdFacts }
  | { readonly source: 'cve5'; readonly cve: CveId; readonly key?: ''; readonly at?: string; readonly facts: Cve5Facts }
  | { readonly source: 'kev'; readonly cve: CveId; readonly key?: ''; readonly at?: string; readonly facts: KevEntry }
  | { readonly source: 'epss'; readonly cve: CveId; readonly key?: ''; readonly at?: string; readonly facts: EpssScore }
  | { readonly source: 'jvn'; readonly cve: CveId; readonly key: string; readonly at?: string; readonly facts: JvnFacts };

/** What a batch of facts did. */
export interface PutFactsResult {
  /** CVEs whose facts are new or different (in input order, without repeats). */
  readonly changed: readonly CveId[];
  /** Rows identical to what was stored. */
  readonly unchanged: number;
}

/** One finished import, as recorded. */
export type ImportRun = Omit<VulnImportRunsTable, 'id' | 'problems'> & { readonly id: string; readonly problems: readonly unknown[] };

/** The vulnerability store. */
export interface VulnStore {
  /** Stores `rows` in one transaction (or the caller's), replacing each (CVE, source, key)'s facts. */
  putFacts(rows: readonly FactsRow[]): Promise<PutFactsResult>;
  /** Removes one source's facts of `cves` (a KEV entry withdrawn, say); returns the CVEs that had any. */
  removeFacts(source: VulnSource, cves: readonly CveId[]): Promise<CveId[]>;
  /** The merged record of `cve`, or undefined when no source has it. */
  record(cve: CveId): Promise<VulnerabilityRecord | undefined>;
  /** The merged records of `cves` that exist. */
  recordsOf(cves: readonly CveId[]): Promise<VulnerabilityRecord[]>;
  /** Every merged record, in CVE id order, a page at a time. */
  records(pageRows?: number): AsyncIterable<VulnerabilityRecord>;
  /** The CVEs one source has facts for. */
  cvesOf(source: VulnSource): Promise<CveId[]>;
  /** How many CVEs have facts, in all. */
  count(): Promise<number>;
  /** A source's import state (undefined before its first import). */
  sourceState<T>(source: string): Promise<T | undefined>;
  /** Replaces a source's import state. */
  setSourceState(source: string, state: unknown): Promise<void>;
  /** Records a finished import. */
  recordRun(run: Omit<ImportRun, 'id'>): Promise<ImportRun>;
  /** The latest import runs, newest first. */
  runs(limit: number): Promise<ImportRun[]>;
}

/** Rows per statement: keeps SQLite's bound-parameter count and PostgreSQL's statements small. */
const BATCH = 400;

/** Creates the store over `db`. */
export function createVulnStore(db: Kysely<Database>, deps: { readonly clock: Clock }): VulnStore {
  return {
    putFacts: (rows) => inTransaction(db, (trx) => putFacts(trx, rows, deps.clock.now())),
    removeFacts: (source, cves) => inTransaction(db, (trx) => removeFacts(trx, source, cves)),
    async record(cve) {
      const [record] = await recordsOf(db, [cve]);
      return record;
    },
    recordsOf: (cves) => recordsOf(db, cves),
    records: (pageRows = 5_000) => allRecords(db, pageRows),
    async cvesOf(source) {
      const rows = await db.selectFrom('vuln_facts').select('cve_id').distinct().where('source', '=', source).orderBy('cve_id').execute();
      return rows.map((r) => r.cve_id as CveId);
    },
    async count() {
      const row = await db
        .selectFrom('vuln_facts')
        .select((eb) => eb.fn.count<number | string>('cve_id').distinct().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async sourceState<T>(source: string) {
      const row = await db.selectFrom('vuln_sources').select('state').where('source', '=', source).executeTakeFirst();
      return row === undefined ? undefined : (JSON.parse(row.state) as T);
    },
    async setSourceState(source, state) {
      const row = { source, state: JSON.stringify(state), updated_at: deps.clock.now() };
      await db
        .insertInto('vuln_sources')
        .values(row)
        .onConflict((oc) => oc.column('source').doUpdateSet({ state: row.state, updated_at: row.updated_at }))
        .execute();
    },
    async recordRun(run) {
      const id = newId(deps.clock.now());
      await db
        .insertInto('vuln_import_runs')
        .values({ ...run, id, problems: JSON.stringify(run.problems) })
        .execute();
      return { ...run, id };
    },
    async runs(limit) {
      const rows = await db.selectFrom('vuln_import_runs').selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map((r) => ({
        ...r,
        read: Number(r.read),
        changed: Number(r.changed),
        unchanged: Number(r.unchanged),
        skipped: Number(r.skipped),
        started_at: Number(r.started_at),
        finished_at: Number(r.finished_at),
        problems: JSON.parse(r.problems) as unknown[],
      }));
    },
  };
}

async function putFacts(trx: Kysely<Database>, rows: readonly FactsRow[], now: number): Promise<PutFactsResult> {
  const changed = new Set<CveId>();
  let unchanged = 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = dedupe(rows.slice(i, i + BATCH));
    const stored = await storedFacts(trx, batch);
    const values: VulnFactsTable[] = [];
    for (const row of batch) {
      const key = row.key ?? '';
      const facts = JSON.stringify(row.facts);
      if (stored.get(factKey(row.cve, row.source, key)) === facts) {
        unchanged += 1;
        continue;
      }
      changed.add(row.cve);
      values.push({ cve_id: row.cve, source: row.source, key, at: row.at ?? null, facts, imported_at: now });
    }
    if (values.length === 0) continue;
    await trx
      .insertInto('vuln_facts')
      .values(values)
      .onConflict((oc) => oc.columns(['cve_id', 'source', 'key']).doUpdateSet((eb) => ({ at: eb.ref('excluded.at'), facts: eb.ref('excluded.facts'), imported_at: eb.ref('excluded.imported_at') })))
      .execute();
  }
  return { changed: [...changed], unchanged };
}

/** The last of repeated (CVE, source, key) rows in one batch wins, as it would row by row. */
function dedupe(rows: readonly FactsRow[]): FactsRow[] {
  const byKey = new Map<string, FactsRow>();
  for (const row of rows) byKey.set(factKey(row.cve, row.source, row.key ?? ''), row);
  return [...byKey.values()];
}

async function storedFacts(trx: Kysely<Database>, batch: readonly FactsRow[]): Promise<Map<string, string>> {
  const cves = [...new Set(batch.map((r) => r.cve))];
  const sources = [...new Set(batch.map((r) => r.source))];
  const rows = await trx.selectFrom('vuln_facts').select(['cve_id', 'source', 'key', 'facts']).where('cve_id', 'in', cves).where('source', 'in', sources).execute();
  return new Map(rows.map((r) => [factKey(r.cve_id, r.source, r.key), r.facts]));
}

function factKey(cve: string, source: string, key: string): string {
  return `${cve}\u0000${source}\u0000${key}`;
}

async function removeFacts(trx: Kysely<Database>, source: VulnSource, cves: readonly CveId[]): Promise<CveId[]> {
  const removed: CveId[] = [];
  for (let i = 0; i < cves.length; i += BATCH) {
    const batch = cves.slice(i, i + BATCH);
    const rows = await trx.deleteFrom('vuln_facts').where('source', '=', source).where('cve_id', 'in', batch).returning('cve_id').execute();
    for (const r of rows) removed.push(r.cve_id as CveId);
  }
  return [...new Set(removed)];
}

async function recordsOf(db: Kysely<Database>, cves: readonly CveId[]): Promise<VulnerabilityRecord[]> {
  const records: VulnerabilityRecord[] = [];
  for (let i = 0; i < cves.length; i += BATCH) {
    const rows = await db
      .selectFrom('vuln_facts')
      .select(['cve_id', 'source', 'key', 'facts'])
      .where('cve_id', 'in', cves.slice(i, i + BATCH))
      .orderBy('cve_id')
      .orderBy('source')
      .orderBy('key')
      .execute();
    records.push(...group(rows));
  }
  return records;
}

type FactsSelection = Pick<VulnFactsTable, 'cve_id' | 'source' | 'key' | 'facts'>;

async function* allRecords(db: Kysely<Database>, pageRows: number): AsyncIterable<VulnerabilityRecord> {
  let after: { cve: string; source: string; key: string } | undefined;
  let carry: FactsSelection[] = [];
  for (;;) {
    let query = db.selectFrom('vuln_facts').select(['cve_id', 'source', 'key', 'facts']);
    if (after !== undefined) {
      const a = after;
      query = query.where((eb) =>
        eb.or([
          eb('cve_id', '>', a.cve),
          eb.and([eb('cve_id', '=', a.cve), eb('source', '>', a.source as VulnSource)]),
          eb.and([eb('cve_id', '=', a.cve), eb('source', '=', a.source as VulnSource), eb('key', '>', a.key)]),
        ]),
      );
    }
    const rows = await query.orderBy('cve_id').orderBy('source').orderBy('key').limit(pageRows).execute();
    const last = rows.at(-1);
    if (last === undefined) break;
    after = { cve: last.cve_id, source: last.source, key: last.key };
    // The last CVE of a page may continue on the next: hold its rows back until it ends.
    const rest = [...carry, ...rows];
    const cut = rest.findIndex((r) => r.cve_id === last.cve_id);
    yield* group(rest.slice(0, cut));
    carry = rest.slice(cut);
    if (rows.length < pageRows) break;
  }
  yield* group(carry);
}

function group(rows: readonly FactsSelection[]): VulnerabilityRecord[] {
  const records: VulnerabilityRecord[] = [];
  let i = 0;
  while (i < rows.length) {
    const cve = rows[i]?.cve_id as CveId;
    const facts: { nvd?: NvdFacts; cve5?: Cve5Facts; kev?: KevEntry; epss?: EpssScore; jvn: JvnFacts[] } = { jvn: [] };
    for (; i < rows.length && rows[i]?.cve_id === cve; i += 1) addFacts(facts, rows[i] as FactsSelection);
    records.push(mergeFacts(cve, facts satisfies CveFacts));
  }
  return records;
}

function addFacts(facts: { nvd?: NvdFacts; cve5?: Cve5Facts; kev?: KevEntry; epss?: EpssScore; jvn: JvnFacts[] }, row: FactsSelection): void {
  const value: unknown = JSON.parse(row.facts);
  switch (row.source) {
    case 'nvd':
      facts.nvd = value as NvdFacts;
      break;
    case 'cve5':
      facts.cve5 = value as Cve5Facts;
      break;
    case 'kev':
      facts.kev = value as KevEntry;
      break;
    case 'epss':
      facts.epss = value as EpssScore;
      break;
    case 'jvn':
      facts.jvn.push(value as JvnFacts);
      break;
  }
}
