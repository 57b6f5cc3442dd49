/**
 * The storage component: one Kysely instance over SQLite (embedded, the default) or PostgreSQL
 * (production), chosen by `storage.url`. Every store in the product is written once against
 * {@link Database} and runs on both.
 *
 * @example
 * ```ts
 * const storage = createStorage({ ...config.storage, dataDir: config.dataDir }, { ...deps, migrations: PLATFORM_MIGRATIONS });
 * await storage.start();               // opens, checks, applies migrations if migrateOnStart
 * const orgs = await storage.db.selectFrom('organizations').selectAll().execute();
 * await storage.stop();
 * ```
 */
import { Kysely, type LogEvent } from 'kysely';
import { Histogram, type Registry } from 'prom-client';
import type { BaseDeps, Component } from '../core/component.js';
import type { StorageConfig } from './config.js';
import type { Database } from './database.js';
import { ERR_STORAGE_NOT_STARTED } from './errors.js';
import { migrate, migrationStatus, type MigrationState, type MigrationStep } from './migrate.js';
import type { MigrationList } from './migration-list.js';
import { openPostgres } from './postgres/postgres-backend.js';
import { openSqlite } from './sqlite/sqlite-backend.js';
import { parseStorageUrl, redactUrl, type StorageDialect, type StorageTarget } from './url.js';

export type { StorageDialect } from './url.js';

/** Storage settings plus the data directory that relative SQLite paths live under. */
export type StorageOptions = StorageConfig & { readonly dataDir: string };

/** Dependencies of the storage component: the schema migrations of every part (`migrationList`). */
export interface StorageDeps extends BaseDeps {
  readonly migrations: MigrationList;
}

/** The started storage: the Kysely instance, which engine it runs on, and migrations. */
export interface Storage extends Component {
  /** Engine, known from the URL before start. */
  readonly dialect: StorageDialect;
  /** Where the data is, safe to print (`sqlite:/var/lib/sakimori/sakimori.db`, URL without password). */
  readonly location: string;
  /** PostgreSQL schema holding the tables (first on the search_path), once started; undefined for SQLite. */
  readonly schema: string | undefined;
  /** The query builder; throws {@link ERR_STORAGE_NOT_STARTED} outside start…stop. */
  readonly db: Kysely<Database>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Applies pending migrations, or moves to `to` (name, number or `none`); returns what ran. */
  migrate(options?: { readonly to?: string | undefined }): Promise<MigrationStep[]>;
  /** Every known migration and when it was applied. */
  migrationStatus(): Promise<MigrationState[]>;
}

const QUERY_METRIC = 'sakimori_storage_query_duration_seconds';

function queryHistogram(registry: Registry): Histogram<'dialect' | 'outcome'> {
  // Several storages may share one registry (tests, `db migrate` inside a server); register once.
  const existing = registry.getSingleMetric(QUERY_METRIC);
  if (existing !== undefined) return existing as Histogram<'dialect' | 'outcome'>;
  return new Histogram({
    name: QUERY_METRIC,
    help: 'Time spent in database queries',
    labelNames: ['dialect', 'outcome'],
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [registry],
  });
}

function locationOf(target: StorageTarget): string {
  return target.kind === 'sqlite' ? `sqlite:${target.path}` : redactUrl(target.url);
}

/**
 * Creates the storage component. The URL is checked here, so a bad setting fails before anything
 * starts; the database is opened, checked and (with `migrateOnStart`) migrated in `start()`.
 *
 * @throws {@link ERR_STORAGE_BAD_URL} for an unusable `storage.url`.
 */
export function createStorage(options: StorageOptions, deps: StorageDeps): Storage {
  const target = parseStorageUrl(options.url, options.dataDir);
  const dialect: StorageDialect = target.kind;
  const histogram = queryHistogram(deps.metrics);
  const logger = deps.logger.child({ component: 'storage' });
  let db: Kysely<Database> | undefined;
  let schema: string | undefined;
  let location = locationOf(target);

  const log = (event: LogEvent): void => {
    histogram.observe({ dialect, outcome: event.level === 'error' ? 'error' : 'ok' }, event.queryDurationMillis / 1000);
    // Constraint violations are expected (stores turn them into coded errors); keep them at debug.
    if (event.level === 'error') logger.debug({ err: event.error, sql: event.query.sql }, 'query failed');
  };

  const started = (): Kysely<Database> => {
    if (db === undefined) throw new ERR_STORAGE_NOT_STARTED();
    return db;
  };

  return {
    name: 'storage',
    dialect,
    get location() {
      return location;
    },
    get schema() {
      return schema;
    },
    get db() {
      return started();
    },
    async start() {
      if (db !== undefined) return;
      if (target.kind === 'sqlite') {
        const backend = openSqlite(target.path);
        location = `sqlite:${backend.path}`;
        db = new Kysely<Database>({ dialect: backend.dialect, log });
      } else {
        const backend = await openPostgres(target.url, options.poolSize, logger);
        schema = backend.schema;
        db = new Kysely<Database>({ dialect: backend.dialect, log });
      }
      logger.info({ dialect, location, schema }, 'storage opened');
      if (options.migrateOnStart) {
        try {
          await this.migrate();
        } catch (e) {
          await this.stop();
          throw e;
        }
      }
    },
    async stop() {
      const current = db;
      db = undefined;
      await current?.destroy();
    },
    async migrate(opts = {}) {
      const ran = await migrate(started(), { migrations: deps.migrations, schema, to: opts.to });
      for (const s of ran) logger.info({ migration: s.name, direction: s.direction }, 'migration applied');
      return ran;
    },
    async migrationStatus() {
      return migrationStatus(started(), { migrations: deps.migrations, schema });
    },
  };
}
