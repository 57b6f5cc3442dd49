/**
 * Keeps the exposure findings of operators' assets true: every asset in service (or planned) with a
 * CPE or purl is matched against every vulnerability record (`vulns/match`), each finding is
 * prioritised (`vulns/priority`, with the inbound ports the flow data showed) and the
 * `exposure_findings` table is brought to the result — rows for findings that no longer hold are
 * removed, `first_seen_at` survives recomputation.
 *
 * Three triggers: a full rebuild at start; the CVEs an import changed; and a refresh that picks up
 * assets changed since the last one (by any process: the register is read, not told) and
 * re-prioritises with fresh flow observations.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../core/clock.js';
import { type Prefix, parsePrefix } from '../../core/ip.js';
import type { Logger } from 'pino';
import type { Database } from '../../storage/database.js';
import { inTransaction } from '../../storage/transaction.js';
import { createExposureIndex, type ExposureIndex } from '../../vulns/match/exposure-index.js';
import type { Finding } from '../../vulns/match/finding.js';
import type { VersionComparator } from '../../vulns/match/version-comparator.js';
import { prioritise } from '../../vulns/priority/index.js';
import type { CveId, KevEntry, VulnerabilityRecord } from '../../vulns/record.js';
import type { ExposureObserver } from './exposure-observer.js';
import type { ExposureFindingsTable } from './tables.js';
import type { VulnStore } from './vuln-store.js';

/** What the service needs. */
export interface ExposureServiceDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly store: VulnStore;
  readonly comparator: VersionComparator;
  /** The flow observer, when the platform runs one; without it exposure counts 0 points. */
  readonly observer?: ExposureObserver;
}

/** Settings of the service. */
export interface ExposureServiceConfig {
  /** Inbound traffic older than this no longer counts as exposure. */
  readonly observationWindowMs: number;
  /** Points (0–5) per sector; a sector not listed gets `defaultSectorWeight`. */
  readonly sectorWeights: Readonly<Record<string, number>>;
  readonly defaultSectorWeight: number;
}

/** The asset facts matching and prioritising need. */
interface WatchedRow {
  readonly id: string;
  readonly organizationId: string;
  readonly role: string;
  readonly slot: number;
}

/** What a recomputation did. */
export interface ExposureChange {
  readonly written: number;
  readonly removed: number;
  /** Records that entered the KEV catalogue itself (not NVD's copy of its fields) with this change. */
  readonly kevAdded?: readonly KevEntry[];
}

/** The exposure service. */
export class ExposureService {
  readonly #deps: ExposureServiceDeps;
  readonly #config: ExposureServiceConfig;
  #index: ExposureIndex;
  readonly #slots = new Map<string, number>();
  #assets: (WatchedRow | undefined)[] = [];
  #records = new Map<CveId, VulnerabilityRecord>();
  #sectors = new Map<string, string>();
  /** Per slot, the inbound ports and sector its findings were last prioritised with. */
  #prioritisedWith: (string | undefined)[] = [];
  #assetsSeenAt = -1;
  #factsSeenAt = -1;

  constructor(config: ExposureServiceConfig, deps: ExposureServiceDeps) {
    this.#config = config;
    this.#deps = deps;
    this.#index = createExposureIndex(deps.comparator);
  }

