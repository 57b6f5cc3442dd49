/**
 * NetFlow v9 decoder (RFC 3954).
 *
 * - Templates (FlowSet 0) and options templates (FlowSet 1) are scoped per exporter and Source ID
 *   (RFC 3954 §5.1: the Source ID plays the role of IPFIX's Observation Domain) and capped
 *   (see `templates/template-store.ts`). Options data supplies sampling rates — samplingInterval
 *   (IE 34) or samplerRandomInterval (IE 50) per sampler id (IE 48/302), or PSAMP packet
 *   interval/space (IE 305/306) — which apply to data records carrying that sampler id, else to the
 *   whole source.
 * - Times: FIRST/LAST_SWITCHED are sysUptime milliseconds, made absolute with the header's
 *   sysUptime and UNIX seconds (RFC 3954 §5.1). UNIX seconds are the export time cut down to the
 *   second; the export time is narrowed to the millisecond from the router's boot time learned
 *   over the domain's headers and from the receive time (`templates/export-time.ts`).
 * - The header sequence number counts export packets per Source ID (RFC 3954 §5.1); lost records
 *   are estimated as missing packets × records in the current packet.
 *
 * Pure: no I/O.
 */
import { DecodeError, type DecoderLimits, type ExporterContext, type FlowDecoder } from '../decoder.js';
import { FlowFormat, type FlowSink } from '../flow-batch.js';
import { u16, u32 } from '../bytes.js';
import { admitDatagram, caughtException, declaredEnd } from '../decode-guard.js';
import { checkSequence } from '../sequence.js';
import { FieldSpecs } from '../templates/field-plan.js';
import { OptionsReader } from '../templates/options-reader.js';
import { RecordReader } from '../templates/record-reader.js';
import { v9ExportMs } from '../templates/export-time.js';
import { SetContext } from '../templates/record-scratch.js';
import { decodeDataSet, installTemplate, readSpecs } from '../templates/template-sets.js';
import { type DomainState, type ExporterState, TemplateBudget, TemplateStore } from '../templates/template-store.js';

const HEADER_LENGTH = 20;
const TEMPLATE_FLOWSET = 0;
const OPTIONS_TEMPLATE_FLOWSET = 1;
const FIRST_DATA_FLOWSET = 256;

/** Decodes NetFlow v9 export packets. */
export class NetflowV9Decoder implements FlowDecoder {
  readonly format = FlowFormat.NetflowV9;
  readonly #limits: DecoderLimits;
  readonly #store: TemplateStore;
  readonly #reader = new RecordReader();
  readonly #options = new OptionsReader();
  readonly #ctx = new SetContext();
  readonly #specs = new FieldSpecs();

  /**
   * @param budget shared with the IPFIX decoder so that the total template cap covers both.
   * @param options `columnar: false` decodes every template record by record (tests compare both paths).
   */
  constructor(limits: DecoderLimits, budget: TemplateBudget = new TemplateBudget(limits), options: { columnar?: boolean } = {}) {
    this.#limits = limits;
    this.#store = new TemplateStore(budget);
    this.#reader.columnar = options.columnar ?? true;
    this.#ctx.format = FlowFormat.NetflowV9;
  }

  /** Templates currently held (all exporters). */
  get templateCount(): number {
    return this.#store.size;
  }

