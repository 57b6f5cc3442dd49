/**
 * MISP import into the STIX object store, end to end (`npx tsx bench/intel-misp-import.ts`): a feed
 * of 1 000 000 attributes (100 events of 10 000; domains, IP destinations, URLs, file hashes and
 * names, half `to_ids`, generated as bench/misp.ts does) written to a temporary directory, then
 * imported with `importMispFeed` into SQLite (a file, WAL) — manifest and hash checks, conversion,
 * event markings and release contexts, validation, one transaction per event. Prints attributes per
 * second, and where the time goes: the same phases timed one by one over the first events
 * (read + hash check, conversion, store validation and preparation, store writes, release contexts).
 *
 * Usage: npx tsx bench/intel-misp-import.ts [--attributes 1000000] [--breakdown-events 4]
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { createMetricsRegistry } from '../src/core/metrics.js';
import { eventSharingGroups, inheritEventMarkings, objectContexts, releaseOptions } from '../src/intel/misp/event-release.js';
import { firstOfEachId } from '../src/intel/misp/import-misp.js';
import { importMispFeed } from '../src/intel/misp/import-misp-files.js';
import { MispReleaseStore } from '../src/intel/misp/misp-release-store.js';
import { NODE_MISP_HASHING } from '../src/intel/misp/node-hashing.js';
import { readMispFeedDirectory } from '../src/intel/misp/read-misp-input.js';
import { prepareInput } from '../src/intel/stix/prepare-input.js';
import { writeVersions } from '../src/intel/stix/write-versions.js';
import { PLATFORM_MIGRATIONS } from '../src/platform/platform.js';
import { TLP2_IDS } from '../src/stix/marking/index.js';
import { type MispEvent, mispEventsToStix } from '../src/stix/misp/index.js';
import { createStorage, type Storage } from '../src/storage/storage.js';
import { inTransaction } from '../src/storage/transaction.js';
import { BENCH_FEED_PER_EVENT, benchFeedFiles } from './lib/misp-bench-feed.js';

/** Writes a feed of `total` attributes (manifest.json, hashes.csv, one file per 10 000) into `dir`; answers its events. */
export function writeBenchFeed(dir: string, total: number): number {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of benchFeedFiles(total)) writeFileSync(join(dir, name), text);
  return Math.ceil(total / BENCH_FEED_PER_EVENT);
}

async function withSqlite<T>(dir: string, name: string, fn: (db: Storage['db']) => Promise<T>): Promise<T> {
  const storage = createStorage(
    { url: `sqlite:${join(dir, name)}`, dataDir: dir, poolSize: 1, migrateOnStart: true },
    { clock: systemClock, logger: silentLogger(), metrics: createMetricsRegistry(), migrations: PLATFORM_MIGRATIONS },
  );
  await storage.start();
  try {
    return await fn(storage.db);
  } finally {
    await storage.stop();
  }
}

/** Result of {@link benchMispImport}. */
export interface MispImportBench {
  readonly attributes: number;
  readonly events: number;
  readonly objects: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
  /** Seconds per phase over the breakdown events, and their attributes. */
  readonly breakdown: { readonly attributes: number; readonly phases: Readonly<Record<string, number>> };
}

