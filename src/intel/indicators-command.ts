/**
 * `sakimori indicators load|list|test|remove`: the stored indicator list (known C2 addresses and
 * prefixes) that the server matches every flow against. Loading a file replaces the indicators
 * it loaded before (its source), so reloading an updated file is how a list is kept current.
 */
import type { Command } from 'commander';
import { INDICATOR_KINDS, describeIndicator, type IndicatorKind } from './indicator.js';
import { IndicatorSet } from './indicator-set.js';
import { IndicatorStore } from './indicator-store.js';
import { protocolName } from './protocols.js';
import { readIndicatorFile } from './read-indicator-file.js';
import type { CommandKit } from '../core/part.js';
import type { Storage } from '../storage/storage.js';

interface LoadFlags {
  readonly source?: string;
  readonly label?: string;
  readonly kind?: string;
  readonly json?: boolean;
}

function kindOf(v: string | undefined): IndicatorKind | undefined {
  if (v === undefined) return undefined;
  if (!(INDICATOR_KINDS as readonly string[]).includes(v)) throw new Error(`--kind must be one of ${INDICATOR_KINDS.join(', ')}, got ${JSON.stringify(v)}`);
  return v as IndicatorKind;
}

/** Registers `sakimori indicators` and its subcommands. */
export function registerIndicators(program: Command, kit: CommandKit<{ readonly storage: Storage; readonly audit: unknown }>): void {
  const ind = program.command('indicators').description('indicator addresses and prefixes (known C2 servers) matched against every flow');
  ind
    .command('load')
    .description('load an indicator file (text: address-or-prefix[,port][,protocol] [# label] per line; or JSON), replacing what the same source loaded before')
    .argument('<file>', 'text or JSON indicator file')
    .option('--source <name>', 'source name to store them under (default file:<file name>)')
    .option('--label <text>', 'label for entries that have none, e.g. "MirrorFace C2"')
    .option('--kind <kind>', `c2 (contacting it means likely infected) or watch (sightings only); default c2`)
    .option('--json', 'machine-readable output')
    .action(async (file: string, flags: LoadFlags) => {
      const kind = kindOf(flags.kind);
      // The whole file is parsed and checked before the database is touched.
      const contents = readIndicatorFile(file, { label: flags.label, kind });
      const source = flags.source ?? contents.source;
      await kit.withStorage(program, {}, async (storage, clock) => {
        const change = await new IndicatorStore(storage.db, clock).replaceSource(source, contents.inputs);
        const result = { file, source, indicators: contents.inputs.length, added: change.added, updated: change.updated, removed: change.removed };
        if (flags.json === true) return kit.printJson(result);
        process.stdout.write(`loaded ${result.indicators} indicators from ${file} as ${source}: ${change.added} added, ${change.updated} updated, ${change.removed} removed\n`);
      });
    });
  ind
    .command('list')
    .description('list stored indicators')
    .option('--source <name>', 'only this source')
    .option('--json', 'machine-readable output')
    .action(async (flags: { source?: string; json?: boolean }) => {
      await kit.withStorage(program, {}, async (storage, clock) => {
        const rows = await new IndicatorStore(storage.db, clock).list(flags.source === undefined ? {} : { source: flags.source });
        if (flags.json === true) return kit.printJson(rows.map(({ prefix: _p, ...rest }) => rest));
        process.stdout.write(
          kit.formatTable(
            ['INDICATOR', 'PORT', 'PROTOCOL', 'KIND', 'LABEL', 'SOURCE'],
            rows.map((r) => [r.value, r.port, r.protocol === null ? null : protocolName(r.protocol), r.kind, r.label, r.source]),
          ),
        );
      });
    });
  ind
    .command('test')
    .description('show the most specific stored indicator matching an address (exit status 1 when none does)')
    .argument('<address>', 'IPv4 or IPv6 address')
    .option('--port <port>', 'port on the address side of a flow (default: any)')
    .option('--protocol <protocol>', 'tcp, udp, … or a number (default: any)')
    .option('--json', 'machine-readable output')
    .action(async (address: string, flags: { port?: string; protocol?: string; json?: boolean }) => {
      const port = flags.port === undefined ? -1 : Number(flags.port);
      if (!Number.isInteger(port) || port < -1 || port > 65535) throw new Error(`--port must be 0-65535, got ${JSON.stringify(flags.port)}`);
      await kit.withStorage(program, {}, async (storage, clock) => {
        const set = new IndicatorSet();
        await new IndicatorStore(storage.db, clock).loadInto(set);
        const hit = set.test(address, port, flags.protocol ?? -1);
        if (hit === undefined) process.exitCode = 1;
        if (flags.json === true)
          return kit.printJson(
            hit === undefined
              ? { address, match: null }
              : { address, match: { key: hit.key, value: hit.value, port: hit.port, protocol: hit.protocol, kind: hit.kind, label: hit.label, source: hit.source } },
          );
        process.stdout.write(hit === undefined ? `no indicator matches ${address}\n` : `${address} matches ${describeIndicator(hit)} [${hit.kind}, ${hit.source}]\n`);
      });
    });
  ind
    .command('remove')
    .description('remove indicators by key, or every indicator of a source')
    .argument('[keys...]', 'indicator keys as listed (45.32.13.180, 103.175.16.39,443,tcp)')
    .option('--source <name>', 'remove every indicator of this source')
    .action(async (keys: string[], flags: { source?: string }) => {
      if (keys.length === 0 && flags.source === undefined) throw new Error('name indicator keys or --source');
      await kit.withStorage(program, {}, async (storage, clock) => {
        const store = new IndicatorStore(storage.db, clock);
        const n = (await store.remove(keys)) + (flags.source === undefined ? 0 : await store.removeSource(flags.source));
        process.stdout.write(`removed ${n} indicators\n`);
      });
    });
}
