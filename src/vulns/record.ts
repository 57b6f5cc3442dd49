/**
 * The vulnerability model every source is read into: what one source says of one CVE
 * ({@link NvdFacts}, {@link Cve5Facts}, {@link KevEntry}, {@link EpssScore}, {@link JvnFacts}) and the
 * one merged {@link VulnerabilityRecord} per CVE id that keeps the provenance of each field. Pure
 * types; parsers live in `sources/`, matching in `match/`.
 */

/** A CVE id as the CVE programme writes it: `CVE-<year>-<4 or more digits>`. */
export type CveId = string & { readonly __brand: 'CveId' };

const CVE_ID = /^CVE-\d{4}-\d{4,}$/;

/** Reads `text` as a {@link CveId}, or `undefined` when it is not one (case and spacing are not forgiven). */
export function asCveId(text: unknown): CveId | undefined {
  return typeof text === 'string' && CVE_ID.test(text) ? (text as CveId) : undefined;
}

/** Where a fact came from. */
export type VulnSource = 'nvd' | 'cve5' | 'kev' | 'epss' | 'jvn';

/** One field's value with the source that gave it and that source's time for it (ISO 8601). */
export interface Sourced<T> {
  readonly value: T;
  readonly source: VulnSource;
  /** Which part of the source: `cna`, `adp:CISA-ADP`, `nvd@nist.gov`, a JVNDB id… */
  readonly detail?: string;
  /** The source's last-modified time of the record this fact was read from. */
  readonly at?: string;
}

/**
 * A version range; an absent bound is open. Bounds are compared in the range's {@link VersionScheme}.
 * `{ startIncluding: v, endIncluding: v }` is one exact version.
 */
export interface VersionRange {
  readonly startIncluding?: string;
  readonly startExcluding?: string;
  readonly endIncluding?: string;
  readonly endExcluding?: string;
}

/** How versions of a product compare (see `versions/`). `generic` is dotted numbers with letters. */
export type VersionScheme = 'semver' | 'debian' | 'rpm' | 'generic';

/** One `cpeMatch` of an NVD configuration node. `criteria` is a CPE 2.3 formatted string. */
export interface CpeCriterion extends VersionRange {
  readonly criteria: string;
  /** False for a platform that must be present for the configuration to apply but is not itself a finding. */
  readonly vulnerable: boolean;
  readonly matchCriteriaId?: string;
}

/** One node of an NVD configuration: its criteria joined by `operator`, the result negated when `negate`. */
export interface ConfigNode {
  readonly operator: 'AND' | 'OR';
  readonly negate: boolean;
  readonly cpeMatch: readonly CpeCriterion[];
}

/** One NVD configuration: its nodes joined by `operator` (NVD writes it only for AND; absent = OR). */
export interface Configuration {
  readonly operator: 'AND' | 'OR';
  readonly negate: boolean;
  readonly nodes: readonly ConfigNode[];
}

/** One CVSS score as a source gave it. */
export interface CvssMetric {
  readonly version: '2.0' | '3.0' | '3.1' | '4.0';
  readonly vector: string;
  readonly baseScore: number;
  /** Who scored it (`nvd@nist.gov`, a CNA's address, `CISA-ADP`…). */
  readonly scoredBy: string;
  /** NVD's `Primary`/`Secondary`; absent for CVE 5 containers. */
  readonly type?: string;
}

/** A CVE 5 (or JVN) affected-product statement, normalised. */
export interface AffectedProduct {
  readonly vendor: string;
  readonly product: string;
  /** CPE 2.3 formatted strings the container gives for the product (normalised from 2.2 where needed). */
  readonly cpes: readonly string[];
  /** A Package URL when the container names a package (`packageName` + `collectionURL`, or a purl). */
  readonly purl?: string;
  readonly defaultStatus: 'affected' | 'unaffected' | 'unknown';
  /** Affected version ranges (CVE 5 `changes` already unfolded into separate ranges). */
  readonly affected: readonly VersionRange[];
  /** Versions stated unaffected (exact or ranges). */
  readonly unaffected: readonly VersionRange[];
  /** CVE 5 `versionType` when the source gave one (`semver`, `rpm`, `git`, `custom`…). */
  readonly versionType?: string;
  /** Version text a person must read because it could not be parsed into ranges (JVN free text, CVE 5 oddities). */
  readonly versionText?: readonly string[];
}

