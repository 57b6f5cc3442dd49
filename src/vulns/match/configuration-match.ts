/**
 * Whether an NVD configuration applies to an asset, and the evidence when it does.
 *
 * NVD ("Understanding Vulnerability Detail Pages", Configurations; CVE API 2.0 `configurations`): a
 * configuration holds nodes joined by its operator, a node holds CPE match criteria joined by the
 * node's operator, `negate` inverts a node or a configuration, and a criterion with `vulnerable:
 * false` names a platform that "must be present before a vulnerability applies" ("Running On/With")
 * without being vulnerable itself. A criterion is satisfied by one of the asset's CPE names when its
 * name covers it (NISTIR 7696 superset or equal, criterion as source; see `covers`) and, when it has
 * version bounds, the asset's concrete version is within them in the `generic` scheme (NVD gives no
 * scheme). An asset version ANY or NA satisfies no bound: not knowing the version is not a finding.
 *
 * Logic is three-valued (Kleene): a comparison the scheme cannot decide is unknown, not false, so
 * that `negate` never turns "cannot tell" into a finding. A configuration is evaluated up to three
 * times, each more hopeful: as stated (confirmed); with each required platform the asset does not
 * name at all taken as present (platform-unstated); with each undecided comparison taken as in range
 * (undecided, reported for a person and not a finding). It yields a finding only through a satisfied
 * vulnerable criterion in a node that holds: platforms alone never do.
 */
import type { AssetCpe } from './compiled-name.js';
import { covers } from './compiled-name.js';
import type { CompiledConfiguration, CompiledCriterion, CompiledNode, CompiledRecord } from './compiled-record.js';
import type { CompiledAsset } from './asset-products.js';
import { CONFIRMED, type MatchContext, NONE, UNDECIDED, UNSTATED } from './outcome.js';
import { versionInRange } from './version-cache.js';
import type { VersionComparator } from './version-comparator.js';

// Criterion states: false, true, undecided (a version the scheme cannot order), platform unstated.
const F = 0;
const T = 1;
const U = 2;
const P = 3;
// Kleene truth values.
const NO = 0;
const YES = 1;
const UNKNOWN = 2;
// Passes: as stated, unstated platforms present, undecided comparisons in range.
const STATED = 1;
const PLATFORMS_ASSUMED = 2;
const VERSIONS_ASSUMED = 3;

/**
 * Evaluates configuration `c` of `record` for `asset`: {@link CONFIRMED}, {@link UNSTATED},
 * {@link UNDECIDED} or {@link NONE}. Leaves each criterion's state in the context's scratch for
 * `describeConfiguration`.
 */
export function evaluateConfiguration(record: CompiledRecord, c: number, asset: CompiledAsset, context: MatchContext): number {
  const config = record.configurations[c] as CompiledConfiguration;
  const { states, cpeOf, used } = context.scratch;
  used.fill(0, 0, asset.cpes.length);
  let candidate = false;
  let undecided = false;
  for (let i = config.first; i < config.end; i++) {
    const criterion = record.criteria[i] as CompiledCriterion;
    if (!criterion.vulnerable) continue;
    const state = criterionState(criterion, asset, context.versions, cpeOf, i);
    states[i] = state;
    if (state === F) continue;
    candidate = true;
    undecided ||= state === U;
    used[cpeOf[i] as number] = 1;
  }
  // No vulnerable criterion even possibly satisfied: no finding can come of this configuration.
  if (!candidate) return NONE;
  let unstated = false;
  for (let i = config.first; i < config.end; i++) {
    const criterion = record.criteria[i] as CompiledCriterion;
    if (criterion.vulnerable) continue;
    let state = criterionState(criterion, asset, context.versions, cpeOf, i);
    if (state === F && !platformStated(criterion, asset, used)) state = P;
    unstated ||= state === P;
    undecided ||= state === U;
    states[i] = state;
  }
  if (holds(record, config, states, STATED)) return CONFIRMED;
  if (unstated && holds(record, config, states, PLATFORMS_ASSUMED)) return UNSTATED;
  if (undecided && holds(record, config, states, VERSIONS_ASSUMED)) return UNDECIDED;
  return NONE;
}

/**
 * Whether some asset CPE name satisfies `criterion` (T), might if a version could be ordered (U), or
 * none does (F); the deciding asset CPE's index goes to `cpeOf[at]`.
 */
