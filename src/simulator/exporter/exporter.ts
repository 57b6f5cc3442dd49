/**
 * The exporter models: what a router or switch does with the true traffic it forwards — a
 * NetFlow/IPFIX flow cache and export process, or an sFlow agent. One interface, one file per
 * implementation; `createExporter` (create-exporter.ts) picks by format.
 *
 * Pure: no I/O.
 */
import type { SimDatagram } from '../datagram.js';
import type { IpfixSamplingStyle } from '../encode/ipfix.js';
import { NO_NETWORK, RowFlags, type PacketBatch } from '../traffic/packet-batch.js';

/** Export formats the simulator speaks. */
export type ExportFormat = 'netflow-v5' | 'netflow-v9' | 'ipfix' | 'sflow';

/** A fully resolved exporter definition (scenario values with defaults applied). */
export interface ExporterSpec {
  readonly index: number;
  readonly name: string;
  readonly format: ExportFormat;
  /** IPv4 address in dotted form (the agent address and the pcap source). */
  readonly address: string;
  /** The same address as an unsigned 32-bit number. */
  readonly address32: number;
  /** 1-in-N packet sampling; 1 means unsampled. */
  readonly samplingRate: number;
  readonly activeTimeoutMs: number;
  readonly inactiveTimeoutMs: number;
  /**
   * NetFlow/IPFIX: how often the export process sweeps the flow cache and sends what expired
   * (routers: about once a second; some probes every 100 ms).
   */
  readonly exportIntervalMs: number;
  /**
   * Where in the clock the sweeps fall: at times `t` with `(t - exportPhaseMs)` a multiple of
   * `exportIntervalMs` (0.3 s: 10:00:00.300, 10:00:01.300, …). NetFlow/IPFIX only: an sFlow agent
   * sends when a datagram is full or a sample has waited `maxDelayMs`.
   */
  readonly exportPhaseMs: number;
  readonly templateRefreshMs: number;
  readonly cacheEntries: number;
  readonly mtu: number;
  readonly observationDomain: number;
  readonly ipfixSampling: IpfixSamplingStyle;
  readonly sflowExpanded: boolean;
  readonly counterIntervalMs: number;
  /** sFlow: longest a sample waits in a partly filled datagram. */
  readonly maxDelayMs: number;
  /** Tag traffic of protected network n with VLAN 100 + n. */
  readonly vlan: boolean;
  /** Protected networks whose traffic this exporter carries (undefined: all). */
  readonly networks: readonly number[] | undefined;
  /** Router boot time; uptimes are relative to it. */
  readonly bootMs: number;
}

/** Counters an exporter keeps about itself. */
export interface ExporterStats {
  datagrams: number;
  bytes: number;
  /** Flow records (NetFlow/IPFIX) or flow samples (sFlow) exported. */
  records: number;
  /** Packets of true traffic the exporter saw. */
  packetsSeen: number;
}

/** A simulated exporter. */
export interface ExporterModel {
  readonly spec: ExporterSpec;
  readonly stats: ExporterStats;
  /** Takes packet row `i`, routed to this exporter. */
  observe(b: PacketBatch, i: number): void;
  /** Moves the exporter's clock to `nowMs`, appending the datagrams it sends by then. */
  advance(nowMs: number, out: SimDatagram[]): void;
  /** Exports everything still held (end of the run). */
  finish(nowMs: number, out: SimDatagram[]): void;
}

/** ifIndex of the uplink towards the internet. */
export const UPLINK_IF = 1;

/** ifIndex of the interface towards protected network `network`. */
export function networkIf(network: number): number {
  return 10 + (network === NO_NETWORK ? 255 : network);
}

/** Input and output ifIndex of row `i` packed as `in * 65536 + out`. */
export function interfacesOf(b: PacketBatch, i: number): number {
  const net = networkIf(b.network[i]!);
  return (b.flags[i]! & RowFlags.Outbound) !== 0 ? net * 65536 + UPLINK_IF : UPLINK_IF * 65536 + net;
}

/** VLAN id of row `i` at this exporter (0 when untagged). */
export function vlanOf(spec: ExporterSpec, b: PacketBatch, i: number): number {
  return spec.vlan && b.network[i] !== NO_NETWORK ? 100 + b.network[i]! : 0;
}
