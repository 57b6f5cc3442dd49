/**
 * What a simulation produces: export datagrams with the scenario time they are sent at.
 *
 * Pure: no I/O.
 */

/** Which collector port a datagram goes to: NetFlow v5/v9 and IPFIX share one, sFlow has its own. */
export type DatagramKind = 'netflow' | 'sflow';

/** One export datagram (a UDP payload). */
export interface SimDatagram {
  /** Scenario time the exporter sends it, ms since the Unix epoch. */
  readonly timeMs: number;
  /** Index of the exporter in the scenario's exporter list. */
  readonly exporter: number;
  readonly kind: DatagramKind;
  readonly payload: Uint8Array;
}
