/**
 * The `sakimori` command tree: the commands that wire several parts live in `commands/<name>.ts`;
 * every part adds its own through its descriptor (`commands` in `<part>/part.ts`), receiving the
 * {@link COMMAND_KIT}. This file only assembles them. Every command is a composition
 * root: it loads the configuration, builds the components it needs, starts them in order and stops
 * them in reverse.
 */
import { Command, CommanderError, Option } from 'commander';
import { isSakimoriError } from '../core/errors.js';
import { VERSION } from '../core/version.js';
import type { PartDescriptor } from '../core/part.js';
import { PARTS } from '../platform/parts.js';
import { COMMAND_KIT } from './command-kit.js';
import { registerDb } from './commands/db.js';
import { registerReplay } from './commands/replay.js';
import { registerServe } from './commands/serve.js';
import { registerSimulate } from './commands/simulate.js';
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
  // The programs that wire several parts (serve, replay, simulate) and storage's own administration.
  registerVersion(program);
  registerDb(program);
  registerReplay(program);
  registerServe(program);
  registerSimulate(program);
  // Each part's own commands, from its descriptor.
  for (const part of PARTS as readonly PartDescriptor[]) for (const command of part.commands ?? []) command(program, COMMAND_KIT);
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
