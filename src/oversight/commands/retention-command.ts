/**
 * `sakimori retention run [--dry-run] [--json]`: purges every registered table past its data
 * class's retention period (`oversight.retention.days`) and writes a deletion receipt per table to
 * the audit log. `--dry-run` only counts what would go. Meant for a daily timer (cron, systemd);
 * it can run beside `sakimori serve` on the same database (the audit log handles both writers).
 *
 * Exit status: 0 done, 1 a table failed or is misconfigured, 2 unusable input.
 */
import type { Command } from 'commander';
import { runRetention, type PurgeResult } from '../retention/purge.js';
import { retentionRegistry } from '../retention/registry.js';
import { CLI_ACTOR, type AuditIo, type OversightKit } from './audit-command.js';

const processIo: AuditIo = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  setExitCode: (c) => void (process.exitCode = c),
};

function table(results: readonly PurgeResult[]): string {
  const day = (ms: number | null): string => (ms === null ? '-' : new Date(ms).toISOString().slice(0, 10));
  const rows = [
    ['CLASS', 'TABLE', 'STATUS', 'DAYS', 'CUTOFF', 'ROWS', 'RECEIPT'],
    ...results.map((r) => [
      r.dataClass,
      r.table ?? '-',
      r.status,
      r.retentionDays === null ? '-' : String(r.retentionDays),
      day(r.cutoff),
      String(r.count),
      r.auditSeq === null ? '-' : `audit #${r.auditSeq}`,
    ]),
  ];
  const widths = rows[0]!.map((_, k) => Math.max(...rows.map((r) => r[k]!.length)));
  const lines = rows.map((r) => r.map((c, k) => (k === r.length - 1 ? c : c.padEnd(widths[k]!))).join('  '));
  const notes = results.filter((r) => r.message !== undefined && r.status !== 'kept').map((r) => `${r.table ?? r.dataClass}: ${r.message}`);
  return `${[...lines, ...notes].join('\n')}\n`;
}

/** Registers `sakimori retention`; `io` is for tests. */
export function registerRetention(program: Command, kit: OversightKit, io: AuditIo = processIo): void {
  const retention = program.command('retention').description('retention limits: purge data past its period, with deletion receipts in the audit log');
  retention
    .command('run')
    .description('purge every registered table past its data class’s retention period')
    .option('--dry-run', 'count what would be erased; erase nothing, write nothing')
    .option('--json', 'machine-readable output')
    .action(async (flags: { dryRun?: boolean; json?: boolean }) => {
      await kit.withAudit(program, async (rt) => {
        const config = rt.config.oversight.retention;
        const results = await runRetention(
          config,
          { db: rt.storage.db, audit: rt.log, clock: rt.clock, registry: retentionRegistry(rt.retentionTargets), actor: CLI_ACTOR },
          { dryRun: flags.dryRun === true },
        );
        io.out(flags.json === true ? `${JSON.stringify({ dryRun: flags.dryRun === true, results }, null, 2)}\n` : table(results));
        if (results.some((r) => r.status === 'failed' || r.status === 'misconfigured')) io.setExitCode(1);
      });
    });
}
