/**
 * The whole database schema as one Kysely type. Each part declares the row types of its tables in
 * its own `tables.ts` and merges them into {@link Database} (TypeScript declaration merging), so
 * storage names no part and every store still has one typed query builder over the whole schema.
 * The matching `CREATE TABLE` lives in a migration the part lists in its descriptor
 * (`core/part.ts`).
 *
 * @example
 * ```ts
 * // src/intel/tables.ts
 * export interface IntelTables { indicators: IndicatorsTable; sightings: SightingsTable }
 * declare module '../storage/database.js' {
 *   interface Database extends IntelTables {}
 * }
 * ```
 */
import type { Kysely } from 'kysely';

/** Every table Sakimori stores, keyed by table name; each part adds its own (see above). */
export interface Database {}

/** A Kysely instance (or transaction) over the Sakimori schema. */
export type Db = Kysely<Database>;
