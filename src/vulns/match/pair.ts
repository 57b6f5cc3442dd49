/**
 * One asset against one record: the cheap verdict the index keeps (finding, undecided, both or
 * neither) and, on demand, the finding and undecided comparisons written out.
 */
import type { CompiledAsset } from './asset-products.js';
import type { CompiledRecord } from './compiled-record.js';
import { describeConfiguration, undecidedOfConfiguration } from './configuration-evidence.js';
import { evaluateConfiguration } from './configuration-match.js';
import type { Finding, FindingMatch, Undecided, UndecidedComparison } from './finding.js';
import { CONFIRMED, type MatchContext, REVIEW, UNDECIDED, UNSTATED } from './outcome.js';
import { describeStatement } from './statement-evidence.js';
import { evaluateStatement } from './statement-match.js';

/** Bit of {@link pairVerdict}: the record applies to the asset. */
export const PAIR_FINDING = 1;
/** Bit of {@link pairVerdict}: some configuration or statement could not be decided. */
export const PAIR_UNDECIDED = 2;

/** Evaluates `record` for `asset` without allocating: a combination of {@link PAIR_FINDING} and {@link PAIR_UNDECIDED}. */
export function pairVerdict(record: CompiledRecord, asset: CompiledAsset, context: MatchContext): number {
  context.scratch.ensure(record.criteria.length, asset.cpes.length);
  let flags = 0;
  for (let c = 0; c < record.configurations.length && flags !== 3; c++) flags |= flagOf(evaluateConfiguration(record, c, asset, context));
  for (let s = 0; s < record.statements.length && flags !== 3; s++) flags |= flagOf(evaluateStatement(record.statements[s] as CompiledRecord['statements'][number], asset, context));
  return flags;
}

function flagOf(outcome: number): number {
  return outcome >= REVIEW ? PAIR_FINDING : outcome === UNDECIDED ? PAIR_UNDECIDED : 0;
}

/** What a pair comes to, written out. */
export interface PairResult {
  readonly finding: Finding | undefined;
  readonly undecided: Undecided | undefined;
}

const RANK = { confirmed: 3, 'platform-unstated': 2, 'needs-review': 1 } as const;

/** Evaluates `record` for `asset` and writes out the finding and the undecided comparisons. */
export function describePair(record: CompiledRecord, asset: CompiledAsset, context: MatchContext): PairResult {
  context.scratch.ensure(record.criteria.length, asset.cpes.length);
  const matches: FindingMatch[] = [];
  const comparisons: UndecidedComparison[] = [];
  for (let c = 0; c < record.configurations.length; c++) {
    const outcome = evaluateConfiguration(record, c, asset, context);
    if (outcome === CONFIRMED || outcome === UNSTATED) matches.push(describeConfiguration(record, c, asset, outcome, context));
    else if (outcome === UNDECIDED) comparisons.push(...undecidedOfConfiguration(record, c, asset, context));
  }
  record.statements.forEach((st, s) => {
    const evidence = describeStatement(st, s, asset, context);
    if (evidence.kind === 'match') matches.push(evidence.match);
    else if (evidence.kind === 'undecided') comparisons.push(...evidence.comparisons);
  });
  // Stable: configurations stay before statements, and each in index order, within a certainty.
  matches.sort((a, b) => RANK[b.certainty] - RANK[a.certainty]);
  const recordId = record.record.id;
  const first = matches[0];
  return {
    finding: first === undefined ? undefined : { recordId, assetRef: asset.ref, certainty: first.certainty, basis: first.basis, why: first.why, matches },
    undecided: comparisons.length === 0 ? undefined : { recordId, assetRef: asset.ref, comparisons },
  };
}
