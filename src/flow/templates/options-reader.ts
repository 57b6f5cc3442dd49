/**
 * Reads options data records (RFC 3954 §6.2, RFC 7011 §3.4.2.2) into the observation domain's
 * state: sampling rates — per sampler / selector id (IE 48 / 302), per template id (IE 145 scope),
 * or domain-wide — and systemInitTimeMilliseconds (IE 160). Nothing else in options data is kept.
 *
 * Pure: no I/O.
 */
import { Op, type FieldPlan } from './field-plan.js';
import { NONE, ReadStatus, RecordScratch } from './record-scratch.js';
import type { DomainState } from './template-store.js';

/** Reads options data sets; one per decoder, not re-entrant. */
export class OptionsReader {
  /** Records read by the last call (they count in the IPFIX sequence number). */
  consumed = 0;
  readonly #s = new RecordScratch();

  /** Applies the options records of `d[p, end)` to `dom`. */
  read(d: Uint8Array, p: number, end: number, plan: FieldPlan, dom: DomainState): number {
    this.consumed = 0;
    const s = this.#s;
    const ops = plan.ops;
    while (end - p >= plan.minLength) {
      s.reset();
      for (let k = 0; k < ops.length; k += 2) {
        const len = s.fieldLength(d, p, end, ops[k + 1]!);
        if (len < 0) return ReadStatus.BadLength;
        p = s.cursor;
        if (ops[k] !== Op.Skip) s.shared(d, p, len, ops[k]!);
        p += len;
      }
      this.consumed++;
      const rate = s.rate();
      if (rate > 0) {
        if (s.samplerId !== NONE) dom.setSamplerRate(dom.samplerRates, s.samplerId, rate);
        else if (s.templateId !== NONE) dom.setSamplerRate(dom.templateRates, s.templateId, rate);
        else dom.defaultRate = rate;
      }
      if (s.sysInit !== NONE) dom.systemInitMs = s.sysInit;
    }
    return ReadStatus.Ok;
  }
}
