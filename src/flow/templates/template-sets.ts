/**
 * The parts of set decoding that NetFlow v9 and IPFIX share: reading field specifiers, installing
 * a compiled template under the caps, and decoding a data set (flow records or options records)
 * against the template it names.
 *
 * Pure: no I/O.
 */
import { DecodeError } from '../decoder.js';
import type { FlowSink } from '../flow-batch.js';
import { u16, u32 } from '../bytes.js';
import { compileTemplate, type FieldSpecs, MAX_TEMPLATE_FIELDS, specSignature } from './field-plan.js';
import type { OptionsReader } from './options-reader.js';
import type { RecordReader } from './record-reader.js';
import { ReadStatus, type SetContext } from './record-scratch.js';
import { DefineResult, type DomainState, type ExporterState, type TemplateStore } from './template-store.js';

/**
 * Reads `count` field specifiers at `d[p, end)` into `specs` (RFC 3954 §5.2 when `ipfix` is false;
 * RFC 7011 §3.2 otherwise, where the top bit of the element id announces a 4-byte enterprise
 * number and marks the field enterprise-specific).
 * @returns the offset after the specifiers, or -1 when they run past `end` or exceed
 *   {@link MAX_TEMPLATE_FIELDS}.
 */
export function readSpecs(d: Uint8Array, p: number, end: number, count: number, scopeCount: number, ipfix: boolean, specs: FieldSpecs): number {
  if (count > MAX_TEMPLATE_FIELDS) return -1;
  const start = p;
  for (let k = 0; k < count; k++) {
    if (end - p < 4) return -1;
    let ie = u16(d, p);
    specs.length[k] = u16(d, p + 2);
    p += 4;
    let enterprise = 0;
    if (ipfix && ie >= 0x8000) {
      if (end - p < 4) return -1;
      ie &= 0x7fff;
      enterprise = u32(d, p) === 0 ? 0 : 1;
      p += 4;
    }
    specs.ie[k] = ie;
    specs.enterprise[k] = enterprise;
  }
  specs.count = count;
  specs.scopeCount = scopeCount;
  // The scope count is part of an options template's definition (v9 carries it outside the fields).
  specs.signature = (specSignature(d, start, p) ^ Math.imul(scopeCount + 1, 0x9e3779b1)) >>> 0;
  return p;
}

/**
 * Compiles and stores a template. An unchanged refresh only renews its timestamp. Failures are
 * counted: {@link DecodeError.BadTemplate} (zero-length or oversized records, no fields),
 * {@link DecodeError.BadFieldLength} (fields skipped for a length their element does not allow),
 * {@link DecodeError.TemplateLimit} (caps reached).
 */
export function installTemplate(store: TemplateStore, e: ExporterState, dom: DomainState, id: number, specs: FieldSpecs, options: boolean, v9OptionScopes: boolean, nowMs: number): void {
  const existing = dom.templates.get(id);
  if (existing !== undefined && existing.plan.signature === specs.signature && existing.plan.fieldCount === specs.count && existing.plan.options === options) {
    existing.refreshedMs = nowMs;
    return;
  }
  const plan = compileTemplate(specs, options, v9OptionScopes);
  if (typeof plan === 'number') {
    e.counters.error(DecodeError.BadTemplate);
    return;
  }
  if (plan.badFields > 0) e.counters.error(DecodeError.BadFieldLength);
  if (store.define(e, dom, id, plan, nowMs) === DefineResult.Refused) e.counters.error(DecodeError.TemplateLimit);
}

/**
 * Decodes data set `setId` spanning `d[p, end)`: flow records into the sink (`reader.records`
 * tells how many), options records into the domain's state.
 * @returns the number of records the set held (flow and options records alike), or -1 when the
 *   template is unknown and the count therefore is too.
 */
export function decodeDataSet(
  reader: RecordReader,
  options: OptionsReader,
  store: TemplateStore,
  e: ExporterState,
  dom: DomainState,
  setId: number,
  d: Uint8Array,
  p: number,
  end: number,
  ctx: SetContext,
  sink: FlowSink,
  nowMs: number,
): number {
  reader.records = 0;
  const t = store.lookup(e, dom, setId, nowMs);
  if (t === undefined) {
    e.counters.templateMisses++;
    e.counters.error(DecodeError.TemplateMissing);
    return -1;
  }
  let status: number;
  let consumed: number;
  if (t.plan.options) {
    status = options.read(d, p, end, t.plan, dom);
    consumed = options.consumed;
  } else {
    ctx.setRate = dom.setRate(setId);
    status = reader.readData(d, p, end, t.plan, ctx, sink);
    e.counters.records += reader.records;
    consumed = reader.records;
  }
  if (status === ReadStatus.BadLength) e.counters.error(DecodeError.BadLength);
  return consumed;
}
