/**
 * Writes datagrams to a pcap file (see `pcap.ts` for the framing): each exporter's datagrams come
 * from its address in 10.255.0.0/24 and go to the collector address and port of their kind.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseIPv4 } from '../../core/ip.js';
import type { SimDatagram } from '../datagram.js';
import type { ExporterSpec } from '../exporter/exporter.js';
import { ERR_SIMULATION_OPTIONS } from '../scenario-errors.js';
import { pcapFileHeader, pcapUdpRecord } from './pcap.js';
import type { DatagramSink } from './sink.js';

/** Collector side of the frames in a pcap. */
export interface PcapCollector {
  /** IPv4 address of the collector (default 10.255.0.254). */
  readonly address?: string;
  readonly netflowPort?: number;
  readonly sflowPort?: number;
}

/** UDP source port of exporter `index` (exporters send from a fixed high port). */
export function exporterSourcePort(index: number): number {
  return 50000 + index;
}

/** A sink appending to a pcap file. */
export class PcapFileSink implements DatagramSink {
  readonly #stream: WriteStream;
  readonly #exporters: readonly ExporterSpec[];
  readonly #dst: number;
  readonly #netflowPort: number;
  readonly #sflowPort: number;
  #ipId = 0;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #error: Error | undefined;

  constructor(path: string, exporters: readonly ExporterSpec[], collector: PcapCollector = {}) {
    this.#exporters = exporters;
    this.#dst = parseIPv4(collector.address ?? '10.255.0.254');
    if (this.#dst < 0) throw new ERR_SIMULATION_OPTIONS(`pcap collector address must be IPv4, got ${collector.address}`);
    this.#netflowPort = collector.netflowPort ?? 2055;
    this.#sflowPort = collector.sflowPort ?? 6343;
    this.#stream = createWriteStream(path);
    this.#stream.on('error', (e) => (this.#error = e));
    this.#stream.write(pcapFileHeader());
  }

  write(d: SimDatagram): void {
    const e = this.#exporters[d.exporter]!;
    const rec = pcapUdpRecord(
      d.timeMs,
      d.payload,
      { srcIp: e.address32, dstIp: this.#dst, srcPort: exporterSourcePort(e.index), dstPort: d.kind === 'sflow' ? this.#sflowPort : this.#netflowPort },
      this.#ipId++,
    );
    this.#pending.push(Buffer.from(rec.buffer, rec.byteOffset, rec.byteLength));
    this.#pendingBytes += rec.byteLength;
    if (this.#pendingBytes >= 1 << 20) this.#flush();
  }

  /** True when the file stream wants the writer to wait (back-pressure). */
  get needsDrain(): boolean {
    return this.#stream.writableNeedDrain;
  }

  /** Resolves once the file stream has drained. */
  async drain(): Promise<void> {
    if (this.#stream.writableNeedDrain) await once(this.#stream, 'drain');
  }

  async close(): Promise<void> {
    this.#flush();
    this.#stream.end();
    await once(this.#stream, 'finish');
    if (this.#error !== undefined) throw this.#error;
  }

  #flush(): void {
    if (this.#pending.length === 0) return;
    this.#stream.write(Buffer.concat(this.#pending, this.#pendingBytes));
    this.#pending = [];
    this.#pendingBytes = 0;
  }
}
