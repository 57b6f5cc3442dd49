/**
 * The register of operators' assets: create, change, record notifications, import CSV and
 * CycloneDX, read. Written once over Kysely for SQLite and PostgreSQL.
 *
 * Every write runs in one transaction (or in the caller's): the asset rows and one history row per
 * changed asset go in together, and any refusal — one bad CSV row among thousands — leaves the
 * register exactly as it was.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../core/clock.js';
import type { OrganizationId } from '../../core/ids.js';
import type { Sector } from '../../core/sectors.js';
import type { Database } from '../../storage/database.js';
import { newId } from '../../storage/id.js';
import { inTransaction, lockForWrite } from '../../storage/transaction.js';
import type { OperatorAssetHistoryTable, OperatorAssetsTable } from '../tables.js';
import type { Asset, AssetActor, AssetChangeCause, AssetDetail } from './asset.js';
import {
  type AssetCounts,
  type AssetListOptions,
  countAssets,
  countAssetsByOrganization,
  listAssets,
  type NotificationFact,
  type NotificationFactsOptions,
  notificationFacts,
  type OrganizationAssetCounts,
} from './asset-queries.js';
import { diffRecords, historyRow, recordColumns, rowRecord, toAsset, toChange } from './asset-rows.js';
import { assetsByIdentity, checkActor, insertRows, networkResolver, requireOrganization, writeRevision } from './asset-writes.js';
import { type Calendar, createCalendar } from './calendar-day.js';
import { type AssetsConfig, DEFAULT_ASSETS_CONFIG } from './config.js';
import { ERR_ASSET_CONFLICT, ERR_ASSET_DUPLICATE, ERR_ASSET_INVALID, ERR_ASSET_NOT_FOUND } from './errors.js';
import { type LocatedInput, refuseProblems } from './located-input.js';
import { type PreparedAsset, prepareAssets } from './prepare-assets.js';
import { describeIdentity, type ProductIdentity, VULNS_PRODUCT_IDENTITY } from './product-identity.js';
import { readAssetCsv } from './read-asset-csv.js';
import { readCycloneDx, type SbomImportOptions } from './read-cyclonedx.js';
import type { AssetInput, AssetInputField, ValidationContext } from './validate-asset.js';

/** What the store is given. */
export interface AssetStoreDeps {
  readonly clock: Clock;
  /** CPE and purl normalisation; default {@link VULNS_PRODUCT_IDENTITY}. */
  readonly products?: ProductIdentity;
}

/** Who writes, and the day from which the organisation exists. */
export interface AssetWriteContext {
  readonly actor: AssetActor;
  /**
   * When the organisation came into existence (epoch ms; its calendar day counts): an asset cannot
   * have been introduced before. Omitted, only "not after today" is checked. Not the designation:
   * computers already in use when an operator is designated are notified too (the transitional
   * rule of `jp-act-assets` in `cooperation/regimes/`), so they must be registrable.
   */
  readonly organizationSince?: number;
}

/** Changes to an asset: absent fields stay, blank or null clears (or resets to the default). */
export type AssetPatch = Partial<AssetInput>;

/** What an import did. */
export interface AssetImportResult {
  /** New assets. */
  readonly created: number;
  /** Existing assets whose fields the import changed (CSV only). */
  readonly updated: number;
  /** Existing assets left as they were. */
  readonly unchanged: number;
  /** Inputs that repeated an earlier input of the same document (SBOM only; a CSV refuses them). */
  readonly repeats: number;
}

/** How an import treats what it finds. */
interface ImportPolicy {
  readonly cause: AssetChangeCause;
  readonly repeats: 'refuse' | 'merge';
  readonly existing: 'update' | 'keep';
}

const single = (input: AssetInput): LocatedInput => ({ input, where: '', label: (f: AssetInputField) => `field ${f}` });

/** Reads and writes `operator_assets` and `operator_asset_history`. Pass a transaction as `db` to make calls part of it. */
export class AssetStore {
  readonly #db: Kysely<Database>;
  readonly #deps: AssetStoreDeps;
  readonly #config: AssetsConfig;
  readonly #calendar: Calendar;

  /** @throws `SAKIMORI_ERR_ASSET_CONFIG` for an unknown `timeZone`. */
  constructor(db: Kysely<Database>, deps: AssetStoreDeps, config: AssetsConfig = DEFAULT_ASSETS_CONFIG) {
    this.#db = db;
    this.#deps = deps;
    this.#config = config;
    this.#calendar = createCalendar(config.timeZone);
  }

