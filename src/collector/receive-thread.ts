/**
 * Receiving flow export on a thread of its own. Node's per-datagram receive cost (libuv read, a
 * Buffer and a callback per datagram: about 4 µs here) would otherwise share one core with
 * decoding and detection. A worker thread (`receive-worker.ts`) owns the UDP sockets and copies
 * each datagram into a single-producer/single-consumer byte ring in shared memory (layout in
 * `receive-ring.ts`); the main thread decodes straight from the ring (no copy, no message per
 * datagram) and releases each entry once decoded.
 *
 * Sources are interned by the worker: the first datagram from an address is preceded by a
 * "new source" entry carrying its text, so the main thread never parses addresses per datagram.
 * When the ring is full, the datagram is dropped and counted per source id; the main thread adds
 * those counts to the exporter's `queueDrops`.
 */
import { Worker } from 'node:worker_threads';
import {
  CONTROL_WORDS,
  DROPS,
  entrySize,
  HEADER,
  PUBLISHED,
  R,
  type ReceiveWorkerData,
  type ReceiveWorkerMessage,
  SOURCE_OVERFLOW,
  type ThreadBound,
  type ThreadListenSpec,
  TYPE_SOURCE,
  TYPE_WRAP,
  UNATTRIBUTED,
  W,
  WAITING,
} from './receive-ring.js';

/**
 * Starts the worker module next to this one: the compiled `receive-worker.js` in dist/, or, when
 * this module runs from its TypeScript source (tsx, vitest), `receive-worker.ts` — a worker
 * thread does not inherit the TypeScript loader of its parent, so it registers tsx's first.
 */
function startWorker(workerData: ReceiveWorkerData): Worker {
  const options = { workerData, name: 'sakimori-receive' };
  if (import.meta.url.endsWith('.js')) return new Worker(new URL('./receive-worker.js', import.meta.url), options);
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const worker = JSON.stringify(new URL('./receive-worker.ts', import.meta.url).href);
  return new Worker(`import(${tsx}).then((tsx) => { tsx.register(); return import(${worker}); });`, { ...options, eval: true });
}

/** Called for each datagram taken from the ring; `payload` is valid only during the call. */
export type RingDatagramHandler = (payload: Uint8Array, sourceIndex: number, kind: number, receivedAtMs: number) => void;

/** Options of the receive thread. */
export interface ReceiveThreadOptions {
  readonly specs: readonly ThreadListenSpec[];
  readonly receiveBufferBytes: number;
  /** Ring size in bytes, rounded up to a power of two. */
  readonly ringBytes: number;
  /** Distinct source addresses the thread interns; datagrams from further ones are dropped and counted. */
  readonly maxSources: number;
  /** Called if the worker fails after it has started. */
  readonly onError?: (err: Error) => void;
}

/** `Atomics.waitAsync` (ES2024; in Node since 16), typed here while the build targets an older lib. */
interface AtomicsWaitAsync {
  waitAsync(array: Int32Array, index: number, value: number): { async: false; value: string } | { async: true; value: Promise<string> };
}

/** Smallest power of two >= n. */
function powerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** The socket-owning worker and the consumer end of its ring. */
export class ReceiveThread {
  readonly #ctrl: Int32Array;
  readonly #data: Uint8Array;
  readonly #view: DataView;
  readonly #mask: number;
  readonly #drops: Int32Array;
  readonly #seenDrops: Int32Array;
  readonly #sources: string[] = [];
  readonly #decoder = new TextDecoder();
  readonly #worker: Worker;
  #exited: Promise<void>;
  #droppedSeen = 0;
  #taken = 0;
  #alive = true;

