/**
 * An {@link AuditStore} in memory, for tests, the benchmark and single-process demos. Hashes live
 * in fixed-size chunks per tree level and entry bytes in an append-only arena, so ten million
 * entries cost two typed arrays per million rather than millions of small objects.
 */
import { ERR_AUDIT_STORE_INCONSISTENT } from '../../errors.js';
import { equalHashes, HASH_SIZE } from '../../merkle/hasher.js';
import type { NodeId } from '../../merkle/proof-plan.js';
import type { AppendBatch, AuditStore, StoredCheckpoint, StoredEntry } from '../audit-store.js';

const NODES_PER_CHUNK = 1 << 15;
const ARENA_CHUNK = 8 << 20;

/** Hashes of one tree level, in chunks of {@link NODES_PER_CHUNK}. */
class LevelHashes {
  readonly chunks: Uint8Array[] = [];
  count = 0;

  get(index: number): Uint8Array | undefined {
    if (index >= this.count) return undefined;
    const off = (index % NODES_PER_CHUNK) * HASH_SIZE;
    return this.chunks[Math.floor(index / NODES_PER_CHUNK)]!.slice(off, off + HASH_SIZE);
  }

  push(hash: Uint8Array): void {
    const at = this.count % NODES_PER_CHUNK;
    if (at === 0) this.chunks.push(new Uint8Array(NODES_PER_CHUNK * HASH_SIZE));
    this.chunks[this.chunks.length - 1]!.set(hash, at * HASH_SIZE);
    this.count++;
  }
}

/** Entry bytes in large chunks, located by (chunk, offset, length) per entry. */
class EntryArena {
  readonly chunks: Uint8Array[] = [];
  used = ARENA_CHUNK;
  loc = new Float64Array(1 << 16); // 3 numbers per entry: chunk, offset, length
  count = 0;

  push(data: Uint8Array): void {
    if (this.used + data.length > ARENA_CHUNK) {
      this.chunks.push(new Uint8Array(Math.max(ARENA_CHUNK, data.length)));
      this.used = 0;
    }
    this.chunks[this.chunks.length - 1]!.set(data, this.used);
    if ((this.count + 1) * 3 > this.loc.length) {
      const grown = new Float64Array(this.loc.length * 2);
      grown.set(this.loc);
      this.loc = grown;
    }
    this.loc.set([this.chunks.length - 1, this.used, data.length], this.count * 3);
    this.used += data.length;
    this.count++;
  }

  get(seq: number): Uint8Array {
    const chunk = this.chunks[this.loc[seq * 3]!]!;
    const off = this.loc[seq * 3 + 1]!;
    return chunk.slice(off, off + this.loc[seq * 3 + 2]!);
  }
}

/** The in-memory audit store. */
export class MemoryAuditStore implements AuditStore {
  readonly #levels: LevelHashes[] = [];
  readonly #entries = new EntryArena();
  readonly #checkpoints: StoredCheckpoint[] = [];

  async size(): Promise<number> {
    return this.#entries.count;
  }

  async append(batch: AppendBatch): Promise<void> {
    this.#checkBatch(batch);
    for (const e of batch.entries) this.#entries.push(e.data);
    for (const n of batch.nodes) {
      const level = (this.#levels[n.level] ??= new LevelHashes());
      if (n.index === level.count) level.push(n.hash);
    }
  }

  /** Validates the whole batch before touching anything, so a rejected batch leaves no trace. */
  #checkBatch(batch: AppendBatch): void {
    // No outbox lives in memory: entries recorded in a database transaction need a SQL store.
    if ((batch.consumed?.length ?? 0) > 0) throw new ERR_AUDIT_STORE_INCONSISTENT('outbox entries appended to a store without an outbox');
    const size = this.#entries.count;
    batch.entries.forEach((e, i) => {
      if (e.seq !== size + i) throw new ERR_AUDIT_STORE_INCONSISTENT(`entry ${e.seq} appended where ${size + i} was expected`);
    });
    const next = this.#levels.map((l) => l.count);
    for (const n of batch.nodes) {
      if (n.hash.length !== HASH_SIZE) throw new ERR_AUDIT_STORE_INCONSISTENT(`node ${n.level}/${n.index} hash is ${n.hash.length} bytes`);
      const have = next[n.level] ?? 0;
      if (n.index < have) {
        const old = this.#levels[n.level]?.get(n.index);
        if (old !== undefined && !equalHashes(old, n.hash)) throw new ERR_AUDIT_STORE_INCONSISTENT(`node ${n.level}/${n.index} already stored with another hash`);
      } else if (n.index === have) {
        next[n.level] = have + 1;
      } else {
        throw new ERR_AUDIT_STORE_INCONSISTENT(`node ${n.level}/${n.index} would leave a gap after ${have}`);
      }
    }
  }

  async nodes(ids: readonly NodeId[]): Promise<Uint8Array[]> {
    return ids.map((id) => {
      const h = this.#levels[id.level]?.get(id.index);
      if (h === undefined) throw new ERR_AUDIT_STORE_INCONSISTENT(`node ${id.level}/${id.index} is not stored`);
      return h;
    });
  }

  async *entries(from: number, to: number): AsyncIterable<StoredEntry> {
    const end = Math.min(to, this.#entries.count);
    for (let seq = Math.max(0, from); seq < end; seq++) yield { seq, data: this.#entries.get(seq) };
  }

  async addCheckpoint(checkpoint: StoredCheckpoint): Promise<void> {
    const same = this.#checkpoints.find((c) => c.size === checkpoint.size);
    if (same !== undefined) {
      if (!equalHashes(same.root, checkpoint.root)) throw new ERR_AUDIT_STORE_INCONSISTENT(`a checkpoint of size ${checkpoint.size} with another root exists`);
      return;
    }
    this.#checkpoints.push({ ...checkpoint, root: Uint8Array.from(checkpoint.root) });
    this.#checkpoints.sort((a, b) => a.size - b.size);
  }

  async checkpoints(): Promise<StoredCheckpoint[]> {
    return [...this.#checkpoints];
  }
}
