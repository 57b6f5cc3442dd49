/**
 * MISP input from disk, one event at a time: a feed directory (manifest.json, hashes.csv,
 * `<uuid>.json`) or event files as MISP's API writes them. Each event is checked on its own, so a
 * tampered event is refused with its coded error while the rest of the feed is imported.
 *
 * Security invariant (enforced here, with `readMispFeed`): a feed event is handed on only when its
 * file is listed in the manifest, its uuid is its file name, and every attribute value's MD5 is in
 * hashes.csv for that event; a hashes.csv with a malformed line refuses every event.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { SakimoriError } from '../../core/errors.js';
import { isSakimoriError } from '../../core/errors.js';
import { ERR_MISP_FEED_NOT_IN_MANIFEST, ERR_MISP_MALFORMED, type MispHashing, type MispLimits, type MispSharingGroup, parseMispEvent, parseSharingGroup, readMispFeed } from '../../stix/misp/index.js';
import { ERR_INTEL_MISP_PATH } from './errors.js';
import type { MispImportItem } from './import-misp.js';

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new ERR_INTEL_MISP_PATH(path, (e as Error).message, { cause: e });
  }
}

/** hashes.csv lines by event uuid; lines that name no event go to every event, which the reader then refuses. */
function hashLinesByEvent(text: string): { byEvent: Map<string, string[]>; bad: string[] } {
  const byEvent = new Map<string, string[]>();
  const bad: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line === '') continue;
    const comma = line.indexOf(',');
    const event = line.slice(comma + 1).toLowerCase();
    if (comma !== 32 || event.length !== 36) {
      bad.push(line);
      continue;
    }
    let lines = byEvent.get(event);
    if (lines === undefined) byEvent.set(event, (lines = []));
    lines.push(line);
  }
  return { byEvent, bad };
}

function manifestUuids(text: string): Set<string> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ERR_MISP_MALFORMED('manifest.json', 'JSON text', { cause });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ERR_MISP_MALFORMED('manifest.json', 'a JSON object');
  return new Set(Object.keys(json).map((k) => k.toLowerCase()));
}

/** Options of {@link readMispFeedDirectory}. */
export interface ReadFeedOptions {
  readonly hashing: MispHashing;
  readonly limits?: MispLimits;
}

/**
 * The events of a feed directory, one at a time, each checked against the manifest and hashes.csv
 * (`readMispFeed` on that event alone). A listed event without its file is refused too.
 *
 * @throws `SAKIMORI_ERR_INTEL_MISP_PATH` when the directory or its manifest cannot be read,
 * `SAKIMORI_ERR_STIX_MISP_MALFORMED` when the manifest is not a JSON object.
 */
export async function* readMispFeedDirectory(dir: string, options: ReadFeedOptions): AsyncGenerator<MispImportItem> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (e) {
    throw new ERR_INTEL_MISP_PATH(dir, (e as Error).message, { cause: e });
  }
  const listed = manifestUuids(await readText(join(dir, 'manifest.json')));
  const hashes = names.includes('hashes.csv') ? hashLinesByEvent(await readText(join(dir, 'hashes.csv'))) : { byEvent: new Map<string, string[]>(), bad: [] };
  const seen = new Set<string>();
  for (const name of names) {
    if (!name.endsWith('.json') || name === 'manifest.json') continue;
    const uuid = name.slice(0, -5).toLowerCase();
    seen.add(uuid);
    const text = await readText(join(dir, name));
    const lines = [...hashes.bad, ...(hashes.byEvent.get(uuid) ?? [])];
    // The manifest handed on lists this event only when the real one does: the reader refuses it otherwise.
    const files = new Map([
      ['manifest.json', JSON.stringify(listed.has(uuid) ? { [uuid]: {} } : {})],
      ['hashes.csv', lines.join('\n')],
      [name, text],
    ]);
    try {
      const feed = readMispFeed(files, { hashing: options.hashing, complete: false, ...(options.limits === undefined ? {} : { limits: options.limits }) });
      for (const event of feed.events) yield { event };
    } catch (e) {
      if (!isSakimoriError(e)) throw e;
      yield { uuid, error: e };
    }
  }
  for (const uuid of [...listed].sort()) if (!seen.has(uuid)) yield { uuid, error: new ERR_MISP_FEED_NOT_IN_MANIFEST(uuid) };
}

/** The events of one MISP JSON document: an event, a list of events, or an API answer `{ "response": [...] }`. */
function eventsOf(doc: unknown): unknown[] {
  if (Array.isArray(doc)) return doc;
  if (typeof doc === 'object' && doc !== null && Array.isArray((doc as { response?: unknown }).response)) return (doc as { response: unknown[] }).response;
  return [doc];
}

/**
 * The events of MISP event files (no hash check: a lone event file has no hashes.csv). A file that is
 * not JSON or not a MISP event is refused under its file name; the others are read as usual.
 *
 * @throws `SAKIMORI_ERR_INTEL_MISP_PATH` when a file cannot be read.
 */
export async function* readMispEventFiles(paths: readonly string[], options: { readonly limits?: MispLimits } = {}): AsyncGenerator<MispImportItem> {
  for (const path of paths) {
    const text = await readText(path);
    let docs: unknown[];
    try {
      docs = eventsOf(JSON.parse(text) as unknown);
    } catch (cause) {
      yield { uuid: basename(path), error: new ERR_MISP_MALFORMED(basename(path), 'JSON text', { cause }) };
      continue;
    }
    for (const [i, doc] of docs.entries()) {
      try {
        yield { event: parseMispEvent(doc, options.limits) };
      } catch (e) {
        if (!isSakimoriError(e)) throw e;
        yield { uuid: docs.length === 1 ? basename(path) : `${basename(path)}[${i}]`, error: e as SakimoriError };
      }
    }
  }
}

/**
 * Sharing groups as MISP's API lists them (`/sharing_groups`: a list, or `{ "response": [...] }`, of
 * `{ SharingGroup, Organisation, SharingGroupOrg }`), for the items of imported events that name one by id.
 *
 * @throws `SAKIMORI_ERR_INTEL_MISP_PATH` when the file cannot be read, `SAKIMORI_ERR_STIX_MISP_MALFORMED` when it is not such a list.
 */
export async function readSharingGroups(path: string): Promise<MispSharingGroup[]> {
  const text = await readText(path);
  let doc: unknown;
  try {
    doc = JSON.parse(text) as unknown;
  } catch (cause) {
    throw new ERR_MISP_MALFORMED(basename(path), 'JSON text', { cause });
  }
  return eventsOf(doc).map((g, i) => parseSharingGroup(g, `${basename(path)}[${i}]`));
}