/** What NVD's CVE API 2.0 says of one CVE. */
export interface NvdFacts {
  readonly id: CveId;
  readonly published: string;
  readonly lastModified: string;
  /** `Analyzed`, `Modified`, `Awaiting Analysis`, `Undergoing Analysis`, `Deferred`, `Rejected`… */
  readonly vulnStatus: string;
  /** English description (first `en`, else the first). */
  readonly description: string;
  readonly cvss: readonly CvssMetric[];
  readonly cwes: readonly string[];
  readonly configurations: readonly Configuration[];
  readonly references: readonly string[];
  /** NVD's copy of the KEV fields, when present. */
  readonly cisa?: { readonly exploitAdd: string; readonly actionDue: string; readonly requiredAction: string; readonly vulnerabilityName: string };
}

/** What a CVE JSON 5.x record says: the CNA container and each ADP container, provenance kept. */
export interface Cve5Facts {
  readonly id: CveId;
  /** `PUBLISHED` or `REJECTED`. */
  readonly state: string;
  readonly datePublished?: string;
  readonly dateUpdated?: string;
  readonly description: string;
  /** Each affected statement with the container it came from (`cna`, `adp:<shortName>`). */
  readonly affected: readonly { readonly container: string; readonly product: AffectedProduct }[];
  readonly cvss: readonly CvssMetric[];
  readonly cwes: readonly string[];
  readonly references: readonly string[];
}

/** One entry of the CISA Known Exploited Vulnerabilities catalogue. */
export interface KevEntry {
  readonly cveId: CveId;
  readonly vendorProject: string;
  readonly product: string;
  readonly vulnerabilityName: string;
  /** `YYYY-MM-DD`. */
  readonly dateAdded: string;
  readonly shortDescription: string;
  readonly requiredAction: string;
  /** `YYYY-MM-DD`. */
  readonly dueDate: string;
  readonly knownRansomwareCampaignUse: 'Known' | 'Unknown';
  readonly notes: string;
  readonly cwes: readonly string[];
}

/** One row of FIRST's daily EPSS file. */
export interface EpssScore {
  readonly cve: CveId;
  /** Probability of exploitation activity in the next 30 days, 0–1. */
  readonly epss: number;
  readonly percentile: number;
  readonly modelVersion: string;
  /** `YYYY-MM-DD` (from the file's comment line). */
  readonly scoreDate: string;
}

/** What JVN (MyJVN overview RSS and VULDEF detail) says of one JVNDB entry. */
export interface JvnFacts {
  /** `JVNDB-YYYY-NNNNNN`. */
  readonly id: string;
  readonly title: string;
  readonly cves: readonly CveId[];
  readonly published?: string;
  readonly modified?: string;
  readonly description?: string;
  /** Affected products: CPE 2.2 URIs from JVN normalised to 2.3, version text parsed into ranges where it can be. */
  readonly affected: readonly AffectedProduct[];
  readonly cvss: readonly CvssMetric[];
  readonly references: readonly string[];
}

/** The one record per CVE id: every source's facts merged, each field with where it came from. */
export interface VulnerabilityRecord {
  readonly id: CveId;
  readonly description?: Sourced<string>;
  readonly published?: Sourced<string>;
  readonly lastModified?: Sourced<string>;
  /** NVD's analysis status (absent when NVD has no record). */
  readonly nvdStatus?: string;
  /** NVD configurations (empty when NVD has not analysed the record). */
  readonly configurations: Sourced<readonly Configuration[]> | undefined;
  /** CVE 5 / JVN affected statements, each with its provenance. */
  readonly affected: readonly Sourced<AffectedProduct>[];
  readonly cvss: readonly Sourced<CvssMetric>[];
  readonly cwes: readonly string[];
  readonly kev?: Sourced<KevEntry>;
  readonly epss?: Sourced<EpssScore>;
  readonly jvnIds: readonly string[];
  readonly references: readonly string[];
}
