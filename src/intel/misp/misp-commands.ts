/**
 * `sakimori misp import|export`: MISP feeds and events into the object store, and a MISP feed out of
 * it for one recipient.
 *
 * - `misp import <feed-dir|event.json...> [--default-marking amber]`: a directory is read as a feed
 *   (manifest and hash checks), a file as MISP event JSON; each event is stored in its own
 *   transaction. Prints the counts and, on stderr, each refused event with its coded error. Exit 0
 *   when every event was stored or already stored, 1 when any was refused, 2 on a usage error
 *   (unknown marking, unreadable path).
 * - `misp export --recipient <org uuid|name|public> --out <dir>`: writes the feed the recipient may
 *   receive (the one release policy over `misp-feed`). Exit 0, or 2 on an unknown recipient or an
 *   output directory that cannot be used.
 */
import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import type { SakimoriError } from '../../core/errors.js';
import { isSakimoriError } from '../../core/errors.js';
import { asId, type OrganizationId } from '../../core/ids.js';
import type { CommandKit } from '../../core/part.js';
import { isSector, type Sector } from '../../core/sectors.js';
import type { Recipient } from '../../stix/marking/index.js';
import type { MispSharingGroup } from '../../stix/misp/index.js';
import type { Storage } from '../../storage/storage.js';
import { markingOption } from '../stix/stix-commands.js';
import { ERR_INTEL_MISP_PATH, ERR_INTEL_MISP_RECIPIENT, ERR_INTEL_MISP_RECIPIENT_AMBIGUOUS } from './errors.js';
import { exportMispFeed } from './export-misp-feed.js';
import type { MispImportResult } from './import-misp.js';
import { importMispEventFiles, importMispFeed, mergeResults } from './import-misp-files.js';
import { MispReleaseStore } from './misp-release-store.js';
import { readSharingGroups } from './read-misp-input.js';

/** Where a command writes; the process's streams unless a test supplies others. */
export interface MispIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly setExitCode: (code: number) => void;
}

const processIo: MispIo = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  setExitCode: (c) => void (process.exitCode = c),
};

type Kit = CommandKit<{ readonly storage: Storage; readonly audit: unknown }>;

const REFUSED = 1;
const USAGE = 2;