  /** Loads every record and asset, matches all and rewrites the findings table. */
  async rebuild(): Promise<ExposureChange> {
    this.#index = createExposureIndex(this.#deps.comparator);
    this.#records = new Map();
    this.#factsSeenAt = await this.#latestImport();
    for await (const record of this.#deps.store.records()) {
      this.#records.set(record.id, record);
      this.#index.putRecord(record);
    }
    this.#assetsSeenAt = -1;
    await this.#loadAssets();
    const findings = [...this.#index.matchAll()];
    return this.#write(findings, { all: true });
  }

  /** Re-reads `cves` from the store and recomputes their findings. */
  async recordsChanged(cves: readonly CveId[]): Promise<ExposureChange> {
    if (cves.length === 0) return { written: 0, removed: 0 };
    const fresh = new Map((await this.#deps.store.recordsOf(cves)).map((r) => [r.id, r]));
    const kevAdded: KevEntry[] = [];
    for (const cve of cves) {
      const record = fresh.get(cve);
      if (record?.kev?.source === 'kev' && this.#records.get(cve)?.kev?.source !== 'kev') kevAdded.push(record.kev.value);
      if (record === undefined) {
        this.#records.delete(cve);
        this.#index.removeRecord(cve);
      } else {
        this.#records.set(cve, record);
        this.#index.putRecord(record);
      }
    }
    const findings = cves.flatMap((cve) => this.#index.findingsForRecord(cve));
    return { ...(await this.#write(findings, { cves })), kevAdded };
  }

  /**
   * Picks up facts imported and assets changed since the last refresh (by this process or another:
   * `sakimori vulns import`, a second server) and re-prioritises every finding with fresh
   * observations. Facts removed by another process are seen at the next rebuild.
   */
  async refresh(): Promise<ExposureChange> {
    const since = this.#factsSeenAt;
    const latest = await this.#latestImport();
    let kevAdded: readonly KevEntry[] = [];
    if (latest > since) {
      const rows = await this.#deps.db.selectFrom('vuln_facts').select('cve_id').distinct().where('imported_at', '>', since).execute();
      this.#factsSeenAt = latest;
      kevAdded = (await this.recordsChanged(rows.map((r) => r.cve_id as CveId))).kevAdded ?? [];
    }
    const changed = await this.#loadAssets();
    const findings = changed.length === 0 ? [] : changed.flatMap((slot) => this.#index.findingsForAsset(slot));
    const byAsset = changed.length === 0 ? { written: 0, removed: 0 } : await this.#write(findings, { slots: changed });
    const again = await this.#reprioritise();
    return { written: byAsset.written + again, removed: byAsset.removed, kevAdded };
  }

  /** The record behind a finding (as last loaded). */
  record(cve: CveId): VulnerabilityRecord | undefined {
    return this.#records.get(cve);
  }

  async #latestImport(): Promise<number> {
    const row = await this.#deps.db
      .selectFrom('vuln_facts')
      .select((eb) => eb.fn.max('imported_at').as('at'))
      .executeTakeFirst();
    return row?.at === null || row?.at === undefined ? -1 : Number(row.at);
  }

  async #loadAssets(): Promise<number[]> {
    const { db } = this.#deps;
    const since = this.#assetsSeenAt;
    const rows = await db.selectFrom('operator_assets').select(['id', 'organization_id', 'cpe', 'purl', 'role', 'addresses', 'status', 'updated_at']).where('updated_at', '>=', since).execute();
    if (rows.length === 0) return [];
    this.#assetsSeenAt = Math.max(since, ...rows.map((r) => Number(r.updated_at)));
    await this.#loadOrganizations();
    const changed: number[] = [];
    for (const row of rows) {
      let slot = this.#slots.get(row.id);
      if (slot === undefined) {
        slot = this.#assets.length;
        this.#slots.set(row.id, slot);
        this.#assets.push(undefined);
      }
      changed.push(slot);
      this.#index.removeAsset(slot);
      if (row.status === 'retired' || (row.cpe === null && row.purl === null)) {
        this.#assets[slot] = undefined;
        continue;
      }
      const put = this.#index.putAsset({ ref: slot, cpes: row.cpe === null ? [] : [row.cpe], ...(row.purl === null ? {} : { purl: row.purl }) });
      if (!put.ok) {
        this.#deps.logger.warn({ asset: row.id, code: put.error.code }, 'asset left out of exposure matching: %s', put.error.message);
        this.#assets[slot] = undefined;
        continue;
      }
      this.#assets[slot] = { id: row.id, organizationId: row.organization_id, role: row.role, slot };
    }
    await this.#watch();
    return changed;
  }

  async #loadOrganizations(): Promise<void> {
    const orgs = await this.#deps.db.selectFrom('organizations').select(['id', 'sector']).execute();
    this.#sectors = new Map(orgs.map((o) => [o.id, o.sector ?? '']));
  }

  /** Tells the flow observer which addresses to watch, with each organisation's networks as "inside". */
  async #watch(): Promise<void> {
    const observer = this.#deps.observer;
    if (observer === undefined) return;
    const networks = await this.#deps.db.selectFrom('protected_networks').select(['organization_id', 'prefix']).execute();
    const inside = new Map<string, Prefix[]>();
    for (const n of networks) inside.set(n.organization_id, [...(inside.get(n.organization_id) ?? []), parsePrefix(n.prefix)]);
    const rows = await this.#deps.db.selectFrom('operator_assets').select(['id', 'addresses']).where('status', '!=', 'retired').execute();
    observer.watch(
      rows.flatMap((r) => {
        const a = this.#assets[this.#slots.get(r.id) ?? -1];
        return a === undefined ? [] : [{ slot: a.slot, addresses: JSON.parse(r.addresses) as string[], internal: inside.get(a.organizationId) ?? [] }];
      }),
    );
  }

  /** The row of a finding; notes in `inputs` what its asset's priority was computed from. */
  #row(finding: Finding, now: number, inputs: Map<number, string>): ExposureFindingsTable | undefined {
    const asset = this.#assets[finding.assetRef];
    const record = this.#records.get(finding.recordId);
    if (asset === undefined || record === undefined) return undefined;
    const { ports, sector, key } = this.#inputsOf(asset, now);
    inputs.set(asset.slot, key);
    const priority = prioritise({
      record,
      certainty: finding.certainty,
      role: asset.role,
      exposure: ports === undefined ? undefined : { inboundPorts: ports },
      sectorWeight: this.#config.sectorWeights[sector] ?? this.#config.defaultSectorWeight,
    });
    return {
      asset_id: asset.id,
      cve_id: finding.recordId,
      organization_id: asset.organizationId,
      certainty: finding.certainty,
      priority: priority.score,
      kev: record.kev === undefined ? 0 : 1,
      detail: JSON.stringify({ why: finding.why, basis: finding.basis, matches: finding.matches, priority }),
      first_seen_at: now,
      updated_at: now,
    };
  }

  /** Replaces the findings in `scope` (all, some CVEs, or some assets) with `findings`. */
  async #write(findings: readonly Finding[], scope: { all: true } | { cves: readonly CveId[] } | { slots: readonly number[] }): Promise<ExposureChange> {
    const now = this.#deps.clock.now();
    const inputs = new Map<number, string>();
    const rows = findings.flatMap((f) => this.#row(f, now, inputs) ?? []);
    const change = await inTransaction(this.#deps.db, async (trx) => {
      const stale = await this.#existing(trx, scope);
      const keep = new Set(rows.map((r) => `${r.asset_id} ${r.cve_id}`));
      let removed = 0;
      for (const s of stale) {
        if (keep.has(`${s.asset_id} ${s.cve_id}`)) continue;
        await trx.deleteFrom('exposure_findings').where('asset_id', '=', s.asset_id).where('cve_id', '=', s.cve_id).execute();
        removed += 1;
      }
      await upsertFindings(trx, rows);
      return { written: rows.length, removed };
    });
    this.#noteInputs(inputs);
    return change;
  }

  /** Remembers, once written, what the assets' priorities were computed from. */
  #noteInputs(inputs: ReadonlyMap<number, string>): void {
    for (const [slot, key] of inputs) this.#prioritisedWith[slot] = key;
  }

  async #existing(trx: Kysely<Database>, scope: { all: true } | { cves: readonly CveId[] } | { slots: readonly number[] }): Promise<{ asset_id: string; cve_id: string }[]> {
    const base = trx.selectFrom('exposure_findings').select(['asset_id', 'cve_id']);
    if ('all' in scope) return base.execute();
    if ('cves' in scope) return scope.cves.length === 0 ? [] : base.where('cve_id', 'in', [...scope.cves]).execute();
    const ids = [...this.#slots].filter(([, slot]) => scope.slots.includes(slot)).map(([id]) => id);
    return ids.length === 0 ? [] : base.where('asset_id', 'in', ids).execute();
  }

  /**
   * Recomputes the priorities of the assets whose inputs moved since their findings were last
   * written — the inbound ports seen in the flows (new traffic, or old traffic leaving the window)
   * or their organisation's sector — instead of every finding; returns the rows changed.
   */
  async #reprioritise(): Promise<number> {
    await this.#loadOrganizations();
    const now = this.#deps.clock.now();
    const slots = this.#assets.flatMap((a) => (a !== undefined && this.#inputsOf(a, now).key !== this.#prioritisedWith[a.slot] ? [a.slot] : []));
    const inputs = new Map(slots.map((slot) => [slot, this.#inputsOf(this.#assets[slot] as WatchedRow, now).key]));
    const rows = slots.flatMap((slot) => this.#index.findingsForAsset(slot).flatMap((f) => this.#row(f, now, inputs) ?? []));
    const current = new Map<string, number>();
    const ids = [...new Set(rows.map((r) => r.asset_id))];
    for (let i = 0; i < ids.length; i += WRITE_BATCH) {
      const stored = await this.#deps.db
        .selectFrom('exposure_findings')
        .select(['asset_id', 'cve_id', 'priority'])
        .where('asset_id', 'in', ids.slice(i, i + WRITE_BATCH))
        .execute();
      for (const r of stored) current.set(`${r.asset_id} ${r.cve_id}`, Number(r.priority));
    }
    const changed = rows.filter((r) => current.get(`${r.asset_id} ${r.cve_id}`) !== r.priority);
    await inTransaction(this.#deps.db, (trx) => upsertFindings(trx, changed));
    this.#noteInputs(inputs);
    return changed.length;
  }

  /** What a priority depends on besides the record and the asset's role: its inbound ports now, and its sector. */
  #inputsOf(asset: WatchedRow, now: number): { ports: number[] | undefined; sector: string; key: string } {
    const ports = this.#deps.observer?.inboundPorts(asset.slot, now - this.#config.observationWindowMs);
    const sector = this.#sectors.get(asset.organizationId) ?? '';
    return { ports, sector, key: `${ports?.join(',') ?? '-'} ${sector}` };
  }
}

const WRITE_BATCH = 200;

async function upsertFindings(trx: Kysely<Database>, rows: readonly ExposureFindingsTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += WRITE_BATCH) {
    await trx
      .insertInto('exposure_findings')
      .values(rows.slice(i, i + WRITE_BATCH))
      .onConflict((oc) =>
        oc.columns(['asset_id', 'cve_id']).doUpdateSet((eb) => ({
          organization_id: eb.ref('excluded.organization_id'),
          certainty: eb.ref('excluded.certainty'),
          priority: eb.ref('excluded.priority'),
          kev: eb.ref('excluded.kev'),
          detail: eb.ref('excluded.detail'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}
