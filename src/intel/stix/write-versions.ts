/**
 * The write half of the store: one transaction that takes the store's write lock, sorts the
 * prepared versions into new, duplicate and conflicting, assigns `seq` and `date_added`, keeps
 * `is_last` on each object's latest version, and writes rows, references and collection
 * membership with multi-row inserts. Called only with input that passed {@link prepareInput}.
 */
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../../storage/database.js';
import { lockForWrite } from '../../storage/transaction.js';
import type { StixObjectsTable, StixRefsTable } from '../tables.js';
import { batchInsert, chunks } from './batch-insert.js';
import { ERR_INTEL_STIX_COLLECTION_UNKNOWN, ERR_INTEL_STIX_CONFLICT } from './errors.js';
import type { PreparedObject } from './prepare-input.js';
import { compareVersions } from './version-key.js';

/** One object version, by id and version key. */
export interface VersionRef {
  readonly id: string;
  readonly version: string;
}

/** Title and description of a collection created by an ingest that names it. */
export interface NewCollection {
  readonly title: string;
  readonly description?: string;
  readonly alias?: string;
}

/** What one ingest did. */
export interface IngestResult {
  /** Versions written now, in input order. */
  readonly stored: readonly VersionRef[];
  /** Versions already stored with identical content (left as they were). */
  readonly skipped: readonly VersionRef[];
  /** When the written versions were added (epoch ms). */
  readonly dateAdded: number;
}

interface ExistingRow {
  id: string;
  version: string;
  json: string;
  seq: number;
  is_last: number;
}

const LOCK = 'stix_objects';

async function existingVersions(trx: Kysely<Database>, ids: readonly string[]): Promise<Map<string, ExistingRow[]>> {
  const byId = new Map<string, ExistingRow[]>();
  for (const part of chunks(ids)) {
    const rows = await trx.selectFrom('stix_objects').select(['id', 'version', 'json', 'seq', 'is_last']).where('id', 'in', part).execute();
    for (const r of rows) {
      const list = byId.get(r.id) ?? [];
      list.push(r);
      byId.set(r.id, list);
    }
  }
  return byId;
}

/** Where the next additions go: one past the highest seq, never before the last date_added. */
async function nextPosition(trx: Kysely<Database>, now: number): Promise<{ seq: number; dateAdded: number }> {
  const r = await trx
    .selectFrom('stix_objects')
    .select((eb) => [eb.fn.max('seq').as('seq'), eb.fn.max('date_added').as('date_added')])
    .executeTakeFirst();
  return { seq: Number(r?.seq ?? 0) + 1, dateAdded: Math.max(now, Number(r?.date_added ?? 0)) };
}

/** Sorts the input into new rows and duplicates; throws on a version stored with other content. */
function classify(prepared: readonly PreparedObject[], existing: ReadonlyMap<string, ExistingRow[]>): { fresh: PreparedObject[]; skipped: VersionRef[] } {
  const fresh: PreparedObject[] = [];
  const skipped: VersionRef[] = [];
  for (const p of prepared) {
    const old = existing.get(p.id)?.find((r) => r.version === p.version);
    if (old === undefined) fresh.push(p);
    else if (old.json === p.json) skipped.push({ id: p.id, version: p.version });
    else throw new ERR_INTEL_STIX_CONFLICT(p.id, p.version, { details: { id: p.id, version: p.version } });
  }
  return { fresh, skipped };
}

/**
 * Sets `is_last` on the new rows that become their object's latest version, and takes it from the
 * old rows they replace. A version older than the stored latest (out-of-order delivery) is kept
 * without becoming latest.
 */
async function updateLatest(trx: Kysely<Database>, rows: readonly Insertable<StixObjectsTable>[], existing: ReadonlyMap<string, ExistingRow[]>): Promise<void> {
  const winner = new Map<string, Insertable<StixObjectsTable>>();
  for (const r of rows) {
    const w = winner.get(r.id);
    if (w === undefined || compareVersions(w, r) < 0) winner.set(r.id, r);
  }
  const demoted: string[] = [];
  for (const [id, w] of winner) {
    const old = existing.get(id)?.find((r) => r.is_last === 1);
    if (old !== undefined && compareVersions(old, w) > 0) continue;
    w.is_last = 1;
    if (old !== undefined) demoted.push(id);
  }
  for (const part of chunks(demoted)) await trx.updateTable('stix_objects').set({ is_last: 0 }).where('id', 'in', part).where('is_last', '=', 1).execute();
}

