/**
 * IPFIX messages (RFC 7011): a Template Set with IPv4 and IPv6 data templates, an Options Template
 * Set and an options Data Record carrying the sampling parameters (when sampling), all refreshed
 * periodically as RFC 7011 §8.4 requires over UDP, and Data Sets packed up to the MTU. The sequence
 * number counts Data Records (flow and options records) sent before each message, per
 * Observation Domain (RFC 7011 §3.1).
 *
 * Sampling parameters are announced either PSAMP-style (RFC 5477: selectorAlgorithm 1 with
 * samplingPacketInterval 1 and samplingPacketSpace N−1, scoped by selectorId) or in the older
 * style (samplingInterval N and samplingAlgorithm 2, scoped by observationDomainId) that many
 * routers still send; collectors must understand both.
 *
 * Pure: no I/O.
 */
import type { FlowRecords } from './flow-records.js';
import { IE, ipfixFields, recordLength, writeDataRecord, writeTemplateRecord, writeUnsigned, type FieldSpec, type RecordContext } from './templates.js';

/** Template ids the IPFIX encoder uses. */
export const IPFIX_TEMPLATE = { ipv4: 256, ipv6: 257, samplingOptions: 258 } as const;

/** How sampling parameters are announced. */
export type IpfixSamplingStyle = 'psamp' | 'legacy';

const HEADER = 16;
const SET_HEADER = 4;
const TEMPLATE_SET = 2;
const OPTIONS_TEMPLATE_SET = 3;
/** RFC 5475 §6.1 / IANA: selectorAlgorithm 1 is systematic count-based sampling. */
const SYSTEMATIC_COUNT = 1;
/** RFC 3954 §8 / IANA samplingAlgorithm: 2 is random. */
const RANDOM = 2;
const SELECTOR_ID = 1;

interface OptionsTemplate {
  readonly scope: readonly FieldSpec[];
  readonly fields: readonly FieldSpec[];
}

const PSAMP_OPTIONS: OptionsTemplate = {
  scope: [{ id: IE.selectorId, length: 8 }],
  fields: [
    { id: IE.selectorAlgorithm, length: 2 },
    { id: IE.samplingPacketInterval, length: 4 },
    { id: IE.samplingPacketSpace, length: 4 },
  ],
};

const LEGACY_OPTIONS: OptionsTemplate = {
  scope: [{ id: IE.observationDomainId, length: 4 }],
  fields: [
    { id: IE.samplingInterval, length: 4 },
    { id: IE.samplingAlgorithm, length: 1 },
  ],
};

/** Settings of an IPFIX exporter. */
export interface IpfixOptions {
  readonly observationDomainId: number;
  /** 1 when unsampled. */
  readonly samplingRate: number;
  readonly samplingStyle: IpfixSamplingStyle;
  /** Largest message size in octets. */
  readonly mtu: number;
  /** Templates and sampling options are resent at least this often. */
  readonly templateRefreshMs: number;
}

/** Encodes flow records into IPFIX messages; keeps sequence and template state across calls. */
export class IpfixEncoder {
  readonly #o: IpfixOptions;
  readonly #v4 = ipfixFields(false);
  readonly #v6 = ipfixFields(true);
  readonly #options: OptionsTemplate;
  readonly #ctx: RecordContext = { bootMs: 0, samplerId: SELECTOR_ID };
  readonly #buf: Uint8Array;
  readonly #view: DataView;
  #sequence = 0;
  #lastTemplatesMs = Number.NEGATIVE_INFINITY;
  #p = HEADER;
  #dataRecords = 0;
  #hasContent = false;
  #setStart = -1;
  #setId = -1;

  constructor(options: IpfixOptions) {
    this.#o = options;
    this.#options = options.samplingStyle === 'legacy' ? LEGACY_OPTIONS : PSAMP_OPTIONS;
    this.#buf = new Uint8Array(options.mtu);
    this.#view = new DataView(this.#buf.buffer);
  }

  /**
   * Encodes records `[0, length)` exported at `exportMs`, appending messages to `out`. With no
   * records, emits a message only when the templates are due for refresh.
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
      const setId = v6 ? IPFIX_TEMPLATE.ipv6 : IPFIX_TEMPLATE.ipv4;
      const len = recordLength(fields);
      if (this.#p + len + (this.#setId !== setId ? SET_HEADER : 0) > this.#buf.length && this.#hasContent) {
        this.#finish(exportMs, out);
        this.#begin();
      }
      if (this.#setId !== setId) this.#openSet(setId);
      this.#p = writeDataRecord(this.#view, this.#p, fields, records, i, this.#ctx);
      this.#dataRecords++;
      this.#hasContent = true;
    }
    this.#finish(exportMs, out);
  }

  #begin(): void {
    this.#p = HEADER;
    this.#dataRecords = 0;
    this.#hasContent = false;
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

  #closeSet(): void {
    if (this.#setStart < 0) return;
    this.#view.setUint16(this.#setStart + 2, this.#p - this.#setStart);
    this.#setStart = -1;
    this.#setId = -1;
  }

  #writeTemplates(): void {
    const v = this.#view;
    this.#openSet(TEMPLATE_SET);
    this.#p = writeTemplateRecord(v, this.#p, IPFIX_TEMPLATE.ipv4, this.#v4);
    this.#p = writeTemplateRecord(v, this.#p, IPFIX_TEMPLATE.ipv6, this.#v6);
    this.#hasContent = true;
    if (this.#o.samplingRate <= 1) return;
    // Options Template Record (RFC 7011 §3.4.2.2): id, field count, scope field count, specifiers.
    const opt = this.#options;
    this.#openSet(OPTIONS_TEMPLATE_SET);
    v.setUint16(this.#p, IPFIX_TEMPLATE.samplingOptions);
    v.setUint16(this.#p + 2, opt.scope.length + opt.fields.length);
    v.setUint16(this.#p + 4, opt.scope.length);
    this.#p += 6;
    for (const x of [...opt.scope, ...opt.fields]) {
      v.setUint16(this.#p, x.id);
      v.setUint16(this.#p + 2, x.length);
      this.#p += 4;
    }
    this.#openSet(IPFIX_TEMPLATE.samplingOptions);
    const n = this.#o.samplingRate;
    const values: Record<number, number> = {
      [IE.selectorId]: SELECTOR_ID,
      [IE.observationDomainId]: this.#o.observationDomainId,
      [IE.selectorAlgorithm]: SYSTEMATIC_COUNT,
      [IE.samplingPacketInterval]: 1,
      [IE.samplingPacketSpace]: n - 1,
      [IE.samplingInterval]: n,
      [IE.samplingAlgorithm]: RANDOM,
    };
    for (const x of [...opt.scope, ...opt.fields]) {
      writeUnsigned(v, this.#p, x.length, values[x.id]!);
      this.#p += x.length;
    }
    this.#dataRecords++;
  }

  #finish(exportMs: number, out: Uint8Array[]): void {
    this.#closeSet();
    if (!this.#hasContent) return;
    const v = this.#view;
    v.setUint16(0, 10);
    v.setUint16(2, this.#p);
    v.setUint32(4, Math.floor(exportMs / 1000));
    v.setUint32(8, this.#sequence);
    v.setUint32(12, this.#o.observationDomainId);
    this.#sequence = (this.#sequence + this.#dataRecords) >>> 0;
    out.push(this.#buf.slice(0, this.#p));
  }
}