  #validation(ctx: AssetWriteContext, now: number, checkDates: boolean): ValidationContext {
    const since = ctx.organizationSince;
    return { products: this.#deps.products ?? VULNS_PRODUCT_IDENTITY, today: this.#calendar.dayOf(now), organizationSince: since === undefined ? null : this.#calendar.dayOf(since), checkDates };
  }

  /**
   * Registers one asset of `organizationId`.
   *
   * @throws `SAKIMORI_ERR_ASSET_WRONG_ORGANIZATION`, `SAKIMORI_ERR_ASSET_INVALID` (naming the field),
   * `SAKIMORI_ERR_ASSET_DATE`, `SAKIMORI_ERR_ASSET_DUPLICATE`, `SAKIMORI_ERR_REGISTRY_ORGANIZATION_NOT_FOUND`.
   */
  async create(organizationId: OrganizationId, input: AssetInput, ctx: AssetWriteContext): Promise<Asset> {
    checkActor(ctx.actor, organizationId);
    const now = this.#deps.clock.now();
    return inTransaction(this.#db, async (trx) => {
      const item = await this.#prepareOne(trx, organizationId, input, this.#validation(ctx, now, true));
      const existing = (await assetsByIdentity(trx, organizationId, [item.identity])).get(item.identity);
      if (existing !== undefined) throw new ERR_ASSET_DUPLICATE(describeIdentity(item.fields), existing.id);
      const row = newRow(organizationId, item, now);
      await insertRows(trx, [row], [historyRow(row.id, 1, now, ctx.actor.id, 'create', { before: null, after: rowRecord(row) })]);
      return toAsset(row);
    });
  }

  /**
   * Changes an asset. Dates are checked again only when the patch sets `introducedOn` or `status`.
   * A patch that changes nothing writes nothing (no revision).
   *
   * @throws `SAKIMORI_ERR_ASSET_NOT_FOUND`, `SAKIMORI_ERR_ASSET_WRONG_ORGANIZATION`, `SAKIMORI_ERR_ASSET_INVALID`,
   * `SAKIMORI_ERR_ASSET_DATE`, `SAKIMORI_ERR_ASSET_DUPLICATE` (the new identity is another asset's),
   * `SAKIMORI_ERR_ASSET_CONFLICT` (not at `expectedRevision`, or changed concurrently).
   */
  async update(id: string, patch: AssetPatch, ctx: AssetWriteContext & { readonly expectedRevision?: number }): Promise<Asset> {
    const now = this.#deps.clock.now();
    return inTransaction(this.#db, async (trx) => {
      const current = await this.#load(trx, id, ctx.actor);
      if (ctx.expectedRevision !== undefined && ctx.expectedRevision !== Number(current.revision)) {
        throw new ERR_ASSET_CONFLICT(JSON.stringify(id), `it is at revision ${current.revision}, not ${ctx.expectedRevision}`);
      }
      const before = rowRecord(current);
      const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const merged: AssetInput = { ...before, network: before.networkId, ...given };
      const checkDates = 'introducedOn' in given || 'status' in given;
      const item = await this.#prepareOne(trx, current.organization_id, merged, this.#validation(ctx, now, checkDates));
      const after = { ...item.fields, notifiedAt: before.notifiedAt };
      const change = diffRecords(before, after);
      if (change === null) return toAsset(current);
      if (item.identity !== current.identity) {
        const other = (await assetsByIdentity(trx, current.organization_id, [item.identity])).get(item.identity);
        if (other !== undefined) throw new ERR_ASSET_DUPLICATE(describeIdentity(item.fields), other.id);
      }
      const row = await writeRevision(trx, current, { ...recordColumns(after), identity: item.identity, updated_at: now });
      await insertRows(trx, [], [historyRow(row.id, Number(row.revision), now, ctx.actor.id, 'update', change)]);
      return toAsset(row);
    });
  }

  /**
   * Records when the operator's notification of the asset to the regulator was made (at most now).
   *
   * @throws `SAKIMORI_ERR_ASSET_NOT_FOUND`, `SAKIMORI_ERR_ASSET_WRONG_ORGANIZATION`, `SAKIMORI_ERR_ASSET_INVALID`.
   */
  async recordNotification(id: string, notifiedAt: number, ctx: AssetWriteContext): Promise<Asset> {
    const now = this.#deps.clock.now();
    if (!Number.isSafeInteger(notifiedAt) || notifiedAt < 0) throw new ERR_ASSET_INVALID('field notifiedAt', 'must be epoch milliseconds');
    if (notifiedAt > now) throw new ERR_ASSET_INVALID('field notifiedAt', `${new Date(notifiedAt).toISOString()} is in the future`);
    return inTransaction(this.#db, async (trx) => {
      const current = await this.#load(trx, id, ctx.actor);
      const before = rowRecord(current);
      const change = diffRecords(before, { ...before, notifiedAt });
      if (change === null) return toAsset(current);
      const row = await writeRevision(trx, current, { identity: current.identity, notified_at: notifiedAt, updated_at: now });
      await insertRows(trx, [], [historyRow(row.id, Number(row.revision), now, ctx.actor.id, 'notify', change)]);
      return toAsset(row);
    });
  }

  /**
   * Imports an asset CSV (see `read-asset-csv.ts` for the columns). Each row describes an asset
   * completely: a row matching a registered asset (same identity) replaces its fields with the
   * row's — columns left out of the header count as blank — and keeps its notification time.
   * Any bad row refuses the whole file, naming every bad row and column.
   *
   * @throws `SAKIMORI_ERR_ASSET_CSV_INVALID`, `SAKIMORI_ERR_ASSET_CSV_TOO_LARGE`, `SAKIMORI_ERR_ASSET_INVALID`,
   * `SAKIMORI_ERR_ASSET_DATE` (with `details.problems`), `SAKIMORI_ERR_ASSET_WRONG_ORGANIZATION`.
   */
  async importCsv(organizationId: OrganizationId, data: string | Uint8Array, ctx: AssetWriteContext): Promise<AssetImportResult> {
    checkActor(ctx.actor, organizationId);
    const inputs = readAssetCsv(data, { maxBytes: this.#config.csvMaxBytes, maxRows: this.#config.csvMaxRows });
    return this.#import(organizationId, inputs, ctx, { cause: 'csv-import', repeats: 'refuse', existing: 'update' });
  }

  /**
   * Imports the components of a CycloneDX JSON SBOM as assets, with the role, site, status and
   * introduction date `options` give for all of them. Components already registered (same
   * identity) are left as they are, and a component repeated in the document counts once, so
   * importing one SBOM twice adds nothing the second time.
   *
   * @throws `SAKIMORI_ERR_SBOM_INVALID`, `SAKIMORI_ERR_SBOM_TOO_LARGE`, `SAKIMORI_ERR_ASSET_INVALID`,
   * `SAKIMORI_ERR_ASSET_DATE` (naming components by bom-ref and path), `SAKIMORI_ERR_ASSET_WRONG_ORGANIZATION`.
   */
  async importCycloneDx(organizationId: OrganizationId, data: string | Uint8Array, ctx: AssetWriteContext & { readonly options?: SbomImportOptions }): Promise<AssetImportResult> {
    checkActor(ctx.actor, organizationId);
    const limits = { maxBytes: this.#config.sbomMaxBytes, maxComponents: this.#config.sbomMaxComponents, maxDepth: this.#config.sbomMaxDepth };
    const doc = readCycloneDx(data, limits, ctx.options);
    return this.#import(organizationId, doc.components, ctx, { cause: 'sbom-import', repeats: 'merge', existing: 'keep' });
  }

  async #import(organizationId: OrganizationId, inputs: readonly LocatedInput[], ctx: AssetWriteContext, policy: ImportPolicy): Promise<AssetImportResult> {
    const now = this.#deps.clock.now();
    return inTransaction(this.#db, async (trx) => {
      const items = await this.#prepare(trx, organizationId, inputs, this.#validation(ctx, now, true), policy.repeats);
      const existing = await assetsByIdentity(
        trx,
        organizationId,
        items.map((i) => i.identity),
      );
      const rows: OperatorAssetsTable[] = [];
      const history: OperatorAssetHistoryTable[] = [];
      let updated = 0;
      for (const item of items) {
        const current = existing.get(item.identity);
        if (current === undefined) {
          const row = newRow(organizationId, item, now);
          rows.push(row);
          history.push(historyRow(row.id, 1, now, ctx.actor.id, policy.cause, { before: null, after: rowRecord(row) }));
          continue;
        }
        if (policy.existing === 'keep') continue;
        const before = rowRecord(current);
        const after = { ...item.fields, notifiedAt: before.notifiedAt };
        const change = diffRecords(before, after);
        if (change === null) continue;
        const row = await writeRevision(trx, current, { ...recordColumns(after), identity: item.identity, updated_at: now });
        history.push(historyRow(row.id, Number(row.revision), now, ctx.actor.id, policy.cause, change));
        updated++;
      }
      await insertRows(trx, rows, history);
      return { created: rows.length, updated, unchanged: existing.size - updated, repeats: inputs.length - items.length };
    });
  }

  /** Locks the organisation's register, checks it exists, and prepares the inputs or refuses them all. */
  async #prepare(trx: Kysely<Database>, organizationId: string, inputs: readonly LocatedInput[], ctx: ValidationContext, repeats: 'refuse' | 'merge'): Promise<readonly PreparedAsset[]> {
    // Serialises writers of one organisation's register, so two imports cannot both add one identity.
    await lockForWrite(trx, `operator_assets:${organizationId}`);
    await requireOrganization(trx, organizationId);
    const prepared = prepareAssets(inputs, ctx, await networkResolver(trx, organizationId), repeats);
    refuseProblems(prepared.problems);
    return prepared.items;
  }

  /** One input of a single-asset write, prepared or refused. */
  async #prepareOne(trx: Kysely<Database>, organizationId: string, input: AssetInput, ctx: ValidationContext): Promise<PreparedAsset> {
    const [item] = await this.#prepare(trx, organizationId, [single(input)], ctx, 'refuse');
    // prepareAssets yields an item or a problem for every input, and problems were refused.
    return item as PreparedAsset;
  }

  /** The row of an asset the actor may see. */
  async #load(db: Kysely<Database>, id: string, actor: Pick<AssetActor, 'organizationId'>): Promise<OperatorAssetsTable> {
    const row = await db.selectFrom('operator_assets').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw new ERR_ASSET_NOT_FOUND(JSON.stringify(id));
    checkActor(actor, row.organization_id);
    return row;
  }

  /**
   * An asset with its history, oldest revision first. With `viewer`, an asset of another
   * organisation than the viewer's is refused.
   *
   * @throws `SAKIMORI_ERR_ASSET_NOT_FOUND`, `SAKIMORI_ERR_ASSET_WRONG_ORGANIZATION`.
   */
  async get(id: string, viewer: Pick<AssetActor, 'organizationId'> = { organizationId: null }): Promise<AssetDetail> {
    const row = await this.#load(this.#db, id, viewer);
    const history = await this.#db.selectFrom('operator_asset_history').selectAll().where('asset_id', '=', id).orderBy('revision').execute();
    return { asset: toAsset(row), history: history.map(toChange) };
  }

  /** One organisation's assets, oldest first, keyset-paged by id (`after`). */
  listByOrganization(organizationId: OrganizationId, options: AssetListOptions = {}): Promise<Asset[]> {
    return listAssets(this.#db, { organizationId }, options);
  }

  /** Every organisation's assets, oldest first, keyset-paged by id (`after`). */
  listAll(options: AssetListOptions = {}): Promise<Asset[]> {
    return listAssets(this.#db, 'all', options);
  }

  /** The assets of every organisation of a sector, oldest first, keyset-paged by id (`after`). */
  listBySector(sector: Sector, options: AssetListOptions = {}): Promise<Asset[]> {
    return listAssets(this.#db, { sector }, options);
  }

  /** Counts by status and role, and of assets in or out of service without a recorded notification. */
  counts(scope: { readonly organizationId?: OrganizationId; readonly sector?: Sector } = {}): Promise<AssetCounts> {
    return countAssets(this.#db, scope);
  }

  /** Per organisation (of a sector, or all): assets, in service, without a recorded notification. */
  countsByOrganization(scope: { readonly sector?: Sector } = {}): Promise<OrganizationAssetCounts[]> {
    return countAssetsByOrganization(this.#db, scope);
  }

  /** What a notification deadline is computed from, per introduced asset (see `NotificationFact`). */
  notificationFacts(options: NotificationFactsOptions = {}): Promise<NotificationFact[]> {
    return notificationFacts(this.#db, options);
  }
}

function newRow(organizationId: string, item: PreparedAsset, now: number): OperatorAssetsTable {
  return {
    id: newId(now),
    organization_id: organizationId,
    identity: item.identity,
    ...recordColumns({ ...item.fields, notifiedAt: null }),
    revision: 1,
    created_at: now,
    updated_at: now,
  };
}
