/**
 * Receiving flow export on a thread of its own. Node's per-datagram receive cost (libuv read, a
 * Buffer and a callback per datagram: about 4 µs here) would otherwise share one core with
 * decoding and detection. A worker thread owns the UDP sockets and copies each datagram into a
 * single-producer/single-consumer byte ring in shared memory; the main thread decodes straight
 * from the ring (no copy, no message per datagram) and releases each entry once decoded.
 *
 * Ring layout (all entries 8-byte aligned; positions are unsigned 32-bit counters, offset = pos &
 * (capacity - 1), capacity a power of two):
 *
 *     0  u32  body length          8  u32  source id        16  f64  receive time (epoch ms)
 *     4  u8   type (0 datagram, 1 new source, 2 wrap)       24  body (datagram, or source address text)
 *     5  u8   listener kind
 *
 * Sources are interned by the worker: the first datagram from an address is preceded by a
 * "new source" entry carrying its text, so the main thread never parses addresses per datagram.
 * When the ring is full, the datagram is dropped and counted per source id; the main thread adds
 * those counts to the exporter's `queueDrops`.
 */
import { Worker } from 'node:worker_threads';
import type { ListenSpec } from '../core/listen.js';

/** Control words (Int32Array indices). */
const W = 0;
const R = 1;
const WAITING = 2;
const DROPS = 3;
const SOURCE_OVERFLOW = 4;
const UNATTRIBUTED = 5;
const PUBLISHED = 6;
const CONTROL_WORDS = 8;
const HEADER = 24;
const TYPE_DATAGRAM = 0;
const TYPE_SOURCE = 1;
const TYPE_WRAP = 2;

/**
 * The worker's code. Plain JavaScript (no imports of ours), evaluated as the worker script so that
 * it runs the same from sources under tsx/vitest and from the compiled build.
 */
const WORKER_SOURCE = String.raw`
'use strict';
const { workerData, parentPort } = require('node:worker_threads');
const dgram = require('node:dgram');
const { specs, receiveBufferBytes, control, ring, sourceDrops, maxSources } = workerData;
const ctrl = new Int32Array(control);
const data = new Uint8Array(ring);
const view = new DataView(ring);
const drops = new Int32Array(sourceDrops);
const cap = data.length;
const mask = cap - 1;
const ids = new Map();
const sockets = [];

// Reserves room for an entry with a body of len bytes; returns the position to write at, or -1.
function reserve(len) {
  const total = (${HEADER} + len + 7) & ~7;
  let w = Atomics.load(ctrl, ${W}) >>> 0;
  const r = Atomics.load(ctrl, ${R}) >>> 0;
  const off = w & mask;
  const pad = cap - off < total ? cap - off : 0;
  if (cap - ((w - r) >>> 0) < total + pad) return -1;
  if (pad > 0) {
    data[off + 4] = ${TYPE_WRAP};
    w = (w + pad) >>> 0;
  }
  return w;
}
function publish(w, len) {
  Atomics.store(ctrl, ${W}, (w + ((${HEADER} + len + 7) & ~7)) | 0);
  if (Atomics.load(ctrl, ${WAITING}) === 1) {
    Atomics.store(ctrl, ${WAITING}, 0);
    Atomics.notify(ctrl, ${W});
  }
}
const encoder = new TextEncoder();
function sourceId(address) {
  let id = ids.get(address);
  if (id !== undefined) return id;
  if (ids.size >= maxSources) return -1;
  const text = encoder.encode(address);
  const w = reserve(text.length);
  if (w < 0) return -2;
  const off = w & mask;
  id = ids.size;
  view.setUint32(off, text.length, true);
  data[off + 4] = ${TYPE_SOURCE};
  view.setUint32(off + 8, id, true);
  data.set(text, off + ${HEADER});
  publish(w, text.length);
  ids.set(address, id);
  return id;
}
function onMessage(kind) {
  return (msg, rinfo) => {
    const id = sourceId(rinfo.address);
    if (id === -1) { Atomics.add(ctrl, ${SOURCE_OVERFLOW}, 1); return; }
    const w = id < 0 ? -1 : reserve(msg.length);
    if (w < 0) {
      if (id >= 0) {
        Atomics.add(drops, id, 1);
        Atomics.add(ctrl, ${DROPS}, 1);
      } else Atomics.add(ctrl, ${UNATTRIBUTED}, 1);
      return;
    }
    const off = w & mask;
    view.setUint32(off, msg.length, true);
    data[off + 4] = ${TYPE_DATAGRAM};
    data[off + 5] = kind;
    view.setUint32(off + 8, id, true);
    view.setFloat64(off + 16, Date.now(), true);
    data.set(msg, off + ${HEADER});
    Atomics.add(ctrl, ${PUBLISHED}, 1);
    publish(w, msg.length);
  };
}
async function bindAll() {
  const bound = [];
  for (const s of specs) {
    const socket = dgram.createSocket({ type: s.family === 6 ? 'udp6' : 'udp4', ipv6Only: s.family === 6, recvBufferSize: receiveBufferBytes });
    socket.on('message', onMessage(s.kind));
    await new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(s.port, s.host, () => { socket.off('error', reject); resolve(); });
    }).catch((e) => { throw Object.assign(new Error(e.message), { listen: s.text }); });
    sockets.push(socket);
    const a = socket.address();
    bound.push({ kind: s.kind, address: a.address, port: a.port });
  }
  return bound;
}
function closeAll() {
  return Promise.all(sockets.map((s) => new Promise((resolve) => { try { s.close(() => resolve()); } catch { resolve(); } })));
}
parentPort.on('message', async (m) => {
  if (m === 'stop') {
    await closeAll();
    parentPort.postMessage({ type: 'closed' });
    parentPort.close();
  }
});
bindAll().then(
  (bound) => parentPort.postMessage({ type: 'bound', bound }),
  async (e) => { await closeAll(); parentPort.postMessage({ type: 'error', message: e.message, listen: e.listen }); parentPort.close(); },
);
`;

/** A listener to bind in the receive thread. */
export interface ThreadListenSpec extends ListenSpec {
  /** Listener kind carried on each datagram (see `ListenerKind`). */
  readonly kind: number;
}

/** Where the thread bound a listener. */
export interface ThreadBound {
  readonly kind: number;
  readonly address: string;
  readonly port: number;
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
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { specs: o.specs.map((s) => ({ ...s })), receiveBufferBytes: o.receiveBufferBytes, control, ring, sourceDrops, maxSources: o.maxSources },
      name: 'sakimori-receive',
    });
    const thread = new ReceiveThread(worker, control, ring, sourceDrops);
    const bound = await new Promise<ThreadBound[]>((resolve, reject) => {
      worker.once('message', (m: { type: string; bound?: ThreadBound[]; message?: string; listen?: string }) => {
        if (m.type === 'bound') resolve(m.bound!);
        else reject(Object.assign(new Error(m.message ?? 'receive thread failed'), { listen: m.listen ?? '?' }));
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
      r = (r + ((HEADER + len + 7) & ~7)) >>> 0;
      Atomics.store(ctrl, R, r | 0);
    }
    return r !== (Atomics.load(ctrl, W) >>> 0);
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
    if ((w >>> 0) !== (Atomics.load(ctrl, R) >>> 0)) {
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
