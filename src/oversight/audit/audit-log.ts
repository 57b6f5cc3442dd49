/**
 * The tamper-evident audit log: an append-only RFC 9162 Merkle tree of audit entries with signed
 * C2SP checkpoints, over an {@link AuditStore}.
 *
 * Appends are grouped: every append made before the log next writes goes to the store as one
 * batch (one transaction in a SQL store), and each caller's promise settles when its batch is
 * durable. The log keeps only the right edge of the tree in memory; proofs are built from the
 * perfect-subtree hashes in the store, a few dozen reads whatever the size.
 *
 * Security invariants enforced here:
 * - entries are numbered densely from 0 and never rewritten; a failed store write stops the log
 *   (fail-stop) until it is restarted and reloads its state, so memory and store cannot diverge;
 * - the log signs a checkpoint only for a tree it has durably stored, and never two checkpoints
 *   of one size with different roots (the store refuses a second root for a size);
 * - when another process appended to the same store first (the store answers
 *   `SAKIMORI_ERR_AUDIT_STORE_CONFLICT`, having stored nothing), the log reloads the tree's edge
 *   and renumbers its unwritten entries after the other writer's, up to {@link MAX_RESYNCS} times;
 * - an entry recorded with {@link AuditLog.record} is written in the caller's database transaction
 *   (the outbox), so it commits exactly when the change it describes commits; the log moves it into
 *   the tree and deletes its outbox row in one store transaction, so it is appended exactly once
 *   even when the process dies in between (the next start drains what is left).
 */
import type { Kysely } from 'kysely';
import type { BaseDeps, Component } from '../../core/component.js';
import type { Database } from '../../storage/database.js';
import { newId } from '../../storage/id.js';
import { isSakimoriError } from '../../core/errors.js';
import { buildEntry, encodeEntry, type AuditEntry } from './entry.js';
import type { AuditEventInput, PersonalKind } from '../../core/audit-event.js';
import { ERR_AUDIT_NOT_STARTED, ERR_AUDIT_OUT_OF_RANGE, ERR_AUDIT_STORE_CONFLICT, ERR_AUDIT_STORE_FAILED } from './errors.js';
import { createAuditMetrics, type AuditMetrics } from './metrics.js';
import { CompactRange } from './merkle/compact-range.js';
import { createMerkleHasher, type MerkleHasher } from './merkle/hasher.js';
import type { Sha256 } from '../../core/sha256.js';
import { assemblePlan, assembleRoot, consistencyPlan, inclusionPlan, rootPlan } from './merkle/proof-plan.js';
import { formatCheckpoint } from './note/checkpoint.js';
import { signNote, type NoteSigner } from './note/signed-note.js';
import type { PersonalDataHasher, PersonalRef } from './personal.js';
import { canonicalJson } from '../../core/canonical-json.js';
import type { AuditOutboxStore, AuditStore, StoredCheckpoint, StoredNode } from './store/audit-store.js';

/** What the log needs from the `audit` configuration section. */
export interface AuditLogConfig {
  readonly origin: string;
  readonly checkpointIntervalSeconds: number;
  readonly checkpointEveryEntries: number;
}

/** Dependencies of the audit log. */
export interface AuditLogDeps extends BaseDeps {
  readonly store: AuditStore;
  readonly signer: NoteSigner;
  readonly sha256: Sha256;
  readonly personal: PersonalDataHasher;
  /** The outbox of entries recorded in callers' transactions (the SQL store); without it {@link AuditLog.record} refuses. */
  readonly outbox?: AuditOutboxStore | undefined;
}

/** Where an appended entry landed. */
export interface AppendReceipt {
  readonly seq: number;
  readonly leafHash: Uint8Array;
}

interface Pending {
  /** The entry, kept to renumber it when another writer got ahead (see {@link AuditLog.#resync}). */
  entry: AuditEntry;
  data: Uint8Array;
  /** The outbox row the entry comes from, deleted when it is appended. */
  readonly outboxId?: string;
  readonly resolve: (r: AppendReceipt) => void;
  readonly reject: (e: unknown) => void;
}

type State = 'new' | 'running' | 'failed' | 'stopped';

/** Consecutive conflicts one batch may meet before the log gives up (fail-stop). */
export const MAX_RESYNCS = 5;

/** Outbox rows moved into the tree per store transaction. */
const OUTBOX_BATCH = 500;

/** How often the log looks for outbox entries nobody drained (another process died before it could). */
const OUTBOX_SWEEP_MS = 5000;

