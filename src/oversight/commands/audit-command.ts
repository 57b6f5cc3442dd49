/**
 * `sakimori audit …`: offline verification of audit exports and checkpoints, and signing keys.
 *
 * - `audit verify <export> --key <verifier key>`: recomputes the Merkle tree of an export, checks
 *   every checkpoint signature, their mutual consistency and their match with the entries.
 * - `audit verify-checkpoints <file…> --key <verifier key>`: checks collected checkpoints (plain,
 *   or with a consistency proof in tlog-witness form) for signatures, forks and consistency.
 * - `audit keygen <name> --out <file>`: creates a checkpoint signing key; prints the verifier key.
 * - `audit export <file>`: writes the database's log as an export `audit verify` accepts, after
 *   recording the export itself and signing a checkpoint that covers it; streamed, never held whole.
 * - `audit checkpoint`: signs a checkpoint of the database's log now and prints the signed note.
 *
 * Exit status: 0 verified, 1 verification failed, 2 unusable input (bad key, unreadable file).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { Clock } from '../../core/clock.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { AuditActor } from '../../core/audit-event.js';
import type { CommandKit } from '../../core/part.js';
import type { RetentionTarget } from '../../core/retention-target.js';
import type { AuditConfig } from '../audit/config.js';
import type { OversightConfig } from '../config.js';
import type { TransparencySources } from '../report/stats.js';
import { ERR_AUDIT_FILE_UNREADABLE } from '../audit/errors.js';
import { exportLines } from '../audit/export/export-format.js';
import type { AuditKeys } from '../audit/program-audit-log.js';
import { SqlAuditStore } from '../audit/store/sql/sql-audit-store.js';
import type { Storage } from '../../storage/storage.js';
import { verifyCheckpoints, type CheckpointsReport } from '../audit/export/verify-checkpoints.js';
import { ExportVerifier, type ExportReport } from '../audit/export/verify-export.js';
import { nodeMerkleHasher } from '../audit/node-crypto.js';
import { generateSigningKey, signerFromKey, verifierFromKey } from '../audit/note/ed25519.js';
import type { NoteVerifier } from '../audit/note/signed-note.js';

/** The audit actor of commands run from the command line (an opaque id, never the OS user's name). */
export const CLI_ACTOR: AuditActor = Object.freeze({ kind: 'service', id: 'cli' });

/**
 * What oversight's commands need of the CLI's audit runtime (`CommandKit.withAudit`): the
 * configuration sections they read, storage, the started program audit log and its keys, and what
 * other parts declare for retention and the transparency report.
 */
export interface OversightRuntime {
  readonly config: { readonly audit: AuditConfig; readonly oversight: OversightConfig };
  readonly storage: Storage;
  readonly log: AuditLog;
  readonly keys: AuditKeys;
  readonly clock: Clock;
  /** Every part's retention targets (from the descriptors). */
  readonly retentionTargets: readonly RetentionTarget[];
  /** The report's sections other parts compute (from the descriptors). */
  readonly transparencySources: TransparencySources;
}

/** The kit oversight's commands take. */
export type OversightKit = CommandKit<{ readonly storage: unknown; readonly audit: OversightRuntime }>;

