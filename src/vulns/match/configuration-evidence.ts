/**
 * The evidence of a configuration that applies (or might): the criteria that were satisfied, the
 * platforms present or unstated, the undecided comparisons, and the one-line reason. Built only for a
 * pair that matched, from the states `evaluateConfiguration` left in the scratch space.
 */
import type { CompiledAsset } from './asset-products.js';
import type { AssetCpe } from './compiled-name.js';
import type { CompiledConfiguration, CompiledCriterion, CompiledRecord } from './compiled-record.js';
import { CRITERION_SATISFIED, CRITERION_UNDECIDED, nodesHolding } from './configuration-match.js';
import { assetSubject, boundsOf, rangeText, undecidedReason } from './describe.js';
import type { ConfigurationMatch, CriterionMatch, UndecidedComparison } from './finding.js';
import { certaintyOf, type MatchContext, UNSTATED } from './outcome.js';

/** Describes configuration `c`, just evaluated for `asset` with `outcome` CONFIRMED or UNSTATED. */
export function describeConfiguration(record: CompiledRecord, c: number, asset: CompiledAsset, outcome: number, context: MatchContext): ConfigurationMatch {
  const config = record.configurations[c] as CompiledConfiguration;
  const { states, cpeOf } = context.scratch;
  const matched: CriterionMatch[] = [];
  const platforms: CriterionMatch[] = [];
  const unstatedNodes: number[] = [];
  // The first satisfied vulnerable criterion and platform, with the asset names that satisfied them, say why.
  let first: readonly [CompiledCriterion, AssetCpe] | undefined;
  let platform: AssetCpe | undefined;
  for (const { node, stated } of nodesHolding(config, states, outcome)) {
    if (!stated) unstatedNodes.push(node);
    const n = config.nodes[node];
    if (n === undefined || n.negate) continue;
    for (let i = n.first; i < n.end; i++) {
      if (states[i] !== CRITERION_SATISFIED) continue;
      const criterion = record.criteria[i] as CompiledCriterion;
      const cpe = asset.cpes[cpeOf[i] as number] as AssetCpe;
      if (criterion.vulnerable) first ??= [criterion, cpe];
      else platform ??= cpe;
      (criterion.vulnerable ? matched : platforms).push(criterionMatch(criterion, cpe));
    }
  }
  const on = platform === undefined ? '' : ` running on ${platform.short}`;
  const tail = outcome === UNSTATED ? unstatedWhy(record, config, unstatedNodes) : '';
  const why = `${matchedWhy(first)}${on} (configuration ${c + 1}, node ${(first?.[0].node ?? 0) + 1})${tail}`;
  return { basis: 'nvd-configuration', configuration: c, certainty: certaintyOf(outcome), matched, platforms, unstatedNodes, why };
}

/** The undecided comparisons of configuration `c`, just evaluated for `asset` with outcome UNDECIDED. */
export function undecidedOfConfiguration(record: CompiledRecord, c: number, asset: CompiledAsset, context: MatchContext): UndecidedComparison[] {
  const config = record.configurations[c] as CompiledConfiguration;
  const { states, cpeOf } = context.scratch;
  const out: UndecidedComparison[] = [];
  for (let i = config.first; i < config.end; i++) {
    if (states[i] !== CRITERION_UNDECIDED) continue;
    const criterion = record.criteria[i] as CompiledCriterion;
    const cpe = asset.cpes[cpeOf[i] as number] as AssetCpe;
    const version = cpe.version?.text ?? '';
    const range = boundsOf(criterion.source);
    out.push({
      basis: 'nvd-configuration',
      at: c,
      node: criterion.node,
      index: criterion.index,
      asset: cpe.text,
      version,
      scheme: 'generic',
      range,
      reason: undecidedReason(version, range, 'generic'),
    });
  }
  return out;
}

function criterionMatch(criterion: CompiledCriterion, cpe: AssetCpe): CriterionMatch {
  if (criterion.bounds === undefined || cpe.version === undefined) return { node: criterion.node, index: criterion.index, criterion: criterion.source, cpe: cpe.text };
  return { node: criterion.node, index: criterion.index, criterion: criterion.source, cpe: cpe.text, version: { version: cpe.version.text, scheme: 'generic' } };
}

function matchedWhy(first: readonly [CompiledCriterion, AssetCpe] | undefined): string {
  if (first === undefined) return 'applies';
  const [criterion, cpe] = first;
  const relation = criterion.bounds === undefined || cpe.version === undefined ? 'matches' : `is in ${rangeText(criterion.source)} of`;
  return `${assetSubject(cpe)} ${relation} ${criterion.name?.short ?? criterion.source.criteria}`;
}

/** For `platform-unstated`: which platform a person must check for. */
function unstatedWhy(record: CompiledRecord, config: CompiledConfiguration, unstatedNodes: readonly number[]): string {
  const node = unstatedNodes[0];
  const n = node === undefined ? undefined : config.nodes[node];
  if (node === undefined || n === undefined) return '';
  const required = record.criteria.slice(n.first, n.end).filter((x) => !x.vulnerable);
  const more = required.length > 1 ? ` or ${required.length - 1} more` : '';
  return `; platform not stated: node ${node + 1} needs ${required[0]?.name?.short ?? required[0]?.source.criteria ?? ''}${more}`;
}
