/**
 * The compiled indicator matcher: matches both ends of every flow record against the indicator
 * set at line rate. Per family (IPv4 as held IPv4-mapped, and IPv6) a longest-prefix trie over
 * typed arrays (see `trie-builder.ts`): an address whose top 16 bits start no indicator costs two
 * array reads, which is what almost every address a collector sees costs; with large sets a
 * bitmap of /24 blocks turns away most of the rest before the trie is walked.
 *
 * A prefix found by the trie is a *group*: the indicators that share the prefix and differ in
 * port or protocol, most specific first. When no indicator of the group accepts the record's port
 * and protocol, the next less specific group containing it is tried — `203.0.113.0/24` still
 * matches port 80 of `203.0.113.9` when `203.0.113.9,443,tcp` is also listed.
 *
 * Immutable once built; {@link IndicatorSet} builds a new one on every change — at once with the
 * constructor, or in slices that hand the event loop back with {@link IndicatorMatcher.build}.
 * Pure: no I/O.
 */
import type { FlowBatch } from '../flow/flow-batch.js';
import type { Indicator } from './indicator.js';
import { buildFamilyTrieSteps, type FamilyTrie, type Pacing, runSteps, runStepsPaced, STEP, type Steps } from './trie-builder.js';

/** Which end of a flow record matched an indicator. */
export const MatchSide = {
  /** The destination is the indicator: the other end contacts it (outbound to C2). */
  Destination: 0,
  /** The source is the indicator: it contacts the other end (inbound from C2). */
  Source: 1,
} as const;
/** A {@link MatchSide} value. */
export type MatchSide = (typeof MatchSide)[keyof typeof MatchSide];

/** Matches found in one batch: record index, side and indicator index, in record order. */
export class MatchBuffer {
  records = new Int32Array(0);
  sides = new Uint8Array(0);
  indicators = new Int32Array(0);
  length = 0;

  /** Makes room for `n` matches (a batch yields at most two per record). */
  reserve(n: number): void {
    if (this.records.length >= n) return;
    this.records = new Int32Array(n);
    this.sides = new Uint8Array(n);
    this.indicators = new Int32Array(n);
  }
}

/** An immutable, compiled indicator set. */
export class IndicatorMatcher {
  /** Version of the {@link IndicatorSet} this was compiled from. */
  readonly version: number;
  /** The indicators; match results are indexes into this list. */
  readonly indicators: readonly Indicator[];
  readonly #v4: FamilyTrie;
  readonly #v6: FamilyTrie;
  /** Per group: first and end entry, and the next less specific group containing it (-1). */
  readonly #gFirst: Int32Array;
  readonly #gEnd: Int32Array;
  readonly #gParent: Int32Array;
  /** Per entry (group members, most specific first): port or -1, protocol or -1, indicator index. */
  readonly #ePort: Int32Array;
  readonly #eProto: Int32Array;
  readonly #eIndicator: Int32Array;

  /**
   * Compiles `indicators` at once (about a second per million; use {@link IndicatorMatcher.build}
   * where the event loop must keep running).
   */
  constructor(indicators: readonly Indicator[], version = 0, compiled: CompiledIndicators = runSteps(compileSteps(indicators))) {
    this.version = version;
    this.indicators = indicators;
    this.#gFirst = compiled.gFirst;
    this.#gEnd = compiled.gEnd;
    this.#gParent = compiled.gParent;
    this.#eIndicator = compiled.eIndicator;
    this.#ePort = compiled.ePort;
    this.#eProto = compiled.eProto;
    this.#v4 = compiled.v4;
    this.#v6 = compiled.v6;
  }

  /**
   * Compiles `indicators` in slices of a few milliseconds, pausing between them (see
   * {@link Pacing}); the result is the same as the constructor's. The caller must not change
   * `indicators` until it resolves.
   */
  static async build(indicators: readonly Indicator[], version: number, pacing: Pacing = {}): Promise<IndicatorMatcher> {
    return new IndicatorMatcher(indicators, version, await runStepsPaced(compileSteps(indicators), pacing));
  }

  /** Number of indicators. */
  get size(): number {
    return this.indicators.length;
  }

