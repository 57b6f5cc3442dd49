/**
 * Syntax tree of the regular expressions accepted by MATCHES: the subset of Python's `re` syntax
 * that a finite automaton can run in linear time.
 */

/** A class escape: `\d`, `\w`, `\s` and their negations. */
export type ClassEscape = 'd' | 'D' | 'w' | 'W' | 's' | 'S';

/** What one input character is tested against. */
export type CharMatcher =
  | { readonly kind: 'any' }
  | {
      readonly kind: 'set';
      readonly negated: boolean;
      /** Inclusive code point ranges. */
      readonly ranges: readonly (readonly [number, number])[];
      readonly classes: readonly ClassEscape[];
    };

/** Zero-width assertions. */
export type Assertion =
  | 'line-start'
  | 'line-end'
  | 'text-start'
  | 'text-end'
  /** Python's `$` without MULTILINE: at the end, or before a newline that ends the text. */
  | 'end-or-final-newline'
  | 'word-boundary'
  | 'not-word-boundary';

/** A regular expression node. Groups leave no node of their own: nothing is captured. */
export type RegexNode =
  | { readonly kind: 'empty' }
  | { readonly kind: 'char'; readonly matcher: CharMatcher }
  | { readonly kind: 'concat'; readonly items: readonly RegexNode[] }
  | { readonly kind: 'alternation'; readonly options: readonly RegexNode[] }
  | { readonly kind: 'repeat'; readonly node: RegexNode; readonly min: number; readonly max: number; readonly greedy: boolean }
  | { readonly kind: 'assert'; readonly assertion: Assertion };

/** Global flags, from a leading `(?…)` group. */
export interface RegexFlags {
  /** `i`: case-insensitive. */
  readonly ignoreCase: boolean;
  /** `s`: `.` matches a newline too. */
  readonly dotAll: boolean;
  /** `m`: `^` and `$` match at line breaks. */
  readonly multiline: boolean;
  /** `a`: `\d \w \s` are ASCII-only (always so when matching bytes). */
  readonly ascii: boolean;
}

/** A parsed regular expression. */
export interface ParsedRegex {
  readonly root: RegexNode;
  readonly flags: RegexFlags;
}
