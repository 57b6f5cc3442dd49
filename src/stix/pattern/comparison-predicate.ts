/**
 * Per-value tests of one comparison (`path OP literal`), prepared once per pattern: literals
 * converted, regular expressions compiled for the linear-time engine.
 */
import type { Comparison } from './ast.js';
import { type Prefix, parsePrefix, prefixContains } from './cidr.js';
import { ERR_PATTERN_MATCH_TOO_COMPLEX } from './errors.js';
import { MatchFailure } from './match-failure.js';
import { compileRegex, type RegexProgram } from './regex/compile-regex.js';
import { regexSearch } from './regex/regex-search.js';
import { compareValue, equalsValue, inSet, invalid, latin1Bytes, runtimeLiteral, runtimeSet } from './values.js';

/** Test of one selected value; `NOT` is applied by the caller. */
export type ValuePredicate = (value: unknown) => boolean;

/** Bounds on LIKE / MATCHES: compiled program size and steps of one search. */
export interface RegexLimits {
  readonly maxRegexInstructions: number;
  readonly maxRegexSteps: number;
}

function stringOperand(c: Comparison): string {
  if (c.value.kind !== 'string') invalid(`${c.operator} needs a string literal`);
  return c.value.value;
}

function compiled(source: string, maxInstructions: number): RegexProgram {
  const r = compileRegex(source, maxInstructions);
  if (!r.ok) throw new MatchFailure(r.error.code, r.error.message);
  return r.program;
}

// LIKE: `%` any run, `_` one character, anchored at both ends, as the reference turns it into a
// Python regex (so neither wildcard crosses a newline, and a final newline is allowed).
function likeToRegex(like: string): string {
  let out = '^';
  for (const ch of like) {
    if (ch === '%') out += '.*';
    else if (ch === '_') out += '.';
    else out += /^[\p{L}\p{N}]$/u.test(ch) ? ch : `\\U${(ch.codePointAt(0) as number).toString(16).padStart(8, '0')}`;
  }
  return `${out}$`;
}

// Text is NFC-normalised before LIKE and MATCHES; bytes are matched when the expression is all below 256.
function textOrBytesSearch(program: RegexProgram, operandIsByteCompatible: boolean, maxSteps: number): ValuePredicate {
  const search = (input: string | Uint8Array): boolean => {
    const r = regexSearch(program, input, maxSteps);
    if (r.exhausted) throw new MatchFailure(ERR_PATTERN_MATCH_TOO_COMPLEX.code, new ERR_PATTERN_MATCH_TOO_COMPLEX(String(maxSteps)).message);
    return r.matched;
  };
  return (v) => {
    if (typeof v === 'string') return search(v.normalize('NFC'));
    if (v instanceof Uint8Array) return operandIsByteCompatible && search(v);
    return false;
  };
}

function ipPredicate(c: Comparison, superset: boolean): ValuePredicate {
  const operand = stringOperand(c);
  const parse = (s: string): Prefix => parsePrefix(s) ?? invalid(`invalid IP address or CIDR subnet: ${s}`);
  // Parsed at first use: like the reference, a bad operand is an error only once a value is tested.
  let fixed: Prefix | undefined;
  return (v) => {
    if (typeof v !== 'string') return false;
    fixed ??= parse(operand);
    const observed = parse(v);
    return superset ? prefixContains(observed, fixed) : prefixContains(fixed, observed);
  };
}

/** Builds the per-value test of a comparison; throws a match failure for literals the semantics refuse. */
export function comparisonPredicate(c: Comparison, limits: RegexLimits): ValuePredicate {
  switch (c.operator) {
    case '=':
    case '!=': {
      if (c.value.kind === 'set') invalid('= needs a literal');
      const lit = runtimeLiteral(c.value);
      return c.operator === '=' ? (v) => equalsValue(v, lit) : (v) => !equalsValue(v, lit);
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (c.value.kind === 'set') invalid(`${c.operator} needs a literal`);
      const lit = runtimeLiteral(c.value);
      const op = c.operator;
      return (v) => {
        const r = compareValue(v, lit);
        if (r === undefined) return false;
        return op === '<' ? r < 0 : op === '<=' ? r <= 0 : op === '>' ? r > 0 : r >= 0;
      };
    }
    case 'IN': {
      if (c.value.kind !== 'set') invalid('IN needs a set literal');
      const set = runtimeSet(c.value.values, () => JSON.stringify(c.value));
      return (v) => inSet(v, set);
    }
    case 'LIKE': {
      const like = stringOperand(c).normalize('NFC');
      return textOrBytesSearch(compiled(likeToRegex(like), limits.maxRegexInstructions), latin1Bytes(like) !== undefined, limits.maxRegexSteps);
    }
    case 'MATCHES': {
      const program = compiled(stringOperand(c).normalize('NFC'), limits.maxRegexInstructions);
      return textOrBytesSearch(program, program.byteCompatible, limits.maxRegexSteps);
    }
    case 'ISSUBSET':
      return ipPredicate(c, false);
    case 'ISSUPERSET':
      return ipPredicate(c, true);
  }
}