  private constructor(worker: Worker, control: SharedArrayBuffer, ring: SharedArrayBuffer, sourceDrops: SharedArrayBuffer) {
    this.#worker = worker;
    this.#ctrl = new Int32Array(control);
    this.#data = new Uint8Array(ring);
    this.#view = new DataView(ring);
    this.#mask = this.#data.length - 1;
    this.#drops = new Int32Array(sourceDrops);
    this.#seenDrops = new Int32Array(this.#drops.length);
    this.#exited = new Promise((resolve) =>
      worker.once('exit', () => {
        this.#alive = false;
        resolve();
      }),
    );
  }

  /**
   * Starts the worker and binds every listener in it. Rejects (with the failing listen address in
   * `listen`) when a socket cannot be bound; nothing stays bound then.
   */
  static async start(o: ReceiveThreadOptions): Promise<{ thread: ReceiveThread; bound: ThreadBound[] }> {
    const control = new SharedArrayBuffer(CONTROL_WORDS * 4);
    const ring = new SharedArrayBuffer(powerOfTwo(Math.max(o.ringBytes, 2 * (HEADER + 65536))));
    const sourceDrops = new SharedArrayBuffer(o.maxSources * 4);
    const workerData: ReceiveWorkerData = { specs: o.specs.map((s) => ({ ...s })), receiveBufferBytes: o.receiveBufferBytes, control, ring, sourceDrops, maxSources: o.maxSources };
    const worker = startWorker(workerData);
    const thread = new ReceiveThread(worker, control, ring, sourceDrops);
    const bound = await new Promise<ThreadBound[]>((resolve, reject) => {
      worker.once('message', (m: ReceiveWorkerMessage) => {
        if (m.type === 'bound') resolve([...m.bound]);
        else reject(Object.assign(new Error(m.type === 'error' ? m.message : 'receive thread failed'), { listen: m.type === 'error' ? m.listen : '?' }));
      });
      worker.once('error', (e) => reject(Object.assign(e, { listen: '?' })));
    });
    worker.on('error', (e) => o.onError?.(e));
    return { thread, bound };
  }

  /** Datagrams waiting in the ring. */
  get pendingDatagrams(): number {
    return (Atomics.load(this.#ctrl, PUBLISHED) - this.#taken) | 0;
  }

  /** Bytes waiting in the ring. */
  get pendingBytes(): number {
    return ((Atomics.load(this.#ctrl, W) >>> 0) - (Atomics.load(this.#ctrl, R) >>> 0)) >>> 0;
  }

  /** Datagrams dropped because the ring was full. */
  get drops(): number {
    return Atomics.load(this.#ctrl, DROPS) + Atomics.load(this.#ctrl, UNATTRIBUTED);
  }

  /** Datagrams dropped because too many distinct sources were seen. */
  get sourceOverflowDrops(): number {
    return Atomics.load(this.#ctrl, SOURCE_OVERFLOW);
  }

  /** Address text of a source id. */
  source(id: number): string | undefined {
    return this.#sources[id];
  }

  /**
   * Takes up to `max` datagrams from the ring, calling `fn` for each; each entry is released after
   * `fn` returns. Returns whether entries remain.
   */
  drain(max: number, fn: RingDatagramHandler): boolean {
    const ctrl = this.#ctrl;
    const data = this.#data;
    const view = this.#view;
    let r = Atomics.load(ctrl, R) >>> 0;
    const w = Atomics.load(ctrl, W) >>> 0;
    let n = 0;
    while (r !== w && n < max) {
      const off = r & this.#mask;
      const type = data[off + 4]!;
      if (type === TYPE_WRAP) {
        r = (r + (data.length - off)) >>> 0;
        continue;
      }
      const len = view.getUint32(off, true);
      const id = view.getUint32(off + 8, true);
      if (type === TYPE_SOURCE) {
        this.#sources[id] = this.#decoder.decode(data.subarray(off + HEADER, off + HEADER + len));
      } else {
        n++;
        this.#taken = (this.#taken + 1) | 0;
        fn(data.subarray(off + HEADER, off + HEADER + len), id, data[off + 5]!, view.getFloat64(off + 16, true));
      }
      r = (r + entrySize(len)) >>> 0;
      Atomics.store(ctrl, R, r | 0);
    }
    return r !== Atomics.load(ctrl, W) >>> 0;
  }

  /** Calls `fn(sourceId, newDrops)` for every source with ring-full drops since the last call. */
  collectDrops(fn: (sourceId: number, drops: number) => void): void {
    const total = Atomics.load(this.#ctrl, DROPS);
    if (total === this.#droppedSeen) return;
    // Drops of a source whose "new source" entry is still in the ring are attributed next time.
    let attributed = 0;
    for (let i = 0; i < this.#sources.length; i++) {
      const d = Atomics.load(this.#drops, i);
      if (d !== this.#seenDrops[i]) {
        fn(i, d - this.#seenDrops[i]!);
        this.#seenDrops[i] = d;
      }
      attributed += d;
    }
    this.#droppedSeen = attributed;
  }

  /**
   * Resolves when the ring has entries (at once if it has). The worker notifies only when this
   * side has said it is waiting, so an idle ring costs nothing per datagram.
   */
  whenReadable(): Promise<void> {
    const ctrl = this.#ctrl;
    Atomics.store(ctrl, WAITING, 1);
    const w = Atomics.load(ctrl, W);
    if (w >>> 0 !== Atomics.load(ctrl, R) >>> 0) {
      Atomics.store(ctrl, WAITING, 0);
      return Promise.resolve();
    }
    const res = (Atomics as unknown as AtomicsWaitAsync).waitAsync(ctrl, W, w);
    return res.async ? res.value.then(() => undefined) : Promise.resolve();
  }

  /** Wakes a pending {@link whenReadable} (used when stopping). */
  wake(): void {
    Atomics.notify(this.#ctrl, W);
  }

  /** Closes the sockets; entries already in the ring stay to be drained. */
  async stop(): Promise<void> {
    if (!this.#alive) return;
    const closed = new Promise<void>((resolve) => {
      this.#worker.once('message', () => resolve());
      this.#worker.once('exit', () => resolve());
    });
    this.#worker.postMessage('stop');
    await closed;
    await this.#exited;
  }
}
