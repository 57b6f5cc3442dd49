/**
 * The live set of indicators the sightings consumer matches flows against, and the API every
 * indicator source feeds: indicator files now, threat-intelligence feeds (STIX/TAXII, MISP) later.
 * Every change is atomic — all inputs are validated and the new matcher compiled before anything
 * is replaced, so a bad input changes nothing — and moves {@link IndicatorSet.version} on.
 *
 * @example
 * ```ts
 * const set = new IndicatorSet();
 * set.replaceSource('file:mirrorface.txt', [{ value: '45.32.13.180', label: 'MirrorFace C2' }]);
 * set.matcher().match(0, 0, 0xffff, 0x2d200db4, 443, 6); // index of the indicator, or -1
 * ```
 *
 * Pure: no I/O.
 */
import { tryParseAddress } from '../core/ip.js';
import { normalizeIndicator, type Indicator, type IndicatorInput } from './indicator.js';
import { IndicatorMatcher } from './indicator-matcher.js';
import { parseProtocol } from './protocols.js';

/** An indicator input together with its source. */
export interface SourcedIndicatorInput extends IndicatorInput {
  readonly source: string;
}

/** What a change did. */
export interface IndicatorChange {
  readonly added: number;
  /** Already present, replaced by the new input (label, kind or source may differ). */
  readonly updated: number;
  readonly removed: number;
  readonly version: number;
}

/** A mutable set of indicators with an atomically swapped compiled matcher. */
export class IndicatorSet {
  #byKey = new Map<string, Indicator>();
  #matcher: IndicatorMatcher;
  readonly #listeners = new Set<(matcher: IndicatorMatcher) => void>();

  constructor(initial: readonly SourcedIndicatorInput[] = []) {
    this.#matcher = new IndicatorMatcher([], 0);
    if (initial.length > 0) this.replace(initial);
  }

  /** Increases by one on every change. */
  get version(): number {
    return this.#matcher.version;
  }

  /** Number of indicators. */
  get size(): number {
    return this.#byKey.size;
  }

  /** The compiled matcher of the current version. */
  matcher(): IndicatorMatcher {
    return this.#matcher;
  }

  /** Every indicator, ordered by key. */
  list(): Indicator[] {
    return [...this.#byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** The indicator with this canonical key. */
  get(key: string): Indicator | undefined {
    return this.#byKey.get(key);
  }

  /** Adds indicators from one source (same key: replaced). */
  add(source: string, inputs: readonly IndicatorInput[]): IndicatorChange {
    const incoming = normalizeAll(inputs.map((i) => ({ ...i, source })));
    const next = new Map(this.#byKey);
    let added = 0;
    for (const ind of incoming.values()) {
      if (!next.has(ind.key)) added++;
      next.set(ind.key, ind);
    }
    return this.#swap(next, added, incoming.size - added, 0);
  }

  /** Removes indicators by canonical key; unknown keys are ignored. */
  remove(keys: readonly string[]): IndicatorChange {
    const next = new Map(this.#byKey);
    let removed = 0;
    for (const k of keys) if (next.delete(k)) removed++;
    return this.#swap(next, 0, 0, removed);
  }

  /**
   * Replaces every indicator of `source` with `inputs` — what reloading a file or a feed does.
   * Indicators of other sources stay; an input whose key another source already holds takes it over.
   */
  replaceSource(source: string, inputs: readonly IndicatorInput[]): IndicatorChange {
    const incoming = normalizeAll(inputs.map((i) => ({ ...i, source })));
    const next = new Map<string, Indicator>();
    let removed = 0;
    for (const [k, ind] of this.#byKey) {
      if (ind.source !== source || incoming.has(k)) next.set(k, ind);
      else removed++;
    }
    let added = 0;
    for (const ind of incoming.values()) {
      if (!next.has(ind.key)) added++;
      next.set(ind.key, ind);
    }
    return this.#swap(next, added, incoming.size - added, removed);
  }

  /** Replaces the whole set. */
  replace(inputs: readonly SourcedIndicatorInput[]): IndicatorChange {
    const incoming = normalizeAll(inputs);
    let added = 0;
    for (const k of incoming.keys()) if (!this.#byKey.has(k)) added++;
    let removed = 0;
    for (const k of this.#byKey.keys()) if (!incoming.has(k)) removed++;
    return this.#swap(incoming, added, incoming.size - added, removed);
  }

  /**
   * The most specific indicator matching an address with an optional port and protocol on its
   * side of a flow; for the CLI and the API, not the flow path (use {@link matcher}).
   */
  test(address: string, port = -1, protocol: number | string = -1): Indicator | undefined {
    const w = tryParseAddress(address.trim());
    if (w === undefined) return undefined;
    const proto = typeof protocol === 'string' ? parseProtocol(protocol) : protocol;
    const m = this.#matcher;
    const i = m.match(w[0], w[1], w[2], w[3], port, proto);
    return i < 0 ? undefined : m.indicators[i];
  }

  /** Calls `listener` with the new matcher after every change; returns an unsubscribe function. */
  onChange(listener: (matcher: IndicatorMatcher) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  #swap(next: Map<string, Indicator>, added: number, updated: number, removed: number): IndicatorChange {
    // Compile before replacing anything: the set changes entirely or not at all.
    const matcher = new IndicatorMatcher([...next.values()], this.#matcher.version + 1);
    this.#byKey = next;
    this.#matcher = matcher;
    for (const l of this.#listeners) l(matcher);
    return { added, updated, removed, version: matcher.version };
  }
}

/** Validates every input first (throwing on the first bad one); the last input of a key wins. */
function normalizeAll(inputs: readonly SourcedIndicatorInput[]): Map<string, Indicator> {
  const out = new Map<string, Indicator>();
  for (const input of inputs) {
    const ind = normalizeIndicator(input, input.source);
    out.delete(ind.key);
    out.set(ind.key, ind);
  }
  return out;
}
