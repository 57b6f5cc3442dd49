/**
 * The RFC 9162 §2.1.1 Merkle tree hash: SHA-256 with one-byte domain separation between leaves
 * (`0x00`) and interior nodes (`0x01`), so a leaf can never be passed off as a node.
 *
 * SHA-256 itself is a dependency: pure code never imports `node:crypto`; the edge supplies it
 * (see `../node-crypto.ts`).
 */
import type { Sha256 } from '../../../core/sha256.js';

/** Size of every hash in the tree, in bytes. */
export const HASH_SIZE = 32;

/** Computes leaf, node and empty-tree hashes of an RFC 9162 Merkle tree. */
export interface MerkleHasher {
  /** `MTH({})`: the hash of an empty tree, SHA-256 of the empty string. */
  readonly emptyRoot: Uint8Array;
  /** `SHA-256(0x00 || data)`. */
  leaf(data: Uint8Array): Uint8Array;
  /** `SHA-256(0x00 || UTF-8(text))`, without an intermediate copy of the text's bytes. */
  leafOfText(text: string): Uint8Array;
  /** `SHA-256(0x01 || left || right)`; both inputs must be {@link HASH_SIZE} bytes. */
  node(left: Uint8Array, right: Uint8Array): Uint8Array;
}

/** Builds the RFC 9162 hasher over a SHA-256 implementation. */
export function createMerkleHasher(sha256: Sha256): MerkleHasher {
  // One scratch buffer for interior nodes: appends and proofs hash millions of 65-byte inputs.
  const scratch = new Uint8Array(1 + 2 * HASH_SIZE);
  scratch[0] = 0x01;
  // Leaves reuse one growing buffer whose first byte is the 0x00 prefix.
  let leafBuf = new Uint8Array(1024);
  const encoder = new TextEncoder();
  const leafRoom = (n: number): Uint8Array => {
    if (leafBuf.length < 1 + n) leafBuf = new Uint8Array(2 * (1 + n));
    return leafBuf;
  };
  return {
    emptyRoot: sha256(new Uint8Array(0)),
    leaf(data) {
      const buf = leafRoom(data.length);
      buf.set(data, 1);
      return sha256(buf.subarray(0, 1 + data.length));
    },
    leafOfText(text) {
      // UTF-8 needs at most three bytes per UTF-16 code unit.
      const buf = leafRoom(3 * text.length);
      const { written } = encoder.encodeInto(text, buf.subarray(1));
      return sha256(buf.subarray(0, 1 + written));
    },
    node(left, right) {
      scratch.set(left, 1);
      scratch.set(right, 1 + HASH_SIZE);
      return sha256(scratch);
    },
  };
}

/** True when `a` and `b` hold the same bytes. */
export function equalHashes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
