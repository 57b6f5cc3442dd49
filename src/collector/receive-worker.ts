/**
 * The receive worker: runs on a thread of its own (started by `receive-thread.ts`), owns the UDP
 * sockets and copies each datagram into the shared byte ring (layout in `receive-ring.ts`).
 *
 * Sources are interned here: the first datagram from an address is preceded by a "new source"
 * entry carrying its text, so the main thread never parses addresses per datagram. When the ring
 * is full, the datagram is dropped and counted per source id.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { parentPort, workerData } from 'node:worker_threads';
import {
  DROPS,
  entrySize,
  HEADER,
  PUBLISHED,
  R,
  SOURCE_OVERFLOW,
  type ReceiveWorkerData,
  type ReceiveWorkerMessage,
  type ThreadBound,
  type ThreadListenSpec,
  TYPE_DATAGRAM,
  TYPE_SOURCE,
  TYPE_WRAP,
  UNATTRIBUTED,
  W,
  WAITING,
} from './receive-ring.js';

if (parentPort === null) throw new Error('receive-worker.ts runs as a worker thread (see receive-thread.ts)');
const port = parentPort;
const { specs, receiveBufferBytes, control, ring, sourceDrops, maxSources } = workerData as ReceiveWorkerData;
const ctrl = new Int32Array(control);
const data = new Uint8Array(ring);
const view = new DataView(ring);
const drops = new Int32Array(sourceDrops);
const cap = data.length;
const mask = cap - 1;
const ids = new Map<string, number>();
const sockets: Socket[] = [];
const encoder = new TextEncoder();

/** Reserves room for an entry with a body of `len` bytes; returns the position to write at, or -1. */
function reserve(len: number): number {
  const total = entrySize(len);
  let w = Atomics.load(ctrl, W) >>> 0;
  const r = Atomics.load(ctrl, R) >>> 0;
  const off = w & mask;
  // An entry never wraps: the tail is skipped with a wrap marker when the entry does not fit.
  const pad = cap - off < total ? cap - off : 0;
  if (cap - ((w - r) >>> 0) < total + pad) return -1;
  if (pad > 0) {
    data[off + 4] = TYPE_WRAP;
    w = (w + pad) >>> 0;
  }
  return w;
}

/** Makes the entry at `w` visible to the consumer, and wakes it if it said it waits. */
function publish(w: number, len: number): void {
  Atomics.store(ctrl, W, (w + entrySize(len)) | 0);
  if (Atomics.load(ctrl, WAITING) === 1) {
    Atomics.store(ctrl, WAITING, 0);
    Atomics.notify(ctrl, W);
  }
}

/** The id of a source address; -1 when too many sources were seen, -2 when its entry did not fit. */
function sourceId(address: string): number {
  let id = ids.get(address);
  if (id !== undefined) return id;
  if (ids.size >= maxSources) return -1;
  const text = encoder.encode(address);
  const w = reserve(text.length);
  if (w < 0) return -2;
  const off = w & mask;
  id = ids.size;
  view.setUint32(off, text.length, true);
  data[off + 4] = TYPE_SOURCE;
  view.setUint32(off + 8, id, true);
  data.set(text, off + HEADER);
  publish(w, text.length);
  ids.set(address, id);
  return id;
}

/** The handler of one socket: every datagram is copied into the ring or counted as dropped. */
function onMessage(kind: number): (msg: Buffer, rinfo: RemoteInfo) => void {
  return (msg, rinfo) => {
    const id = sourceId(rinfo.address);
    if (id === -1) {
      Atomics.add(ctrl, SOURCE_OVERFLOW, 1);
      return;
    }
    const w = id < 0 ? -1 : reserve(msg.length);
    if (w < 0) {
      if (id >= 0) {
        Atomics.add(drops, id, 1);
        Atomics.add(ctrl, DROPS, 1);
      } else Atomics.add(ctrl, UNATTRIBUTED, 1);
      return;
    }
    const off = w & mask;
    view.setUint32(off, msg.length, true);
    data[off + 4] = TYPE_DATAGRAM;
    data[off + 5] = kind;
    view.setUint32(off + 8, id, true);
    view.setFloat64(off + 16, Date.now(), true);
    data.set(msg, off + HEADER);
    Atomics.add(ctrl, PUBLISHED, 1);
    publish(w, msg.length);
  };
}

/** Binds one listener; rejects with the listen address as written. */
function bind(s: ThreadListenSpec): Promise<Socket> {
  const socket = createSocket({ type: s.family === 6 ? 'udp6' : 'udp4', ipv6Only: s.family === 6, recvBufferSize: receiveBufferBytes });
  socket.on('message', onMessage(s.kind));
  return new Promise((resolve, reject) => {
    const failed = (e: Error): void => reject(Object.assign(new Error(e.message), { listen: s.text }));
    socket.once('error', failed);
    socket.bind(s.port, s.host, () => {
      socket.off('error', failed);
      resolve(socket);
    });
  });
}

async function bindAll(): Promise<ThreadBound[]> {
  const bound: ThreadBound[] = [];
  for (const s of specs) {
    const socket = await bind(s);
    sockets.push(socket);
    const a = socket.address();
    bound.push({ kind: s.kind, address: a.address, port: a.port });
  }
  return bound;
}

function closeAll(): Promise<void[]> {
  return Promise.all(
    sockets.map(
      (s) =>
        new Promise<void>((resolve) => {
          try {
            s.close(() => resolve());
          } catch {
            resolve(); // already closed
          }
        }),
    ),
  );
}

function tell(m: ReceiveWorkerMessage): void {
  port.postMessage(m);
}

port.on('message', async (m: unknown) => {
  if (m === 'stop') {
    await closeAll();
    tell({ type: 'closed' });
    port.close();
  }
});

bindAll().then(
  (bound) => tell({ type: 'bound', bound }),
  async (e: Error & { listen?: string }) => {
    // Nothing stays bound when one listener fails.
    await closeAll();
    tell({ type: 'error', message: e.message, listen: e.listen ?? '?' });
    port.close();
  },
);
