/**
 * The layout of the byte ring the receive worker (`receive-worker.ts`) fills and the main thread
 * (`receive-thread.ts`) drains: a single-producer/single-consumer ring in shared memory.
 *
 * All entries are 8-byte aligned; positions are unsigned 32-bit counters, offset = pos &
 * (capacity - 1), capacity a power of two:
 *
 *     0  u32  body length          8  u32  source id        16  f64  receive time (epoch ms)
 *     4  u8   type (0 datagram, 1 new source, 2 wrap)       24  body (datagram, or source address text)
 *     5  u8   listener kind
 *
 * Pure: no I/O.
 */
import type { ListenSpec } from '../core/listen.js';

/** Control word (Int32Array index): write position. */
export const W = 0;
/** Control word: read position. */
export const R = 1;
/** Control word: 1 while the consumer waits to be notified of a write. */
export const WAITING = 2;
/** Control word: datagrams dropped because the ring was full, attributed to a source. */
export const DROPS = 3;
/** Control word: datagrams dropped because too many distinct sources were seen. */
export const SOURCE_OVERFLOW = 4;
/** Control word: datagrams dropped because not even their source's entry fitted. */
export const UNATTRIBUTED = 5;
/** Control word: datagrams published. */
export const PUBLISHED = 6;
/** Control words allocated. */
export const CONTROL_WORDS = 8;
/** Bytes before an entry's body. */
export const HEADER = 24;
/** Entry types. */
export const TYPE_DATAGRAM = 0;
export const TYPE_SOURCE = 1;
export const TYPE_WRAP = 2;

/** Bytes an entry with a body of `len` bytes takes in the ring. */
export function entrySize(len: number): number {
  return (HEADER + len + 7) & ~7;
}

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

/** What the main thread hands the worker. */
export interface ReceiveWorkerData {
  readonly specs: readonly ThreadListenSpec[];
  readonly receiveBufferBytes: number;
  readonly control: SharedArrayBuffer;
  readonly ring: SharedArrayBuffer;
  readonly sourceDrops: SharedArrayBuffer;
  readonly maxSources: number;
}

/** What the worker tells the main thread: its sockets are bound, binding failed, or it closed. */
export type ReceiveWorkerMessage =
  | { readonly type: 'bound'; readonly bound: readonly ThreadBound[] }
  | { readonly type: 'error'; readonly message: string; readonly listen: string }
  | { readonly type: 'closed' };
