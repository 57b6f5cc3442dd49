/**
 * The console's types of the exposure API (`/exposure/*`, `/vulns/*`): findings of operators'
 * assets with their evidence and priority factors, the picture in the caller's scope, one merged
 * vulnerability record with the source of each field, and the import runs.
 *
 * Kept apart from `types.ts` because `types.test.ts` checks every type there against the OpenAPI
 * document of the API fixture, which does not mount these routes yet. Parts the API leaves open
 * (`Type.Unknown()`: a finding's `matches` and `factors`, the record, the runs) are written from
 * the server's own types (`src/vulns/match/finding.ts`, `src/vulns/priority/priority.ts`,
 * `src/vulns/record.ts`, `src/cooperation/exposure/vuln-store.ts`), every field the console reads
 * optional where the server may leave it out.
 */

/** How sure a finding is (see `src/vulns/match/finding.ts`). */
export const CERTAINTIES = ['confirmed', 'platform-unstated', 'needs-review'] as const;
/** One certainty. */
export type Certainty = (typeof CERTAINTIES)[number];

/** Priority bands: 80+ critical, 60+ high, 40+ medium, else low. */
export type Band = 'critical' | 'high' | 'medium' | 'low';

/** Where a fact came from. */
export type VulnSource = 'nvd' | 'cve5' | 'kev' | 'epss' | 'jvn';

/** A version range; an absent bound is open. */
export interface VersionRange {
  readonly startIncluding?: string;
  readonly startExcluding?: string;
  readonly endIncluding?: string;
  readonly endExcluding?: string;
}

/** The asset version compared with bounds, and the scheme it was compared in. */
export interface VersionUsed {
  readonly version: string;
  readonly scheme: string;
}

/** One `cpeMatch` of an NVD configuration node. */
export interface CpeCriterion extends VersionRange {
  readonly criteria: string;
  readonly vulnerable: boolean;
  readonly matchCriteriaId?: string;
}

/** One satisfied criterion of an NVD configuration (indexes from 0). */
export interface CriterionMatch {
  readonly node: number;
  readonly index: number;
  readonly criterion: CpeCriterion;
  /** The asset's CPE name that satisfied it. */
  readonly cpe: string;
  readonly version?: VersionUsed;
}

/** How one NVD configuration matched. */
export interface ConfigurationMatch {
  readonly basis: 'nvd-configuration';
  readonly configuration: number;
  readonly certainty: Certainty;
  readonly matched: readonly CriterionMatch[];
  readonly platforms: readonly CriterionMatch[];
  readonly unstatedNodes: readonly number[];
  readonly why: string;
}

/** How one CVE 5 / JVN affected statement matched. */
export interface StatementMatch {
  readonly basis: 'affected-statement';
  readonly statement: number;
  readonly source: VulnSource;
  readonly detail?: string;
  readonly certainty: Certainty;
  readonly by: 'cpe' | 'purl' | 'name';
  readonly asset: string;
  readonly version?: VersionUsed;
  readonly range?: VersionRange;
  readonly why: string;
}

/** One piece of evidence of a finding. */
export type FindingMatch = ConfigurationMatch | StatementMatch;

/** The CVSS score a priority was computed from. */
export interface ChosenCvss {
  readonly version: string;
  readonly vector: string;
  readonly baseScore: number;
  readonly scoredBy: string;
  readonly vectorUnreadable: boolean;
}

/** The factors of a priority, each with its points (see `src/vulns/priority/priority.ts`). */
export interface PriorityFactors {
  readonly severity: { readonly points: number; readonly cvss: ChosenCvss | null };
  readonly exploitation: { readonly points: number; readonly kev: boolean; readonly ransomware: boolean; readonly epss: number | null };
  readonly exposure: { readonly points: number; readonly servicePorts: readonly number[]; readonly seenPorts: readonly number[] };
  readonly role: { readonly points: number; readonly role: string };
  readonly sector: { readonly points: number };
  readonly certainty: { readonly factor: number; readonly certainty: Certainty };
}

/** The asset of a finding, as the register holds it. */
export interface FindingAsset {
  readonly vendor: string | null;
  readonly product: string | null;
  readonly version: string | null;
  readonly cpe: string | null;
  readonly purl: string | null;
  readonly role: string;
  readonly site: string | null;
}

