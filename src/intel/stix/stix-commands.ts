/**
 * `sakimori stix validate|match|import`: STIX 2.1 content from files.
 *
 * - `stix validate <file>`: prints the validator's findings; exit 0 valid, 1 invalid, 2 when the
 *   file cannot be read or is not JSON.
 * - `stix match --pattern <pattern> <file>`: matches a STIX pattern against the observed data of a
 *   bundle (or a list of observed-data objects); prints the matching observed-data ids one per
 *   line; exit 0 matched, 1 no match, 2 bad pattern, unreadable file or data the matcher refuses.
 * - `stix import <file> [--collection <id>] [--marking <tlp:…>]`: stores a bundle in the object
 *   store (all of it or nothing) and prints what it stored.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { CommandKit } from '../../core/part.js';
import { TLP2_IDS } from '../../stix/marking/index.js';
import { formatFindings, validateStix } from '../../stix/object/index.js';
import { matchPattern, parsePattern } from '../../stix/pattern/index.js';
import type { Storage } from '../../storage/storage.js';
import { ERR_INTEL_STIX_FILE, ERR_INTEL_STIX_MARKING_OPTION } from './errors.js';
import { StixStore } from './stix-store.js';

/** Where a command writes; the process's streams unless a test supplies others. */
export interface StixIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly setExitCode: (code: number) => void;
}

const processIo: StixIo = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  setExitCode: (c) => void (process.exitCode = c),
};

/** Exit status of `validate` and `match` when the input cannot be used at all. */
const UNUSABLE = 2;

/** Reads and parses a JSON file; on failure prints the coded error, sets exit status 2 and returns undefined. */
async function readJson(file: string, io: StixIo): Promise<{ text: string; doc: unknown } | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    return unusable(io, new ERR_INTEL_STIX_FILE(file, (e as Error).message));
  }
  try {
    return { text, doc: JSON.parse(text) as unknown };
  } catch (e) {
    return unusable(io, new ERR_INTEL_STIX_FILE(file, `not JSON: ${(e as Error).message}`));
  }
}

function unusable(io: StixIo, e: { code: string; message: string }): undefined {
  io.err(`${e.code}: ${e.message}\n`);
  io.setExitCode(UNUSABLE);
  return undefined;
}

/** The TLP marking definition id named by `--marking` (`tlp:amber`, `TLP:AMBER+STRICT`, …). */
export function markingOption(value: string): string {
  const level = value.toLowerCase().replace(/^tlp:/, '');
  const id = (TLP2_IDS as Readonly<Record<string, string>>)[level === 'white' ? 'clear' : level];
  if (id === undefined) throw new ERR_INTEL_STIX_MARKING_OPTION(JSON.stringify(value));
  return id;
}

function registerValidate(stix: Command, io: StixIo): void {
  stix
    .command('validate')
    .description('validate a STIX 2.1 bundle or object; exit status 0 valid, 1 invalid, 2 unreadable or not JSON')
    .argument('<file>', 'STIX 2.1 JSON file')
    .option('--strict', 'count best-practice findings as errors')
    .action(async (file: string, flags: { strict?: boolean }) => {
      const input = await readJson(file, io);
      if (input === undefined) return;
      const result = validateStix(input.doc, { strict: flags.strict === true });
      const findings = formatFindings(result);
      if (findings !== '') io.out(`${findings}\n`);
      io.out(result.valid ? `valid (${result.warnings.length} warnings)\n` : `invalid (${result.errors.length} errors, ${result.warnings.length} warnings)\n`);
      if (!result.valid) io.setExitCode(1);
    });
}

function registerMatch(stix: Command, io: StixIo): void {
  stix
    .command('match')
    .description('match a STIX pattern against observed data; prints matching observed-data ids; exit status 0 match, 1 none, 2 error')
    .requiredOption('--pattern <pattern>', 'STIX 2.1 pattern, e.g. "[ipv4-addr:value = \'198.51.100.1\']"')
    .argument('<file>', 'bundle (or list) of observed-data objects')
    .action(async (file: string, flags: { pattern: string }) => {
      const parsed = parsePattern(flags.pattern);
      if (!parsed.ok) return unusable(io, parsed.error);
      const input = await readJson(file, io);
      if (input === undefined) return;
      const result = matchPattern(parsed.ast, Array.isArray(input.doc) ? input.doc : [input.doc]);
      if (!result.ok) return unusable(io, result.error);
      if (!result.matched) return io.setExitCode(1);
      io.out(result.observedDataIds.map((id) => `${id}\n`).join(''));
    });
}

interface ImportFlags {
  readonly collection?: string;
  readonly marking?: string;
  readonly source?: string;
  readonly json?: boolean;
}

function registerImport(stix: Command, program: Command, kit: CommandKit<{ readonly storage: Storage; readonly audit: unknown }>, io: StixIo): void {
  stix
    .command('import')
    .description('store a STIX 2.1 bundle in the object store — all of it, or nothing when any object is refused')
    .argument('<file>', 'STIX 2.1 bundle, list of objects or object (JSON)')
    .option('--collection <id>', 'also add the objects to this collection (created when missing)')
    .option('--marking <tlp>', 'TLP marking for objects that carry none: tlp:clear, tlp:green, tlp:amber, tlp:amber+strict (default), tlp:red')
    .option('--source <name>', 'source name to store them under (default file:<file name>)')
    .option('--json', 'machine-readable output')
    .action(async (file: string, flags: ImportFlags) => {
      const defaultMarkingRef = markingOption(flags.marking ?? 'tlp:amber+strict');
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (e) {
        throw new ERR_INTEL_STIX_FILE(file, (e as Error).message, { cause: e });
      }
      const source = flags.source ?? `file:${basename(file)}`;
      await kit.withStorage(program, {}, async (storage, clock) => {
        const collection = flags.collection === undefined ? {} : { collectionId: flags.collection, createCollection: { title: flags.collection } };
        const r = await new StixStore(storage.db).ingest(text, { source, defaultMarkingRef, now: clock.now(), ...collection });
        if (flags.json === true) return kit.printJson({ file, source, stored: r.stored, skipped: r.skipped });
        io.out(`stored ${r.stored.length} objects from ${file} as ${source}; ${r.skipped.length} already stored\n`);
        io.out(r.stored.map((v) => `${v.id} ${v.version}\n`).join(''));
      });
    });
}

/** Registers `sakimori stix` and its subcommands; `io` is for tests. */
export function registerStix(program: Command, kit: CommandKit<{ readonly storage: Storage; readonly audit: unknown }>, io: StixIo = processIo): void {
  const stix = program.command('stix').description('STIX 2.1 content: validate, match patterns, import into the object store');
  registerValidate(stix, io);
  registerMatch(stix, io);
  registerImport(stix, program, kit, io);
}
