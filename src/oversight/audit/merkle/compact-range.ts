/**
 * The right edge of a growing Merkle tree: one perfect-subtree hash per set bit of the tree size
 * (a "compact range" in transparency-dev terms). Appending a leaf merges equal-sized neighbours like
 * a binary counter carries, which yields exactly the perfect nodes that became complete — the ones
 * a log must store. The root of the current tree is the right-to-left fold of the edge.
 */
import { popCount } from './bits.js';
import type { MerkleHasher } from './hasher.js';
import { rangeNodes } from './proof-plan.js';

/** Receives every perfect node completed by an append, lowest level first. */
export type NodeSink = (level: number, index: number, hash: Uint8Array) => void;

/** The right edge of a Merkle tree, updated leaf by leaf. */
export class CompactRange {
  readonly #hasher: MerkleHasher;
  #size: number;
  /** Hashes of the edge's perfect subtrees, largest (leftmost) first. */
  readonly #hashes: Uint8Array[];
  readonly #levels: number[];

  /**
   * Starts from a tree of `size` leaves whose edge hashes (the nodes of `rangeNodes(0, size)`, left
   * to right) are given; an empty tree by default.
   */
  constructor(hasher: MerkleHasher, size = 0, edge: readonly Uint8Array[] = []) {
    const nodes = rangeNodes(0, size);
    if (nodes.length !== edge.length || popCount(size) !== edge.length) throw new RangeError(`a tree of size ${size} has ${nodes.length} edge hashes, got ${edge.length}`);
    this.#hasher = hasher;
    this.#size = size;
    this.#hashes = [...edge];
    this.#levels = nodes.map((n) => n.level);
  }

  /** Number of leaves appended so far. */
  get size(): number {
    return this.#size;
  }

  /** Copies of the edge hashes, largest subtree first. */
  edge(): Uint8Array[] {
    return [...this.#hashes];
  }

  /** Appends one leaf hash; reports the leaf and every node it completes to `sink`. */
  append(leafHash: Uint8Array, sink?: NodeSink): void {
    let hash = leafHash;
    let level = 0;
    let index = this.#size;
    sink?.(0, index, hash);
    while (this.#levels.length > 0 && this.#levels[this.#levels.length - 1] === level) {
      const left = this.#hashes.pop()!;
      this.#levels.pop();
      hash = this.#hasher.node(left, hash);
      level++;
      index = Math.floor(index / 2);
      sink?.(level, index, hash);
    }
    this.#hashes.push(hash);
    this.#levels.push(level);
    this.#size++;
  }

  /** The root hash of the current tree (RFC 9162 §2.1.1 `MTH`). */
  root(): Uint8Array {
    if (this.#hashes.length === 0) return this.#hasher.emptyRoot;
    let h = this.#hashes[this.#hashes.length - 1]!;
    for (let i = this.#hashes.length - 2; i >= 0; i--) h = this.#hasher.node(this.#hashes[i]!, h);
    return h;
  }
}
