/**
 * IPFIX decoder (RFC 7011) for UDP transport.
 *
 * - Templates (Set 2) and options templates (Set 3) are scoped per exporter and Observation Domain
 *   (RFC 7011 §3.1), capped, and expire when not refreshed (§8.4). A record with field count 0
 *   withdraws a template (§8.1); template id 2 / 3 withdraws all data / options templates of the
 *   domain.
 * - Variable-length fields (§7) and enterprise-specific fields (§3.2) are read by length and
 *   skipped unless the element is understood (dataLinkFrameSection, IE 315, is parsed with the
 *   packet parser to fill what the template does not carry).
 * - Options data supplies sampling (IE 34/50 with sampler ids IE 48/302, PSAMP IE 305/306 and
 *   309/310, possibly scoped by templateId IE 145) and systemInitTimeMilliseconds (IE 160) for
 *   flowStart/EndSysUpTime.
 * - The sequence number counts data records per Observation Domain sent before this message
 *   (§3.1); options data records count too. A message with a set of unknown template leaves the
 *   next expected number unknown, so no gap is invented.
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
import { secondsExportMs } from '../templates/export-time.js';
import { SetContext } from '../templates/record-scratch.js';
import { decodeDataSet, installTemplate, readSpecs } from '../templates/template-sets.js';
import { type DomainState, type ExporterState, TemplateBudget, TemplateStore } from '../templates/template-store.js';

const HEADER_LENGTH = 16;
const TEMPLATE_SET = 2;
const OPTIONS_TEMPLATE_SET = 3;
const FIRST_DATA_SET = 256;

/** Decodes IPFIX messages. */
export class IpfixDecoder implements FlowDecoder {
  readonly format = FlowFormat.Ipfix;
  readonly #limits: DecoderLimits;
  readonly #store: TemplateStore;
  readonly #reader = new RecordReader();
  readonly #options = new OptionsReader();
  readonly #ctx = new SetContext();
  readonly #specs = new FieldSpecs();
  #records = 0;
  #countKnown = true;

  /**
   * @param budget shared with the NetFlow v9 decoder so that the total template cap covers both.
   * @param options `columnar: false` decodes every template record by record (tests compare both paths).
   */
  constructor(limits: DecoderLimits, budget: TemplateBudget = new TemplateBudget(limits), options: { columnar?: boolean } = {}) {
    this.#limits = limits;
    this.#store = new TemplateStore(budget);
    this.#reader.columnar = options.columnar ?? true;
    this.#ctx.format = FlowFormat.Ipfix;
    this.#ctx.sysUptimeMs = -1;
  }

  /** Templates currently held (all exporters). */
  get templateCount(): number {
    return this.#store.size;
  }

  decode(datagram: Uint8Array, exporter: ExporterContext, nowMs: number, sink: FlowSink): number {
    const c = exporter.counters;
    if (!admitDatagram(datagram, c, nowMs, this.#limits, HEADER_LENGTH, 2, 10)) return 0;
    const length = declaredEnd(c, 0, u16(datagram, 2), HEADER_LENGTH, datagram.length);
    if (length < 0) return 0;
    try {
      return this.#decode(datagram, length, exporter, nowMs, sink);
    } catch (e) {
      // Defence in depth: decoding is written not to throw; if it ever does, count, never crash.
      caughtException(c, e);
      return 0;
    }
  }

  #decode(d: Uint8Array, length: number, exporter: ExporterContext, nowMs: number, sink: FlowSink): number {
    const c = exporter.counters;
    const e = this.#store.exporter(exporter.index, c);
    const odid = u32(d, 12);
    const dom = this.#store.domain(e, odid, nowMs);
    if (dom === undefined) {
      c.error(DecodeError.TemplateLimit);
      return 0;
    }
    const ctx = this.#ctx;
    ctx.exporterIndex = exporter.index;
    ctx.domainId = odid;
    ctx.domain = dom;
    // Export time in whole seconds (§3.1), narrowed by the receive time (templates/export-time.ts).
    const exportSecs = u32(d, 4);
    ctx.exportMs = exportSecs === 0 ? nowMs : secondsExportMs(exportSecs, nowMs);
    const sequence = u32(d, 8);
    if (dom.hasSequence) checkSequence(c, dom.nextSequence, sequence, 1);
    this.#records = 0;
    this.#countKnown = true;
    const appended = this.#sets(d, length, e, dom, nowMs, sink);
    dom.hasSequence = this.#countKnown;
    dom.nextSequence = (sequence + this.#records) >>> 0;
    return appended;
  }

  /** Walks the sets (RFC 7011 §3.3); a set length too short or past the message ends it. */
  #sets(d: Uint8Array, length: number, e: ExporterState, dom: DomainState, nowMs: number, sink: FlowSink): number {
    const c = e.counters;
    let p = HEADER_LENGTH;
    let appended = 0;
    while (length - p >= 4) {
      const id = u16(d, p);
      const end = declaredEnd(c, p, u16(d, p + 2), 4, length);
      if (end < 0) break;
      if (id === TEMPLATE_SET) this.#templates(d, p + 4, end, e, dom, nowMs, false);
      else if (id === OPTIONS_TEMPLATE_SET) this.#templates(d, p + 4, end, e, dom, nowMs, true);
      else if (id >= FIRST_DATA_SET) {
        const n = decodeDataSet(this.#reader, this.#options, this.#store, e, dom, id, d, p + 4, end, this.#ctx, sink, nowMs);
        if (n < 0) this.#countKnown = false;
        else this.#records += n;
        appended += this.#reader.records;
      }
      // Set ids 0, 1 and 4–255 are not used by IPFIX (§3.3.2): skipped by length.
      p = end;
    }
    return appended;
  }

  /**
   * Template Set / Options Template Set records (RFC 7011 §3.4.1, §3.4.2.2), including
   * withdrawals (§8.1). Fewer than 4 remaining bytes, or a zero record header, is padding.
   */
  #templates(d: Uint8Array, p: number, end: number, e: ExporterState, dom: DomainState, nowMs: number, options: boolean): void {
    const c = e.counters;
    while (end - p >= 4) {
      const id = u16(d, p);
      const count = u16(d, p + 2);
      if (count === 0) {
        if (id === 0) return; // padding
        if (id === (options ? OPTIONS_TEMPLATE_SET : TEMPLATE_SET)) this.#store.withdrawAll(e, dom, options);
        else if (id >= FIRST_DATA_SET) this.#store.withdraw(e, dom, id);
        else c.error(DecodeError.BadTemplate);
        p += 4;
        continue;
      }
      let scopeCount = 0;
      let q = p + 4;
      if (options) {
        if (end - q < 2) {
          c.error(DecodeError.BadLength);
          return;
        }
        scopeCount = u16(d, q);
        q += 2;
      }
      if (id < FIRST_DATA_SET || (options && (scopeCount === 0 || scopeCount > count))) {
        // The record's extent is unknown once its header is invalid: the rest of the set is lost.
        c.error(DecodeError.BadTemplate);
        return;
      }
      const next = readSpecs(d, q, end, count, scopeCount, true, this.#specs);
      if (next < 0) {
        c.error(count * 4 > end - q ? DecodeError.BadLength : DecodeError.BadTemplate);
        return;
      }
      installTemplate(this.#store, e, dom, id, this.#specs, options, false, nowMs);
      p = next;
    }
  }

  forget(exporterIndex: number): void {
    this.#store.forget(exporterIndex);
  }
}
