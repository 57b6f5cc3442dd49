/**
 * Search for a binding of observations to the observation expressions of a pattern (STIX 2.1
 * §9.6–9.7): AND binds distinct observations, OR either side, FOLLOWEDBY an ordered pair, REPEATS
 * n distinct bindings, WITHIN and START/STOP bound their timestamps.
 *
 * Bindings are enumerated lazily in the reference matcher's order (left before right, index
 * combinations in lexicographic order), so the first one found is the one it reports. Time
 * qualifiers are monotone — a binding that fails one fails with more observations too — so they
 * prune partial combinations early. A step budget stops combinatorial searches.
 */
import type { ObservationExpression, ObservationSimple } from './ast.js';
import { ERR_PATTERN_MATCH_TOO_COMPLEX } from './errors.js';
import { MatchFailure } from './match-failure.js';
import { secondsToNanos } from './timestamp.js';
import { runtimeLiteral } from './values.js';

/** Observation indices bound to the pattern's observation expressions (order irrelevant). */
export type Binding = readonly number[];

/** What the search needs: observations' time intervals, each leaf's matching observations, a budget. */
export interface BindingSearch {
  readonly first: readonly bigint[];
  readonly last: readonly bigint[];
  readonly leaves: ReadonlyMap<ObservationSimple, readonly number[]>;
  readonly maxSteps: number;
  steps: number;
}

type Constraint = (b: Binding) => boolean;

class LazyList<T> {
  private readonly items: T[] = [];
  private done = false;

  constructor(private readonly source: Iterator<T>) {}

  at(i: number): T | undefined {
    while (!this.done && this.items.length <= i) {
      const r = this.source.next();
      if (r.done === true) this.done = true;
      else this.items.push(r.value);
    }
    return this.items[i];
  }

  /** The number of items, once the source is exhausted. */
  knownLength(): number | undefined {
    return this.done ? this.items.length : undefined;
  }
}

// The budget counts elementary work (observations touched), so it bounds wall time too.
function tick(s: BindingSearch, cost = 1): void {
  s.steps += cost;
  if (s.steps > s.maxSteps) throw new MatchFailure(ERR_PATTERN_MATCH_TOO_COMPLEX.code, new ERR_PATTERN_MATCH_TOO_COMPLEX(String(s.maxSteps)).message);
}

function disjoint(a: Binding, b: Binding): boolean {
  if (a.length * b.length <= 64) return !a.some((x) => b.includes(x));
  const set = new Set(a);
  return !b.some((x) => set.has(x));
}

function withinConstraint(s: BindingSearch, nanos: bigint): Constraint {
  // Some window of the given length touches every [first, last] interval iff max(first) <= min(last) + d.
  return (b) => {
    let maxFirst: bigint | undefined;
    let minLast: bigint | undefined;
    for (const o of b) {
      const f = s.first[o] as bigint;
      const l = s.last[o] as bigint;
      if (maxFirst === undefined || f > maxFirst) maxFirst = f;
      if (minLast === undefined || l < minLast) minLast = l;
    }
    return maxFirst === undefined || minLast === undefined || maxFirst <= minLast + nanos;
  };
}

function startStopConstraint(s: BindingSearch, start: bigint, stop: bigint): Constraint {
  // Each observation interval must meet [start, stop): it may touch start but not only stop.
  if (!(start < stop)) return () => false;
  return (b) => b.every((o) => (s.first[o] as bigint) < stop && (s.last[o] as bigint) >= start);
}

/** Enumerates the bindings of `e` that satisfy `constraint`, in the reference matcher's order. */
export function* enumerateBindings(e: ObservationExpression, s: BindingSearch, constraint: Constraint): Generator<Binding> {
  switch (e.kind) {
    case 'observation':
      for (const o of s.leaves.get(e) ?? []) {
        tick(s);
        if (constraint([o])) yield [o];
      }
      return;
    case 'within': {
      const inner = withinConstraint(s, secondsToNanos(e.secondsText));
      yield* passThrough(
        enumerateBindings(e.expression, s, (b) => inner(b) && constraint(b)),
        s,
      );
      return;
    }
    case 'start-stop': {
      const inner = startStopConstraint(s, runtimeLiteral(e.start).v as bigint, runtimeLiteral(e.stop).v as bigint);
      yield* passThrough(
        enumerateBindings(e.expression, s, (b) => inner(b) && constraint(b)),
        s,
      );
      return;
    }
    case 'repeats':
      if (e.times === 1) yield* passThrough(enumerateBindings(e.expression, s, constraint), s);
      else yield* combinations(new LazyList(enumerateBindings(e.expression, s, constraint)), e.times, s, constraint);
      return;
    case 'observation-binary':
      if (e.operator === 'or') {
        yield* passThrough(enumerateBindings(e.left, s, constraint), s);
        yield* passThrough(enumerateBindings(e.right, s, constraint), s);
        return;
      }
      yield* joined(e.operator, e.left, e.right, s, constraint);
  }
}

// Each level a binding passes through is charged, so deep chains of OR cannot outrun the budget.
function* passThrough(source: Iterable<Binding>, s: BindingSearch): Generator<Binding> {
  for (const b of source) {
    tick(s);
    yield b;
  }
}

function* joined(op: 'and' | 'followedby', left: ObservationExpression, right: ObservationExpression, s: BindingSearch, constraint: Constraint): Generator<Binding> {
  const rights = new LazyList(enumerateBindings(right, s, constraint));
  for (const l of enumerateBindings(left, s, constraint)) {
    // FOLLOWEDBY: the optimistic choice — earliest times on the left, latest on the right.
    const latestLeftFirst = l.reduce<bigint | undefined>((m, o) => (m === undefined || (s.first[o] as bigint) > m ? (s.first[o] as bigint) : m), undefined);
    for (let j = 0; ; j++) {
      const r = rights.at(j);
      if (r === undefined) break;
      tick(s, l.length + r.length);
      if (!disjoint(l, r)) continue;
      if (op === 'followedby' && latestLeftFirst !== undefined && !r.every((o) => latestLeftFirst <= (s.last[o] as bigint))) continue;
      const both = [...l, ...r];
      if (constraint(both)) yield both;
    }
  }
}

// Size-n combinations of pairwise disjoint bindings, indices increasing, in lexicographic order:
// an explicit stack instead of recursion, so REPEATS 1000 needs neither deep frames nor copies.
function* combinations(items: LazyList<Binding>, n: number, s: BindingSearch, constraint: Constraint): Generator<Binding> {
  const chosen: number[] = [];
  const sizes: number[] = [];
  const union: number[] = [];
  const used = new Set<number>();
  let j = 0;
  for (;;) {
    const b = items.at(j);
    const total = items.knownLength();
    // Too few bindings left to complete the combination: backtrack at once.
    if (b === undefined || (total !== undefined && total - j < n - chosen.length)) {
      const last = chosen.pop();
      if (last === undefined) return;
      for (const o of union.splice(union.length - (sizes.pop() as number))) used.delete(o);
      j = last + 1;
      continue;
    }
    tick(s, b.length + union.length);
    if (!b.some((o) => used.has(o))) {
      union.push(...b);
      if (constraint(union)) {
        if (chosen.length + 1 === n) yield [...union];
        else {
          chosen.push(j);
          sizes.push(b.length);
          for (const o of b) used.add(o);
          j++;
          continue;
        }
      }
      union.length -= b.length;
    }
    j++;
  }
}
