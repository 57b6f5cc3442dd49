/**
 * Comparison of observed JSON values with pattern literals, with the OASIS reference matcher's
 * semantics: numbers compare across int and float, binary compares with text whose characters are
 * all below 256 (as bytes), timestamps compare with timestamp-shaped strings, and comparisons of
 * unrelated types are false (so `!=` is true).
 */
import type { Literal } from './ast.js';
import { ERR_PATTERN_MATCH_INVALID } from './errors.js';
import { MatchFailure } from './match-failure.js';
import { parseTimestamp } from './timestamp.js';

/** A literal ready for comparison; timestamps as epoch nanoseconds. */
export type RuntimeLiteral =
  | { readonly t: 'number'; readonly v: number; readonly int: boolean }
  | { readonly t: 'string'; readonly v: string }
  | { readonly t: 'bool'; readonly v: boolean }
  | { readonly t: 'bytes'; readonly v: Uint8Array }
  | { readonly t: 'timestamp'; readonly v: bigint };

/** Throws a coded match failure. */
export function invalid(message: string): never {
  throw new MatchFailure(ERR_PATTERN_MATCH_INVALID.code, new ERR_PATTERN_MATCH_INVALID(message).message);
}

/** Converts a parsed literal; a timestamp with an impossible date is a match-time error. */
export function runtimeLiteral(l: Literal): RuntimeLiteral {
  switch (l.kind) {
    case 'int':
      return { t: 'number', v: l.value, int: true };
    case 'float':
      return { t: 'number', v: l.value, int: false };
    case 'string':
      return { t: 'string', v: l.value };
    case 'bool':
      return { t: 'bool', v: l.value };
    case 'bytes':
      return { t: 'bytes', v: l.value };
    case 'timestamp': {
      const v = parseTimestamp(l.text);
      if (v === undefined) invalid(`invalid timestamp literal: ${l.text}`);
      return { t: 'timestamp', v };
    }
  }
}

// With a timestamp literal, a JSON string is read as a timestamp; a malformed one is an error.
function coerce(value: unknown, lit: RuntimeLiteral): unknown {
  if (lit.t !== 'timestamp' || typeof value !== 'string') return value;
  const ts = parseTimestamp(value);
  if (ts === undefined) invalid(`invalid timestamp in JSON: ${value}`);
  return ts;
}

/** Text as bytes when every character is below 256 (STIX 2.1 §9.5), else `undefined`. */
export function latin1Bytes(s: string): Uint8Array | undefined {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (c > 255) return undefined;
    out.push(c);
  }
  return Uint8Array.from(out);
}

function compareSeq(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Code-point order of two strings (JavaScript's `<` orders UTF-16 units instead). */
export function compareCodePoints(a: string, b: string): number {
  return compareSeq(
    Array.from(a, (c) => c.codePointAt(0) as number),
    Array.from(b, (c) => c.codePointAt(0) as number),
  );
}

function cmp(a: number | bigint, b: number | bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Ordering of an observed value against a literal, or `undefined` when the types do not compare. */
export function compareValue(raw: unknown, lit: RuntimeLiteral): number | undefined {
  const value = coerce(raw, lit);
  switch (lit.t) {
    case 'number':
      return typeof value === 'number' ? cmp(value, lit.v) : undefined;
    case 'timestamp':
      return typeof value === 'bigint' ? cmp(value, lit.v) : undefined;
    case 'bool':
      return undefined;
    case 'string': {
      if (typeof value === 'string') return compareCodePoints(value, lit.v);
      const asBytes = value instanceof Uint8Array ? latin1Bytes(lit.v) : undefined;
      return value instanceof Uint8Array && asBytes !== undefined ? compareSeq(value, asBytes) : undefined;
    }
    case 'bytes': {
      if (value instanceof Uint8Array) return compareSeq(value, lit.v);
      const asBytes = typeof value === 'string' ? latin1Bytes(value) : undefined;
      return asBytes === undefined ? undefined : compareSeq(asBytes, lit.v);
    }
  }
}

/** Equality of an observed value and a literal (`=`); unrelated types are unequal. */
export function equalsValue(raw: unknown, lit: RuntimeLiteral): boolean {
  if (lit.t === 'bool') return coerce(raw, lit) === lit.v;
  return compareValue(raw, lit) === 0;
}

/** Type names for the homogeneity rule of set literals: ints and floats may mix. */
function setType(l: RuntimeLiteral): string {
  return l.t === 'number' ? 'number' : l.t;
}

/** Checks a set literal is homogeneous (the reference refuses `(1, true)`), then converts it. */
export function runtimeSet(values: readonly Literal[], text: () => string): readonly RuntimeLiteral[] {
  const out = values.map(runtimeLiteral);
  const first = out[0];
  if (first !== undefined && out.some((v) => setType(v) !== setType(first))) invalid(`nonhomogenous set: ${text()}`);
  return out;
}

// Python set membership: hashable values only; bool equals 0/1 like the ints it subclasses.
function memberEquals(value: unknown, lit: RuntimeLiteral): boolean {
  const numeric = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : undefined);
  if (lit.t === 'number' || lit.t === 'bool') {
    const a = numeric(value);
    return a !== undefined && a === Number(lit.v);
  }
  if (lit.t === 'string') return typeof value === 'string' && value === lit.v;
  if (lit.t === 'bytes') return value instanceof Uint8Array && compareSeq(value, lit.v) === 0;
  return typeof value === 'bigint' && value === lit.v;
}

/** IN: membership of an observed value in a (homogeneous) set literal. */
export function inSet(raw: unknown, set: readonly RuntimeLiteral[]): boolean {
  const first = set[0];
  if (first === undefined) return false;
  const value = coerce(raw, first);
  return set.some((lit) => memberEquals(value, lit));
}