  decode(datagram: Uint8Array, exporter: ExporterContext, nowMs: number, sink: FlowSink): number {
    const c = exporter.counters;
    if (!admitDatagram(datagram, c, nowMs, this.#limits, HEADER_LENGTH, 2, 9)) return 0;
    try {
      return this.#decode(datagram, exporter, nowMs, sink);
    } catch (e) {
      // Defence in depth: decoding is written not to throw; if it ever does, count, never crash.
      caughtException(c, e);
      return 0;
    }
  }

  #decode(d: Uint8Array, exporter: ExporterContext, nowMs: number, sink: FlowSink): number {
    const c = exporter.counters;
    const e = this.#store.exporter(exporter.index, c);
    const sourceId = u32(d, 16);
    const dom = this.#store.domain(e, sourceId, nowMs);
    if (dom === undefined) {
      c.error(DecodeError.TemplateLimit);
      return 0;
    }
    const ctx = this.#ctx;
    ctx.exporterIndex = exporter.index;
    ctx.domainId = sourceId;
    ctx.domain = dom;
    ctx.sysUptimeMs = u32(d, 4);
    const unixSecs = u32(d, 8);
    ctx.exportMs = unixSecs === 0 ? nowMs : v9ExportMs(dom, unixSecs, ctx.sysUptimeMs, nowMs);
    const records = this.#sets(d, e, dom, nowMs, sink);
    const sequence = u32(d, 12);
    if (dom.hasSequence) checkSequence(c, dom.nextSequence, sequence, records > 0 ? records : Math.max(1, u16(d, 2)));
    dom.hasSequence = true;
    dom.nextSequence = (sequence + 1) >>> 0;
    return records;
  }

  /** Walks the FlowSets; a FlowSet length that is too short or too long ends the packet. */
  #sets(d: Uint8Array, e: ExporterState, dom: DomainState, nowMs: number, sink: FlowSink): number {
    const c = e.counters;
    let p = HEADER_LENGTH;
    let records = 0;
    while (d.length - p >= 4) {
      const id = u16(d, p);
      const end = declaredEnd(c, p, u16(d, p + 2), 4, d.length);
      if (end < 0) break;
      if (id === TEMPLATE_FLOWSET) this.#templates(d, p + 4, end, e, dom, nowMs);
      else if (id === OPTIONS_TEMPLATE_FLOWSET) this.#optionsTemplates(d, p + 4, end, e, dom, nowMs);
      else if (id >= FIRST_DATA_FLOWSET) {
        decodeDataSet(this.#reader, this.#options, this.#store, e, dom, id, d, p + 4, end, this.#ctx, sink, nowMs);
        records += this.#reader.records;
      }
      // FlowSet ids 2–255 are reserved (RFC 3954 §5.3): skipped by length.
      p = end;
    }
    return records;
  }

  /** Template FlowSet (RFC 3954 §5.2): template id, field count, (type, length) pairs. */
  #templates(d: Uint8Array, p: number, end: number, e: ExporterState, dom: DomainState, nowMs: number): void {
    while (end - p >= 4) {
      const id = u16(d, p);
      const count = u16(d, p + 2);
      if (id < FIRST_DATA_FLOWSET || count === 0) {
        // Only padding may follow a template record; a zero header is padding.
        if (id !== 0 || count !== 0) e.counters.error(DecodeError.BadTemplate);
        return;
      }
      const next = readSpecs(d, p + 4, end, count, 0, false, this.#specs);
      if (next < 0) {
        e.counters.error(count * 4 > end - p - 4 ? DecodeError.BadLength : DecodeError.BadTemplate);
        return;
      }
      installTemplate(this.#store, e, dom, id, this.#specs, false, false, nowMs);
      p = next;
    }
  }

  /**
   * Options Template FlowSet (RFC 3954 §6.1): template id, scope length and option length in
   * bytes, then scope fields (System, Interface, …) and option fields, then padding.
   */
  #optionsTemplates(d: Uint8Array, p: number, end: number, e: ExporterState, dom: DomainState, nowMs: number): void {
    while (end - p >= 10) {
      const id = u16(d, p);
      const scopeLength = u16(d, p + 2);
      const optionLength = u16(d, p + 4);
      if (id < FIRST_DATA_FLOWSET || scopeLength % 4 !== 0 || optionLength % 4 !== 0 || scopeLength + optionLength === 0) {
        if (id !== 0) e.counters.error(DecodeError.BadTemplate);
        return;
      }
      const count = (scopeLength + optionLength) / 4;
      const next = readSpecs(d, p + 6, end, count, scopeLength / 4, false, this.#specs);
      if (next < 0) {
        e.counters.error(scopeLength + optionLength > end - p - 6 ? DecodeError.BadLength : DecodeError.BadTemplate);
        return;
      }
      installTemplate(this.#store, e, dom, id, this.#specs, true, true, nowMs);
      p = next;
    }
  }

  forget(exporterIndex: number): void {
    this.#store.forget(exporterIndex);
  }
}
