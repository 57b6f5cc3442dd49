/**
 * Evaluation of the comparison expression inside one `[ … ]` over every observed-data SDO.
 *
 * The result maps each SDO that satisfies it (by position) to the root objects that did: AND
 * intersects root sets, so both sides must hold for the same object (STIX 2.1 §9.6), OR unites
 * them. Map order follows the reference matcher's (left operand's SDOs first), which decides
 * which binding is found first.
 */
import type { Comparison, ComparisonExpression, ExistsComparison } from './ast.js';
import { comparisonPredicate, type RegexLimits, type ValuePredicate } from './comparison-predicate.js';
import { selectValues } from './object-path.js';
import type { ObservedData } from './observations.js';

/** SDO position → keys of the root objects that satisfied the expression. */
export type ComparisonMatches = Map<number, Set<string>>;

function evaluateLeaf(c: Comparison | ExistsComparison, data: readonly ObservedData[], limits: RegexLimits): ComparisonMatches {
  const predicate: ValuePredicate | undefined = c.kind === 'comparison' ? comparisonPredicate(c, limits) : undefined;
  const out: ComparisonMatches = new Map();
  data.forEach((od, index) => {
    const roots = new Set<string>();
    for (const [key, root] of od.roots) {
      if (c.kind === 'exists') {
        if (!isOfType(root, c.path.objectType)) continue;
        if (selectValues(root, c.path, od.scope).length > 0 !== c.negated) roots.add(key);
        continue;
      }
      // NOT applies to each value; a root passes when any selected value passes.
      if (selectValues(root, c.path, od.scope).some((v) => (predicate as ValuePredicate)(v) !== c.negated)) roots.add(key);
    }
    if (roots.size > 0) out.set(index, roots);
  });
  return out;
}

function isOfType(root: unknown, type: string): boolean {
  return typeof root === 'object' && root !== null && (root as { type?: unknown }).type === type;
}

/** Evaluates a comparison expression over all SDOs; throws a match failure on invalid data or literals. */
export function evaluateComparison(e: ComparisonExpression, data: readonly ObservedData[], limits: RegexLimits): ComparisonMatches {
  if (e.kind !== 'comparison-binary') return evaluateLeaf(e, data, limits);
  const left = evaluateComparison(e.left, data, limits);
  const right = evaluateComparison(e.right, data, limits);
  if (e.operator === 'or') {
    for (const [index, roots] of right) {
      const existing = left.get(index);
      if (existing === undefined) left.set(index, roots);
      else for (const r of roots) existing.add(r);
    }
    return left;
  }
  const out: ComparisonMatches = new Map();
  for (const [index, roots] of left) {
    const other = right.get(index);
    if (other === undefined) continue;
    const both = new Set([...roots].filter((r) => other.has(r)));
    if (both.size > 0) out.set(index, both);
  }
  return out;
}
