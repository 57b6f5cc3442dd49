/**
 * The `sakimori` command tree. Each command lives in `commands/<name>.ts` and exports a
 * `register(program)` function; this file only assembles them. Every command is a composition
 * root: it loads the configuration, builds the components it needs, starts them in order and stops
 * them in reverse.
 */
import { Command, CommanderError, Option } from 'commander';
import { isSakimoriError } from '../core/errors.js';
import { VERSION } from '../core/version.js';
import { registerAudit } from './commands/audit.js';
import { registerDb } from './commands/db.js';
import { registerIndicators } from './commands/indicators.js';
import { registerNetwork, registerOrg } from './commands/org.js';
import { registerPseudonymize } from './commands/pseudonymize.js';
import { registerReplay } from './commands/replay.js';
import { registerReport } from './commands/report.js';
import { registerRetention } from './commands/retention.js';
import { registerServe } from './commands/serve.js';
import { registerSimulate } from './commands/simulate.js';
import { registerUser } from './commands/user.js';
import { registerVersion } from './commands/version.js';

/** Builds the command tree; exported for in-process tests. */
export function buildProgram(): Command {
  const program = new Command('sakimori')
    .description('Active cyber defence platform: flow telemetry, DDoS and botnet detection, and lawful, approved, audited countermeasures.')
    .version(VERSION, '-V, --version-flag', 'print the version')
    .option('-c, --config <file>', 'configuration file (YAML or JSON); also SAKIMORI_CONFIG')
    .addOption(new Option('--log-format <format>', 'log lines as JSON or pretty text (default: log.format, auto: pretty on a terminal)').choices(['auto', 'json', 'pretty']))
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: true });
  registerVersion(program);
  registerDb(program);
  registerOrg(program);
  registerNetwork(program);
  registerReplay(program);
  registerServe(program);
  registerSimulate(program);
  registerAudit(program);
  registerPseudonymize(program);
  registerIndicators(program);
  registerReport(program);
  registerRetention(program);
  registerUser(program);
  return program;
}

/**
 * Runs the CLI; maps errors to a one-line message and a non-zero exit code. Sakimori errors print
 * their code; anything else is a bug and prints its stack.
 */
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (isSakimoriError(e)) {
      process.stderr.write(`sakimori: ${e.message} [${e.code}]\n`);
      return 2;
    }
    process.stderr.write(`sakimori: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}
