/**
 * A bounded ring of received datagrams waiting to be decoded. Receiving (libuv socket reads) and
 * decoding are decoupled so that a burst is absorbed up to `capacity` datagrams; beyond that,
 * datagrams are dropped and counted rather than buffered without bound.
 */

/** Which listener a datagram arrived on. */
export const ListenerKind = { Netflow: 0, Sflow: 1 } as const;
export type ListenerKind = (typeof ListenerKind)[keyof typeof ListenerKind];

/** Fixed-capacity FIFO of datagrams (struct-of-arrays; the payload buffers are referenced, not copied). */
export class DatagramQueue {
  readonly capacity: number;
  readonly #payloads: (Uint8Array | undefined)[];
  readonly #exporter: Int32Array;
  readonly #kind: Uint8Array;
  readonly #time: Float64Array;
  #head = 0;
  #size = 0;
  /** Datagrams refused because the queue was full. */
  drops = 0;
  /** Highest fill level seen. */
  highWater = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.#payloads = new Array<Uint8Array | undefined>(capacity).fill(undefined);
    this.#exporter = new Int32Array(capacity);
    this.#kind = new Uint8Array(capacity);
    this.#time = new Float64Array(capacity);
  }

  get size(): number {
    return this.#size;
  }

  /** Enqueues a datagram; false (and counted) when full. */
  push(payload: Uint8Array, exporterIndex: number, kind: ListenerKind, timeMs: number): boolean {
    if (this.#size >= this.capacity) {
      this.drops++;
      return false;
    }
    const i = (this.#head + this.#size) % this.capacity;
    this.#payloads[i] = payload;
    this.#exporter[i] = exporterIndex;
    this.#kind[i] = kind;
    this.#time[i] = timeMs;
    this.#size++;
    if (this.#size > this.highWater) this.highWater = this.#size;
    return true;
  }

  /**
   * Dequeues up to `max` datagrams, calling `fn` for each in arrival order. Returns how many were
   * handled. The payload reference is released before `fn` returns control to the queue.
   */
  drain(max: number, fn: (payload: Uint8Array, exporterIndex: number, kind: ListenerKind, timeMs: number) => void): number {
    let n = 0;
    while (this.#size > 0 && n < max) {
      const i = this.#head;
      const p = this.#payloads[i]!;
      this.#payloads[i] = undefined;
      this.#head = (this.#head + 1) % this.capacity;
      this.#size--;
      n++;
      fn(p, this.#exporter[i]!, this.#kind[i] as ListenerKind, this.#time[i]!);
    }
    return n;
  }
}
