/**
 * STIX 2.1 patterning language: parser, linear-time regular expressions for MATCHES, and matcher.
 *
 * @example
 * ```ts
 * import { matchPattern, parsePattern } from './stix/pattern/index.js';
 * const parsed = parsePattern("[url:value MATCHES '^https?://evil\\\\.example/']");
 * if (parsed.ok) matchPattern(parsed.ast, bundles); // { ok: true, matched, observedDataIds }
 * ```
 */
export type * from './ast.js';
export {
  ERR_PATTERN_DUPLICATE_QUALIFIER,
  ERR_PATTERN_INVALID_HASH,
  ERR_PATTERN_MATCH_INVALID,
  ERR_PATTERN_MATCH_TOO_COMPLEX,
  ERR_PATTERN_REGEX_SYNTAX,
  ERR_PATTERN_REGEX_TOO_LARGE,
  ERR_PATTERN_REGEX_UNSUPPORTED,
  ERR_PATTERN_REPEATS_LIMIT,
  ERR_PATTERN_SYNTAX,
  ERR_PATTERN_TOO_DEEP,
  ERR_PATTERN_TOO_LONG,
  ERR_PATTERN_TOO_MANY_OPERATORS,
} from './errors.js';
export { DEFAULT_MATCH_OPTIONS, type MatchOptions, type MatchResult, matchPattern } from './match-pattern.js';
export { type NetworkComparison, type NetworkField, networkComparisons } from './network-comparisons.js';
export { DEFAULT_PARSE_OPTIONS, type ParseOptions, type ParseResult, type PatternError, parsePattern } from './parser.js';
export { type CompileRegexResult, compileRegex, DEFAULT_MAX_REGEX_INSTRUCTIONS, type RegexProgram } from './regex/compile-regex.js';
export { type RegexSearchResult, regexSearch } from './regex/regex-search.js';
export { parseTimestamp } from './timestamp.js';
