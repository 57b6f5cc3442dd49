/**
 * Template and options state of NetFlow v9 and IPFIX exporters, scoped per exporter (index in the
 * collector's exporter table) and observation domain (IPFIX Observation Domain ID, RFC 7011 §3.1;
 * NetFlow v9 Source ID, RFC 3954 §5.1), with hard caps so that no exporter — or attacker spoofing
 * one — can grow it without bound:
 * - templates per exporter and in total ({@link DecoderLimits}); a refused template is counted as
 *   {@link DecodeError.TemplateLimit};
 * - observation domains per exporter and in total (same limits: a domain without templates is
 *   useless for data);
 * - sampler entries per domain ({@link MAX_SAMPLERS_PER_DOMAIN}).
 * Templates not refreshed within `templateTimeoutMs` expire (RFC 7011 §8.4 for UDP transport).
 *
 * Pure: no I/O.
 */
import type { DecoderLimits, ExporterCounters } from '../decoder.js';
import type { FieldPlan } from './field-plan.js';

/** Most sampler / per-template sampling entries kept per observation domain. */
export const MAX_SAMPLERS_PER_DOMAIN = 1024;

/** A template as held by the store. */
export class Template {
  constructor(
    readonly id: number,
    public plan: FieldPlan,
    public refreshedMs: number,
  ) {}
}

/** Everything known about one observation domain of one exporter. */
export class DomainState {
  readonly templates = new Map<number, Template>();
  /** Sampling rate from options data without sampler or template scope; 0 when unknown. */
  defaultRate = 0;
  /** Sampling rate by sampler / selector id (IE 48 / IE 302). */
  readonly samplerRates = new Map<number, number>();
  /** Sampling rate by template id, from options records scoped by templateId (IE 145). */
  readonly templateRates = new Map<number, number>();
  /** systemInitTimeMilliseconds (IE 160) from options data, -1 when unknown. */
  systemInitMs = -1;
  /** NetFlow v9: the interval the exporter's boot time lies in, from the headers so far (see `export-time.ts`). */
  bootLoMs = Number.NaN;
  bootHiMs = Number.NaN;
  /** True once a sequence number has been seen. */
  hasSequence = false;
  /** Sequence number expected next. */
  nextSequence = 0;
  /** Last time (receive clock) a datagram referred to this domain. */
  lastSeenMs = 0;

  constructor(readonly id: number) {}

  /** Records a sampler's rate unless the per-domain cap is reached. */
  setSamplerRate(map: Map<number, number>, key: number, rate: number): void {
    if (map.size >= MAX_SAMPLERS_PER_DOMAIN && !map.has(key)) return;
    map.set(key, rate);
  }

  /**
   * The sampling rate for a data set of template `templateId`: a rate scoped to that template,
   * else the domain's rate, else the rate of the domain's only sampler; 0 when unknown.
   */
  setRate(templateId: number): number {
    const t = this.templateRates.size === 0 ? undefined : this.templateRates.get(templateId);
    if (t !== undefined) return t;
    if (this.defaultRate > 0) return this.defaultRate;
    if (this.samplerRates.size === 1) for (const r of this.samplerRates.values()) return r;
    return 0;
  }
}

/** Per-exporter state. */
export class ExporterState {
  readonly domains = new Map<number, DomainState>();
  templateCount = 0;
  constructor(public counters: ExporterCounters) {}
}

/** Counts shared by every store created from the same decoder factory, for the total caps. */
export class TemplateBudget {
  templates = 0;
  domains = 0;
  readonly stores: TemplateStore[] = [];
  lastSweepMs = -Infinity;
  constructor(readonly limits: DecoderLimits) {}

  /** Expires stale templates in every store; at most once per second of receive time. */
  sweep(nowMs: number): void {
    if (nowMs - this.lastSweepMs < 1000) return;
    this.lastSweepMs = nowMs;
    for (const s of this.stores) s.expireAll(nowMs);
  }
}

/** Result of {@link TemplateStore.define}. */
export const DefineResult = { Added: 0, Replaced: 1, Refreshed: 2, Refused: 3 } as const;
export type DefineResult = (typeof DefineResult)[keyof typeof DefineResult];

/** Templates, sampling and sequence state of one export protocol (v9 or IPFIX). */
export class TemplateStore {
  readonly #exporters = new Map<number, ExporterState>();
  readonly #budget: TemplateBudget;

  constructor(budget: TemplateBudget) {
    this.#budget = budget;
    budget.stores.push(this);
  }

  get limits(): DecoderLimits {
    return this.#budget.limits;
  }