  /** Trie nodes below the first level, IPv4 and IPv6 (for the benchmark's memory figure). */
  get nodes(): { readonly v4: number; readonly v6: number } {
    return { v4: this.#v4.nodes, v6: this.#v6.nodes };
  }

  /**
   * The most specific indicator matching an address (four words) with the given port and
   * protocol on its side of the flow, as an index into {@link indicators}; -1 when none. A port
   * or protocol of -1 stands for any.
   */
  match(w0: number, w1: number, w2: number, w3: number, port: number, protocol: number): number {
    const g = w0 === 0 && w1 === 0 && w2 === 0xffff ? this.#group4(w3) : this.#group6(w0, w1, w2, w3);
    return g < 0 ? -1 : this.#select(g, port, protocol);
  }

  /**
   * Matches both ends of every record of the batch; fills `out` (cleared first) and returns the
   * number of matches. Allocates nothing once `out` has grown to twice the batch capacity.
   */
  scan(batch: FlowBatch, out: MatchBuffer): number {
    out.reserve(batch.capacity * 2);
    const n = batch.length;
    const src = batch.srcAddr;
    const dst = batch.dstAddr;
    const v4g = this.#v4.rootGroup;
    const v4n = this.#v4.rootNode;
    const v4f = this.#v4.filter;
    const v6g = this.#v6.rootGroup;
    const v6n = this.#v6.rootNode;
    const v6f = this.#v6.filter;
    let m = 0;
    for (let i = 0; i < n; i++) {
      const o = i * 4;
      for (let side = 0; side < 2; side++) {
        const a = side === 0 ? dst : src;
        const w0 = a[o]!;
        const w1 = a[o + 1]!;
        const w2 = a[o + 2]!;
        const w3 = a[o + 3]!;
        let g: number;
        if (w0 === 0 && w1 === 0 && w2 === 0xffff) {
          const b = w3 >>> 16;
          // The common case: nothing starts in this /16 of the IPv4 space.
          if (v4g[b]! < 0 && v4n[b]! < 0) continue;
          const t = w3 >>> 8;
          if ((v4f[t >>> 5]! & (1 << (t & 31))) === 0) continue;
          g = this.#group4(w3);
        } else {
          const b = w0 >>> 16;
          if (v6g[b]! < 0 && v6n[b]! < 0) continue;
          const t = w0 >>> 8;
          if ((v6f[t >>> 5]! & (1 << (t & 31))) === 0) continue;
          g = this.#group6(w0, w1, w2, w3);
        }
        if (g < 0) continue;
        const e = this.#select(g, side === 0 ? batch.dstPort[i]! : batch.srcPort[i]!, batch.protocol[i]!);
        if (e < 0) continue;
        out.records[m] = i;
        out.sides[m] = side;
        out.indicators[m] = e;
        m++;
      }
    }
    out.length = m;
    return m;
  }

  /** Deepest group containing an IPv4 address (as a 32-bit number), or -1. */
  #group4(a: number): number {
    const t = this.#v4;
    const b = a >>> 16;
    let g = t.rootGroup[b]!;
    let n = t.rootNode[b]!;
    const key = t.key;
    const mask = t.mask;
    while (n >= 0) {
      if (((a ^ key[n]!) & mask[n]!) !== 0) break;
      const ng = t.group[n]!;
      if (ng >= 0) g = ng;
      const l = t.len[n]!;
      if (l >= 32) break;
      n = t.child[2 * n + ((a >>> (31 - l)) & 1)]!;
    }
    return g;
  }

