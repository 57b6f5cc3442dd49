/**
 * `sakimori intel pull [--feed <name>] [--json]`: pulls each enabled feed of `intel.feeds` once (or
 * the one named, enabled or not) into the STIX object store and prints, per feed, the objects
 * stored, the duplicates, the pages and the resume point. Exit status 0 when every pull succeeded,
 * 1 when any failed (its coded error is printed), 2 on a usage error (an unknown `--feed`).
 */
import type { Command } from 'commander';
import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.js';
import type { CommandKit } from '../../core/part.js';
import type { Storage } from '../../storage/storage.js';
import type { FeedConfig } from '../config.js';
import { StixStore } from '../stix/stix-store.js';
import { ERR_INTEL_FEED_UNKNOWN } from './errors.js';
import { checkFeeds } from './feed-poller.js';
import { FeedStateStore } from './feed-state-store.js';
import { type PullReport, pullFeed } from './pull-feed.js';
import type { TaxiiClientDeps } from './taxii-client.js';

/** What `intel pull` needs of the command runtime: the configuration's feeds, storage and the clock. */
export interface FeedCommandRuntime {
  readonly config: { readonly intel: { readonly feeds: readonly FeedConfig[] } };
  readonly storage: Storage;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Where the command writes; the process's streams unless a test supplies others. */
export interface FeedCommandIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly setExitCode: (code: number) => void;
  /** For tests: the clients' HTTP function, waits and jitter. */
  readonly clientDeps?: TaxiiClientDeps;
}

const processIo: FeedCommandIo = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  setExitCode: (c) => void (process.exitCode = c),
};

/** One line per feed: what the pull did and where the next one resumes. */
export function formatReport(r: PullReport): string {
  const c = r.counts;
  const line = `${r.feed}: ${r.outcome} — ${c.stored} stored, ${c.duplicates} duplicates, ${c.refused} refused, ${c.pages} pages, ${c.bytes} bytes; resume point ${r.resumePoint ?? 'none'}\n`;
  const refusals = r.refusals.map((x) => `  refused ${x.id}: ${x.code}: ${x.message}\n`).join('');
  return line + refusals;
}

/** Registers `sakimori intel pull`; `io` is for tests. */
export function registerFeedCommands(program: Command, kit: CommandKit<{ readonly storage: Storage; readonly audit: FeedCommandRuntime }>, io: FeedCommandIo = processIo): void {
  const intel = program.commands.find((c) => c.name() === 'intel') ?? program.command('intel').description('threat intelligence exchange: TAXII 2.1 feeds');
  intel
    .command('pull')
    .description('pull the TAXII 2.1 feeds of intel.feeds once into the STIX object store; exit status 0 all pulled, 1 a feed failed, 2 usage error')
    .option('--feed <name>', 'only this feed (also when it is not enabled)')
    .option('--json', 'machine-readable output')
    .action(async (flags: { feed?: string; json?: boolean }) => {
      await kit.withAudit(program, async (rt) => {
        const feeds = rt.config.intel.feeds;
        checkFeeds(feeds);
        const chosen = flags.feed === undefined ? feeds.filter((f) => f.enabled) : feeds.filter((f) => f.name === flags.feed);
        if (flags.feed !== undefined && chosen.length === 0) {
          const e = new ERR_INTEL_FEED_UNKNOWN(JSON.stringify(flags.feed), feeds.map((f) => f.name).join(', ') || 'none');
          io.err(`${e.code}: ${e.message}\n`);
          return io.setExitCode(2);
        }
        const store = new StixStore(rt.storage.db);
        const state = new FeedStateStore(rt.storage.db);
        const reports: PullReport[] = [];
        for (const feed of chosen) {
          const r = await pullFeed(feed, { store, state, clock: rt.clock, ...(io.clientDeps === undefined ? {} : { clientDeps: io.clientDeps }) });
          reports.push(r);
          if (flags.json !== true) io.out(formatReport(r));
          if (r.error !== undefined) io.err(`${r.feed}: ${r.error.code}: ${r.error.message}\n`);
        }
        if (flags.json === true)
          io.out(
            `${JSON.stringify(
              reports.map(({ error, ...r }) => ({ ...r, ...(error === undefined ? {} : { error: { code: error.code, message: error.message } }) })),
              null,
              2,
            )}\n`,
          );
        if (chosen.length === 0) io.out('no enabled feeds in intel.feeds\n');
        if (reports.some((r) => r.outcome === 'failed')) io.setExitCode(1);
      });
    });
}
