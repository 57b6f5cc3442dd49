/**
 * NetFlow v9 export datagrams (RFC 3954): a template FlowSet (IPv4 and IPv6 data templates), an
 * options template and options data carrying the sampling interval (when sampling), both refreshed
 * periodically as RFC 3954 §9 expects of exporters over UDP, and data FlowSets packed up to the MTU.
 *
 * Pure: no I/O.
 */
import type { FlowRecords } from './flow-records.js';
import { IE, recordLength, v9Fields, writeDataRecord, writeTemplateRecord, type FieldSpec, type RecordContext } from './templates.js';

/** Template ids the v9 encoder uses. */
export const V9_TEMPLATE = { ipv4: 256, ipv6: 257, samplingOptions: 258 } as const;

const HEADER = 20;
const SET_HEADER = 4;
/** RFC 3954 §6.1: scope field type 1 is "System". */
const SCOPE_SYSTEM = 1;
/** RFC 3954 §8: SAMPLING_ALGORITHM 0x02 is random sampling; FLOW_SAMPLER_MODE uses the same code. */
const RANDOM_SAMPLING = 2;
const SAMPLER_ID = 1;

const OPTION_FIELDS: readonly FieldSpec[] = [
  { id: IE.samplerId, length: 2 },
  { id: IE.samplerMode, length: 1 },
  { id: IE.samplerRandomInterval, length: 4 },
  { id: IE.samplingInterval, length: 4 },
  { id: IE.samplingAlgorithm, length: 1 },
];

/** Settings of a v9 exporter. */
export interface NetflowV9Options {
  /** Router boot time (ms since epoch). */
  readonly bootMs: number;
  /** Source ID (the v9 observation domain). */
  readonly sourceId: number;
  /** 1 when unsampled. */
  readonly samplingRate: number;
  /** Largest datagram payload in octets. */
  readonly mtu: number;
  /** Templates and sampling options are resent at least this often. */
  readonly templateRefreshMs: number;
}

/** Encodes flow records into NetFlow v9 datagrams; keeps sequence and template state across calls. */
export class NetflowV9Encoder {
  readonly #o: NetflowV9Options;
  readonly #v4: readonly FieldSpec[];
  readonly #v6: readonly FieldSpec[];
  readonly #ctx: RecordContext;
  readonly #buf: Uint8Array;
  readonly #view: DataView;
  #sequence = 0;
  #lastTemplatesMs = Number.NEGATIVE_INFINITY;
  // State of the datagram being built.
  #p = HEADER;
  #count = 0;
  #setStart = -1;
  #setId = -1;

  constructor(options: NetflowV9Options) {
    this.#o = options;
    const sampled = options.samplingRate > 1;
    this.#v4 = v9Fields(false, sampled);
    this.#v6 = v9Fields(true, sampled);
    this.#ctx = { bootMs: options.bootMs, samplerId: SAMPLER_ID };
    this.#buf = new Uint8Array(options.mtu);
    this.#view = new DataView(this.#buf.buffer);
  }

  /**
   * Encodes records `[0, length)` exported at `exportMs`, appending datagrams to `out`. With no
   * records, emits a datagram only when the templates are due for refresh.
   */
  encode(records: FlowRecords, exportMs: number, out: Uint8Array[]): void {
    const due = exportMs - this.#lastTemplatesMs >= this.#o.templateRefreshMs;
    if (!due && records.length === 0) return;
    this.#begin();
    if (due) {
      this.#writeTemplates();
      this.#lastTemplatesMs = exportMs;
    }
    for (let i = 0; i < records.length; i++) {
      const v6 = records.ipVersion[i] === 6;
      const fields = v6 ? this.#v6 : this.#v4;
      const setId = v6 ? V9_TEMPLATE.ipv6 : V9_TEMPLATE.ipv4;
      const len = recordLength(fields);
      const opening = this.#setId !== setId;
      // Room for the record, a new set header if needed, and up to 3 octets of padding.
      if (this.#p + len + (opening ? SET_HEADER : 0) + 3 > this.#buf.length && this.#count > 0) {
        this.#finish(exportMs, out);
        this.#begin();
      }
      if (this.#setId !== setId) this.#openSet(setId);
      this.#p = writeDataRecord(this.#view, this.#p, fields, records, i, this.#ctx);
      this.#count++;
    }
    this.#finish(exportMs, out);
  }

  #begin(): void {
    this.#p = HEADER;
    this.#count = 0;
    this.#setStart = -1;
    this.#setId = -1;
  }

  #openSet(id: number): void {
    this.#closeSet();
    this.#setStart = this.#p;
    this.#setId = id;
    this.#view.setUint16(this.#p, id);
    this.#p += SET_HEADER;
  }

  /** Pads the open FlowSet to a 4-octet boundary (RFC 3954 §5.3) and writes its length. */
  #closeSet(): void {
    if (this.#setStart < 0) return;
    while ((this.#p - this.#setStart) % 4 !== 0) this.#view.setUint8(this.#p++, 0);
    this.#view.setUint16(this.#setStart + 2, this.#p - this.#setStart);
    this.#setStart = -1;
    this.#setId = -1;
  }

  #writeTemplates(): void {
    const v = this.#view;
    this.#openSet(0);
    this.#p = writeTemplateRecord(v, this.#p, V9_TEMPLATE.ipv4, this.#v4);
    this.#p = writeTemplateRecord(v, this.#p, V9_TEMPLATE.ipv6, this.#v6);
    this.#count += 2;
    if (this.#o.samplingRate <= 1) return;
    // Options template FlowSet (RFC 3954 §6.1): scope System, then the sampler's parameters.
    this.#openSet(1);
    v.setUint16(this.#p, V9_TEMPLATE.samplingOptions);
    v.setUint16(this.#p + 2, 4);
    v.setUint16(this.#p + 4, OPTION_FIELDS.length * 4);
    v.setUint16(this.#p + 6, SCOPE_SYSTEM);
    v.setUint16(this.#p + 8, 4);
    this.#p += 10;
    for (const x of OPTION_FIELDS) {
      v.setUint16(this.#p, x.id);
      v.setUint16(this.#p + 2, x.length);
      this.#p += 4;
    }
    this.#count++;
    // Options data (RFC 3954 §6.2).
    const n = this.#o.samplingRate;
    this.#openSet(V9_TEMPLATE.samplingOptions);
    v.setUint32(this.#p, this.#o.sourceId);
    v.setUint16(this.#p + 4, SAMPLER_ID);
    v.setUint8(this.#p + 6, RANDOM_SAMPLING);
    v.setUint32(this.#p + 7, n);
    v.setUint32(this.#p + 11, n);
    v.setUint8(this.#p + 15, RANDOM_SAMPLING);
    this.#p += 16;
    this.#count++;
  }

  #finish(exportMs: number, out: Uint8Array[]): void {
    this.#closeSet();
    if (this.#count === 0) return;
    const v = this.#view;
    const o = this.#o;
    v.setUint16(0, 9);
    v.setUint16(2, this.#count);
    v.setUint32(4, (exportMs - o.bootMs) >>> 0);
    v.setUint32(8, Math.floor(exportMs / 1000));
    // RFC 3954 §5.1: the sequence counts export packets, not records.
    v.setUint32(12, this.#sequence);
    v.setUint32(16, o.sourceId);
    this.#sequence = (this.#sequence + 1) >>> 0;
    out.push(this.#buf.slice(0, this.#p));
  }
}
