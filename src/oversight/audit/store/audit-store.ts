/**
 * Where the audit log keeps its entries, tree nodes and signed checkpoints: the one extension point
 * between the log and a database. An in-memory store is in `memory/`; a SQL store (Kysely over
 * SQLite and PostgreSQL) implements the same interface and runs the same contract suite
 * (`testing/audit-store-contract.ts`).
 *
 * The SQL store (`sql/`) keeps each entry's row together with the tree nodes that entry
 * completes, and writes each {@link AppendBatch} in one transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../storage/database.js';
import type { NodeId } from '../merkle/proof-plan.js';

/** An entry's position and canonical bytes (the Merkle leaf data). */
export interface StoredEntry {
  readonly seq: number;
  readonly data: Uint8Array;
}

/** A perfect subtree hash; level 0 holds the leaf hashes. */
export interface StoredNode extends NodeId {
  readonly hash: Uint8Array;
}

/** A signed checkpoint the log issued. */
export interface StoredCheckpoint {
  readonly size: number;
  readonly root: Uint8Array;
  /** The whole signed note (C2SP tlog-checkpoint). */
  readonly note: string;
  /** When it was signed, in ms since the epoch. */
  readonly time: number;
}

/** Entries and the tree nodes they complete, written together or not at all. */
export interface AppendBatch {
  /** Consecutive entries; the first has `seq` equal to the store's current size. */
  readonly entries: readonly StoredEntry[];
  /** Every node completed by these entries, level 0 (leaf hashes) included. */
  readonly nodes: readonly StoredNode[];
  /**
   * Outbox rows these entries come from ({@link AuditOutboxStore}); the store deletes them in the
   * same transaction and refuses the whole batch with `SAKIMORI_ERR_AUDIT_STORE_CONFLICT` when one
   * is gone already (another process appended it first).
   */
  readonly consumed?: readonly string[];
}

/** An entry recorded in the outbox, without its sequence number. */
export interface OutboxRow {
  /** Monotonic id: the order the entries were recorded in. */
  readonly id: string;
  /** Canonical JSON of the entry without `seq`. */
  readonly entry: string;
}

/**
 * The audit outbox: entries written inside the transaction of the change they record, waiting for
 * the log to append them. Only a store over the same database as the changes can offer it.
 */
export interface AuditOutboxStore {
  /** Inserts a row in the caller's transaction; it commits or rolls back with the change. */
  insertOutbox(trx: Kysely<Database>, row: OutboxRow & { readonly createdAt: number }): Promise<void>;
  /** The oldest `limit` rows, in recording order. */
  outbox(limit: number): Promise<OutboxRow[]>;
  /** Which of `ids` are still in the outbox. */
  outboxHas(ids: readonly string[]): Promise<Set<string>>;
}

/** Storage for one audit log. Every method may reject; none may leave a batch half-written. */
export interface AuditStore {
  /** Number of entries stored. */
  size(): Promise<number>;
  /**
   * Appends a batch atomically. Rejects (storing nothing) when the first `seq` is not the current
   * size, the entries are not consecutive, or a node is already stored with another hash.
   */
  append(batch: AppendBatch): Promise<void>;
  /** Hashes of the given nodes, in order; rejects with `SAKIMORI_ERR_AUDIT_STORE_INCONSISTENT` when one is absent. */
  nodes(ids: readonly NodeId[]): Promise<Uint8Array[]>;
  /** Entries with `from <= seq < to`, in order. */
  entries(from: number, to: number): AsyncIterable<StoredEntry>;
  /** Records a checkpoint; rejects when one of the same size with another root exists. */
  addCheckpoint(checkpoint: StoredCheckpoint): Promise<void>;
  /** All checkpoints, by increasing size. */
  checkpoints(): Promise<StoredCheckpoint[]>;
}
