/**
 * Builds the typed arrays of the indicator trie (see `indicator-matcher.ts`): a direct-indexed
 * first level on the top 16 bits of the address, whose slots carry the most specific prefix of
 * length 16 or less (expanded over the slots it covers), and under each slot a path-compressed
 * binary trie of the longer prefixes. A trie node stands for a prefix (key, mask, length), holds
 * the group of the indicator prefix ending there (or -1) and two children.
 *
 * Beside the trie, a bitmap with one bit per value of the family's top 24 bits (2 MiB) tells
 * whether any prefix could contain an address there. With large sets nearly every /16 holds an
 * indicator, and the bitmap still turns away most addresses with one read instead of a walk.
 *
 * Input is the distinct prefixes sorted by address (shorter first on a tie), as typed arrays, so
 * a million prefixes build in about a second with no object per prefix. Runs when the indicator
 * set changes, never on the flow path. Pure: no I/O.
 *
 * Builds are written as generators ({@link Steps}) that yield after about {@link STEP} units of
 * work, so one build serves two callers: {@link runSteps} runs it to its end at once (small sets,
 * tests, tools) and {@link runStepsPaced} hands the event loop back between slices of a few
 * milliseconds, so no step of a million-indicator swap holds the flow path for long (the garbage
 * collector's pauses while the new set is allocated remain; `bench/intel-patterns.ts` shows them).
 */

/** Units of work (array elements touched) between two yields of a build. */
export const STEP = 4096;

/** A build that yields whenever it has done about {@link STEP} units of work, and returns `T`. */
export type Steps<T> = Generator<void, T, void>;

/** Runs a build to its end without pausing. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done === true) return r.value;
  }
}

/** How a paced build gives the event loop back. */
export interface Pacing {
  /** Work between pauses, in milliseconds; default 8. */
  readonly sliceMs?: number;
  /** Waits until the event loop has run; default a `setImmediate` turn (timers and I/O run first). */
  readonly pause?: () => Promise<void>;
}

/** Default {@link Pacing.sliceMs}. */
export const DEFAULT_SLICE_MS = 8;

/** Resolves on the next turn of the event loop, after pending I/O callbacks and timers. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Runs a build in slices of about `sliceMs`, pausing between them. */
export async function runStepsPaced<T>(steps: Steps<T>, pacing: Pacing = {}): Promise<T> {
  const slice = pacing.sliceMs ?? DEFAULT_SLICE_MS;
  const pause = pacing.pause ?? nextTurn;
  let t0 = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done === true) return r.value;
    if (performance.now() - t0 >= slice) {
      await pause();
      t0 = performance.now();
    }
  }
}

/** Distinct prefixes in 128-bit (IPv4-mapped) form, sorted by address then length. */
export interface SortedPrefixes {
  /** Four words per prefix. */
  readonly words: Uint32Array;
  /** Length in the 128-bit space. */
  readonly lengths: Uint8Array;
  /** Prefix numbers (groups) of one family, in sorted order. */
  readonly members: Int32Array;
}

/** The arrays of one family's trie. */
export interface FamilyTrie {
  readonly rootGroup: Int32Array;
  readonly rootNode: Int32Array;
  /** One bit per value of the top 24 bits: set when some prefix covers part of that block. */
  readonly filter: Int32Array;
  /** `words` per node. */
  readonly key: Uint32Array;
  readonly mask: Uint32Array;
  readonly len: Uint8Array;
  readonly group: Int32Array;
  /** Two per node: child for bit 0, child for bit 1 (-1 for none). */
  readonly child: Int32Array;
  readonly nodes: number;
}

const ROOT = 65536;
const FILTER_BITS = 1 << 24;

/** Builds one family's trie: `words` 1 for IPv4 (keys are word 3, lengths less 96), 4 for IPv6. */
export function buildFamilyTrie(input: SortedPrefixes, words: 1 | 4): FamilyTrie {
  return runSteps(buildFamilyTrieSteps(input, words));
}

/** {@link buildFamilyTrie} as {@link Steps}. */
export function* buildFamilyTrieSteps(input: SortedPrefixes, words: 1 | 4): Steps<FamilyTrie> {
  const b = new Builder(input, words);
  const rootGroup = new Int32Array(ROOT).fill(-1);
  const rootNode = new Int32Array(ROOT).fill(-1);
  const rootLen = new Int8Array(ROOT).fill(-1);
  const filter = new Int32Array(FILTER_BITS / 32);
  const long: number[] = [];
  for (const g of input.members) {
    const len = b.len(g);
    const w = b.word(g, 0);
    const span24 = len >= 24 ? 1 : 2 ** (24 - len);
    setBits(filter, (w >>> 8) & ~(span24 - 1), span24);
    b.work += 1 + (span24 >>> 5);
    if (b.work >= STEP) {
      b.work = 0;
      yield;
    }
    if (len > 16) {
      long.push(g);
      continue;
    }
    // Expand the short prefix over every first-level slot it covers; the longest one wins.
    const span = 1 << (16 - len);
    b.work += span;
    for (let s = (w >>> 16) & ~(span - 1), end = s + span; s < end; s++) {
      if (len > rootLen[s]!) {
        rootLen[s] = len;
        rootGroup[s] = g;
      }
    }
  }
  // Sorted input: the long prefixes of one first-level slot are contiguous.
  const items = Int32Array.from(long);
  for (let lo = 0; lo < items.length; ) {
    const top = b.word(items[lo]!, 0) >>> 16;
    let hi = lo + 1;
    while (hi < items.length && b.word(items[hi]!, 0) >>> 16 === top) hi++;
    rootNode[top] = yield* b.subtrie(items, lo, hi);
    lo = hi;
  }
  return { rootGroup, rootNode, filter, ...b.finish() };
}

