/**
 * An {@link AuditStore} over Kysely, for SQLite and PostgreSQL alike (tables of migration 0004:
 * `audit_entries` and `audit_checkpoints`).
 *
 * Tree nodes live in the row of the entry that completes them: entry `seq` completes the
 * perfect subtree at level `L` and index `(seq + 1) / 2^L - 1` for every `L` up to the number of
 * trailing one bits of `seq` (RFC 9162 §2.1.1 trees grow by whole subtrees), so node `(L, i)` is
 * always found in entry `(i + 1)·2^L - 1`, at hash position `L`. One row per entry is written
 * instead of about three, which roughly halves the cost of an append batch.
 *
 * Each batch is one transaction that first re-reads the log's size, so two processes writing to
 * one database (a server and a `sakimori retention run` cron job) can never interleave entries:
 * the second writer's batch is refused whole with {@link ERR_AUDIT_STORE_CONFLICT} (a unique-key
 * or serialisation failure on commit means the same), and the log rewrites it after the new
 * entries. The node count of every level follows from the size — a tree of `n` leaves holds
 * exactly `floor(n / 2^level)` perfect subtrees at `level` — so no extra query is needed to
 * know which nodes a batch must add, and a batch that adds fewer, more or gapped nodes is refused.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../../../storage/database.js';
import { isUniqueViolation } from '../../../../storage/errors.js';
import { ERR_AUDIT_STORE_CONFLICT, ERR_AUDIT_STORE_INCONSISTENT } from '../../errors.js';
import { HASH_SIZE } from '../../merkle/hasher.js';
import type { NodeId } from '../../merkle/proof-plan.js';
import type { AppendBatch, AuditOutboxStore, AuditStore, OutboxRow, StoredCheckpoint, StoredEntry, StoredNode } from '../audit-store.js';

/** Rows per multi-row INSERT: well under SQLite's 32 766 and PostgreSQL's 65 535 parameters. */
const ENTRY_ROWS = 500;
/** Node ids per lookup query. */
const NODE_LOOKUP = 200;
/** Entries read per query while streaming. */
const PAGE = 1000;
/** Hex characters per hash. */
const HEX = HASH_SIZE * 2;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const toHex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
const fromHex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));

/** Nodes a tree of `size` leaves holds at `level`. */
function levelCount(size: number, level: number): number {
  return Math.floor(size / 2 ** level);
}

function codeOf(e: unknown): string {
  const c = (e as { code?: unknown }).code;
  return typeof c === 'string' ? c : '';
}

/** True for failures that mean another writer got there first (unique key, serialisation, SQLite snapshot). */
function isWriteRace(e: unknown): boolean {
  const code = codeOf(e);
  return isUniqueViolation(e) || code === '40001' || code.startsWith('SQLITE_BUSY');
}

/** Splits `items` into arrays of at most `size`. */
function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function sizeOf(db: Kysely<Database> | Transaction<Database>): Promise<number> {
  const r = await db
    .selectFrom('audit_entries')
    .select((eb) => eb.fn.max('seq').as('top'))
    .executeTakeFirst();
  return r?.top === null || r?.top === undefined ? 0 : Number(r.top) + 1;
}

/** Entries must continue the log at `size` without gaps. */
function checkEntries(batch: AppendBatch, size: number): void {
  const first = batch.entries[0]?.seq;
  if (first !== undefined && first < size) throw new ERR_AUDIT_STORE_CONFLICT(`entry ${first} appended but the log already holds ${size} entries`);
  batch.entries.forEach((e, i) => {
    if (e.seq !== size + i) throw new ERR_AUDIT_STORE_INCONSISTENT(`entry ${e.seq} appended where ${size + i} was expected`);
  });
}

/**
 * Splits the batch's nodes into those already stored (to compare) and new ones, refusing a node
 * beyond the grown tree, a gap, or a grown tree missing one of its nodes.
 */
