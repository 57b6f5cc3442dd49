/**
 * Semantic checks the OASIS reference validator applies after the grammar: a comparison of
 * `…hashes.<algorithm>` with a string must hold a hash of that algorithm's format.
 */
import type { ComparisonExpression, ObservationExpression, PatternAst } from './ast.js';
import { ERR_PATTERN_INVALID_HASH } from './errors.js';

// Keys are algorithm names upper-cased without '-' (how the reference normalises them).
// MD6 accepts several digest sizes; every one starts with 32 hex digits, which is what is checked.
const HASH_FORMATS: ReadonlyMap<string, RegExp> = new Map([
  ['MD5', /^[a-fA-F0-9]{32}$/],
  ['MD6', /^[a-fA-F0-9]{32}/],
  ['RIPEMD160', /^[a-fA-F0-9]{40}$/],
  ['SHA1', /^[a-fA-F0-9]{40}$/],
  ['SHA224', /^[a-fA-F0-9]{56}$/],
  ['SHA256', /^[a-fA-F0-9]{64}$/],
  ['SHA384', /^[a-fA-F0-9]{96}$/],
  ['SHA512', /^[a-fA-F0-9]{128}$/],
  ['SHA3224', /^[a-fA-F0-9]{56}$/],
  ['SHA3256', /^[a-fA-F0-9]{64}$/],
  ['SHA3384', /^[a-fA-F0-9]{96}$/],
  ['SHA3512', /^[a-fA-F0-9]{128}$/],
  ['SSDEEP', /^[a-zA-Z0-9/+:.]{1,128}$/],
  ['WHIRLPOOL', /^[a-fA-F0-9]{128}$/],
]);

/** First semantic error of a parsed pattern, or `undefined` when there is none. */
export function checkPatternSemantics(ast: PatternAst): { code: string; message: string } | undefined {
  return checkObservation(ast);
}

function checkObservation(e: ObservationExpression): { code: string; message: string } | undefined {
  switch (e.kind) {
    case 'observation':
      return checkComparison(e.comparison);
    case 'observation-binary':
      return checkObservation(e.left) ?? checkObservation(e.right);
    case 'within':
    case 'repeats':
    case 'start-stop':
      return checkObservation(e.expression);
  }
}

function checkComparison(e: ComparisonExpression): { code: string; message: string } | undefined {
  if (e.kind === 'comparison-binary') return checkComparison(e.left) ?? checkComparison(e.right);
  if (e.kind !== 'comparison' || e.value.kind !== 'string') return undefined;
  const steps = e.path.steps;
  const last = steps[steps.length - 1];
  if (last?.kind !== 'key' || !steps.some((s) => s.kind === 'key' && s.key === 'hashes')) return undefined;
  const format = HASH_FORMATS.get(last.key.toUpperCase().replaceAll('-', ''));
  if (format === undefined || format.test(e.value.value)) return undefined;
  return { code: ERR_PATTERN_INVALID_HASH.code, message: new ERR_PATTERN_INVALID_HASH(e.value.value, last.key).message };
}
