/**
 * Coded errors of the STIX 2.1 patterning language: parsing, regular expressions and matching.
 *
 * Parsing and matching never throw on input; they return results whose `code` is one of these, so
 * callers can tell a malformed pattern from a hostile one (too long, too deep, too many repeats).
 */
import { defineError } from '../../core/errors.js';

/** The pattern does not follow the STIX 2.1 grammar. */
export const ERR_PATTERN_SYNTAX = defineError('SAKIMORI_ERR_STIX_PATTERN_SYNTAX', 'pattern syntax error at %s: %s', 400);
/** The pattern is longer than the configured limit. */
export const ERR_PATTERN_TOO_LONG = defineError('SAKIMORI_ERR_STIX_PATTERN_TOO_LONG', 'pattern is %s characters long, more than the limit of %s', 400);
/** Parentheses and brackets nest deeper than the configured limit. */
export const ERR_PATTERN_TOO_DEEP = defineError('SAKIMORI_ERR_STIX_PATTERN_TOO_DEEP', 'pattern nests deeper than the limit of %s', 400);
/** The pattern has more AND / OR / FOLLOWEDBY operators than the configured limit. */
export const ERR_PATTERN_TOO_MANY_OPERATORS = defineError('SAKIMORI_ERR_STIX_PATTERN_TOO_MANY_OPERATORS', 'pattern has more than %s AND, OR and FOLLOWEDBY operators', 400);
/** A REPEATS count is outside 1…limit. */
export const ERR_PATTERN_REPEATS_LIMIT = defineError('SAKIMORI_ERR_STIX_PATTERN_REPEATS_LIMIT', 'REPEATS %s TIMES is outside the allowed range 1 to %s', 400);
/** The same qualifier kind is applied twice directly to one observation expression. */
export const ERR_PATTERN_DUPLICATE_QUALIFIER = defineError('SAKIMORI_ERR_STIX_PATTERN_DUPLICATE_QUALIFIER', 'duplicate qualifier %s on one observation expression', 400);
/** A `hashes.<algorithm>` comparison has a value that is not a hash of that algorithm. */
export const ERR_PATTERN_INVALID_HASH = defineError('SAKIMORI_ERR_STIX_PATTERN_INVALID_HASH', "'%s' is not a valid %s hash", 400);
/** A MATCHES regular expression is malformed. */
export const ERR_PATTERN_REGEX_SYNTAX = defineError('SAKIMORI_ERR_STIX_PATTERN_REGEX_SYNTAX', 'regular expression error at offset %s: %s', 400);
/** A MATCHES regular expression uses a feature that cannot run in linear time (backreference, lookaround…). */
export const ERR_PATTERN_REGEX_UNSUPPORTED = defineError('SAKIMORI_ERR_STIX_PATTERN_REGEX_UNSUPPORTED', 'regular expression feature not supported (not linear-time): %s', 400);
/** A MATCHES regular expression compiles to more instructions than the limit. */
export const ERR_PATTERN_REGEX_TOO_LARGE = defineError('SAKIMORI_ERR_STIX_PATTERN_REGEX_TOO_LARGE', 'regular expression compiles to more than %s instructions', 400);
/** Matching failed on the data or on a value the grammar admits but the semantics refuse. */
export const ERR_PATTERN_MATCH_INVALID = defineError('SAKIMORI_ERR_STIX_PATTERN_MATCH_INVALID', 'pattern cannot be matched: %s', 400);
/** Matching needed more steps than its budget (a combinatorial pattern over many observations). */
export const ERR_PATTERN_MATCH_TOO_COMPLEX = defineError('SAKIMORI_ERR_STIX_PATTERN_MATCH_TOO_COMPLEX', 'matching needed more than %s steps', 422);