/** Creates the collection when `create` says how, else checks that it exists. */
async function ensureCollection(trx: Kysely<Database>, collectionId: string, create: NewCollection | undefined, now: number): Promise<void> {
  const known = await trx.selectFrom('stix_collections').select('id').where('id', '=', collectionId).executeTakeFirst();
  if (known !== undefined) return;
  if (create === undefined) throw new ERR_INTEL_STIX_COLLECTION_UNKNOWN(collectionId);
  await trx
    .insertInto('stix_collections')
    .values({ id: collectionId, title: create.title, description: create.description ?? null, alias: create.alias ?? null, created_at: now })
    .execute();
}

async function addToCollection(trx: Kysely<Database>, collectionId: string, versions: readonly VersionRef[], dateAdded: number): Promise<void> {
  const present = new Set<string>();
  for (const part of chunks([...new Set(versions.map((v) => v.id))])) {
    const rows = await trx.selectFrom('stix_collection_objects').select(['object_id', 'version']).where('collection_id', '=', collectionId).where('object_id', 'in', part).execute();
    for (const r of rows) present.add(`${r.object_id}\u0000${r.version}`);
  }
  const last = await trx
    .selectFrom('stix_collection_objects')
    .select((eb) => [eb.fn.max('seq').as('seq'), eb.fn.max('date_added').as('date_added')])
    .where('collection_id', '=', collectionId)
    .executeTakeFirst();
  let seq = Number(last?.seq ?? 0);
  const at = Math.max(dateAdded, Number(last?.date_added ?? 0));
  const rows = versions.filter((v) => !present.has(`${v.id}\u0000${v.version}`)).map((v) => ({ collection_id: collectionId, object_id: v.id, version: v.version, date_added: at, seq: ++seq }));
  await batchInsert(trx, 'stix_collection_objects', rows);
}

/**
 * Writes prepared versions in the caller's transaction `trx`. Duplicates with identical content
 * are skipped (and still added to the collection); a duplicate with other content throws, and the
 * caller's transaction then rolls everything back.
 */
export async function writeVersions(
  trx: Kysely<Database>,
  prepared: readonly PreparedObject[],
  options: { readonly source: string; readonly now: number; readonly collectionId?: string; readonly createCollection?: NewCollection },
): Promise<IngestResult> {
  // One writer at a time: seq is then assigned in commit order (see list-cursor.ts).
  await lockForWrite(trx, LOCK);
  if (options.collectionId !== undefined) await ensureCollection(trx, options.collectionId, options.createCollection, options.now);
  const existing = await existingVersions(trx, [...new Set(prepared.map((p) => p.id))]);
  const { fresh, skipped } = classify(prepared, existing);
  const position = await nextPosition(trx, options.now);
  let seq = position.seq;
  const rows: Insertable<StixObjectsTable>[] = fresh.map((p) => ({
    id: p.id,
    version: p.version,
    type: p.type,
    spec_version: p.specVersion,
    created: p.created,
    modified: p.modified,
    revoked: p.revoked ? 1 : 0,
    is_last: 0,
    marking_refs: JSON.stringify(p.markingRefs),
    source: options.source,
    json: p.json,
    date_added: position.dateAdded,
    seq: seq++,
  }));
  await updateLatest(trx, rows, existing);
  await batchInsert(trx, 'stix_objects', rows);
  const refs: StixRefsTable[] = fresh.flatMap((p) => p.refs.map((r) => ({ source_id: p.id, source_version: p.version, path: r.path, target_id: r.target })));
  await batchInsert(trx, 'stix_refs', refs);
  const stored = fresh.map((p) => ({ id: p.id, version: p.version }));
  if (options.collectionId !== undefined) await addToCollection(trx, options.collectionId, [...stored, ...skipped], position.dateAdded);
  return { stored, skipped, dateAdded: position.dateAdded };
}
