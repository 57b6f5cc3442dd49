/**
 * Where the audit log keeps its entries, tree nodes and signed checkpoints: the one extension point
 * between the log and a database. An in-memory store is in `memory/`; a SQL store (Kysely over
 * SQLite and PostgreSQL) implements the same interface and runs the same contract suite
 * (`testing/audit-store-contract.ts`).
 *
 * The SQL store (`sql/`) keeps each entry's row together with the tree nodes that entry
 * completes, and writes each {@link AppendBatch} in one transaction.
 */
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
