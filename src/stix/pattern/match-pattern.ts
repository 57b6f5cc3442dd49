/**
 * Matching of a STIX 2.1 pattern against observed data, with the OASIS reference matcher's
 * semantics and its choice of which observed-data SDOs to report.
 */
import type { ObservationExpression, ObservationSimple, PatternAst } from './ast.js';
import { type Binding, type BindingSearch, enumerateBindings } from './bindings.js';
import { evaluateComparison } from './evaluate-comparison.js';
import { MatchFailure } from './match-failure.js';
import { collectObservedData, type ObservedData } from './observations.js';
import { type ParseOptions, parsePattern } from './parser.js';
import { DEFAULT_MAX_REGEX_INSTRUCTIONS } from './regex/compile-regex.js';
import { invalid, runtimeLiteral } from './values.js';

/** Limits of one match; defaults in {@link DEFAULT_MATCH_OPTIONS}. */
export interface MatchOptions {
  /** Largest number of binding steps before the match gives up with a coded error. */
  readonly maxSteps: number;
  /** Largest sum of `number_observed` over the input. */
  readonly maxObservations: number;
  /** Largest compiled MATCHES / LIKE program. */
  readonly maxRegexInstructions: number;
  /** Most steps of one MATCHES / LIKE search (program size × input length bounds it anyway). */
  readonly maxRegexSteps: number;
  /** Parse options when the pattern is given as text. */
  readonly parse: Partial<ParseOptions>;
}

/** Default match limits. */
export const DEFAULT_MATCH_OPTIONS: MatchOptions = Object.freeze({
  maxSteps: 2_000_000,
  maxObservations: 100_000,
  maxRegexInstructions: DEFAULT_MAX_REGEX_INSTRUCTIONS,
  maxRegexSteps: 50_000_000,
  parse: {},
});

/** Result of {@link matchPattern}. */
export type MatchResult =
  | {
      readonly ok: true;
      readonly matched: boolean;
      /** The observed-data SDOs of the first binding found, in input order (empty when not matched). */
      readonly observedData: readonly Readonly<Record<string, unknown>>[];
      /** Their ids (SDOs without an id, in the embedded form, are left out). */
      readonly observedDataIds: readonly string[];
    }
  | { readonly ok: false; readonly error: { readonly code: string; readonly message: string } };

/**
 * Matches a pattern (text or parsed) against STIX 2.1 bundles and/or bare observed-data SDOs.
 * Returns a coded error, never throws, for invalid patterns or data and for searches over budget.
 *
 * @example
 * ```ts
 * const r = matchPattern("[ipv4-addr:value = '198.51.100.1']", [bundle]);
 * if (r.ok && r.matched) console.log(r.observedDataIds); // ['observed-data--…']
 * ```
 */
export function matchPattern(pattern: PatternAst | string, observed: readonly unknown[], options: Partial<MatchOptions> = {}): MatchResult {
  const opts: MatchOptions = { ...DEFAULT_MATCH_OPTIONS, ...options };
  let ast: PatternAst;
  if (typeof pattern === 'string') {
    const parsed = parsePattern(pattern, opts.parse);
    if (!parsed.ok) return { ok: false, error: { code: parsed.error.code, message: `${parsed.error.line}:${parsed.error.column}: ${parsed.error.message}` } };
    ast = parsed.ast;
  } else {
    ast = pattern;
  }
  try {
    return run(ast, collectObservedData(observed, opts.maxObservations), opts);
  } catch (e) {
    if (e instanceof MatchFailure) return { ok: false, error: { code: e.code, message: e.message } };
    throw e;
  }
}

function run(ast: PatternAst, data: readonly ObservedData[], opts: MatchOptions): MatchResult {
  // Each SDO stands for number_observed observations, with consecutive indices.
  const first: bigint[] = [];
  const last: bigint[] = [];
  const sdoOf: number[] = [];
  const base: number[] = [];
  data.forEach((od, i) => {
    base.push(first.length);
    for (let k = 0; k < od.numberObserved; k++) {
      first.push(od.firstObserved);
      last.push(od.lastObserved);
      sdoOf.push(i);
    }
  });
  const leaves = new Map<ObservationSimple, readonly number[]>();
  // Every comparison and qualifier is checked up front, as the reference does, before any search.
  prepare(ast, (leaf) => {
    const obs: number[] = [];
    for (const sdo of evaluateComparison(leaf.comparison, data, opts).keys()) {
      for (let k = 0; k < (data[sdo] as ObservedData).numberObserved; k++) obs.push((base[sdo] as number) + k);
    }
    leaves.set(leaf, obs);
  });
  const search: BindingSearch = { first, last, leaves, maxSteps: opts.maxSteps, steps: 0 };
  const found: Binding | undefined = enumerateBindings(ast, search, () => true).next().value ?? undefined;
  if (found === undefined) return { ok: true, matched: false, observedData: [], observedDataIds: [] };
  const sdos = [...new Set(found.map((o) => sdoOf[o] as number))].sort((a, b) => a - b).map((i) => data[i] as ObservedData);
  return { ok: true, matched: true, observedData: sdos.map((od) => od.sdo), observedDataIds: sdos.flatMap((od) => (od.id === undefined ? [] : [od.id])) };
}

function prepare(e: ObservationExpression, leaf: (o: ObservationSimple) => void): void {
  switch (e.kind) {
    case 'observation':
      leaf(e);
      return;
    case 'observation-binary':
      prepare(e.left, leaf);
      prepare(e.right, leaf);
      return;
    case 'within':
      prepare(e.expression, leaf);
      if (!(e.seconds > 0)) invalid(`WITHIN must be positive, got ${e.secondsText}`);
      return;
    case 'repeats':
      prepare(e.expression, leaf);
      if (!(e.times >= 1)) invalid(`REPEATS must be at least 1, got ${e.times}`);
      return;
    case 'start-stop':
      prepare(e.expression, leaf);
      runtimeLiteral(e.start);
      runtimeLiteral(e.stop);
      return;
  }
}
