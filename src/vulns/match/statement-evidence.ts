/**
 * The evidence of an affected statement that applies (or might): how the asset was recognised, the
 * version and scheme compared, the range that held, and the one-line reason.
 */
import type { VersionRange } from '../record.js';
import type { CompiledAsset } from './asset-products.js';
import type { CompiledStatement } from './compiled-record.js';
import { assetSubject, boundsOf, rangeText, undecidedReason } from './describe.js';
import type { StatementBy, StatementMatch, UndecidedComparison } from './finding.js';
import { certaintyOf, type MatchContext, NONE, UNDECIDED } from './outcome.js';
import { versionInRange } from './version-cache.js';
import { evaluateStatement, type StatementIdentity, VERDICT_DEFAULT, VERDICT_EVERY, VERDICT_PINNED, VERDICT_RANGE } from './statement-match.js';

/** What a statement says of an asset, described: a match, undecided comparisons, or nothing. */
export type StatementEvidence =
  | { readonly kind: 'match'; readonly match: StatementMatch }
  | { readonly kind: 'undecided'; readonly comparisons: readonly UndecidedComparison[] }
  | { readonly kind: 'none' };

/** Evaluates statement `s` for `asset` and describes the result. */
export function describeStatement(st: CompiledStatement, s: number, asset: CompiledAsset, context: MatchContext): StatementEvidence {
  let best: { identity: StatementIdentity; verdict: number; range: number } | undefined;
  const outcome = evaluateStatement(st, asset, context, (_, identity) => {
    best = { identity, verdict: context.scratch.verdict.kind, range: context.scratch.verdict.range };
  });
  if (outcome === NONE || best === undefined) return { kind: 'none' };
  if (outcome === UNDECIDED) return { kind: 'undecided', comparisons: undecidedComparisons(st, s, best.identity, asset, context) };
  const { identity, verdict, range } = best;
  const p = st.sourced.value;
  const affectedRange = range >= 0 ? p.affected[range] : undefined;
  const match: StatementMatch = {
    basis: 'affected-statement',
    statement: s,
    source: st.sourced.source,
    ...(st.sourced.detail === undefined ? {} : { detail: st.sourced.detail }),
    certainty: certaintyOf(outcome),
    by: byOf(identity),
    asset: identity.cpe?.text ?? asset.purl?.text ?? '',
    ...(identity.version === undefined || st.everyVersion ? {} : { version: { version: identity.version.text, scheme: identity.ranges.scheme } }),
    ...(affectedRange === undefined ? {} : { range: boundsOf(affectedRange) }),
    why: statementWhy(st, s, subjectOf(identity, asset), verdict, identity, affectedRange),
  };
  return { kind: 'match', match };
}

function byOf(identity: StatementIdentity): StatementBy {
  return identity.cpe === undefined ? 'purl' : identity.name !== undefined ? 'cpe' : 'name';
}

function subjectOf(identity: StatementIdentity, asset: CompiledAsset): string {
  const version = identity.version?.text;
  if (identity.cpe === undefined) return version === undefined ? (asset.purl?.package ?? '') : `${asset.purl?.package ?? ''}@${version}`;
  return assetSubject(identity.cpe);
}

function statementWhy(st: CompiledStatement, s: number, subject: string, verdict: number, identity: StatementIdentity, range: VersionRange | undefined): string {
  const p = st.sourced.value;
  const origin = st.sourced.detail === undefined ? st.sourced.source : `${st.sourced.source} ${st.sourced.detail}`;
  const product = `${p.vendor} ${p.product}`;
  const where = `(statement ${s + 1})`;
  if (verdict === VERDICT_RANGE && range !== undefined) return `${subject} is in ${rangeText(range)} of ${product} per ${origin} ${where}`;
  if (verdict === VERDICT_EVERY) return `${subject}: every version of ${product} is affected per ${origin} ${where}`;
  if (verdict === VERDICT_DEFAULT) return `${subject} is in no unaffected range of ${product}, affected by default per ${origin} ${where}`;
  if (verdict === VERDICT_PINNED) return `${subject} matches ${identity.name?.short ?? ''}, affected per ${origin} ${where}`;
  const text = p.versionText ?? [];
  const more = text.length > 1 ? ` and ${text.length - 1} more` : '';
  return `${subject}: ${origin} gives the versions of ${product} only as text ("${text[0] ?? ''}"${more}), a person must read it ${where}`;
}

function undecidedComparisons(st: CompiledStatement, s: number, identity: StatementIdentity, asset: CompiledAsset, context: MatchContext): UndecidedComparison[] {
  const version = identity.version;
  const assetText = identity.cpe?.text ?? asset.purl?.text ?? '';
  const { scheme, unaffected, affected } = identity.ranges;
  if (version === undefined) return [];
  return [...unaffected, ...affected]
    .filter((range) => versionInRange(context.versions, version, range) === undefined)
    .map((r) => ({ basis: 'affected-statement', at: s, asset: assetText, version: version.text, scheme, range: boundsOf(r.range), reason: undecidedReason(version.text, r.range, scheme) }));
}
