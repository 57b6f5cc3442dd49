/**
 * Between stored rows and the asset model: reading rows, the fields a change touched, and the
 * history row of a change. Pure.
 */
import type { Selectable } from 'kysely';
import { asId, type NetworkId, type OrganizationId } from '../../core/ids.js';
import type { OperatorAssetHistoryTable, OperatorAssetsTable } from '../tables.js';
import type { Asset, AssetChange, AssetChangeCause, AssetId, AssetRecord } from './asset.js';

/** The fields of {@link AssetRecord}, in the order history JSON lists them. */
const RECORD_KEYS = ['vendor', 'product', 'version', 'cpe', 'purl', 'role', 'site', 'networkId', 'addresses', 'introducedOn', 'status', 'notifiedAt'] as const satisfies readonly (keyof AssetRecord)[];

/** An asset from its row. */
export function toAsset(r: Selectable<OperatorAssetsTable>): Asset {
  return {
    id: asId<AssetId>(r.id),
    organizationId: asId<OrganizationId>(r.organization_id),
    cpe: r.cpe,
    purl: r.purl,
    vendor: r.vendor,
    product: r.product,
    version: r.version,
    role: r.role,
    site: r.site,
    networkId: r.network_id === null ? null : asId<NetworkId>(r.network_id),
    addresses: JSON.parse(r.addresses) as string[],
    introducedOn: r.introduced_on,
    status: r.status,
    notifiedAt: r.notified_at === null ? null : Number(r.notified_at),
    revision: Number(r.revision),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

/** The columns of a record's fields (all of them: writes set every field). */
export function recordColumns(
  f: AssetRecord,
): Pick<OperatorAssetsTable, 'cpe' | 'purl' | 'vendor' | 'product' | 'version' | 'role' | 'site' | 'network_id' | 'addresses' | 'introduced_on' | 'status' | 'notified_at'> {
  return {
    cpe: f.cpe,
    purl: f.purl,
    vendor: f.vendor,
    product: f.product,
    version: f.version,
    role: f.role,
    site: f.site,
    network_id: f.networkId,
    addresses: JSON.stringify(f.addresses),
    introduced_on: f.introducedOn,
    status: f.status,
    notified_at: f.notifiedAt,
  };
}

/** The record part of an asset. */
export function recordOf(a: Asset): AssetRecord {
  return Object.fromEntries(RECORD_KEYS.map((k) => [k, a[k]])) as unknown as AssetRecord;
}

/** The record of an asset row. */
export function rowRecord(r: Selectable<OperatorAssetsTable>): AssetRecord {
  return recordOf(toAsset(r));
}

const same = (a: unknown, b: unknown): boolean => (Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x, i) => x === b[i]) : a === b);

/** The fields whose values differ, as before and after objects; null when nothing differs. */
export function diffRecords(before: AssetRecord, after: AssetRecord): { before: Partial<AssetRecord>; after: Partial<AssetRecord> } | null {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of RECORD_KEYS) {
    if (same(before[k], after[k])) continue;
    b[k] = before[k];
    a[k] = after[k];
  }
  return Object.keys(a).length === 0 ? null : { before: b as Partial<AssetRecord>, after: a as Partial<AssetRecord> };
}

/** The history row of one revision. */
export function historyRow(
  assetId: string,
  revision: number,
  at: number,
  by: string,
  cause: AssetChangeCause,
  change: { before: Partial<AssetRecord> | null; after: Partial<AssetRecord> },
): OperatorAssetHistoryTable {
  return {
    asset_id: assetId,
    revision,
    changed_at: at,
    changed_by: by,
    cause,
    before: change.before === null ? null : JSON.stringify(change.before),
    after: JSON.stringify(change.after),
  };
}

/** A revision from its history row. */
export function toChange(r: Selectable<OperatorAssetHistoryTable>): AssetChange {
  return {
    assetId: asId<AssetId>(r.asset_id),
    revision: Number(r.revision),
    changedAt: Number(r.changed_at),
    changedBy: r.changed_by,
    cause: r.cause,
    before: r.before === null ? null : (JSON.parse(r.before) as Partial<AssetRecord>),
    after: JSON.parse(r.after) as Partial<AssetRecord>,
  };
}