function classifyNodes(nodes: readonly StoredNode[], size: number, newSize: number): { stored: StoredNode[]; fresh: StoredNode[] } {
  const stored: StoredNode[] = [];
  const fresh: StoredNode[] = [];
  const next = new Map<number, number>();
  for (const n of nodes) {
    if (n.hash.length !== HASH_SIZE) throw new ERR_AUDIT_STORE_INCONSISTENT(`node ${n.level}/${n.index} hash is ${n.hash.length} bytes`);
    const before = levelCount(size, n.level);
    const have = next.get(n.level) ?? before;
    if (n.index < before) {
      stored.push(n);
    } else if (n.index === have && n.index < levelCount(newSize, n.level)) {
      fresh.push(n);
      next.set(n.level, have + 1);
    } else {
      throw new ERR_AUDIT_STORE_INCONSISTENT(`node ${n.level}/${n.index} would leave a gap after ${have} (tree of ${newSize} entries)`);
    }
  }
  for (let level = 0; levelCount(newSize, level) > 0; level++) {
    const want = levelCount(newSize, level);
    if ((next.get(level) ?? levelCount(size, level)) !== want) throw new ERR_AUDIT_STORE_INCONSISTENT(`batch leaves level ${level} without node ${want - 1}`);
  }
  return { stored, fresh };
}

/** The entry whose row holds node `(level, index)`. */
function holderOf(id: NodeId): number {
  return (id.index + 1) * 2 ** id.level - 1;
}

/** Levels of the nodes entry `seq` completes: 1 + the number of trailing one bits of `seq`. */
function levelsCompletedBy(seq: number): number {
  let levels = 1;
  for (let v = seq + 1; v % 2 === 0; v /= 2) levels++;
  return levels;
}

async function readNodes(db: Kysely<Database> | Transaction<Database>, ids: readonly NodeId[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const part of chunks(ids, NODE_LOOKUP)) {
    const rows = await db
      .selectFrom('audit_entries')
      .select(['seq', 'nodes'])
      .where('seq', 'in', [...new Set(part.map(holderOf))])
      .execute();
    const bySeq = new Map(rows.map((r) => [Number(r.seq), r.nodes]));
    for (const id of part) {
      const h = bySeq.get(holderOf(id))?.slice(id.level * HEX, (id.level + 1) * HEX);
      if (h !== undefined && h.length === HEX) found.set(`${id.level}/${id.index}`, h);
    }
  }
  return found;
}

/** The audit store over the SQL database of `db`, with the outbox of migration 0008. */
export class SqlAuditStore implements AuditStore, AuditOutboxStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async size(): Promise<number> {
    return sizeOf(this.#db);
  }

  async append(batch: AppendBatch): Promise<void> {
    try {
      await this.#db.transaction().execute((trx) => this.#appendIn(trx, batch));
    } catch (e) {
      if (isWriteRace(e)) throw new ERR_AUDIT_STORE_CONFLICT((e as Error).message, { cause: e });
      throw e;
    }
  }

