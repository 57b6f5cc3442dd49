/**
 * Exposure: operators' assets matched against vulnerability records. Pure code, no I/O.
 *
 * An asset is the CPE names of its product (and of the platform it runs on) and optionally a purl.
 * A record applies through an NVD configuration (nodes, operators and `negate` as NVD defines them;
 * a criterion satisfied when its name covers one of the asset's names, NISTIR 7696, and the asset's
 * concrete version is within its bounds; platforms `vulnerable: false` required but never a finding
 * alone) or through a CVE 5 / JVN affected statement (by CPE name, purl, or exact normalised vendor
 * and product names; `affected`/`unaffected` ranges and the default status). Not knowing the asset's
 * version is no finding; a version the scheme cannot order is reported as undecided, never guessed.
 *
 * {@link createExposureIndex} keeps assets and records matched as either changes; {@link naiveMatch}
 * is the same matching without an index, for tests and benchmarks.
 */
export type { AssetProducts } from './asset-products.js';
export type { MalformedName } from './compiled-record.js';
export { createExposureIndex, DEFAULT_EXPOSURE_CONFIG, type ExposureIndex, type ExposureIndexConfig, type ExposureStats, type PutRecordResult } from './exposure-index.js';
export type {
  Certainty,
  ConfigurationMatch,
  CriterionMatch,
  Finding,
  FindingBasis,
  FindingMatch,
  StatementBy,
  StatementMatch,
  Undecided,
  UndecidedComparison,
  VersionUsed,
} from './finding.js';
export { type NaiveResult, naiveMatch } from './naive-match.js';
export type { VersionComparator, VersionHint } from './version-comparator.js';
