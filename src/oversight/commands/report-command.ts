/**
 * `sakimori report transparency --period 2026 [--format md|json|svg] [--out dir]`: the periodic
 * transparency report with the statutory counts, small counts suppressed, as Markdown, JSON and
 * an SVG bar chart. Without `--out` the chosen format (Markdown by default) goes to stdout; with
 * `--out` the files `transparency-<period>.{md,json,svg}` are written there (all three unless
 * `--format` picks one). Making a report is recorded in the audit log.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { parsePeriod } from '../report/period.js';
import { publishReport, type TransparencyReport } from '../report/publish.js';
import { renderMarkdown } from '../report/render-markdown.js';
import { renderSvg } from '../report/render-svg.js';
import { collectTransparencyStats } from '../report/stats.js';
import { CLI_ACTOR, type AuditIo, type OversightKit } from './audit-command.js';

const processIo: AuditIo = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  setExitCode: (c) => void (process.exitCode = c),
};

const FORMATS = ['md', 'json', 'svg'] as const;
type Format = (typeof FORMATS)[number];

function render(report: TransparencyReport, format: Format): string {
  switch (format) {
    case 'md':
      return renderMarkdown(report);
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'svg':
      return renderSvg(report);
  }
}

/** Registers `sakimori report`; `io` is for tests. */
export function registerReport(program: Command, kit: OversightKit, io: AuditIo = processIo): void {
  const report = program.command('report').description('statutory reports');
  report
    .command('transparency')
    .description('the transparency report: countermeasure requests and approvals by type, emergency actions and their review, commission inspections and directives, data erased')
    .requiredOption('--period <period>', 'YYYY, YYYY-H1/H2, YYYY-Q1..Q4 or YYYY-MM, in oversight.report.utcOffsetMinutes')
    .addOption(new Option('--format <format>', 'md, json or svg (default: md on stdout; all three with --out)').choices(FORMATS))
    .option('--out <dir>', 'write transparency-<period>.<format> files into this directory')
    .action(async (flags: { period: string; format?: string; out?: string }) => {
      await kit.withAudit(program, async (rt) => {
        const settings = rt.config.oversight.report;
        const period = parsePeriod(flags.period, settings.utcOffsetMinutes);
        const published = publishReport(await collectTransparencyStats(rt.storage.db, rt.transparencySources, period, rt.clock.now()), settings.suppressBelow);
        const formats: Format[] = flags.format !== undefined ? [flags.format as Format] : flags.out !== undefined ? [...FORMATS] : ['md'];
        await rt.log.append({ actor: CLI_ACTOR, action: 'report.transparency', subjects: [{ type: 'report', id: `transparency-${period.label}` }], details: { period: period.label, formats } });
        if (flags.out === undefined) {
          io.out(render(published, formats[0]!));
          return;
        }
        await mkdir(flags.out, { recursive: true });
        for (const f of formats) {
          const file = join(flags.out, `transparency-${period.label}.${f}`);
          await writeFile(file, render(published, f));
          io.out(`wrote ${file}\n`);
        }
      });
    });
}
