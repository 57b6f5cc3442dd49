/**
 * Applying and inspecting schema migrations with Kysely's `Migrator` over the list the parts
 * declare (`migration-list.ts`). Kysely never throws from its migrator; these wrappers turn a failure into
 * {@link ERR_STORAGE_MIGRATION_FAILED} naming the migration.
 */
import { Migrator, NO_MIGRATIONS, type Kysely, type MigrationResultSet } from 'kysely';
import { ERR_STORAGE_MIGRATION_FAILED, ERR_STORAGE_UNKNOWN_MIGRATION } from './errors.js';
import type { MigrationList } from './migration-list.js';

/** One migration applied or reverted. */
export interface MigrationStep {
  readonly name: string;
  readonly direction: 'up' | 'down';
}

/** Whether one known migration has been applied. */
export interface MigrationState {
  readonly name: string;
  /** When it was applied (epoch ms), or undefined when pending. */
  readonly appliedAt: number | undefined;
}

/** Where the migrations come from and where Kysely keeps its bookkeeping tables. */
export interface MigrateOptions {
  /** Every migration, keyed by name (`migrationList` assembles the parts'); tests pass their own lists. */
  readonly migrations: MigrationList;
  /**
   * Schema for `kysely_migration` (PostgreSQL). Give the schema the tables live in: without it
   * Kysely looks for its table in every schema and could find another schema's.
   */
  readonly schema?: string | undefined;
  /** Target: a migration name, its number (`0001`), or `none` to revert everything. */
  readonly to?: string | undefined;
}

function migrator<DB>(db: Kysely<DB>, options: MigrateOptions): Migrator {
  const migrations = options.migrations;
  return new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve({ ...migrations }) },
    ...(options.schema === undefined ? {} : { migrationTableSchema: options.schema }),
  });
}

function steps(set: MigrationResultSet): MigrationStep[] {
  if (set.error !== undefined) {
    const failed = set.results?.find((r) => r.status === 'Error')?.migrationName ?? '(setup)';
    const e = set.error as { message?: unknown };
    throw new ERR_STORAGE_MIGRATION_FAILED(failed, typeof e.message === 'string' ? e.message : String(set.error), { cause: set.error });
  }
  return (set.results ?? []).map((r) => ({ name: r.migrationName, direction: r.direction === 'Up' ? 'up' : 'down' }));
}

/** Resolves `none`, a full name or a four-digit number to a migration name. */
export function resolveMigrationTarget(target: string, names: readonly string[]): string | typeof NO_MIGRATIONS {
  if (target === 'none') return NO_MIGRATIONS;
  const found = names.find((n) => n === target) ?? names.find((n) => n.startsWith(`${target}-`));
  if (found === undefined) throw new ERR_STORAGE_UNKNOWN_MIGRATION(JSON.stringify(target), ['none', ...names].join(', '));
  return found;
}

/**
 * Applies pending migrations (or moves to `options.to`, up or down) and returns what ran, in
 * order. Running it again when nothing is pending returns an empty list.
 *
 * @throws {@link ERR_STORAGE_MIGRATION_FAILED}; the failed migration's own changes are rolled back.
 */
export async function migrate<DB>(db: Kysely<DB>, options: MigrateOptions): Promise<MigrationStep[]> {
  const m = migrator(db, options);
  if (options.to === undefined) return steps(await m.migrateToLatest());
  const names = Object.keys(options.migrations).sort();
  return steps(await m.migrateTo(resolveMigrationTarget(options.to, names)));
}

/** Lists every known migration with when it was applied. */
export async function migrationStatus<DB>(db: Kysely<DB>, options: MigrateOptions): Promise<MigrationState[]> {
  const infos = await migrator(db, options).getMigrations();
  return infos.map((i) => ({ name: i.name, appliedAt: i.executedAt?.getTime() }));
}
