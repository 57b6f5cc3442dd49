/**
 * Every asset against every record, with no index: the reference the index is tested against, and
 * the baseline of the benchmark. Same semantics as `createExposureIndex`.
 */
import type { VulnerabilityRecord } from '../record.js';
import { type AssetProducts, type CompiledAsset, compileAsset } from './asset-products.js';
import { NameCache } from './compiled-name.js';
import { compileRecord } from './compiled-record.js';
import type { Finding, Undecided } from './finding.js';
import { type MatchContext, Scratch } from './outcome.js';
import { describePair, pairVerdict } from './pair.js';
import { KeyInterner } from './product-keys.js';
import type { VersionComparator } from './version-comparator.js';

/** Findings and undecided pairs of a naive match, asset by asset in the order given, records in the order given. */
export interface NaiveResult {
  readonly findings: readonly Finding[];
  readonly undecided: readonly Undecided[];
}

/**
 * Matches every asset against every record. Assets whose names are malformed are skipped (the index
 * refuses them when put).
 *
 * @example
 * ```ts
 * const { findings } = naiveMatch([{ ref: 0, cpes: ['cpe:2.3:o:fortinet:fortios:7.2.4:*:*:*:*:*:*:*'] }], records, versions);
 * ```
 */
export function naiveMatch(assets: Iterable<AssetProducts>, records: Iterable<VulnerabilityRecord>, comparator: VersionComparator): NaiveResult {
  const keys = new KeyInterner();
  const compileContext = { keys, names: new NameCache(keys), versions: comparator };
  const compiledRecords = [...records].map((r) => compileRecord(r, compileContext));
  const compiledAssets: CompiledAsset[] = [];
  for (const asset of assets) {
    const compiled = compileAsset(asset, keys);
    if (compiled.ok) compiledAssets.push(compiled.value);
  }
  const context: MatchContext = { versions: comparator, scratch: new Scratch() };
  const findings: Finding[] = [];
  const undecided: Undecided[] = [];
  for (const asset of compiledAssets) {
    for (const record of compiledRecords) {
      if (pairVerdict(record, asset, context) === 0) continue;
      const result = describePair(record, asset, context);
      if (result.finding !== undefined) findings.push(result.finding);
      if (result.undecided !== undefined) undecided.push(result.undecided);
    }
  }
  return { findings, undecided };
}
