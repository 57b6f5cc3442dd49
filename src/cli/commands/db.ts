/**
 * `sakimori db migrate`: applies pending schema migrations (or moves to a given one) and shows
 * which are applied.
 */
import type { Command } from 'commander';
import { printJson, withStorage } from '../command-kit.js';

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
