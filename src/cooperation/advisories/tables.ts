/** Row types of the advisory tables (migration 0021), as Kysely sees them. */

/** One advisory. */
export interface AdvisoriesTable {
  id: string;
  status: string;
  origin: string;
  title: string;
  summary: string;
  action: string;
  /** JSON array of CVE ids. */
  cves: string;
  acknowledge_within_days: number;
  tlp: string;
  created_by: string;
  created_at: number;
  updated_at: number;
  published_at: number | null;
  published_by: string | null;
  due_at: number | null;
  revision: number;
}

/** One organisation an advisory went to. */
export interface AdvisoryRecipientsTable {
  advisory_id: string;
  organization_id: string;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  /** When the e-mail heads-up was handed over (null: none configured, or it failed). */
  notified_at: number | null;
}

/** One asset an advisory concerned, with the operator's answer. */
export interface AdvisoryAssetsTable {
  advisory_id: string;
  asset_id: string;
  organization_id: string;
  /** JSON array of the advisory's CVEs the asset was exposed to. */
  cves: string;
  priority: number;
  answer: string | null;
  note: string | null;
  answered_by: string | null;
  answered_at: number | null;
}

/** The advisory tables. */
export interface AdvisoryTables {
  advisories: AdvisoriesTable;
  advisory_recipients: AdvisoryRecipientsTable;
  advisory_assets: AdvisoryAssetsTable;
}