  /** Deepest group containing an IPv6 address, or -1. */
  #group6(w0: number, w1: number, w2: number, w3: number): number {
    const t = this.#v6;
    let g = t.rootGroup[w0 >>> 16]!;
    let n = t.rootNode[w0 >>> 16]!;
    const key = t.key;
    const mask = t.mask;
    while (n >= 0) {
      const o = n * 4;
      if ((((w0 ^ key[o]!) & mask[o]!) | ((w1 ^ key[o + 1]!) & mask[o + 1]!) | ((w2 ^ key[o + 2]!) & mask[o + 2]!) | ((w3 ^ key[o + 3]!) & mask[o + 3]!)) !== 0) break;
      const ng = t.group[n]!;
      if (ng >= 0) g = ng;
      const l = t.len[n]!;
      if (l >= 128) break;
      const w = l < 32 ? w0 : l < 64 ? w1 : l < 96 ? w2 : w3;
      n = t.child[2 * n + ((w >>> (31 - (l & 31))) & 1)]!;
    }
    return g;
  }

  /** First entry of the group (or of a less specific one) accepting the port and protocol. */
  #select(group: number, port: number, protocol: number): number {
    for (let g = group; g >= 0; g = this.#gParent[g]!) {
      for (let e = this.#gFirst[g]!, end = this.#gEnd[g]!; e < end; e++) {
        const p = this.#ePort[e]!;
        const q = this.#eProto[e]!;
        // A negative query port or protocol (tools asking "any port?") accepts every entry.
        if ((p < 0 || port < 0 || p === port) && (q < 0 || protocol < 0 || q === protocol)) return this.#eIndicator[e]!;
      }
    }
    return -1;
  }
}

/** Rank of an indicator within its group: port and protocol first, then port, protocol, neither. */
function specificity(ind: Indicator): number {
  return (ind.port === null ? 2 : 0) + (ind.protocol === null ? 1 : 0);
}

/** The typed arrays of a compiled matcher. */
export interface CompiledIndicators {
  readonly gFirst: Int32Array;
  readonly gEnd: Int32Array;
  readonly gParent: Int32Array;
  readonly eIndicator: Int32Array;
  readonly ePort: Int32Array;
  readonly eProto: Int32Array;
  readonly v4: FamilyTrie;
  readonly v6: FamilyTrie;
}

/** Compiles indicators into the matcher's arrays, as {@link Steps}. */
function* compileSteps(indicators: readonly Indicator[]): Steps<CompiledIndicators> {
  const g = yield* groupByPrefix(indicators);
  // Entries are the indicators in sorted order: each group's members are one run of it.
  const n = indicators.length;
  const ePort = new Int32Array(n);
  const eProto = new Int32Array(n);
  for (let e = 0; e < n; e++) {
    const ind = indicators[g.order[e]!]!;
    ePort[e] = ind.port ?? -1;
    eProto[e] = ind.protocol ?? -1;
    if ((e & (STEP - 1)) === STEP - 1) yield;
  }
  const v4: number[] = [];
  const v6: number[] = [];
  for (let gi = 0; gi < g.first.length; gi++) {
    (g.words[gi * 4 + 2] === 0xffff && g.words[gi * 4] === 0 && g.words[gi * 4 + 1] === 0 && g.lengths[gi]! >= 96 ? v4 : v6).push(gi);
    if ((gi & (STEP - 1)) === STEP - 1) yield;
  }
  const t4 = yield* buildFamilyTrieSteps({ words: g.words, lengths: g.lengths, members: Int32Array.from(v4) }, 1);
  const t6 = yield* buildFamilyTrieSteps({ words: g.words, lengths: g.lengths, members: Int32Array.from(v6) }, 4);
  return { gFirst: g.first, gEnd: g.end, gParent: g.parent, eIndicator: g.order, ePort, eProto, v4: t4, v6: t6 };
}

/** Indicators grouped by prefix, as typed arrays. */
interface Groups {
  /** Indicator indexes sorted by prefix, then specificity: entry `e` is `order[e]`. */
  readonly order: Int32Array;
  /** Per group: first and end entry, parent group, prefix words (4) and length. */
  readonly first: Int32Array;
  readonly end: Int32Array;
  readonly parent: Int32Array;
  readonly words: Uint32Array;
  readonly lengths: Uint8Array;
}

/**
 * Groups indicators by prefix and finds each group's parent: the most specific other group
 * containing it. Sorting by (address, length, specificity) puts equal prefixes next to each other
 * and every prefix after those containing it; prefixes nest or are disjoint, so a stack of open
 * prefixes then yields the parents. Typed arrays throughout keep a million indicators to a second.
 */
