/**
 * Whether a CVE 5 (or JVN) affected statement applies to an asset. The asset is recognised by the
 * statement's CPE names (covering one of the asset's, as for NVD criteria), by its purl (same type,
 * namespace and name in canonical form), or, only when the statement gives neither, by its vendor and
 * product names equal to an asset CPE's after normalisation (never fuzzily). The asset's version then
 * decides as CVE JSON 5 says: a version in an `unaffected` range is not affected, one in an `affected`
 * range is, any other takes the `defaultStatus` ("the default status for versions that are not
 * otherwise listed"); `affected` with no ranges at all is every version. Versions given only as text
 * make a `needs-review` finding. Not knowing the asset's version is not a finding unless every
 * version is affected.
 */
import type { CompiledAsset } from './asset-products.js';
import type { AssetCpe, CompiledName } from './compiled-name.js';
import { covers } from './compiled-name.js';
import type { CompiledStatement, StatementRanges } from './compiled-record.js';
import { CONFIRMED, type MatchContext, NONE, REVIEW, type Scratch, UNDECIDED } from './outcome.js';
import { type CachedVersion, versionInRange } from './version-cache.js';
import type { VersionComparator } from './version-comparator.js';

/** The version was in the affected range `verdict.range`. */
export const VERDICT_RANGE = 1;
/** Every version is affected (`defaultStatus: 'affected'`, no ranges). */
export const VERDICT_EVERY = 2;
/** In no listed range, and the default status is `affected`. */
export const VERDICT_DEFAULT = 3;
/** The statement's CPE name pins the version, and no unaffected range holds it. */
export const VERDICT_PINNED = 4;
/** Versions are text only. */
export const VERDICT_TEXT = 5;

/** The identity through which a statement matched, for describing it. */
export interface StatementIdentity {
  /** The asset CPE name that matched, or undefined for the purl. */
  readonly cpe: AssetCpe | undefined;
  /** The statement's CPE name that matched, or undefined for a purl or name match. */
  readonly name: CompiledName | undefined;
  readonly version: CachedVersion | undefined;
  readonly ranges: StatementRanges;
}

/**
 * Evaluates statement `st` for `asset`: {@link CONFIRMED}, {@link REVIEW}, {@link UNDECIDED} or
 * {@link NONE}, the best over every identity that recognises the asset. `onBetter` (only when
 * describing) hears each identity that improves the outcome, while the scratch verdict is its own.
 */
export function evaluateStatement(st: CompiledStatement, asset: CompiledAsset, context: MatchContext, onBetter?: (outcome: number, identity: StatementIdentity) => void): number {
  let best = NONE;
  // An optional call does not evaluate its arguments when absent: the hot path builds no identity.
  for (const name of st.names) {
    for (const cpe of asset.cpes) {
      if ((name.key >= 0 && cpe.key !== name.key) || !covers(name, cpe)) continue;
      const outcome = versionStatus(st, cpe.version, !name.anyVersion, st.cpeRanges, context);
      if (outcome > best) {
        best = outcome;
        onBetter?.(outcome, { cpe, name, version: cpe.version, ranges: st.cpeRanges });
      }
      if (best === CONFIRMED && onBetter === undefined) return best;
    }
  }
  const purl = asset.purl;
  if (st.purlKey >= 0 && purl !== undefined && purl.key === st.purlKey) {
    const outcome = versionStatus(st, purl.version, false, st.purlRanges, context);
    if (outcome > best) {
      best = outcome;
      onBetter?.(outcome, { cpe: undefined, name: undefined, version: purl.version, ranges: st.purlRanges });
    }
  }
  if (st.nameKey < 0) return best;
  for (const cpe of asset.cpes) {
    if (cpe.nameKey !== st.nameKey) continue;
    const outcome = versionStatus(st, cpe.version, false, st.cpeRanges, context);
    if (outcome > best) {
      best = outcome;
      onBetter?.(outcome, { cpe, name: undefined, version: cpe.version, ranges: st.cpeRanges });
    }
  }
  return best;
}

/** The status of `version` (undefined: not known) in the statement, how it was decided left in the scratch verdict. */
function versionStatus(st: CompiledStatement, version: CachedVersion | undefined, pinned: boolean, ranges: StatementRanges, context: MatchContext): number {
  const { scratch, versions } = context;
  scratch.verdict.range = NO_RANGE;
  if (version === undefined) return decided(scratch, st.everyVersion ? VERDICT_EVERY : pinned ? VERDICT_PINNED : 0);
  let unaffectedUnknown = false;
  for (const range of ranges.unaffected) {
    const within = versionInRange(versions, version, range);
    if (within === true) return decided(scratch, 0);
    unaffectedUnknown ||= within === undefined;
  }
  if (pinned) return unaffectedUnknown ? UNDECIDED : decided(scratch, VERDICT_PINNED);
  const hit = affectedRange(version, ranges, versions);
  // With `affected` as default, an affected range that cannot be decided does not matter.
  if (hit >= 0 || st.sourced.value.defaultStatus === 'affected') {
    scratch.verdict.range = Math.max(hit, NO_RANGE);
    if (unaffectedUnknown) return UNDECIDED;
    return decided(scratch, hit >= 0 ? VERDICT_RANGE : st.everyVersion ? VERDICT_EVERY : VERDICT_DEFAULT);
  }
  if (hit === UNDECIDED_RANGE) return UNDECIDED;
  return decided(scratch, st.hasText ? VERDICT_TEXT : 0);
}

const NO_RANGE = -1;
const UNDECIDED_RANGE = -2;

/** Index of the first affected range holding `version`, else {@link UNDECIDED_RANGE} when one could not be decided, else {@link NO_RANGE}. */
function affectedRange(version: CachedVersion, ranges: StatementRanges, versions: VersionComparator): number {
  let result = NO_RANGE;
  for (let r = 0; r < ranges.affected.length; r++) {
    const within = versionInRange(versions, version, ranges.affected[r] as StatementRanges['affected'][number]);
    if (within === true) return r;
    if (within === undefined) result = UNDECIDED_RANGE;
  }
  return result;
}

function decided(scratch: Scratch, kind: number): number {
  scratch.verdict.kind = kind;
  return kind === 0 ? NONE : kind === VERDICT_TEXT ? REVIEW : CONFIRMED;
}
