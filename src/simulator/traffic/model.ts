/** The one interface every traffic model implements. Pure: no I/O. */
import type { PacketBatch } from './packet-batch.js';

/** Something that produces true traffic. */
export interface TrafficModel {
  /** Appends rows for the packets sent in `[fromMs, toMs)`. Calls come in time order, without gaps. */
  generate(fromMs: number, toMs: number, out: PacketBatch): void;
}

/** Lowest ephemeral source port (Linux's default ip_local_port_range). */
export const EPHEMERAL_LOW = 32768;
/** Highest ephemeral source port (Linux's default ip_local_port_range). */
export const EPHEMERAL_HIGH = 60999;