function criterionState(criterion: CompiledCriterion, asset: CompiledAsset, versions: VersionComparator, cpeOf: Int32Array, at: number): number {
  const name = criterion.name;
  if (name === undefined) return F;
  let state = F;
  for (let i = 0; i < asset.cpes.length; i++) {
    const cpe = asset.cpes[i] as AssetCpe;
    if ((name.key >= 0 && cpe.key !== name.key) || !covers(name, cpe)) continue;
    let within: boolean | undefined = true;
    if (criterion.bounds !== undefined) within = cpe.version === undefined ? false : versionInRange(versions, cpe.version, criterion.bounds);
    if (within === true) {
      cpeOf[at] = i;
      return T;
    }
    if (within === undefined && state === F) {
      state = U;
      cpeOf[at] = i;
    }
  }
  return state;
}

/**
 * Whether the asset names a platform of the criterion's part (an `h` for hardware, an `o` for an
 * operating system…) besides the names that satisfied vulnerable criteria. If it does and that
 * platform is not the required one, the configuration does not apply (firmware on other hardware);
 * if it names none, the platform is unstated and a person must check.
 */
function platformStated(criterion: CompiledCriterion, asset: CompiledAsset, used: Uint8Array): boolean {
  const part = criterion.name?.part;
  if (criterion.name === undefined) return true;
  for (let i = 0; i < asset.cpes.length; i++) {
    if (used[i] === 1) continue;
    if (part === undefined || asset.cpes[i]?.part === part) return true;
  }
  return false;
}

function lift(state: number, pass: number): number {
  if (state === F) return NO;
  if (state === T) return YES;
  if (state === U) return pass === VERSIONS_ASSUMED ? YES : UNKNOWN;
  return pass >= PLATFORMS_ASSUMED ? YES : UNKNOWN;
}

function not(value: number): number {
  return value === UNKNOWN ? UNKNOWN : value === YES ? NO : YES;
}

/** Kleene value of a node: AND or OR of its criteria, inverted when `negate`. */
function nodeValue(node: CompiledNode, states: Uint8Array, pass: number): number {
  let unknown = false;
  for (let i = node.first; i < node.end; i++) {
    const v = lift(states[i] as number, pass);
    if (v === UNKNOWN) unknown = true;
    // OR is decided by a YES, AND by a NO.
    else if ((v === YES) !== node.and) return node.negate ? not(v) : v;
  }
  const v = unknown ? UNKNOWN : node.and ? YES : NO;
  return node.negate ? not(v) : v;
}

/** True when the configuration holds and a satisfied vulnerable criterion of a holding, non-negated node carries it. */
function holds(record: CompiledRecord, config: CompiledConfiguration, states: Uint8Array, pass: number): boolean {
  let yes = false;
  let no = false;
  let unknown = false;
  let carried = false;
  for (const node of config.nodes) {
    const v = nodeValue(node, states, pass);
    if (v === YES) {
      yes = true;
      if (!node.negate) carried ||= carriesVulnerable(record, node, states, pass);
    } else if (v === NO) no = true;
    else unknown = true;
  }
  const v = config.and ? (no ? NO : unknown ? UNKNOWN : YES) : yes ? YES : unknown ? UNKNOWN : NO;
  return (config.negate ? not(v) : v) === YES && carried;
}

function carriesVulnerable(record: CompiledRecord, node: CompiledNode, states: Uint8Array, pass: number): boolean {
  for (let i = node.first; i < node.end; i++) {
    if (record.criteria[i]?.vulnerable && lift(states[i] as number, pass) === YES) return true;
  }
  return false;
}

/** Nodes that hold at `pass`, and whether each also held as stated (for the description). */
export function nodesHolding(config: CompiledConfiguration, states: Uint8Array, outcome: number): { readonly node: number; readonly stated: boolean }[] {
  const pass = outcome === CONFIRMED ? STATED : outcome === UNSTATED ? PLATFORMS_ASSUMED : VERSIONS_ASSUMED;
  const out: { node: number; stated: boolean }[] = [];
  config.nodes.forEach((node, n) => {
    if (nodeValue(node, states, pass) === YES) out.push({ node: n, stated: nodeValue(node, states, STATED) === YES });
  });
  return out;
}

/** Criterion states a description reads back. */
export const CRITERION_SATISFIED = T;
/** @see CRITERION_SATISFIED */
export const CRITERION_UNDECIDED = U;
