/**
 * NetFlow v5 export datagrams (Cisco's fixed format: a 24-octet header and up to 30 fixed 48-octet
 * IPv4 records). IPv6 records cannot be expressed in v5 and are skipped and counted, as a real v5
 * exporter would never see them.
 *
 * Pure: no I/O.
 */
import type { FlowRecords } from './flow-records.js';

const HEADER = 24;
const RECORD = 48;
/** The format's own ceiling on records per datagram. */
const MAX_RECORDS = 30;
/** Sampling mode 2 in the top two bits of sampling_interval: random 1-in-N sampling. */
const SAMPLING_MODE_RANDOM = 2;

/** Settings of a v5 exporter. */
export interface NetflowV5Options {
  /** Router boot time (ms since epoch): SysUptime and First/Last are relative to it. */
  readonly bootMs: number;
  readonly engineType: number;
  readonly engineId: number;
  /** 1 when unsampled. At most 16383 (14 bits). */
  readonly samplingRate: number;
  /** Largest datagram payload in octets. */
  readonly mtu: number;
}

/** Encodes flow records into NetFlow v5 datagrams; keeps the flow sequence across calls. */
export class NetflowV5Encoder {
  readonly #o: NetflowV5Options;
  readonly #perDatagram: number;
  #sequence = 0;
  /** IPv6 records dropped because v5 cannot carry them. */
  skippedIpv6 = 0;

  constructor(options: NetflowV5Options) {
    this.#o = options;
    this.#perDatagram = Math.max(1, Math.min(MAX_RECORDS, Math.floor((options.mtu - HEADER) / RECORD)));
  }

  /** Encodes records `[0, length)` exported at `exportMs`, appending datagrams to `out`. */
  encode(records: FlowRecords, exportMs: number, out: Uint8Array[]): void {
    let i = 0;
    while (i < records.length) {
      const buf = new Uint8Array(HEADER + this.#perDatagram * RECORD);
      const view = new DataView(buf.buffer);
      let n = 0;
      for (; i < records.length && n < this.#perDatagram; i++) {
        if (records.ipVersion[i] !== 4) {
          this.skippedIpv6++;
          continue;
        }
        this.#writeRecord(view, HEADER + n * RECORD, records, i);
        n++;
      }
      if (n === 0) break;
      this.#writeHeader(view, n, exportMs);
      this.#sequence = (this.#sequence + n) >>> 0;
      out.push(n === this.#perDatagram ? buf : buf.slice(0, HEADER + n * RECORD));
    }
  }

  #writeHeader(view: DataView, count: number, exportMs: number): void {
    const o = this.#o;
    view.setUint16(0, 5);
    view.setUint16(2, count);
    view.setUint32(4, (exportMs - o.bootMs) >>> 0);
    view.setUint32(8, Math.floor(exportMs / 1000));
    view.setUint32(12, Math.floor(exportMs % 1000) * 1_000_000);
    // flow_sequence counts the flows exported before this datagram.
    view.setUint32(16, this.#sequence);
    view.setUint8(20, o.engineType);
    view.setUint8(21, o.engineId);
    const interval = o.samplingRate > 1 ? (SAMPLING_MODE_RANDOM << 14) | (o.samplingRate & 0x3fff) : 0;
    view.setUint16(22, interval);
  }

  #writeRecord(view: DataView, p: number, r: FlowRecords, i: number): void {
    const w = i * 4 + 3;
    const boot = this.#o.bootMs;
    view.setUint32(p, r.src[w]!);
    view.setUint32(p + 4, r.dst[w]!);
    view.setUint32(p + 8, r.nextHop[w]!);
    view.setUint16(p + 12, r.inputIf[i]! & 0xffff);
    view.setUint16(p + 14, r.outputIf[i]! & 0xffff);
    view.setUint32(p + 16, Math.min(r.packets[i]!, 0xffffffff));
    view.setUint32(p + 20, Math.min(r.bytes[i]!, 0xffffffff));
    view.setUint32(p + 24, (r.startMs[i]! - boot) >>> 0);
    view.setUint32(p + 28, (r.endMs[i]! - boot) >>> 0);
    const icmp = r.protocol[i] === 1;
    // v5 has no ICMP field: by convention the type and code travel in the destination port.
    view.setUint16(p + 32, icmp ? 0 : r.srcPort[i]!);
    view.setUint16(p + 34, icmp ? r.icmpTypeCode[i]! : r.dstPort[i]!);
    view.setUint8(p + 37, r.tcpFlags[i]!);
    view.setUint8(p + 38, r.protocol[i]!);
    view.setUint8(p + 39, r.tos[i]!);
    view.setUint16(p + 40, r.srcAs[i]! & 0xffff);
    view.setUint16(p + 42, r.dstAs[i]! & 0xffff);
    view.setUint8(p + 44, r.srcMask[i]!);
    view.setUint8(p + 45, r.dstMask[i]!);
  }
}
