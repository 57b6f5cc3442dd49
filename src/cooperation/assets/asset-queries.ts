/**
 * Reads of the asset register: keyset-paged lists by organisation or sector, counts, and the facts
 * a notification deadline is computed from. Deadlines themselves belong to the regimes
 * (`cooperation/regimes/`), which know the rule; the register only says what happened when.
 */
import { type Kysely, sql } from 'kysely';
import { MAX_PAGE_ROWS } from '../../core/paging.js';
import { asId, type OrganizationId } from '../../core/ids.js';
import type { Sector } from '../../core/sectors.js';
import type { Database } from '../../storage/database.js';
import { ASSET_ROLES, ASSET_STATUSES, type Asset, type AssetId, type AssetRole, type AssetStatus } from './asset.js';
import { toAsset } from './asset-rows.js';

/** Filter and page of a list. */
export interface AssetListOptions {
  /** Cursor: the last id of the previous page; ids sort by creation. */
  readonly after?: string;
  /** Rows (default 100, at most `MAX_PAGE_ROWS`: a full page and one more). */
  readonly limit?: number;
  readonly status?: AssetStatus;
  readonly role?: AssetRole;
}

/** Counts of assets. */
export interface AssetCounts {
  readonly total: number;
  readonly byStatus: Readonly<Record<AssetStatus, number>>;
  readonly byRole: Readonly<Record<AssetRole, number>>;
  /** In service or retired, with no notification recorded. */
  readonly withoutNotification: number;
}

/** Counts of one organisation's assets. */
export interface OrganizationAssetCounts {
  readonly organizationId: OrganizationId;
  readonly name: string;
  readonly sector: Sector;
  readonly total: number;
  readonly inService: number;
  /** In service or retired, with no notification recorded. */
  readonly withoutNotification: number;
}

/**
 * What the notification deadline of one introduced asset is computed from: the day it was
 * introduced, when its notification was recorded, and the organisation (with the registry's
 * record of when it was entered — the registry keeps no separate designation date).
 */
export interface NotificationFact {
  readonly assetId: AssetId;
  readonly organizationId: OrganizationId;
  readonly sector: Sector;
  /** When the organisation was entered in the registry (epoch ms). */
  readonly organizationCreatedAt: number;
  readonly status: Exclude<AssetStatus, 'planned'>;
  /** `YYYY-MM-DD`. */
  readonly introducedOn: string;
  readonly notifiedAt: number | null;
}

/** Filter and page of {@link notificationFacts}. */
export interface NotificationFactsOptions {
  readonly organizationId?: OrganizationId;
  readonly sector?: Sector;
  /** Only assets with no notification recorded. */
  readonly withoutNotification?: boolean;
  /** Cursor: the last asset id of the previous page. */
  readonly after?: string;
  /** Rows (default 100, at most `MAX_PAGE_ROWS`). */
  readonly limit?: number;
}

const pageSize = (limit: number | undefined): number => Math.min(Math.max(limit ?? 100, 1), MAX_PAGE_ROWS);

/** Assets of an organisation or of a sector, by id, after the cursor. */
export async function listAssets(db: Kysely<Database>, scope: { readonly organizationId: string } | { readonly sector: Sector } | 'all', options: AssetListOptions): Promise<Asset[]> {
  let q = db.selectFrom('operator_assets as a').selectAll('a');
  if (scope === 'all') {
    // every organisation's (the office's view)
  } else if ('sector' in scope) q = q.innerJoin('organizations as o', 'o.id', 'a.organization_id').where('o.sector', '=', scope.sector);
  else q = q.where('a.organization_id', '=', scope.organizationId);
  if (options.status !== undefined) q = q.where('a.status', '=', options.status);
  if (options.role !== undefined) q = q.where('a.role', '=', options.role);
  if (options.after !== undefined) q = q.where('a.id', '>', options.after);
  const rows = await q.orderBy('a.id').limit(pageSize(options.limit)).execute();
  return rows.map(toAsset);
}

