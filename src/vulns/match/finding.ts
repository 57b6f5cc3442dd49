/**
 * What matching says of one asset and one vulnerability record: a {@link Finding} with the evidence
 * a person needs to check it (which configuration, node and criterion, which asset name, which
 * version in which scheme), or an {@link Undecided} when a version could not be compared.
 */
import type { CpeCriterion, CveId, VersionRange, VersionScheme, VulnSource } from '../record.js';

/**
 * How sure a finding is.
 * - `confirmed`: the asset's names and version satisfy the record.
 * - `platform-unstated`: the vulnerable product matches, but the record needs a platform (hardware,
 *   operating system) the asset does not name at all: a person must check which one it runs on.
 * - `needs-review`: the product matches, but the source gives its versions only as text.
 */
export type Certainty = 'confirmed' | 'platform-unstated' | 'needs-review';

/** Which part of the record a match comes from: NVD's configurations or a CVE 5 / JVN affected statement. */
export type FindingBasis = 'nvd-configuration' | 'affected-statement';

/** The asset version that was compared with bounds, and the scheme it was compared in. */
export interface VersionUsed {
  readonly version: string;
  readonly scheme: VersionScheme;
}

/** One criterion of an NVD configuration that the asset satisfied. Indexes are from 0. */
export interface CriterionMatch {
  /** Index of the node in the configuration. */
  readonly node: number;
  /** Index of the criterion in the node's `cpeMatch`. */
  readonly index: number;
  readonly criterion: CpeCriterion;
  /** The asset's CPE name (as the asset gave it) that satisfied the criterion. */
  readonly cpe: string;
  /** Present when the criterion has version bounds. */
  readonly version?: VersionUsed;
}

/** How one NVD configuration matched. */
export interface ConfigurationMatch {
  readonly basis: 'nvd-configuration';
  /** Index of the configuration in the record's configurations, from 0. */
  readonly configuration: number;
  readonly certainty: Certainty;
  /** The satisfied `vulnerable: true` criteria of the nodes that hold. */
  readonly matched: readonly CriterionMatch[];
  /** The satisfied `vulnerable: false` criteria (platforms present) of the nodes that hold. */
  readonly platforms: readonly CriterionMatch[];
  /** For `platform-unstated`: the nodes that hold only if the platform the asset does not name is the right one. */
  readonly unstatedNodes: readonly number[];
  /** One line for a person, numbering configurations and nodes from 1 as NVD's pages do. */
  readonly why: string;
}

/** How the asset was recognised in an affected statement. */
export type StatementBy = 'cpe' | 'purl' | 'name';

/** How one CVE 5 / JVN affected statement matched. */
export interface StatementMatch {
  readonly basis: 'affected-statement';
  /** Index of the statement in the record's `affected`, from 0. */
  readonly statement: number;
  readonly source: VulnSource;
  /** The container (`cna`, `adp:CISA-ADP`, a JVNDB id…), when known. */
  readonly detail?: string;
  readonly certainty: Certainty;
  readonly by: StatementBy;
  /** The asset's CPE name or purl that matched. */
  readonly asset: string;
  /** Present when a version was compared with the statement's ranges. */
  readonly version?: VersionUsed;
  /** The affected range that holds the version; absent when the statement's default status or a pinned CPE version decided. */
  readonly range?: VersionRange;
  readonly why: string;
}

/** One piece of evidence of a finding. */
export type FindingMatch = ConfigurationMatch | StatementMatch;

/**
 * One record that applies to one asset. Several configurations and statements matching still give
 * one finding: `matches` lists each, strongest first (confirmed, then platform-unstated, then
 * needs-review; NVD configurations before statements; then by index), and `certainty`, `basis` and
 * `why` are those of the first.
 */
export interface Finding {
  readonly recordId: CveId;
  readonly assetRef: number;
  readonly certainty: Certainty;
  readonly basis: FindingBasis;
  readonly why: string;
  readonly matches: readonly FindingMatch[];
}

/** One version comparison that could not be decided, in a configuration or statement it could have made apply. */
export interface UndecidedComparison {
  readonly basis: FindingBasis;
  /** Configuration index or statement index, from 0. */
  readonly at: number;
  /** Node and criterion index, for a configuration. */
  readonly node?: number;
  readonly index?: number;
  /** The asset's CPE name or purl. */
  readonly asset: string;
  readonly version: string;
  readonly scheme: VersionScheme;
  readonly range: VersionRange;
  readonly reason: string;
}

/**
 * A record that would apply to an asset if versions the scheme cannot order were in range. It is
 * not a finding; it is kept so that a person can look.
 */
export interface Undecided {
  readonly recordId: CveId;
  readonly assetRef: number;
  readonly comparisons: readonly UndecidedComparison[];
}
