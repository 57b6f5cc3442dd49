/** Where a running simulation's datagrams go: the one interface every output implements. */
import type { SimDatagram } from '../datagram.js';

/** A destination for datagrams (a pcap file, UDP sockets, an in-process collector). */
export interface DatagramSink {
  /** Takes one datagram; called in time order. Must not keep `d.payload` beyond the call unless it copies it. */
  write(d: SimDatagram): void;
  /** Flushes and releases resources. */
  close(): Promise<void>;
}