/** Creates the audit log component; call `start()` before use. */
export function createAuditLog(config: AuditLogConfig, deps: AuditLogDeps): AuditLog {
  return new AuditLog(config, deps);
}

/** The audit log component. */
export class AuditLog implements Component {
  readonly name = 'audit-log';
  readonly hasher: MerkleHasher;
  readonly #config: AuditLogConfig;
  readonly #deps: AuditLogDeps;
  readonly #metrics: AuditMetrics;
  #state: State = 'new';
  #range: CompactRange;
  #nextSeq = 0;
  #stored = 0;
  #pending: Pending[] = [];
  #scheduled = false;
  #chain: Promise<unknown> = Promise.resolve();
  #latest: StoredCheckpoint | undefined;
  #timer: NodeJS.Timeout | undefined;
  #sweep: NodeJS.Timeout | undefined;

  constructor(config: AuditLogConfig, deps: AuditLogDeps) {
    this.#config = config;
    this.#deps = deps;
    this.hasher = createMerkleHasher(deps.sha256);
    this.#metrics = createAuditMetrics(deps.metrics);
    this.#range = new CompactRange(this.hasher);
  }

  /** Loads the tree's right edge and latest checkpoint from the store and starts the checkpoint timer. */
  async start(): Promise<void> {
    const size = await this.#deps.store.size();
    const edge = await this.#deps.store.nodes(rootPlan(size).nodes);
    this.#range = new CompactRange(this.hasher, size, edge);
    this.#nextSeq = this.#stored = size;
    this.#latest = (await this.#deps.store.checkpoints()).at(-1);
    this.#metrics.treeSize.set(size);
    this.#state = 'running';
    // Entries whose change committed but which were never appended (a crash in between).
    await this.drain();
    if (this.#deps.outbox !== undefined) {
      this.#sweep = setInterval(() => void this.drain().catch((e: unknown) => this.#deps.logger.error({ err: e }, 'audit outbox drain failed')), OUTBOX_SWEEP_MS);
      this.#sweep.unref();
    }
    if (this.#config.checkpointIntervalSeconds > 0) {
      this.#timer = setInterval(() => void this.#periodicCheckpoint(), this.#config.checkpointIntervalSeconds * 1000);
      this.#timer.unref();
    }
    this.#deps.logger.info({ size, origin: this.#config.origin }, 'audit log started');
  }

  /** Writes what is pending, signs a last checkpoint if the log grew, and stops. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    clearInterval(this.#sweep);
    if (this.#state !== 'running') return;
    await this.drain().catch((e: unknown) => this.#deps.logger.error({ err: e }, 'audit outbox drain failed at stop'));
    await this.flush();
    if (this.#latest === undefined || this.#latest.size < this.#stored) await this.checkpoint();
    this.#state = 'stopped';
  }

  /** Entries durably stored. */
  get size(): number {
    return this.#stored;
  }

  /** The newest signed checkpoint, if any. */
  get latestCheckpoint(): StoredCheckpoint | undefined {
    return this.#latest;
  }

