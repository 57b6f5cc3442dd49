/**
 * The SHA-256 digest as a dependency. Pure code (the audit log's Merkle tree, request digests)
 * never imports `node:crypto`; the edge supplies an implementation (`nodeSha256` in
 * `oversight/audit/node-crypto.ts`, WebCrypto in the console).
 */

/** A SHA-256 implementation: returns the 32-byte digest of `data` as a new array. */
export type Sha256 = (data: Uint8Array) => Uint8Array;