function* groupByPrefix(indicators: readonly Indicator[]): Steps<Groups> {
  const n = indicators.length;
  const w = new Uint32Array(n * 4);
  // Length and specificity in one sort key: length * 4 + specificity.
  const tail = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const ind = indicators[i]!;
    const pw = ind.prefix.words;
    w[i * 4] = pw[0];
    w[i * 4 + 1] = pw[1];
    w[i * 4 + 2] = pw[2];
    w[i * 4 + 3] = pw[3];
    tail[i] = ind.prefix.length * 4 + specificity(ind);
    if ((i & (STEP - 1)) === STEP - 1) yield;
  }
  const order = yield* sortByPrefix(w, tail);
  const first: number[] = [];
  const parent: number[] = [];
  const words = new Uint32Array(n * 4);
  const lengths = new Uint8Array(n);
  const stack: number[] = [];
  for (let e = 0; e < n; e++) {
    if ((e & (STEP - 1)) === STEP - 1) yield;
    const i = order[e]!;
    const g = first.length - 1;
    const l = tail[i]! >>> 2;
    if (g >= 0 && lengths[g] === l && words[g * 4] === w[i * 4] && words[g * 4 + 1] === w[i * 4 + 1] && words[g * 4 + 2] === w[i * 4 + 2] && words[g * 4 + 3] === w[i * 4 + 3]) continue;
    const ng = g + 1;
    words.set(w.subarray(i * 4, i * 4 + 4), ng * 4);
    lengths[ng] = l;
    while (stack.length > 0 && !contains(words, lengths, stack[stack.length - 1]!, ng)) stack.pop();
    parent.push(stack.length > 0 ? stack[stack.length - 1]! : -1);
    stack.push(ng);
    first.push(e);
  }
  const groups = first.length;
  const end = new Int32Array(groups);
  for (let g = 0; g < groups; g++) end[g] = g + 1 < groups ? first[g + 1]! : n;
  return { order, first: Int32Array.from(first), end, parent: Int32Array.from(parent), words: words.slice(0, groups * 4), lengths: lengths.slice(0, groups) };
}

/**
 * Indexes `0…n-1` sorted by their four words (unsigned, most significant first), then `tail`:
 * a stable least-significant-digit radix sort on 16-bit digits. Linear and easy to pause, unlike a
 * comparison sort; a digit that is the same for every item (word 0 and 1 of an IPv4-only set)
 * costs one counting pass and no move.
 */
function* sortByPrefix(w: Uint32Array, tail: Uint16Array): Steps<Int32Array> {
  const n = tail.length;
  let order = new Int32Array(n);
  let spare = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const count = new Int32Array(65536);
  // Digit d: 0 is the tail; then the low and high halves of word 3, word 2, word 1, word 0.
  for (let d = 0; d < 9; d++) {
    const k = 3 - ((d - 1) >>> 1);
    const high = d > 0 && (d & 1) === 0;
    const digit = (i: number): number => (d === 0 ? tail[i]! : high ? w[i * 4 + k]! >>> 16 : w[i * 4 + k]! & 0xffff);
    count.fill(0);
    for (let e = 0; e < n; e++) {
      count[digit(order[e]!)]!++;
      if ((e & (STEP - 1)) === STEP - 1) yield;
    }
    if (n === 0 || count[digit(0)] === n) continue;
    let sum = 0;
    for (let v = 0; v < 65536; v++) {
      const c = count[v]!;
      count[v] = sum;
      sum += c;
    }
    for (let e = 0; e < n; e++) {
      const i = order[e]!;
      spare[count[digit(i)]!++] = i;
      if ((e & (STEP - 1)) === STEP - 1) yield;
    }
    const t = order;
    order = spare;
    spare = t;
  }
  return order;
}
/** True when group `outer`'s prefix contains group `inner`'s. */
function contains(words: Uint32Array, lengths: Uint8Array, outer: number, inner: number): boolean {
  const len = lengths[outer]!;
  if (len > lengths[inner]!) return false;
  for (let k = 0; k < 4; k++) {
    const bits = Math.max(0, Math.min(32, len - 32 * k));
    if (bits === 0) return true;
    const m = bits === 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
    if ((words[inner * 4 + k]! & m) >>> 0 !== words[outer * 4 + k]) return false;
  }
  return true;
}
