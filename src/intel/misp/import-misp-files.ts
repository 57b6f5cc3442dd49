/**
 * MISP import from disk: a feed directory, or event files, into the store (see {@link importMispEvents}).
 *
 * @example
 * ```ts
 * const result = await importMispFeed(storage.db, '/srv/feeds/circl', { defaultMarkingRef: TLP2_IDS.amber, now: clock.now() });
 * `${result.stored} stored, ${result.refused} refused`;
 * ```
 */
import { basename, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/database.js';
import { importMispEvents, type MispImportDeps, type MispImportOptions, type MispImportResult } from './import-misp.js';
import { NODE_MISP_HASHING } from './node-hashing.js';
import { readMispEventFiles, readMispFeedDirectory } from './read-misp-input.js';

/** Import options where the source defaults to `misp:<feed directory or file name>`. */
export type MispFileImportOptions = Omit<MispImportOptions, 'source'> & { readonly source?: string };

/**
 * Imports a MISP feed directory (manifest.json, hashes.csv, `<uuid>.json`): each event checked
 * against the manifest and its hashes, then stored in its own transaction; a tampered event is
 * refused with its coded error and nothing of it is stored.
 */
export function importMispFeed(db: Kysely<Database>, dir: string, options: MispFileImportOptions, deps: MispImportDeps = {}): Promise<MispImportResult> {
  const source = options.source ?? `misp:${basename(resolve(dir))}`;
  return importMispEvents(db, readMispFeedDirectory(dir, { hashing: deps.hashing ?? NODE_MISP_HASHING }), { ...options, source }, deps);
}

/** Imports MISP event files (an event, a list of events, or an API answer each); the source names the file. */
export async function importMispEventFiles(db: Kysely<Database>, paths: readonly string[], options: MispFileImportOptions, deps: MispImportDeps = {}): Promise<MispImportResult> {
  const results: MispImportResult[] = [];
  for (const path of paths) results.push(await importMispEvents(db, readMispEventFiles([path]), { ...options, source: options.source ?? `misp:${basename(path)}` }, deps));
  return mergeResults(results);
}

/** One result for several imports: their events in order, their totals summed. */
export function mergeResults(results: readonly MispImportResult[]): MispImportResult {
  const sum = (k: 'stored' | 'unchanged' | 'refused' | 'attributes' | 'objectsStored' | 'objectsSkipped') => results.reduce((n, r) => n + r[k], 0);
  return {
    events: results.flatMap((r) => r.events),
    stored: sum('stored'),
    unchanged: sum('unchanged'),
    refused: sum('refused'),
    attributes: sum('attributes'),
    objectsStored: sum('objectsStored'),
    objectsSkipped: sum('objectsSkipped'),
  };
}