/** Prints a coded error with the exit status it gets; anything else is rethrown (a bug, or a lost database). */
function fail(io: MispIo, e: unknown, code: number): void {
  if (!isSakimoriError(e)) throw e;
  io.err(`${e.code}: ${e.message}\n`);
  io.setExitCode(code);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The recipient `--recipient` names: `public`, an organisation uuid, or the name of an organisation seen in imported events. */
export async function resolveRecipient(release: MispReleaseStore, value: string, sector: Sector): Promise<Recipient> {
  if (value === 'public') return { kind: 'public' };
  if (UUID.test(value)) return { kind: 'organisation', organisationId: asId<OrganizationId>(value.toLowerCase()), sector };
  const matches = [...(await release.organisations()).values()].filter((o) => o.name.toLowerCase() === value.toLowerCase());
  const [only, ...others] = matches;
  if (only === undefined) throw new ERR_INTEL_MISP_RECIPIENT(JSON.stringify(value));
  if (others.length > 0) throw new ERR_INTEL_MISP_RECIPIENT_AMBIGUOUS(JSON.stringify(value), matches.map((o) => o.uuid).join(', '));
  return { kind: 'organisation', organisationId: asId<OrganizationId>(only.uuid), sector };
}

function printImport(io: MispIo, result: MispImportResult): void {
  for (const e of result.events) if (e.status === 'refused') io.err(`refused MISP event ${e.uuid}: ${e.error.code}: ${e.error.message}\n`);
  io.out(
    `MISP events: ${result.stored} stored, ${result.unchanged} already stored, ${result.refused} refused; ${result.attributes} attributes; ` +
      `${result.objectsStored} STIX objects stored, ${result.objectsSkipped} already stored\n`,
  );
}

interface ImportFlags {
  readonly defaultMarking?: string;
  readonly collection?: string;
  readonly audience?: string;
  readonly sharingGroups?: string;
  readonly json?: boolean;
}

function registerImport(misp: Command, program: Command, kit: Kit, io: MispIo): void {
  misp
    .command('import')
    .description('store MISP events (a feed directory with its hash checks, or event files) in the STIX object store, one transaction per event')
    .argument('<paths...>', 'MISP feed directories (manifest.json, hashes.csv, <uuid>.json) or MISP event JSON files')
    .option('--default-marking <tlp>', 'TLP for events without a tlp: tag: clear, green, amber, amber+strict (default), red')
    .option('--collection <id>', 'also add the objects to this collection (created when missing)')
    .option('--audience <uuids>', 'comma-separated MISP organisation uuids that TLP:AMBER objects of these events may reach')
    .option('--sharing-groups <file>', "MISP sharing groups (the API's /sharing_groups answer) for items that name one by id; an unknown group reaches nobody")
    .option('--json', 'machine-readable output')
    .action(async (paths: string[], flags: ImportFlags) => {
      let defaultMarkingRef: string;
      let sharingGroups: MispSharingGroup[] = [];
      const kinds: ('feed' | 'file')[] = [];
      try {
        defaultMarkingRef = markingOption(flags.defaultMarking ?? 'tlp:amber+strict');
        if (flags.sharingGroups !== undefined) sharingGroups = await readSharingGroups(flags.sharingGroups);
        for (const path of paths) {
          const s = await stat(path).catch((e: Error) => {
            throw new ERR_INTEL_MISP_PATH(path, e.message, { cause: e });
          });
          kinds.push(s.isDirectory() ? 'feed' : 'file');
        }
      } catch (e) {
        return fail(io, e, USAGE);
      }
      await kit.withStorage(program, {}, async (storage, clock) => {
        const options = {
          defaultMarkingRef,
          now: clock.now(),
          sharingGroups,
          ...(flags.audience === undefined ? {} : { audience: flags.audience.split(',').map((a) => a.trim().toLowerCase()) }),
          ...(flags.collection === undefined ? {} : { collectionId: flags.collection, createCollection: { title: flags.collection } }),
        };
        const results: MispImportResult[] = [];
        for (const [i, path] of paths.entries()) {
          try {
            results.push(kinds[i] === 'feed' ? await importMispFeed(storage.db, path, options) : await importMispEventFiles(storage.db, [path], options));
          } catch (e) {
            // A feed whose manifest cannot be used is refused whole; the other paths are still imported.
            fail(io, e, isSakimoriError(e, ERR_INTEL_MISP_PATH.code) ? USAGE : REFUSED);
          }
        }
        const result = mergeResults(results);
        if (flags.json === true)
          kit.printJson({ ...result, events: result.events.map((e) => (e.status === 'refused' ? { uuid: e.uuid, status: e.status, code: e.error.code, message: e.error.message } : e)) });
        else printImport(io, result);
        if (result.refused > 0) io.setExitCode(REFUSED);
      });
    });
}

interface ExportFlags {
  readonly recipient: string;
  readonly out: string;
  readonly sector?: string;
  readonly nativeOrg?: string;
  readonly nativeOrgName?: string;
  readonly json?: boolean;
}

function registerExport(misp: Command, program: Command, kit: Kit, io: MispIo): void {
  misp
    .command('export')
    .description('write the MISP feed a recipient may receive from the object store (the release policy over misp-feed)')
    .requiredOption('--recipient <org>', 'MISP organisation uuid, the name of an organisation in an imported event, or "public"')
    .requiredOption('--out <dir>', 'feed directory to write (empty, or an earlier feed: withheld event files are removed)')
    .option('--sector <sector>', "the recipient organisation's sector (carried for audit; TLP does not depend on it)", 'telecommunications')
    .option('--native-org <uuid>', 'also export native STIX indicators as one event created by this MISP organisation uuid')
    .option('--native-org-name <name>', 'name of the --native-org organisation', 'Sakimori')
    .option('--json', 'machine-readable output')
    .action(async (flags: ExportFlags) => {
      const sector = flags.sector ?? 'telecommunications';
      if (!isSector(sector)) return fail(io, new ERR_INTEL_MISP_RECIPIENT(`${JSON.stringify(flags.recipient)} with unknown --sector ${JSON.stringify(sector)}`), USAGE);
      await kit.withStorage(program, {}, async (storage) => {
        let recipient: Recipient;
        try {
          recipient = await resolveRecipient(new MispReleaseStore(storage.db), flags.recipient, sector);
        } catch (e) {
          return fail(io, e, USAGE);
        }
        const native = flags.nativeOrg === undefined ? {} : { native: { orgc: { uuid: flags.nativeOrg.toLowerCase(), name: flags.nativeOrgName ?? 'Sakimori' } } };
        let r: Awaited<ReturnType<typeof exportMispFeed>>;
        try {
          r = await exportMispFeed(storage.db, recipient, flags.out, native);
        } catch (e) {
          return fail(io, e as SakimoriError, USAGE);
        }
        const summary = {
          out: flags.out,
          events: r.events,
          attributes: r.attributes,
          withheldEvents: r.withheldEvents,
          withheldAttributes: r.withheldAttributes,
          nativeIndicators: r.nativeIndicators,
        };
        if (flags.json === true) return kit.printJson(summary);
        io.out(
          `wrote ${r.events} MISP events (${r.attributes} attributes, ${r.nativeIndicators} from native STIX indicators) to ${flags.out}; withheld ${r.withheldEvents} events, ${r.withheldAttributes} attributes\n`,
        );
      });
    });
}

/** Registers `sakimori misp` and its subcommands; `io` is for tests. */
export function registerMisp(program: Command, kit: Kit, io: MispIo = processIo): void {
  const misp = program.command('misp').description('MISP: import feeds and events into the STIX object store, export a MISP feed for a recipient');
  registerImport(misp, program, kit, io);
  registerExport(misp, program, kit, io);
}
