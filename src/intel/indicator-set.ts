/**
 * The live set of indicators the sightings consumer matches flows against, and the API every
 * indicator source feeds: indicator files now, threat-intelligence feeds (STIX/TAXII, MISP) later.
 * Every change is atomic — all inputs are validated and the new matcher compiled before anything
 * is replaced, so a bad input changes nothing — and moves {@link IndicatorSet.version} on.
 *
 * Large sources (a threat-intelligence store of a million indicators) use
 * {@link IndicatorSet.replaceSourcePaced}: validation, merge and compilation run in slices of a
 * few milliseconds with the event loop running between them, then the new matcher replaces the
 * old one in one assignment, so a concurrent `match` sees the old set or the new one, never a mix.
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
import { type Pacing, runSteps, runStepsPaced, type Steps } from './trie-builder.js';

/** Paced merges redone because the set changed meanwhile, before the last one is done at once. */
const MAX_PACED_ATTEMPTS = 3;

/** Inputs validated between two yields of a paced change (about 4 µs each). */
const NORMALIZE_STEP = 1024;

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
  /** Paced changes run one after the other. */
  #paced: Promise<unknown> = Promise.resolve();
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

  /**
   * {@link replaceSource} for large sources: validates the inputs, merges them with the other
   * sources' indicators and compiles the matcher in slices (see {@link Pacing}), then swaps the
   * new matcher in at once. A bad input rejects the promise and changes nothing. Paced changes
   * queue behind each other; when another change lands meanwhile, the merge and compilation start
   * again from the new set, at most {@link MAX_PACED_ATTEMPTS} times paced and then at once, so
   * no change is lost.
   *
   * `inputs` is read once, during the first slices.
   */
  replaceSourcePaced(source: string, inputs: Iterable<IndicatorInput>, pacing: Pacing = {}): Promise<IndicatorChange> {
    const run = this.#paced.then(() => this.#replaceSourcePaced(source, inputs, pacing));
    this.#paced = run.catch(() => undefined);
    return run;
  }

  async #replaceSourcePaced(source: string, inputs: Iterable<IndicatorInput>, pacing: Pacing): Promise<IndicatorChange> {
    const incoming = await runStepsPaced(normalizeSteps(inputs, source, this.#byKey), pacing);
    for (let attempt = 1; ; attempt++) {
      const base = this.#matcher;
      const paced = attempt <= MAX_PACED_ATTEMPTS;
      const steps = mergeSourceSteps(base.indicators, this.#byKey, source, incoming);
      const merged = paced ? await runStepsPaced(steps, pacing) : runSteps(steps);
      const matcher = paced ? await IndicatorMatcher.build(merged.list, base.version + 1, pacing) : new IndicatorMatcher(merged.list, base.version + 1);
      // Another change landed while this one was being built: merge again from the new set.
      if (this.#matcher !== base) continue;
      return this.#install(merged.next, matcher, merged.added, incoming.size - merged.added, merged.removed);
    }
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
    return this.#install(next, new IndicatorMatcher([...next.values()], this.#matcher.version + 1), added, updated, removed);
  }

  /** Makes a compiled matcher and its map the current set; maps are never changed once installed. */
  #install(next: Map<string, Indicator>, matcher: IndicatorMatcher, added: number, updated: number, removed: number): IndicatorChange {
    this.#byKey = next;
    this.#matcher = matcher;
    for (const l of this.#listeners) l(matcher);
    return { added, updated, removed, version: matcher.version };
  }
}

/**
 * {@link normalizeAll} of one source's inputs, as {@link Steps}. An indicator equal to one in
 * `current` is that object: a reload that changes little keeps the old objects, so the new set adds
 * little to the old generation of the heap (and the collector's pauses stay short).
 */
function* normalizeSteps(inputs: Iterable<IndicatorInput>, source: string, current: ReadonlyMap<string, Indicator>): Steps<Map<string, Indicator>> {
  const out = new Map<string, Indicator>();
  let n = 0;
  for (const input of inputs) {
    const ind = normalizeIndicator(input, source);
    const old = current.get(ind.key);
    // The last input of a key wins (its place in the map's order does not matter).
    out.set(ind.key, old !== undefined && old.source === source && old.label === ind.label && old.kind === ind.kind && old.release?.digest === ind.release?.digest ? old : ind);
    if (++n % NORMALIZE_STEP === 0) yield;
  }
  return out;
}

/** The set after replacing `source` with `incoming`: its map, its indicators in map order, counts. */
interface MergedSource {
  readonly next: Map<string, Indicator>;
  readonly list: Indicator[];
  readonly added: number;
  readonly removed: number;
}

/**
 * What {@link IndicatorSet.replaceSource} computes, as {@link Steps}. `current` is the installed
 * matcher's list, which holds exactly the values of `currentByKey`: an array walks faster than a map.
 */
function* mergeSourceSteps(current: readonly Indicator[], currentByKey: ReadonlyMap<string, Indicator>, source: string, incoming: ReadonlyMap<string, Indicator>): Steps<MergedSource> {
  const next = new Map<string, Indicator>();
  const list: Indicator[] = [];
  let removed = 0;
  let added = 0;
  for (let i = 0; i < current.length; i++) {
    const ind = current[i]!;
    if (!incoming.has(ind.key)) {
      if (ind.source === source) removed++;
      else {
        next.set(ind.key, ind);
        list.push(ind);
      }
    }
    if (i % NORMALIZE_STEP === NORMALIZE_STEP - 1) yield;
  }
  let n = 0;
  for (const ind of incoming.values()) {
    if (!currentByKey.has(ind.key)) added++;
    next.set(ind.key, ind);
    list.push(ind);
    if (++n % NORMALIZE_STEP === 0) yield;
  }
  return { next, list, added, removed };
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