/** One row of `GET /exposure/findings`: an asset exposed to a CVE. */
export interface Finding {
  readonly assetId: string;
  readonly organizationId: string;
  readonly organization: string;
  readonly sector: string;
  readonly asset: FindingAsset;
  readonly cve: string;
  readonly certainty: Certainty;
  readonly priority: number;
  readonly band: Band;
  readonly kev: boolean;
  readonly why: string;
  readonly matches: readonly FindingMatch[];
  readonly factors: PriorityFactors;
  readonly firstSeenAt: number;
  readonly updatedAt: number;
}

/** `GET /exposure/summary`: the picture in the caller's scope. */
export interface ExposureSummary {
  readonly findings: number;
  readonly assets: number;
  readonly organizations: number;
  readonly kevFindings: number;
  readonly bySector: readonly { readonly sector: string; readonly organizations: number; readonly assets: number; readonly findings: number; readonly kev: number; readonly critical: number }[];
  /** The 50 CVEs concerning the most organisations. */
  readonly byCve: readonly { readonly cve: string; readonly organizations: number; readonly assets: number; readonly kev: boolean; readonly maxPriority: number }[];
  readonly byVendor: readonly { readonly vendor: string; readonly assets: number; readonly findings: number }[];
}

/** One field's value with the source that gave it. */
export interface Sourced<T> {
  readonly value: T;
  readonly source: VulnSource;
  /** Which part of the source: `cna`, `adp:CISA-ADP`, `nvd@nist.gov`, a JVNDB id… */
  readonly detail?: string;
  /** The source's time for the fact (ISO 8601). */
  readonly at?: string;
}

/** One NVD configuration node. */
export interface ConfigNode {
  readonly operator: 'AND' | 'OR';
  readonly negate: boolean;
  readonly cpeMatch: readonly CpeCriterion[];
}

/** One NVD configuration. */
export interface Configuration {
  readonly operator: 'AND' | 'OR';
  readonly negate: boolean;
  readonly nodes: readonly ConfigNode[];
}

/** One CVSS score as a source gave it. */
export interface CvssMetric {
  readonly version: string;
  readonly vector: string;
  readonly baseScore: number;
  readonly scoredBy: string;
  readonly type?: string;
}

/** A CVE 5 or JVN affected-product statement. */
export interface AffectedProduct {
  readonly vendor: string;
  readonly product: string;
  readonly cpes: readonly string[];
  readonly purl?: string;
  readonly defaultStatus: string;
  readonly affected: readonly VersionRange[];
  readonly unaffected: readonly VersionRange[];
  readonly versionType?: string;
  readonly versionText?: readonly string[];
}

/** One entry of the CISA KEV catalogue. */
export interface KevEntry {
  readonly cveId: string;
  readonly vendorProject: string;
  readonly product: string;
  readonly vulnerabilityName: string;
  readonly dateAdded: string;
  readonly shortDescription: string;
  readonly requiredAction: string;
  readonly dueDate: string;
  readonly knownRansomwareCampaignUse: string;
  readonly notes: string;
}

/** One EPSS score. */
export interface EpssScore {
  readonly epss: number;
  readonly percentile: number;
  readonly modelVersion: string;
  readonly scoreDate: string;
}

/** `GET /vulns/{cve}`: every source merged, each field with where it came from. */
export interface VulnerabilityRecord {
  readonly id: string;
  readonly description?: Sourced<string>;
  readonly published?: Sourced<string>;
  readonly lastModified?: Sourced<string>;
  readonly nvdStatus?: string;
  readonly configurations?: Sourced<readonly Configuration[]>;
  readonly affected: readonly Sourced<AffectedProduct>[];
  readonly cvss: readonly Sourced<CvssMetric>[];
  readonly cwes: readonly string[];
  readonly kev?: Sourced<KevEntry>;
  readonly epss?: Sourced<EpssScore>;
  readonly jvnIds: readonly string[];
  readonly references: readonly string[];
}

/** One problem an import met. */
export interface ImportProblem {
  readonly code?: string;
  readonly message?: string;
  readonly details?: unknown;
}

/** One row of `GET /vulns/imports` (the store's column names, as the API sends them). */
export interface ImportRun {
  readonly id: string;
  readonly source: string;
  readonly mode: string;
  readonly origin: string;
  readonly startedAt: number;
  readonly finishedAt: number;
  /** `ok`, `partial` (records skipped) or `refused` (nothing imported). */
  readonly outcome: string;
  readonly read: number;
  readonly changed: number;
  readonly unchanged: number;
  readonly skipped: number;
  readonly problems: readonly ImportProblem[];
}
