/**
 * The whole database schema as one Kysely type. Each part of the product declares its tables in
 * `src/storage/tables/<part>.ts` as an interface of row types and adds it to the `extends` list
 * below; the matching `CREATE TABLE` lives in a numbered migration (see `migrations/index.ts`).
 *
 * @example
 * ```ts
 * // src/storage/tables/attacks.ts
 * export interface AttacksTables { attacks: AttacksTable }
 * // here:
 * export interface Database extends RegistryTables, CollectorTables, AttacksTables {}
 * ```
 */
import type { Kysely } from 'kysely';
import type { CollectorTables } from './tables/collector.js';
import type { DetectionTables } from './tables/detection.js';
import type { IntelTables } from './tables/intel.js';
import type { OperationsTables } from './tables/operations.js';
import type { OversightTables } from './tables/oversight.js';
import type { RegistryTables } from './tables/registry.js';

/** Every table Sakimori stores, keyed by table name. */
export interface Database extends RegistryTables, CollectorTables, OperationsTables, OversightTables, IntelTables, DetectionTables {}

/** A Kysely instance (or transaction) over the Sakimori schema. */
export type Db = Kysely<Database>;
