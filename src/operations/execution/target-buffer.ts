/**
 * Buffers per-peer target state changes that executors report after apply (10 000 FlowSpec
 * routes becoming active when a session comes up) and writes them in batches, keeping only the
 * latest state of each (execution, rule, peer). Writes are serialised, so an older state is never
 * written after a newer one.
 */
import type { Logger } from 'pino';
import type { TargetUpdate } from './execution.js';
import type { ExecutionStore } from './execution-store.js';

/** Batching writer of target updates. */
export class TargetBuffer {
  readonly #store: ExecutionStore;
  readonly #logger: Logger;
  readonly #delayMs: number;
  #pending = new Map<string, TargetUpdate>();
  #chain: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;

  constructor(store: ExecutionStore, logger: Logger, delayMs = 20) {
    this.#store = store;
    this.#logger = logger;
    this.#delayMs = delayMs;
  }

  /** Queues updates; they are written within `delayMs`. */
  push(updates: readonly TargetUpdate[]): void {
    for (const u of updates) this.#pending.set(`${u.executionId}\u0000${u.ruleKey}\u0000${u.peer}`, u);
    if (this.#timer === undefined && this.#pending.size > 0) {
      this.#timer = setTimeout(() => void this.flush(), this.#delayMs);
      this.#timer.unref();
    }
  }

  /** Drops queued updates of an execution (its final states follow through {@link write}). */
  forget(executionId: string): void {
    for (const [k, u] of this.#pending) if (u.executionId === executionId) this.#pending.delete(k);
  }

  /**
   * Writes updates after everything queued or written before, superseding queued updates of the
   * same targets; `attempt` counts an apply or remove attempt on the rows.
   */
  write(updates: readonly TargetUpdate[], options: { attempt?: boolean } = {}): Promise<void> {
    for (const u of updates) this.#pending.delete(`${u.executionId}\u0000${u.ruleKey}\u0000${u.peer}`);
    this.#chain = this.#chain.then(async () => {
      try {
        await this.#store.writeTargets(updates, options);
      } catch (err) {
        this.#logger.error({ err, updates: updates.length }, 'could not store target states');
      }
    });
    return this.#chain;
  }

  /** Writes everything queued so far; resolves when it is stored. */
  flush(): Promise<void> {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = [...this.#pending.values()];
    this.#pending = new Map();
    this.#chain = this.#chain.then(async () => {
      if (batch.length === 0) return;
      try {
        await this.#store.writeTargets(batch);
      } catch (err) {
        // State display only: the rules themselves are unaffected; the next change rewrites it.
        this.#logger.error({ err, updates: batch.length }, 'could not store target states');
      }
    });
    return this.#chain;
  }
}
