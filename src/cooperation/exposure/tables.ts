/** Row types of the vulnerability and exposure tables (migration 0020), as Kysely sees them. */
import type { VulnSource } from '../../vulns/record.js';

/** What one source says of one CVE; see migration 0020. */
export interface VulnFactsTable {
  cve_id: string;
  source: VulnSource;
  /** `''`, or the JVNDB id for JVN facts. */
  key: string;
  /** The source's last-modified time of these facts (ISO 8601), when it gives one. */
  at: string | null;
  /** JSON of the facts type for `source` (`vulns/record.ts`). */
  facts: string;
  imported_at: number;
}

/** A source's import state, as JSON. */
export interface VulnSourcesTable {
  source: string;
  state: string;
  updated_at: number;
}

/** One import of a source. */
export interface VulnImportRunsTable {
  id: string;
  source: string;
  /** `file` or `poll`. */
  mode: string;
  /** The file name or URL read. */
  origin: string;
  started_at: number;
  finished_at: number;
  /** `ok`, `partial` (records skipped) or `refused` (nothing imported). */
  outcome: string;
  read: number;
  changed: number;
  unchanged: number;
  skipped: number;
  /** JSON array of the first problems: `{ code, message, details }`. */
  problems: string;
}

/** One finding: an asset exposed to a CVE. */
export interface ExposureFindingsTable {
  asset_id: string;
  cve_id: string;
  organization_id: string;
  /** `confirmed`, `platform-unstated` or `needs-review`. */
  certainty: string;
  /** 0–100, see `exposure/priority.ts`. */
  priority: number;
  /** 1 when the CVE is in the KEV catalogue. */
  kev: number;
  /** JSON: the matched configurations and criteria, and the priority's factors. */
  detail: string;
  first_seen_at: number;
  updated_at: number;
}

/** The vulnerability and exposure tables. */
export interface ExposureTables {
  vuln_facts: VulnFactsTable;
  vuln_sources: VulnSourcesTable;
  vuln_import_runs: VulnImportRunsTable;
  exposure_findings: ExposureFindingsTable;
}
