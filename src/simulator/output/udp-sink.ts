/**
 * Sends datagrams over UDP: one socket per exporter (so a collector sees each exporter as its own
 * source port, or its own address with `bindAddress`), NetFlow/IPFIX to one collector address,
 * sFlow to another. Sending never throws per datagram: failures are counted.
 */
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import type { SimDatagram } from '../datagram.js';
import type { ExporterSpec } from '../exporter/exporter.js';
import type { DatagramSink } from './sink.js';

/** A UDP destination. */
export interface UdpTarget {
  readonly host: string;
  readonly port: number;
}

/** Options of {@link UdpSink.open}. */
export interface UdpSinkOptions {
  /** Destination of NetFlow v5/v9 and IPFIX; undefined to drop them. */
  readonly netflow: UdpTarget | undefined;
  /** Destination of sFlow; undefined to drop it. */
  readonly sflow: UdpTarget | undefined;
  /** Local address each exporter's socket binds to (e.g. distinct 127.0.0.x on Linux); default any. */
  readonly bindAddress?: (exporter: ExporterSpec) => string | undefined;
}

/** A sink sending each datagram from its exporter's socket. */
export class UdpSink implements DatagramSink {
  readonly #sockets: Socket[];
  readonly #o: UdpSinkOptions;
  /** Datagrams handed to the kernel / refused. */
  sent = 0;
  errors = 0;
  #inFlight = 0;
  #idle: (() => void) | undefined;

  private constructor(sockets: Socket[], options: UdpSinkOptions) {
    this.#sockets = sockets;
    this.#o = options;
  }

  /** Opens one socket per exporter. */
  static async open(exporters: readonly ExporterSpec[], options: UdpSinkOptions): Promise<UdpSink> {
    const v6 = [options.netflow, options.sflow].some((t) => t?.host.includes(':') === true);
    const sockets: Socket[] = [];
    try {
      for (const e of exporters) {
        const s = createSocket({ type: v6 ? 'udp6' : 'udp4' });
        s.on('error', () => undefined);
        s.bind({ address: options.bindAddress?.(e), port: 0 });
        await once(s, 'listening');
        sockets.push(s);
      }
    } catch (e) {
      for (const s of sockets) s.close();
      throw e;
    }
    return new UdpSink(sockets, options);
  }

  write(d: SimDatagram): void {
    const target = d.kind === 'sflow' ? this.#o.sflow : this.#o.netflow;
    if (target === undefined) return;
    this.#inFlight++;
    this.#sockets[d.exporter]!.send(d.payload, target.port, target.host, (err) => {
      if (err) this.errors++;
      else this.sent++;
      if (--this.#inFlight === 0) this.#idle?.();
    });
  }

  /** Waits for datagrams still being sent, then closes the sockets. */
  async close(): Promise<void> {
    if (this.#inFlight > 0) await new Promise<void>((done) => (this.#idle = done));
    await Promise.all(this.#sockets.map((s) => new Promise<void>((done) => s.close(() => done()))));
  }
}