/** Sets `count` bits from bit `from` (an aligned power-of-two block). */
function setBits(bits: Int32Array, from: number, count: number): void {
  if (count >= 32) {
    bits.fill(-1, from >>> 5, (from + count) >>> 5);
    return;
  }
  for (let i = from; i < from + count; i++) bits[i >>> 5]! |= 1 << (i & 31);
}

class Builder {
  readonly #in: SortedPrefixes;
  readonly #words: number;
  readonly #base: number;
  readonly #lenBias: number;
  readonly key: Uint32Array;
  readonly mask: Uint32Array;
  readonly lens: Uint8Array;
  readonly group: Int32Array;
  readonly child: Int32Array;
  n = 0;
  /** Work since the last yield, shared by every loop of one build. */
  work = 0;

  constructor(input: SortedPrefixes, words: 1 | 4) {
    this.#in = input;
    this.#words = words;
    this.#base = words === 1 ? 3 : 0;
    this.#lenBias = words === 1 ? 96 : 0;
    // A path-compressed trie of n prefixes has fewer than 2n nodes.
    const max = Math.max(1, 2 * input.members.length);
    this.key = new Uint32Array(max * words);
    this.mask = new Uint32Array(max * words);
    this.lens = new Uint8Array(max);
    this.group = new Int32Array(max);
    this.child = new Int32Array(max * 2).fill(-1);
  }

  /** Word `k` of prefix `g`'s key in this family. */
  word(g: number, k: number): number {
    return this.#in.words[g * 4 + this.#base + k]!;
  }

  /** Length of prefix `g` in this family. */
  len(g: number): number {
    return this.#in.lengths[g]! - this.#lenBias;
  }

  /** Leading bits prefixes `a` and `b` have in common. */
  #common(a: number, b: number): number {
    for (let k = 0; k < this.#words; k++) {
      const x = (this.word(a, k) ^ this.word(b, k)) >>> 0;
      if (x !== 0) return 32 * k + Math.clz32(x);
    }
    return 32 * this.#words;
  }

  #bit(g: number, pos: number): number {
    return (this.word(g, pos >>> 5) >>> (31 - (pos & 31))) & 1;
  }

  /**
   * Builds the subtrie of `items[lo, hi)`: its node stands for their longest common prefix; a
   * prefix of exactly that length sorts first and is the node's own; the rest split by the next
   * bit, which sorted order puts in two runs. An explicit stack instead of recursion, so the
   * build can pause anywhere; nodes are numbered in the same pre-order a recursion would give.
   */
  *subtrie(items: Int32Array, lo: number, hi: number): Steps<number> {
    // Triples (lo, hi, slot in `child` that receives the node, or -1 for the subtrie's root).
    const stack: number[] = [lo, hi, -1];
    let root = -1;
    while (stack.length > 0) {
      const slot = stack.pop()!;
      const h = stack.pop()!;
      const l = stack.pop()!;
      const n = this.#node(items, l, h);
      if (slot < 0) root = n;
      else this.child[slot] = n;
      const from = this.group[n]! >= 0 ? l + 1 : l;
      let split = from;
      while (split < h && this.#bit(items[split]!, this.lens[n]!) === 0) split++;
      if (h > split) stack.push(split, h, 2 * n + 1);
      if (split > from) stack.push(from, split, 2 * n);
      this.work += h - l;
      if (this.work >= STEP) {
        this.work = 0;
        yield;
      }
    }
    return root;
  }

  /** Makes the node of `items[lo, hi)`: their common prefix, and its group when one ends there. */
  #node(items: Int32Array, lo: number, hi: number): number {
    const first = items[lo]!;
    let len = this.#common(first, items[hi - 1]!);
    for (let i = lo; i < hi; i++) len = Math.min(len, this.len(items[i]!));
    const n = this.n++;
    const w = this.#words;
    for (let k = 0; k < w; k++) {
      const bits = Math.max(0, Math.min(32, len - 32 * k));
      const m = bits === 0 ? 0 : bits === 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
      this.mask[n * w + k] = m;
      this.key[n * w + k] = (this.word(first, k) & m) >>> 0;
    }
    this.lens[n] = len;
    this.group[n] = this.len(first) === len ? first : -1;
    return n;
  }

  finish(): Omit<FamilyTrie, 'rootGroup' | 'rootNode' | 'filter'> {
    const n = this.n;
    const w = this.#words;
    return { key: this.key.slice(0, n * w), mask: this.mask.slice(0, n * w), len: this.lens.slice(0, n), group: this.group.slice(0, n), child: this.child.slice(0, 2 * n), nodes: n };
  }
}