const WITHOUT_NOTIFICATION = sql<number>`sum(case when a.notified_at is null and a.status <> 'planned' then 1 else 0 end)`;

/** Counts over an organisation, a sector, or everything. */
export async function countAssets(db: Kysely<Database>, scope: { readonly organizationId?: string; readonly sector?: Sector }): Promise<AssetCounts> {
  let q = db
    .selectFrom('operator_assets as a')
    .select(['a.status', 'a.role', (eb) => eb.fn.countAll<number>().as('n'), WITHOUT_NOTIFICATION.as('unnotified')])
    .groupBy(['a.status', 'a.role']);
  if (scope.sector !== undefined) q = q.innerJoin('organizations as o', 'o.id', 'a.organization_id').where('o.sector', '=', scope.sector);
  if (scope.organizationId !== undefined) q = q.where('a.organization_id', '=', scope.organizationId);
  const byStatus = Object.fromEntries(ASSET_STATUSES.map((s) => [s, 0])) as Record<AssetStatus, number>;
  const byRole = Object.fromEntries(ASSET_ROLES.map((r) => [r, 0])) as Record<AssetRole, number>;
  let total = 0;
  let withoutNotification = 0;
  for (const r of await q.execute()) {
    const n = Number(r.n);
    total += n;
    byStatus[r.status] += n;
    byRole[r.role] += n;
    withoutNotification += Number(r.unnotified);
  }
  return { total, byStatus, byRole, withoutNotification };
}

/** Per organisation, every organisation included (with zeros when it has no asset), by name. */
export async function countAssetsByOrganization(db: Kysely<Database>, scope: { readonly sector?: Sector }): Promise<OrganizationAssetCounts[]> {
  let q = db
    .selectFrom('organizations as o')
    .leftJoin('operator_assets as a', 'a.organization_id', 'o.id')
    .select([
      'o.id',
      'o.name',
      'o.sector',
      (eb) => eb.fn.count<number>('a.id').as('total'),
      sql<number>`sum(case when a.status = 'in-service' then 1 else 0 end)`.as('in_service'),
      WITHOUT_NOTIFICATION.as('unnotified'),
    ])
    .groupBy(['o.id', 'o.name', 'o.sector']);
  if (scope.sector !== undefined) q = q.where('o.sector', '=', scope.sector);
  const rows = await q.orderBy('o.name').execute();
  return rows.map((r) => ({
    organizationId: asId<OrganizationId>(r.id),
    name: r.name,
    sector: r.sector,
    total: Number(r.total),
    inService: Number(r.in_service ?? 0),
    withoutNotification: Number(r.unnotified ?? 0),
  }));
}

/** Facts of introduced (in service or retired) assets, by asset id, after the cursor. */
export async function notificationFacts(db: Kysely<Database>, options: NotificationFactsOptions): Promise<NotificationFact[]> {
  let q = db
    .selectFrom('operator_assets as a')
    .innerJoin('organizations as o', 'o.id', 'a.organization_id')
    .select(['a.id', 'a.organization_id', 'o.sector', 'o.created_at', 'a.status', 'a.introduced_on', 'a.notified_at'])
    .where('a.status', '<>', 'planned')
    .where('a.introduced_on', 'is not', null);
  if (options.organizationId !== undefined) q = q.where('a.organization_id', '=', options.organizationId);
  if (options.sector !== undefined) q = q.where('o.sector', '=', options.sector);
  if (options.withoutNotification === true) q = q.where('a.notified_at', 'is', null);
  if (options.after !== undefined) q = q.where('a.id', '>', options.after);
  const rows = await q.orderBy('a.id').limit(pageSize(options.limit)).execute();
  return rows.map((r) => ({
    assetId: asId<AssetId>(r.id),
    organizationId: asId<OrganizationId>(r.organization_id),
    sector: r.sector,
    organizationCreatedAt: Number(r.created_at),
    status: r.status as Exclude<AssetStatus, 'planned'>,
    introducedOn: r.introduced_on!,
    notifiedAt: r.notified_at === null ? null : Number(r.notified_at),
  }));
}