/** Streams the export of the log in `rt` to `file` (never overwriting one); returns what it wrote. */
export async function writeExport(rt: OversightRuntime, file: string): Promise<{ entries: number; checkpoints: number }> {
  const out = createWriteStream(file, { flags: 'wx' });
  try {
    await once(out, 'open');
  } catch (e) {
    throw new ERR_AUDIT_FILE_UNREADABLE(file, (e as Error).message, { cause: e });
  }
  let end = { entries: 0, checkpoints: 0 };
  try {
    for await (const line of exportLines(new SqlAuditStore(rt.storage.db), rt.log.hasher, rt.config.audit.origin)) {
      if (line.startsWith('{"$record":"end"')) end = JSON.parse(line) as typeof end;
      if (!out.write(`${line}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
  } catch (e) {
    out.destroy();
    // A partial export must not be mistaken for a truncated log: remove it.
    await rm(file, { force: true });
    throw e;
  }
  return end;
}

/** Where a command reads and writes; the process's streams unless a test supplies others. */
export interface AuditIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly setExitCode: (code: number) => void;
}

const processIo: AuditIo = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  setExitCode: (c) => void (process.exitCode = c),
};

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new ERR_AUDIT_FILE_UNREADABLE(file, (e as Error).message, { cause: e });
  }
}

/** The trusted verifiers from `--key` strings and `--key-file` files (one key per line). */
async function loadVerifiers(keys: readonly string[], keyFiles: readonly string[]): Promise<NoteVerifier[]> {
  const fromFiles = await Promise.all(keyFiles.map(async (f) => (await readText(f)).split('\n').filter((l) => l.trim() !== '')));
  const all = [...keys, ...fromFiles.flat()];
  if (all.length === 0) throw new ERR_AUDIT_FILE_UNREADABLE('--key', 'give the log’s verifier key with --key <name+id+key> or --key-file <file>');
  return all.map((k) => verifierFromKey(k));
}

/** Verifies the export at `file`, streaming it line by line. */
export async function verifyExportFile(file: string, verifiers: readonly NoteVerifier[], latest?: string): Promise<ExportReport> {
  const v = new ExportVerifier({ hasher: nodeMerkleHasher(), verifiers, ...(latest === undefined ? {} : { latest }) });
  const input = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const opened = new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', reject);
  });
  try {
    await opened;
  } catch (e) {
    throw new ERR_AUDIT_FILE_UNREADABLE(file, (e as Error).message, { cause: e });
  }
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!v.line(line)) break;
  }
  lines.close();
  input.destroy();
  return v.finish();
}

function printExportReport(io: AuditIo, file: string, r: ExportReport): void {
  if (!r.ok) {
    io.err(`FAILED  audit export ${file}\n        ${r.problem}\n`);
    io.setExitCode(1);
    return;
  }
  const lines = [
    `OK  audit export ${file}`,
    `    log          ${r.origin}`,
    `    entries      ${r.entries}${r.entries > 0 ? ` (seq 0–${r.entries - 1})` : ''}`,
    `    checkpoints  ${r.checkpoints}, signed by ${r.signedBy.join(', ')}; each consistent with the one before it and with the entries`,
    ...(r.latest === undefined ? [] : [`    latest       size ${r.latest.size}, root ${r.latest.root}`]),
    ...r.warnings.map((w) => `    warning      ${w}`),
  ];
  io.out(`${lines.join('\n')}\n`);
}

function printCheckpointsReport(io: AuditIo, r: CheckpointsReport): void {
  const sizes = r.sizes.map((s) => `    size ${s.size}  root ${s.root}${s.proven ? '' : '  (not linked by a proof)'}`);
  const warnings = r.warnings.map((w) => `    warning: ${w}`);
  if (r.ok) {
    io.out([`OK  ${r.sizes.length} checkpoint size(s), one consistent history`, ...sizes, ...warnings].join('\n') + '\n');
    return;
  }
  io.err([`FAILED  checkpoints`, ...r.problems.map((p) => `    ${p}`), ...warnings].join('\n') + '\n');
  io.setExitCode(1);
}

/** Registers `sakimori audit` and its subcommands; `io` is for tests. */
export function registerAudit(program: Command, kit: OversightKit, io: AuditIo = processIo): void {
  const audit = program.command('audit').description('verify audit log exports and checkpoints; manage the checkpoint signing key');

  audit
    .command('verify')
    .description('verify an audit export offline: entries, checkpoint signatures, consistency, forks')
    .argument('<export>', 'export file (JSON Lines)')
    .option('-k, --key <verifier-key>', 'the log’s published verifier key <name>+<id>+<key> (repeatable)', collect, [])
    .option('--key-file <file>', 'file with verifier keys, one per line (repeatable)', collect, [])
    .option('--latest <checkpoint-file>', 'a checkpoint obtained independently; the export must reach it')
    .action(async (file: string, opts: { key: string[]; keyFile: string[]; latest?: string }) => {
      const verifiers = await loadVerifiers(opts.key, opts.keyFile);
      const latest = opts.latest === undefined ? undefined : await readText(opts.latest);
      printExportReport(io, file, await verifyExportFile(file, verifiers, latest));
    });

  audit
    .command('verify-checkpoints')
    .description('verify collected checkpoints: signatures, no fork, linked by consistency proofs (tlog-witness "old N" form)')
    .argument('<files...>', 'checkpoint files')
    .option('-k, --key <verifier-key>', 'the log’s published verifier key (repeatable)', collect, [])
    .option('--key-file <file>', 'file with verifier keys, one per line (repeatable)', collect, [])
    .option('--allow-unproven', 'report checkpoints not linked by a proof as warnings instead of failures')
    .action(async (files: string[], opts: { key: string[]; keyFile: string[]; allowUnproven?: boolean }) => {
      const verifiers = await loadVerifiers(opts.key, opts.keyFile);
      const inputs = await Promise.all(files.map(async (name) => ({ name, text: await readText(name) })));
      printCheckpointsReport(io, verifyCheckpoints(inputs, verifiers, nodeMerkleHasher(), { allowUnproven: opts.allowUnproven === true }));
    });

  audit
    .command('export')
    .description('export the database’s audit log (entries, signed checkpoints, consistency proofs) for offline verification')
    .argument('<file>', 'export file to create (JSON Lines; never overwritten)')
    .action(async (file: string) => {
      await kit.withAudit(program, async (rt) => {
        // The export is itself audited, and covered by a checkpoint signed now.
        await rt.log.append({ actor: CLI_ACTOR, action: 'audit.export', subjects: [{ type: 'audit_log', id: 'main' }], details: { format: 'sakimori.audit-export/v1' } });
        await rt.log.checkpoint();
        const r = await writeExport(rt, file);
        io.out(`exported ${r.entries} entries and ${r.checkpoints} checkpoints to ${file}\n`);
        io.out(`verify with: sakimori audit verify ${file} --key ${rt.keys.signer.verifierKey}\n`);
      });
    });

  audit
    .command('checkpoint')
    .description('sign a checkpoint of the database’s audit log now and print it (C2SP signed note)')
    .action(async () => {
      await kit.withAudit(program, async (rt) => {
        await rt.log.append({ actor: CLI_ACTOR, action: 'audit.checkpoint', subjects: [{ type: 'audit_log', id: 'main' }] });
        const cp = await rt.log.checkpoint();
        io.out(cp.note);
      });
    });

  audit
    .command('keygen')
    .description('create an Ed25519 checkpoint signing key and print its verifier key for publication')
    .argument('<name>', 'key name, normally the log origin (e.g. cyber.example.go.jp/audit)')
    .requiredOption('-o, --out <file>', 'where to write the private key (created with mode 0600; never overwritten)')
    .action(async (name: string, opts: { out: string }) => {
      const key = generateSigningKey(name);
      try {
        await writeFile(opts.out, `${key}\n`, { mode: 0o600, flag: 'wx' });
      } catch (e) {
        throw new ERR_AUDIT_FILE_UNREADABLE(opts.out, (e as Error).message, { cause: e });
      }
      io.out(`${signerFromKey(key).verifierKey}\n`);
    });
}