  async #appendIn(trx: Transaction<Database>, batch: AppendBatch): Promise<void> {
    const size = await sizeOf(trx);
    checkEntries(batch, size);
    const newSize = size + batch.entries.length;
    const { stored, fresh } = classifyNodes(batch.nodes, size, newSize);
    if (stored.length > 0) {
      const have = await readNodes(trx, stored);
      for (const n of stored) {
        const h = have.get(`${n.level}/${n.index}`);
        if (h === undefined) throw new ERR_AUDIT_STORE_INCONSISTENT(`node ${n.level}/${n.index} is not stored`);
        if (h !== toHex(n.hash)) throw new ERR_AUDIT_STORE_INCONSISTENT(`node ${n.level}/${n.index} already stored with another hash`);
      }
    }
    const completed = new Map(fresh.map((n) => [`${n.level}/${n.index}`, toHex(n.hash)]));
    const rows = batch.entries.map((e) => {
      let nodes = '';
      for (let level = 0, levels = levelsCompletedBy(e.seq); level < levels; level++) nodes += completed.get(`${level}/${(e.seq + 1) / 2 ** level - 1}`)!;
      return { seq: e.seq, data: decoder.decode(e.data), nodes };
    });
    for (const part of chunks(rows, ENTRY_ROWS)) await trx.insertInto('audit_entries').values(part).execute();
    const consumed = batch.consumed ?? [];
    for (const part of chunks(consumed, NODE_LOOKUP)) {
      const r = await trx.deleteFrom('audit_outbox').where('id', 'in', part).executeTakeFirst();
      // Another writer appended (and deleted) one of them first: the whole batch is refused.
      if (Number(r.numDeletedRows) !== part.length) throw new ERR_AUDIT_STORE_CONFLICT(`${part.length - Number(r.numDeletedRows)} outbox entries were appended by another writer`);
    }
  }

  async insertOutbox(trx: Kysely<Database>, row: OutboxRow & { readonly createdAt: number }): Promise<void> {
    await trx.insertInto('audit_outbox').values({ id: row.id, created_at: row.createdAt, entry: row.entry }).execute();
  }

  async outbox(limit: number): Promise<OutboxRow[]> {
    return this.#db.selectFrom('audit_outbox').select(['id', 'entry']).orderBy('id').limit(limit).execute();
  }

  async outboxHas(ids: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const part of chunks(ids, NODE_LOOKUP)) {
      for (const r of await this.#db.selectFrom('audit_outbox').select('id').where('id', 'in', part).execute()) out.add(r.id);
    }
    return out;
  }

  async nodes(ids: readonly NodeId[]): Promise<Uint8Array[]> {
    const found = await readNodes(this.#db, ids);
    return ids.map((id) => {
      const h = found.get(`${id.level}/${id.index}`);
      if (h === undefined) throw new ERR_AUDIT_STORE_INCONSISTENT(`node ${id.level}/${id.index} is not stored`);
      return fromHex(h);
    });
  }

  async *entries(from: number, to: number): AsyncIterable<StoredEntry> {
    const end = Math.min(to, await this.size());
    for (let cursor = Math.max(0, from); cursor < end; ) {
      const rows = await this.#db
        .selectFrom('audit_entries')
        .select(['seq', 'data'])
        .where('seq', '>=', cursor)
        .where('seq', '<', Math.min(end, cursor + PAGE))
        .orderBy('seq')
        .execute();
      for (const r of rows) {
        const seq = Number(r.seq);
        if (seq !== cursor) throw new ERR_AUDIT_STORE_INCONSISTENT(`entry ${cursor} is missing`);
        yield { seq, data: encoder.encode(r.data) };
        cursor++;
      }
      if (rows.length === 0) throw new ERR_AUDIT_STORE_INCONSISTENT(`entry ${cursor} is missing`);
    }
  }

  async addCheckpoint(checkpoint: StoredCheckpoint): Promise<void> {
    const root = toHex(checkpoint.root);
    await this.#db
      .insertInto('audit_checkpoints')
      .values({ size: checkpoint.size, root, note: checkpoint.note, created_at: checkpoint.time })
      .onConflict((oc) => oc.column('size').doNothing())
      .execute();
    const kept = await this.#db.selectFrom('audit_checkpoints').select('root').where('size', '=', checkpoint.size).executeTakeFirst();
    if (kept?.root !== root) throw new ERR_AUDIT_STORE_INCONSISTENT(`a checkpoint of size ${checkpoint.size} with another root exists`);
  }

  async checkpoints(): Promise<StoredCheckpoint[]> {
    const rows = await this.#db.selectFrom('audit_checkpoints').selectAll().orderBy('size').execute();
    return rows.map((r) => ({ size: Number(r.size), root: fromHex(r.root), note: r.note, time: Number(r.created_at) }));
  }
}
