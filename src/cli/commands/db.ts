/**
 * `sakimori db migrate`: applies pending schema migrations (or moves to a given one) and shows
 * which are applied. Also home of {@link withStorage}, the composition root the registry commands
 * share: load the configuration, start storage, run, stop.
 */
import type { Command } from 'commander';
import { systemClock, type Clock } from '../../core/clock.js';
import { createLogger } from '../../core/logger.js';
import { createMetricsRegistry } from '../../core/metrics.js';
import { loggerOptions } from '../context.js';
import { loadConfig } from '../../config/load.js';
import { createStorage, type Storage } from '../../storage/storage.js';

/**
 * Loads the configuration named by the root `--config` option, starts storage, runs `fn` and
 * stops storage whatever happens. Logs go to stderr at `warn` unless the configuration asks for
 * `debug` or `trace`, so command output on stdout stays clean.
 */
export async function withStorage<T>(program: Command, options: { readonly migrateOnStart?: boolean }, fn: (storage: Storage, clock: Clock) => Promise<T>): Promise<T> {
  const config = loadConfig({ file: program.opts<{ config?: string }>().config });
  const level = config.log.level === 'debug' || config.log.level === 'trace' || config.log.level === 'silent' ? config.log.level : 'warn';
  const deps = { clock: systemClock, logger: createLogger(loggerOptions(program, config, level)), metrics: createMetricsRegistry() };
  const storage = createStorage(
    { ...config.storage, dataDir: config.dataDir, migrateOnStart: options.migrateOnStart ?? config.storage.migrateOnStart, poolSize: Math.min(config.storage.poolSize, 2) },
    deps,
  );
  await storage.start();
  try {
    return await fn(storage, deps.clock);
  } finally {
    await storage.stop();
  }
}

/** Writes `value` as indented JSON, for `--json`. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

interface MigrateFlags {
  readonly to?: string;
  readonly status?: boolean;
  readonly json?: boolean;
}

/** Registers `sakimori db` and its subcommands. */
export function registerDb(program: Command): void {
  const db = program.command('db').description('database administration');
  db.command('migrate')
    .description('apply pending schema migrations (what `serve` does at start when storage.migrateOnStart is true)')
    .option('--to <migration>', 'move to this migration instead of the latest: a name, its number (0001), or "none" to revert all')
    .option('--status', 'only list migrations and whether they are applied')
    .option('--json', 'machine-readable output')
    .action(async (flags: MigrateFlags) => {
      await withStorage(program, { migrateOnStart: false }, async (storage) => {
        if (flags.status === true) {
          const status = await storage.migrationStatus();
          if (flags.json === true) return printJson({ location: storage.location, migrations: status });
          for (const m of status) {
            process.stdout.write(`${m.name.padEnd(32)} ${m.appliedAt === undefined ? 'pending' : `applied ${new Date(m.appliedAt).toISOString()}`}\n`);
          }
          return;
        }
        const steps = await storage.migrate({ to: flags.to });
        if (flags.json === true) return printJson({ location: storage.location, steps });
        if (steps.length === 0) process.stdout.write(`${storage.location}: nothing to migrate\n`);
        for (const s of steps) process.stdout.write(`${s.direction === 'up' ? 'applied' : 'reverted'} ${s.name}\n`);
      });
    });
}
