/**
 * Result parsing for PostgreSQL so rows look the same as SQLite's: `int8` (bigint columns,
 * `count(*)`) and `numeric` (`sum()` of bigints) arrive as JS numbers. node-postgres returns them
 * as strings by default because they may exceed 2^53; here a value is a number whenever that is
 * exact, and a `bigint` only beyond `Number.MAX_SAFE_INTEGER` — which epoch milliseconds and
 * realistic counters never reach — so no value is ever silently rounded.
 *
 * The parsers are given to each pool (the `types` option), never set on pg's global registry.
 */
import pg from 'pg';

/** PostgreSQL type OIDs handled here (`select oid, typname from pg_type`). */
const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** Parses int8 text: a number when it is a safe integer, else a bigint. */
export function parseInt8(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

/**
 * Parses numeric text: integers as {@link parseInt8}; fractions as the nearest double, which is
 * what SQLite's REAL gives for the same query. `NaN` and infinities pass through as numbers.
 */
export function parseNumeric(text: string): number | bigint {
  if (/^-?\d+$/.test(text)) return parseInt8(text);
  return Number(text);
}

/** The `types` option for `pg.Pool`: the parsers above, pg's defaults for everything else. */
export const postgresTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary') {
      if (oid === INT8_OID) return parseInt8;
      if (oid === NUMERIC_OID) return parseNumeric;
    }
    return pg.types.getTypeParser(oid, format ?? 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};
