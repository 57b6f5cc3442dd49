/**
 * Adding a POSTed envelope's objects to a collection through the STIX store (TAXII 2.1 §5.5).
 *
 * The store refuses a whole input when one object is wrong, while TAXII reports each object in the
 * status resource. So each object is first checked with the store's validator on its own, and an
 * ingest the store still refuses because of one named object (a conflicting version, an unknown
 * marking) is retried without it. What is finally stored is stored by one ingest, atomically; a
 * refusal that names no object (input too large) fails every remaining object.
 */
import type { Kysely } from 'kysely';
import { canonicalJson } from '../../../core/canonical-json.js';
import { isSakimoriError } from '../../../core/errors.js';
import { type ValidationOptions, validateStix } from '../../../stix/object/index.js';
import type { Database } from '../../../storage/database.js';
import { chunks } from '../../stix/batch-insert.js';
import type { IngestResult, StixStore, VersionRef } from '../../stix/stix-store.js';
import { versionKeyOf } from '../../stix/version-key.js';
import type { StatusDetail, StixJson } from '../backend.js';
import { versionTextOf } from '../stored-version.js';
import { taxiiTimestampOf } from '../timestamp.js';

/** Where and how objects are added. */
export interface AddTarget {
  readonly store: StixStore;
  readonly db: Kysely<Database>;
  readonly collectionId: string;
  /** Recorded as the versions' `source` (`taxii:<root>/<collection>`). */
  readonly source: string;
  readonly defaultMarkingRef: string;
  /** The store's validator options, for the per-object check. */
  readonly validation?: ValidationOptions | undefined;
  readonly now: number;
}

/** Per-object outcome of an addition, in input order. */
export interface AddOutcome {
  readonly successes: readonly StatusDetail[];
  readonly failures: readonly StatusDetail[];
}

const ALREADY_ADDED = 'Object already added';
const REPEATED_OTHER = 'the request holds another object with this id and version';
const REPEAT_REFUSED = 'the same object earlier in the request was refused';
const MAX_MESSAGES = 3;

function detail(object: StixJson, message?: string): StatusDetail {
  const version = versionTextOf(object, '' as never);
  return { id: String(object.id), version, ...(message === undefined ? {} : { message }) };
}

/** Why the store's validator refuses `object`, or undefined when it passes. */
function problemOf(object: StixJson, validation: ValidationOptions | undefined): string | undefined {
  const result = validateStix(object, validation);
  if (result.valid) return undefined;
  return result.errors
    .slice(0, MAX_MESSAGES)
    .map((e) => e.message)
    .join('; ');
}

/** The version key of a timestamped object, or undefined for a content-keyed one (an SCO). */
function timestampKey(object: StixJson): string | undefined {
  const key = versionKeyOf(object, '');
  return key.startsWith('sha256:') ? undefined : key;
}

/** Indexes of the objects a store refusal names (`details.id` of a conflict, `details.object` of an unknown marking). */
function culprits(e: unknown, objects: readonly StixJson[]): number[] {
  if (!isSakimoriError(e)) return [];
  const d = e.details ?? {};
  const id = typeof d.id === 'string' ? d.id : typeof d.object === 'string' ? d.object : undefined;
  if (id === undefined) return [];
  const version = typeof d.version === 'string' ? d.version : undefined;
  const out: number[] = [];
  objects.forEach((o, i) => {
    if (o.id !== id) return;
    const key = timestampKey(o);
    if (version === undefined || key === undefined || key === version) out.push(i);
  });
  return out;
}

/** The (object id, version key) pairs the collection already holds among `ids`. */
async function heldKeys(db: Kysely<Database>, collectionId: string, ids: readonly string[]): Promise<Set<string>> {
  const held = new Set<string>();
  for (const part of chunks([...new Set(ids)])) {
    const rows = await db.selectFrom('stix_collection_objects').select(['object_id', 'version']).where('collection_id', '=', collectionId).where('object_id', 'in', part).execute();
    for (const r of rows) held.add(`${r.object_id}\u0000${r.version}`);
  }
  return held;
}