  /**
   * Appends an event. Validation happens now (a bad event throws and nothing is appended); the
   * promise resolves once the entry is durable.
   */
  append(event: AuditEventInput): Promise<AppendReceipt> {
    this.#requireRunning();
    const entry = buildEntry(event, this.#nextSeq, this.#deps.clock.now(), this.#deps.personal);
    const data = encodeEntry(entry);
    this.#nextSeq++;
    const done = new Promise<AppendReceipt>((resolve, reject) => this.#pending.push({ entry, data, resolve, reject }));
    if (!this.#scheduled) {
      this.#scheduled = true;
      // The chain never rejects: a failed write is reported to the appenders, not to later callers.
      this.#chain = this.#chain.then(() => this.#flush()).catch((e: unknown) => this.#deps.logger.error({ err: e }, 'audit flush failed'));
    }
    return done;
  }

  /**
   * Records an event in the caller's database transaction `trx`: the entry commits when, and only
   * when, the change it describes commits, and {@link drain} appends it to the tree. Validation and
   * the keyed hashing of personal values happen now, so a bad event throws (and the caller's
   * transaction rolls back) and no personal value is ever written in the clear.
   */
  async record(trx: Kysely<Database>, event: AuditEventInput): Promise<void> {
    const outbox = this.#deps.outbox;
    if (outbox === undefined) throw new ERR_AUDIT_NOT_STARTED();
    const now = this.#deps.clock.now();
    const entry = buildEntry(event, 0, now, this.#deps.personal);
    encodeEntry(entry); // refuses an entry over the size limit now, not at drain time
    const { seq: _seq, ...rest } = entry;
    await outbox.insertOutbox(trx, { id: newId(now), createdAt: now, entry: canonicalJson(rest) });
  }

  /**
   * Appends every entry recorded in the outbox so far, in recording order, and resolves when they
   * are durable in the tree. Safe to call from several places and processes at once.
   */
  drain(): Promise<void> {
    if (this.#deps.outbox === undefined) return Promise.resolve();
    // Rejects, never throws: callers (the sweep timer, a committed change) only catch rejections.
    try {
      this.#requireRunning();
    } catch (e) {
      return Promise.reject(e);
    }
    const next = this.#chain.then(() => this.#drainNow());
    this.#chain = next.catch(() => undefined);
    return next;
  }

  async #drainNow(): Promise<void> {
    const outbox = this.#deps.outbox!;
    for (;;) {
      if (this.#state !== 'running') throw new ERR_AUDIT_STORE_FAILED('an earlier write failed');
      const rows = await outbox.outbox(OUTBOX_BATCH);
      if (rows.length === 0) return;
      const done: Promise<AppendReceipt>[] = [];
      for (const row of rows) {
        const entry = { ...(JSON.parse(row.entry) as Omit<AuditEntry, 'seq'>), seq: this.#nextSeq++ } as AuditEntry;
        done.push(new Promise<AppendReceipt>((resolve, reject) => this.#pending.push({ entry, data: encodeEntry(entry), outboxId: row.id, resolve, reject })));
      }
      await this.#flush();
      // A rejection here is this batch failing to be stored: the entries stay in the outbox.
      await Promise.all(done);
      if (rows.length < OUTBOX_BATCH) return;
    }
  }

  /** Resolves when everything appended so far is durable. */
  async flush(): Promise<void> {
    await this.#chain;
  }

  /** The keyed hash investigators search entries by; never reveals the value itself. */
  personalRef(kind: PersonalKind, value: string): PersonalRef {
    return this.#deps.personal.ref(kind, value);
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    let batch = this.#pending;
    this.#pending = [];
    if (batch.length === 0) return;
    if (this.#state !== 'running') return this.#rejectAll(batch, new ERR_AUDIT_NOT_STARTED());
    let first = this.#range.size;
    let leaves: Uint8Array[] = [];
    for (let attempt = 0; ; attempt++) {
      first = this.#range.size;
      const nodes: StoredNode[] = [];
      leaves = [];
      const sink = (level: number, index: number, hash: Uint8Array): void => void nodes.push({ level, index, hash });
      for (const p of batch) {
        const leaf = this.hasher.leaf(p.data);
        leaves.push(leaf);
        this.#range.append(leaf, sink);
      }
      try {
        const consumed = batch.flatMap((p) => (p.outboxId === undefined ? [] : [p.outboxId]));
        await this.#deps.store.append({ entries: batch.map((p, i) => ({ seq: first + i, data: p.data })), nodes, ...(consumed.length === 0 ? {} : { consumed }) });
        break;
      } catch (e) {
        if (attempt < MAX_RESYNCS && isSakimoriError(e, ERR_AUDIT_STORE_CONFLICT.code)) {
          try {
            batch = await this.#resync(batch);
            if (batch.length === 0) return;
            continue;
          } catch (again) {
            return this.#failStop(batch, again);
          }
        }
        return this.#failStop(batch, e);
      }
    }
    this.#stored = this.#range.size;
    this.#metrics.appended.inc(batch.length);
    this.#metrics.treeSize.set(this.#stored);
    batch.forEach((p, i) => p.resolve({ seq: first + i, leafHash: leaves[i]! }));
    const every = this.#config.checkpointEveryEntries;
    if (every > 0 && this.#stored - (this.#latest?.size ?? 0) >= every) await this.#checkpointNow();
  }

  /** Fail-stop: the in-memory edge is now ahead of the store; only a restart may reconcile them. */
  #failStop(batch: readonly Pending[], e: unknown): void {
    this.#state = 'failed';
    this.#metrics.storeFailures.inc();
    this.#deps.logger.error({ err: e }, 'audit store write failed; audit log stopped');
    this.#rejectAll([...batch, ...this.#pending.splice(0)], new ERR_AUDIT_STORE_FAILED((e as Error).message, { cause: e }));
  }

  /**
   * Another writer appended first: reload the edge and the latest checkpoint from the store, drop
   * the outbox entries the other writer appended already (they are settled: they are in the tree),
   * and renumber (and re-time, so times stay in log order) every entry not yet written.
   */
  async #resync(all: readonly Pending[]): Promise<Pending[]> {
    const fromOutbox = all.flatMap((p) => (p.outboxId === undefined ? [] : [p.outboxId]));
    const still = fromOutbox.length === 0 || this.#deps.outbox === undefined ? undefined : await this.#deps.outbox.outboxHas(fromOutbox);
    const batch: Pending[] = [];
    for (const p of all) {
      if (p.outboxId !== undefined && still !== undefined && !still.has(p.outboxId)) p.resolve({ seq: -1, leafHash: new Uint8Array(0) });
      else batch.push(p);
    }
    const size = await this.#deps.store.size();
    const edge = await this.#deps.store.nodes(rootPlan(size).nodes);
    this.#range = new CompactRange(this.hasher, size, edge);
    this.#stored = size;
    this.#latest = (await this.#deps.store.checkpoints()).at(-1);
    const now = this.#deps.clock.now();
    let seq = size;
    for (const p of [...batch, ...this.#pending]) {
      p.entry = { ...p.entry, seq: seq++, time: new Date(Math.max(now, Date.parse(p.entry.time))).toISOString() };
      p.data = encodeEntry(p.entry);
    }
    this.#nextSeq = seq;
    this.#deps.logger.warn({ size }, 'another writer appended to the audit store; entries renumbered after its entries');
    return batch;
  }

  #rejectAll(batch: readonly Pending[], error: Error): void {
    for (const p of batch) p.reject(error);
  }

  /** Signs (or returns the existing) checkpoint for everything appended so far. */
  checkpoint(): Promise<StoredCheckpoint> {
    this.#requireRunning();
    const next = this.#chain.then(() => this.#checkpointNow());
    this.#chain = next.catch(() => undefined);
    return next;
  }

  async #checkpointNow(): Promise<StoredCheckpoint> {
    if (this.#state !== 'running') throw new ERR_AUDIT_NOT_STARTED();
    const size = this.#stored;
    if (this.#latest !== undefined && this.#latest.size === size) return this.#latest;
    const root = this.#range.root();
    const note = signNote(formatCheckpoint({ origin: this.#config.origin, size, root, extensions: [] }), [this.#deps.signer]);
    const cp: StoredCheckpoint = { size, root, note, time: this.#deps.clock.now() };
    await this.#deps.store.addCheckpoint(cp);
    this.#latest = cp;
    this.#metrics.checkpoints.inc();
    return cp;
  }

  async #periodicCheckpoint(): Promise<void> {
    if (this.#state !== 'running' || (this.#latest !== undefined && this.#latest.size === this.#stored)) return;
    try {
      await this.checkpoint();
    } catch (e) {
      this.#deps.logger.error({ err: e }, 'periodic audit checkpoint failed');
    }
  }

  /** The root hash of the tree of the first `size` entries. */
  async rootAt(size: number): Promise<Uint8Array> {
    this.#requireSize(size);
    return assembleRoot(this.hasher, size, await this.#deps.store.nodes(rootPlan(size).nodes));
  }

  /** The RFC 9162 inclusion proof of entry `seq` in the tree of `size` entries. */
  async inclusionProof(seq: number, size: number): Promise<Uint8Array[]> {
    this.#requireSize(size);
    if (!Number.isSafeInteger(seq) || seq < 0 || seq >= size) throw new ERR_AUDIT_OUT_OF_RANGE(`entry ${seq} is not in a tree of size ${size}`);
    const plan = inclusionPlan(seq, size);
    return assemblePlan(this.hasher, plan, await this.#deps.store.nodes(plan.nodes));
  }

  /** The RFC 9162 consistency proof from the tree of `first` entries to the tree of `second`. */
  async consistencyProof(first: number, second: number): Promise<Uint8Array[]> {
    this.#requireSize(second);
    if (!Number.isSafeInteger(first) || first < 1 || first > second) throw new ERR_AUDIT_OUT_OF_RANGE(`no consistency proof from size ${first} to ${second}`);
    const plan = consistencyPlan(first, second);
    return assemblePlan(this.hasher, plan, await this.#deps.store.nodes(plan.nodes));
  }

  #requireRunning(): void {
    if (this.#state === 'failed') throw new ERR_AUDIT_STORE_FAILED('an earlier write failed');
    if (this.#state !== 'running') throw new ERR_AUDIT_NOT_STARTED();
  }

  #requireSize(size: number): void {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.#stored) throw new ERR_AUDIT_OUT_OF_RANGE(`tree size ${size} (the log holds ${this.#stored} entries)`);
  }
}
