/**
 * The CLI's side of the parts' commands (`CommandKit` in `core/part.ts`): the composition root of
 * one command run — configuration named by the root `--config` option, storage over every part's
 * migrations, the program audit log — and the output helpers. Parts' commands receive it when the
 * program registers them, so they import nothing above their part.
 */
import type { Command } from 'commander';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { systemClock, type Clock } from '../core/clock.js';
import { createLogger } from '../core/logger.js';
import { createMetricsRegistry } from '../core/metrics.js';
import type { CommandKit } from '../core/part.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import type { AuditLog } from '../oversight/audit/audit-log.js';
import { createProgramAuditLog, loadAuditKeys, type AuditKeys } from '../oversight/audit/program-audit-log.js';
import { SqlAuditStore } from '../oversight/audit/store/sql/sql-audit-store.js';
import { operationsPart } from '../operations/part.js';
import type { Parts } from '../platform/parts.js';
import { PLATFORM_MIGRATIONS, PLATFORM_RETENTION_TARGETS } from '../platform/platform.js';
import { createStorage, type Storage } from '../storage/storage.js';
import { loggerOptions } from './context.js';

/** What a command that works on the database's audit log is given. */
export interface AuditRuntime {
  readonly config: Config;
  readonly storage: Storage;
  readonly log: AuditLog;
  readonly keys: AuditKeys;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Registry;
  /** Every part's retention targets (from the descriptors). */
  readonly retentionTargets: typeof PLATFORM_RETENTION_TARGETS;
  /** The transparency report's sections other parts compute (operations' descriptor). */
  readonly transparencySources: typeof operationsPart.transparency;
}

function rootOf(c: Command): Command {
  let r = c;
  while (r.parent !== null) r = r.parent;
  return r;
}

/**
 * The configuration and dependencies of a command run. Logs go to stderr at `warn` unless the
 * configuration asks for `debug`, `trace` or `silent`, so command output on stdout stays clean.
 */
function runContext(program: Command): { config: Config; deps: { clock: Clock; logger: Logger; metrics: Registry } } {
  const config = loadConfig({ file: rootOf(program).opts<{ config?: string }>().config });
  const level = config.log.level === 'debug' || config.log.level === 'trace' || config.log.level === 'silent' ? config.log.level : 'warn';
  return { config, deps: { clock: systemClock, logger: createLogger(loggerOptions(program, config, level)), metrics: createMetricsRegistry() } };
}

/** Loads the configuration, starts storage, runs `fn` and stops storage whatever happens. */
export async function withStorage<T>(program: Command, options: { readonly migrateOnStart?: boolean }, fn: (storage: Storage, clock: Clock) => Promise<T>): Promise<T> {
  const { config, deps } = runContext(program);
  const storage = createStorage(
    { ...config.storage, dataDir: config.dataDir, migrateOnStart: options.migrateOnStart ?? config.storage.migrateOnStart, poolSize: Math.min(config.storage.poolSize, 2) },
    { ...deps, migrations: PLATFORM_MIGRATIONS },
  );
  await storage.start();
  try {
    return await fn(storage, deps.clock);
  } finally {
    await storage.stop();
  }
}

/**
 * Composition root of the commands that use the audit log: starts storage and the audit log, runs
 * `fn`, and stops the log (signing a last checkpoint when it grew) and then the storage, whatever
 * happens.
 */
export async function withAuditRuntime<T>(program: Command, fn: (rt: AuditRuntime) => Promise<T>): Promise<T> {
  const { config, deps } = runContext(program);
  const storage = createStorage({ ...config.storage, dataDir: config.dataDir, poolSize: Math.min(config.storage.poolSize, 2) }, { ...deps, migrations: PLATFORM_MIGRATIONS });
  await storage.start();
  try {
    const keys = await loadAuditKeys(config);
    const log = createProgramAuditLog(config, { ...deps, store: new SqlAuditStore(storage.db), keys });
    await log.start();
    try {
      return await fn({ config, storage, log, keys, ...deps, retentionTargets: PLATFORM_RETENTION_TARGETS, transparencySources: operationsPart.transparency });
    } finally {
      await log.stop();
    }
  } finally {
    await storage.stop();
  }
}

/** Writes `value` as indented JSON, for `--json`. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Formats rows as a left-aligned table with a header; empty cells print as `-`. */
export function formatTable(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (c === null || c === undefined || c === '' ? '-' : String(c))))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n') + '\n';
}

/** What the CLI's commands run with. */
export type CliEnv = { readonly storage: Storage; readonly audit: AuditRuntime };

/** The kit every part's commands receive. */
export const COMMAND_KIT: CommandKit<CliEnv> = { withStorage, withAudit: withAuditRuntime, printJson, formatTable };

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/** The kit every part's commands declare they need, as one type. */
type KitsNeeded = UnionToIntersection<
  { [K in keyof Parts]: Parts[K] extends { readonly commands: readonly (infer F)[] } ? (F extends (program: Command, kit: infer Kit) => void ? Kit : never) : never }[number]
>;
// Compile-time proof that the CLI's kit gives every part's commands what they declare they need.
COMMAND_KIT satisfies KitsNeeded;