/** Ingests `objects`, dropping those a refusal names until the store takes the rest (or nothing is left). */
async function ingestWhatPasses(target: AddTarget, objects: StixJson[], failures: StatusDetail[]): Promise<{ stored: StixJson[]; result?: IngestResult }> {
  let pending = objects;
  while (pending.length > 0) {
    try {
      const result = await target.store.ingest(pending, { source: target.source, defaultMarkingRef: target.defaultMarkingRef, collectionId: target.collectionId, now: target.now });
      return { stored: pending, result };
    } catch (e) {
      const named = culprits(e, pending);
      const message = e instanceof Error ? e.message : String(e);
      // A refusal that names no object (too large, store failure) fails the whole request.
      if (named.length === 0) {
        if (!isSakimoriError(e)) throw e;
        for (const o of pending) failures.push(detail(o, message));
        return { stored: [] };
      }
      const drop = new Set(named);
      for (const i of named) failures.push(detail(pending[i] as StixJson, message));
      pending = pending.filter((_, i) => !drop.has(i));
    }
  }
  return { stored: [] };
}

/** Version keys of content-keyed versions (SCOs) the ingest reported, per object id, in order. */
function contentKeys(result: IngestResult | undefined): Map<string, string[]> {
  const byId = new Map<string, string[]>();
  const refs: readonly VersionRef[] = result === undefined ? [] : [...result.stored, ...result.skipped];
  for (const r of refs) {
    if (!r.version.startsWith('sha256:')) continue;
    const list = byId.get(r.id) ?? [];
    list.push(r.version);
    byId.set(r.id, list);
  }
  return byId;
}

/** The request sorted out before the store sees it: objects to ingest, repeats of them, and refusals. */
interface Sorted {
  readonly valid: StixJson[];
  readonly repeats: StixJson[];
  readonly failures: StatusDetail[];
}

/**
 * Checks each object with the store's validator, and keeps one object per version: the same
 * content again is a repeat, other content a failure of its own (the store would refuse the whole
 * input for it).
 */
function sortOut(accepted: readonly StixJson[], validation: ValidationOptions | undefined): Sorted {
  const sorted: Sorted = { valid: [], repeats: [], failures: [] };
  const firstOfVersion = new Map<string, string>();
  for (const o of accepted) {
    const problem = problemOf(o, validation);
    if (problem !== undefined) {
      sorted.failures.push(detail(o, problem));
      continue;
    }
    const key = timestampKey(o);
    if (key === undefined) {
      sorted.valid.push(o);
      continue;
    }
    const k = `${String(o.id)}\u0000${key}`;
    const json = canonicalJson(o);
    const first = firstOfVersion.get(k);
    if (first === undefined) {
      firstOfVersion.set(k, json);
      sorted.valid.push(o);
    } else if (first === json) sorted.repeats.push(o);
    else sorted.failures.push(detail(o, REPEATED_OTHER));
  }
  return sorted;
}

/**
 * Adds `accepted` to the collection and answers the status lines: a success per stored object
 * ("Object already added" when the collection held that version already), a failure per refused one.
 */
export async function addThroughStore(target: AddTarget, accepted: readonly StixJson[]): Promise<AddOutcome> {
  const { valid, repeats, failures } = sortOut(accepted, target.validation);
  const held = await heldKeys(
    target.db,
    target.collectionId,
    valid.map((o) => String(o.id)),
  );
  const { stored, result } = await ingestWhatPasses(target, valid, failures);
  const storedKeys = new Set(stored.map((o) => `${String(o.id)}\u0000${timestampKey(o) ?? ''}`));
  const added = [...stored];
  for (const r of repeats) {
    if (storedKeys.has(`${String(r.id)}\u0000${timestampKey(r) ?? ''}`)) added.push(r);
    else failures.push(detail(r, REPEAT_REFUSED));
  }
  const order = new Map(accepted.map((o, i) => [o, i] as const));
  added.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  const scoKeys = contentKeys(result);
  const dateAdded = taxiiTimestampOf(result?.dateAdded ?? target.now);
  const successes = added.map((o): StatusDetail => {
    const id = String(o.id);
    const key = timestampKey(o) ?? scoKeys.get(id)?.shift();
    const k = `${id}\u0000${key ?? ''}`;
    const again = key !== undefined && held.has(k);
    held.add(k);
    const line = { id, version: versionTextOf(o, dateAdded) };
    return again ? { ...line, message: ALREADY_ADDED } : line;
  });
  return { successes, failures };
}
