/**
 * The production backend: a node-postgres pool. The schema used is the first one on the
 * connection's `search_path` (normally `public`); set another with the URL parameter
 * `options=-c search_path=<schema>`.
 */
import pg from 'pg';
import type { Logger } from 'pino';
import { ERR_STORAGE_UNREACHABLE } from '../errors.js';
import { redactUrl } from '../url.js';
import { SchemaScopedPostgresDialect } from './schema-introspector.js';
import { postgresTypes } from './type-parsers.js';

/** How long opening a connection may take before the database counts as unreachable. */
export const PG_CONNECT_TIMEOUT_MS = 5000;

/** A one-line reason; connection failures to several addresses are an AggregateError with no message. */
function reason(e: unknown): string {
  const err = e as { message?: unknown; code?: unknown };
  if (typeof err.message === 'string' && err.message !== '') return err.message;
  if (typeof err.code === 'string') return err.code;
  return String(e);
}

/** An opened PostgreSQL pool, checked to answer, ready to hand to Kysely. */
export interface PostgresBackend {
  readonly dialect: SchemaScopedPostgresDialect;
  /** Schema tables are created in (`current_schema()`). */
  readonly schema: string;
  readonly pool: pg.Pool;
}

/**
 * Creates a pool of at most `poolSize` connections and runs one query to prove the database
 * answers, so a wrong URL fails at start rather than at the first request.
 *
 * @throws {@link ERR_STORAGE_UNREACHABLE} naming the URL without its password.
 */
export async function openPostgres(url: string, poolSize: number, logger: Logger): Promise<PostgresBackend> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: postgresTypes, connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS });
  // An idle client losing its connection emits on the pool; without a listener Node would exit.
  pool.on('error', (err) => logger.warn({ err }, 'postgres: idle connection failed'));
  let schema: string | null;
  try {
    const r = await pool.query<{ schema: string | null }>('select current_schema() as schema');
    schema = r.rows[0]?.schema ?? null;
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new ERR_STORAGE_UNREACHABLE(redactUrl(url), reason(e), { cause: e });
  }
  if (schema === null) {
    await pool.end().catch(() => undefined);
    throw new ERR_STORAGE_UNREACHABLE(redactUrl(url), 'no schema on the search_path exists; create it first');
  }
  return { dialect: new SchemaScopedPostgresDialect({ pool }, schema), schema, pool };
}
