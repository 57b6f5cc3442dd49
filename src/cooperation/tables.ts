/**
 * Row types of the cooperation tables, as Kysely sees them. Times are epoch milliseconds, ids are
 * text made by `newId`, JSON is held as text, days are `YYYY-MM-DD` text.
 */
import type { AssetChangeCause, AssetRole, AssetStatus } from './assets/asset.js';
import type { AdvisoryTables } from './advisories/tables.js';
import type { ExposureTables } from './exposure/tables.js';
import type { IncidentAlertsTable } from './incidents/deadline-alerts.js';
import type { IncidentTables } from './incidents/tables.js';

/** One asset ("specified important computer") of a designated operator; see migration 0017. */
export interface OperatorAssetsTable {
  id: string;
  organization_id: string;
  /**
   * SHA-256 (hex) of the asset's identity key (`assets/product-identity.ts`): unique per
   * organisation, so a re-import finds the asset again. Hashed so the index entry has a fixed size.
   */
  identity: string;
  /** CPE 2.3 formatted string. */
  cpe: string | null;
  /** Canonical package URL. */
  purl: string | null;
  vendor: string | null;
  product: string | null;
  version: string | null;
  role: AssetRole;
  site: string | null;
  network_id: string | null;
  /** JSON array of canonical addresses and prefixes. */
  addresses: string;
  introduced_on: string | null;
  status: AssetStatus;
  notified_at: number | null;
  /** 1 at creation, one more per change; the history's last revision. */
  revision: number;
  created_at: number;
  updated_at: number;
}

/** One revision of an asset: the fields it changed, before and after, as JSON. */
export interface OperatorAssetHistoryTable {
  asset_id: string;
  revision: number;
  changed_at: number;
  changed_by: string;
  cause: AssetChangeCause;
  /** JSON object of the changed fields before; null for the creation. */
  before: string | null;
  /** JSON object of the changed fields after. */
  after: string;
}

/** The cooperation tables. */
export interface CooperationTables {
  operator_assets: OperatorAssetsTable;
  operator_asset_history: OperatorAssetHistoryTable;
  incident_alerts: IncidentAlertsTable;
}

declare module '../storage/database.js' {
  // Registers these tables in the shared schema type (declaration merging; see storage/database.ts).
  interface Database extends CooperationTables, IncidentTables, ExposureTables, AdvisoryTables {}
}
