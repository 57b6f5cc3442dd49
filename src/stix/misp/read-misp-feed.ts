/**
 * Reads a MISP feed from the contents of its files (manifest.json, hashes.csv, `<uuid>.json`), and
 * refuses a feed whose parts disagree: every event file must be listed in the manifest (and, for a
 * complete feed, every listed event must have its file), and every attribute value's feed hash must be
 * in hashes.csv for its event.
 */
import { ERR_MISP_FEED_HASH_MISMATCH, ERR_MISP_FEED_NOT_IN_MANIFEST, ERR_MISP_MALFORMED } from './errors.js';
import { feedHashes } from './feed-hash.js';
import type { MispHashing } from './hashing.js';
import { asObject, DEFAULT_MISP_LIMITS, type MispLimits } from './json-reader.js';
import type { MispEvent } from './misp-event.js';
import { parseMispEvent } from './parse-misp-event.js';

/** Options of {@link readMispFeed}. */
export interface ReadMispFeedOptions {
  readonly hashing: MispHashing;
  readonly limits?: MispLimits;
  /** Require a file for every event the manifest lists (default true). */
  readonly complete?: boolean;
}

/** A feed that passed its checks. */
export interface MispFeed {
  /** Event uuids the manifest lists. */
  readonly manifest: readonly string[];
  /** The events, in file order. */
  readonly events: readonly MispEvent[];
}

const HASH_LINE = /^([0-9a-f]{32}),([0-9a-f-]{36})$/i;

function parseHashes(text: string): Map<string, Set<string>> {
  const byEvent = new Map<string, Set<string>>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') continue;
    const m = HASH_LINE.exec(line);
    if (m === null) throw new ERR_MISP_MALFORMED(`hashes.csv line ${i + 1}`, 'md5,event uuid');
    const event = (m[2] ?? '').toLowerCase();
    let set = byEvent.get(event);
    if (set === undefined) byEvent.set(event, (set = new Set()));
    set.add((m[1] ?? '').toLowerCase());
  }
  return byEvent;
}

function checkHashes(event: MispEvent, hashes: ReadonlySet<string> | undefined, md5: MispHashing['md5']): void {
  const check = (a: { uuid: string; type: string; value: string }) => {
    for (const h of feedHashes(a, md5)) if (hashes === undefined || !hashes.has(h)) throw new ERR_MISP_FEED_HASH_MISMATCH(event.uuid, a.uuid, { details: { event: event.uuid, attribute: a.uuid } });
  };
  for (const a of event.attributes) check(a);
  for (const o of event.objects) for (const a of o.attributes) check(a);
}

/**
 * Reads and checks a MISP feed given its files' contents.
 *
 * @example
 * ```ts
 * const feed = readMispFeed(new Map([['manifest.json', m], ['hashes.csv', h], [`${uuid}.json`, e]]), { hashing });
 * feed.events[0]?.info;
 * ```
 */
export function readMispFeed(files: ReadonlyMap<string, string>, options: ReadMispFeedOptions): MispFeed {
  const limits = options.limits ?? DEFAULT_MISP_LIMITS;
  const manifestText = files.get('manifest.json');
  if (manifestText === undefined) throw new ERR_MISP_MALFORMED('manifest.json', 'the feed manifest');
  let manifestJson: unknown;
  try {
    manifestJson = JSON.parse(manifestText);
  } catch (cause) {
    throw new ERR_MISP_MALFORMED('manifest.json', 'JSON text', { cause });
  }
  const manifest = Object.keys(asObject(manifestJson, 'manifest.json')).map((k) => k.toLowerCase());
  const listed = new Set(manifest);
  const hashes = parseHashes(files.get('hashes.csv') ?? '');
  const events: MispEvent[] = [];
  for (const [name, text] of files) {
    if (name === 'manifest.json' || name === 'hashes.csv' || !name.endsWith('.json')) continue;
    const fileUuid = name.slice(0, -5).toLowerCase();
    if (!listed.has(fileUuid)) throw new ERR_MISP_FEED_NOT_IN_MANIFEST(fileUuid);
    const event = parseMispEvent(text, limits);
    if (event.uuid !== fileUuid) throw new ERR_MISP_MALFORMED(`${name} $.Event.uuid`, `the file's uuid ${fileUuid}`);
    checkHashes(event, hashes.get(event.uuid), options.hashing.md5);
    events.push(event);
  }
  if (options.complete !== false) for (const uuid of manifest) if (!files.has(`${uuid}.json`)) throw new ERR_MISP_FEED_NOT_IN_MANIFEST(uuid);
  return { manifest, events };
}