  /** The exporter's state, created on first use. */
  exporter(index: number, counters: ExporterCounters): ExporterState {
    let e = this.#exporters.get(index);
    if (e === undefined) {
      e = new ExporterState(counters);
      this.#exporters.set(index, e);
    }
    e.counters = counters;
    return e;
  }

  /** The domain's state, created on first use; undefined when the domain caps are reached. */
  domain(e: ExporterState, id: number, nowMs: number): DomainState | undefined {
    let dom = e.domains.get(id);
    if (dom !== undefined) {
      dom.lastSeenMs = nowMs;
      return dom;
    }
    const limits = this.#budget.limits;
    if (e.domains.size >= limits.maxTemplatesPerExporter) this.#dropIdleDomains(e, nowMs);
    if (e.domains.size >= limits.maxTemplatesPerExporter || this.#budget.domains >= limits.maxTemplatesTotal) return undefined;
    dom = new DomainState(id);
    dom.lastSeenMs = nowMs;
    e.domains.set(id, dom);
    this.#budget.domains++;
    return dom;
  }

  /** The live template `id` of the domain, expiring it when stale. */
  lookup(e: ExporterState, dom: DomainState, id: number, nowMs: number): Template | undefined {
    const t = dom.templates.get(id);
    if (t === undefined) return undefined;
    if (nowMs - t.refreshedMs > this.#budget.limits.templateTimeoutMs) {
      this.#remove(e, dom, id);
      return undefined;
    }
    return t;
  }

  /** Adds, replaces or refreshes a template, enforcing the caps. */
  define(e: ExporterState, dom: DomainState, id: number, plan: FieldPlan, nowMs: number): DefineResult {
    const old = dom.templates.get(id);
    if (old !== undefined) {
      old.refreshedMs = nowMs;
      if (old.plan.signature === plan.signature && old.plan.fieldCount === plan.fieldCount && old.plan.options === plan.options) return DefineResult.Refreshed;
      old.plan = plan;
      return DefineResult.Replaced;
    }
    const limits = this.#budget.limits;
    if (e.templateCount >= limits.maxTemplatesPerExporter) this.#expireExporter(e, nowMs);
    if (this.#budget.templates >= limits.maxTemplatesTotal) this.#budget.sweep(nowMs);
    if (e.templateCount >= limits.maxTemplatesPerExporter || this.#budget.templates >= limits.maxTemplatesTotal) return DefineResult.Refused;
    dom.templates.set(id, new Template(id, plan, nowMs));
    e.templateCount++;
    e.counters.templates++;
    this.#budget.templates++;
    return DefineResult.Added;
  }

  /** Withdraws one template (RFC 7011 §8.1); unknown ids are ignored. */
  withdraw(e: ExporterState, dom: DomainState, id: number): void {
    if (dom.templates.has(id)) this.#remove(e, dom, id);
  }

  /** Withdraws every data template (`options` false) or every options template of a domain. */
  withdrawAll(e: ExporterState, dom: DomainState, options: boolean): void {
    for (const [id, t] of dom.templates) if (t.plan.options === options) this.#remove(e, dom, id);
  }

  /** Drops everything held for an exporter. */
  forget(index: number): void {
    const e = this.#exporters.get(index);
    if (e === undefined) return;
    this.#budget.templates -= e.templateCount;
    this.#budget.domains -= e.domains.size;
    e.counters.templates -= e.templateCount;
    this.#exporters.delete(index);
  }

  /** Expires stale templates of every exporter. */
  expireAll(nowMs: number): void {
    for (const e of this.#exporters.values()) this.#expireExporter(e, nowMs);
  }

  /** Templates held, over all exporters (for tests and metrics). */
  get size(): number {
    let n = 0;
    for (const e of this.#exporters.values()) n += e.templateCount;
    return n;
  }

  #expireExporter(e: ExporterState, nowMs: number): void {
    const timeout = this.#budget.limits.templateTimeoutMs;
    for (const dom of e.domains.values()) {
      for (const [id, t] of dom.templates) if (nowMs - t.refreshedMs > timeout) this.#remove(e, dom, id);
    }
  }

  #dropIdleDomains(e: ExporterState, nowMs: number): void {
    this.#expireExporter(e, nowMs);
    const timeout = this.#budget.limits.templateTimeoutMs;
    for (const [id, dom] of e.domains) {
      if (dom.templates.size === 0 && nowMs - dom.lastSeenMs > timeout) {
        e.domains.delete(id);
        this.#budget.domains--;
      }
    }
  }

  #remove(e: ExporterState, dom: DomainState, id: number): void {
    dom.templates.delete(id);
    e.templateCount--;
    e.counters.templates--;
    this.#budget.templates--;
  }
}