/** The phases of one event's import, timed one by one (the same calls `importMispEvents` makes). */
async function breakdown(db: Storage['db'], feed: string, maxEvents: number): Promise<MispImportBench['breakdown']> {
  const phases: Record<string, number> = {
    'read + manifest + md5 hash check': 0,
    'convert to STIX + event markings + contexts': 0,
    'store: validate, default marking, canonical JSON': 0,
    'store: database writes (one transaction)': 0,
    'release contexts + event record writes': 0,
  };
  const [read, convert, prepare, write, release] = Object.keys(phases) as [string, string, string, string, string];
  const sha256Hex = (t: string) => createHash('sha256').update(t).digest('hex');
  let attributes = 0;
  let events = 0;
  let t = performance.now();
  const lap = (phase: string) => {
    const now = performance.now();
    phases[phase] = (phases[phase] ?? 0) + (now - t) / 1000;
    t = now;
  };
  for await (const item of readMispFeedDirectory(feed, { hashing: NODE_MISP_HASHING })) {
    if (!('event' in item)) throw item.error;
    const event: MispEvent = item.event;
    lap(read);
    const groups = eventSharingGroups(event);
    const objects = inheritEventMarkings(event, firstOfEachId(mispEventsToStix([event], { hashing: NODE_MISP_HASHING }).objects).objects);
    const contexts = objectContexts(event, objects, releaseOptions(groups, []));
    lap(convert);
    const prepared = prepareInput(objects, { defaultMarkingRef: TLP2_IDS.amber, maxBytes: 1 << 30, sha256Hex });
    lap(prepare);
    await inTransaction(db, async (trx) => {
      await writeVersions(trx, prepared, { source: 'misp:bench', now: Date.now() });
      lap(write);
      const store = new MispReleaseStore(trx);
      await store.putContexts(event.uuid, contexts);
      await store.putEvent({ event, sharingGroups: groups, audience: [], source: 'misp:bench' }, Date.now());
    });
    lap(release);
    attributes += event.attributes.length;
    if (++events >= maxEvents) break;
    t = performance.now();
  }
  return { attributes, phases };
}

/**
 * Imports a generated feed of `attributes` attributes into a fresh SQLite store with `importMispFeed`
 * and returns the figures; then times the phases over the first `breakdownEvents` events in a second,
 * fresh store.
 */
export async function benchMispImport(attributes: number, breakdownEvents = 4): Promise<MispImportBench> {
  const dir = mkdtempSync(join(tmpdir(), 'sakimori-bench-misp-'));
  try {
    const feed = join(dir, 'feed');
    const events = writeBenchFeed(feed, attributes);
    const whole = await withSqlite(dir, 'import.db', async (db) => {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const r = await importMispFeed(db, feed, { defaultMarkingRef: TLP2_IDS.amber, now: Date.now() });
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      if (r.refused > 0) throw new Error(`${r.refused} events refused`);
      return { objects: r.objectsStored, seconds, cpuSeconds: (used.user + used.system) / 1e6 };
    });
    const phases = await withSqlite(dir, 'phases.db', (db) => breakdown(db, feed, breakdownEvents));
    return { attributes, events, ...whole, breakdown: phases };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const attributes = arg('--attributes', 1_000_000);
  process.stdout.write(`sakimori bench:intel-misp-import — node ${process.versions.node}, ${process.platform}/${process.arch}\n`);
  const r = await benchMispImport(attributes, arg('--breakdown-events', 4));
  process.stdout.write(`MISP feed of ${fmt(r.attributes)} attributes in ${r.events} events -> ${fmt(r.objects)} STIX objects stored in SQLite\n`);
  process.stdout.write(`end to end (importMispFeed): ${r.seconds.toFixed(1)} s, ${fmt(r.attributes / r.seconds)} attributes/s (target 1 000 000 in < 60 s)\n`);
  process.stdout.write(`CPU time (user + system, this process): ${r.cpuSeconds.toFixed(1)} s, ${fmt(r.attributes / r.cpuSeconds)} attributes per CPU-second\n`);
  const total = Object.values(r.breakdown.phases).reduce((a, b) => a + b, 0);
  process.stdout.write(`where the time goes (${fmt(r.breakdown.attributes)} attributes, phases timed one by one):\n`);
  for (const [phase, s] of Object.entries(r.breakdown.phases))
    process.stdout.write(`  ${phase.padEnd(50)} ${s.toFixed(2).padStart(7)} s  ${((100 * s) / total).toFixed(0).padStart(3)} %  ${fmt(r.breakdown.attributes / s)} attributes/s\n`);
}
