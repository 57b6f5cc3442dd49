/**
 * A bounded queue with a fixed number of workers, for outputs that must never hold up the event
 * bus: `push` returns at once, false when the queue is full (the caller counts the drop).
 *
 * Pure: no I/O (the worker does it).
 */

/** Runs `worker` on pushed items, at most `concurrency` at a time. */
export class WorkQueue<T> {
  readonly #items: T[] = [];
  readonly #concurrency: number;
  readonly #maxQueued: number;
  readonly #worker: (item: T) => Promise<void>;
  readonly #idle: Array<() => void> = [];
  #head = 0;
  #active = 0;
  #closed = false;

  /** `worker` must not reject; a rejection is swallowed so the queue keeps going. */
  constructor(options: { readonly concurrency: number; readonly maxQueued: number }, worker: (item: T) => Promise<void>) {
    this.#concurrency = options.concurrency;
    this.#maxQueued = options.maxQueued;
    this.#worker = worker;
  }

  /** Items waiting (not yet started). */
  get queued(): number {
    return this.#items.length - this.#head;
  }

  /** Items being worked on. */
  get active(): number {
    return this.#active;
  }

  /** Queues an item; false when the queue is full or closed. */
  push(item: T): boolean {
    if (this.#closed || this.queued >= this.#maxQueued) return false;
    this.#items.push(item);
    this.#pump();
    return true;
  }

  /** Resolves once nothing is queued or running. */
  idle(): Promise<void> {
    if (this.queued === 0 && this.#active === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Takes no more items; returns those still waiting (which will not run). */
  close(): T[] {
    this.#closed = true;
    const rest = this.#items.slice(this.#head);
    this.#items.length = 0;
    this.#head = 0;
    if (this.#active === 0) this.#wake();
    return rest;
  }

  #pump(): void {
    while (this.#active < this.#concurrency && this.queued > 0) {
      const item = this.#items[this.#head++]!;
      if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
        this.#items.splice(0, this.#head);
        this.#head = 0;
      }
      this.#active++;
      this.#worker(item)
        .catch(() => undefined)
        .finally(() => {
          this.#active--;
          this.#pump();
          if (this.queued === 0 && this.#active === 0) this.#wake();
        });
    }
  }

  #wake(): void {
    for (const r of this.#idle.splice(0)) r();
  }
}
