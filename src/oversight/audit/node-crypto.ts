/**
 * The edge that supplies hash functions to the pure audit code: SHA-256 and HMAC-SHA-256 from
 * `node:crypto` (OpenSSL), so the Merkle tree, entries and verifier never import it themselves.
 */
import { createHmac, hash } from 'node:crypto';
import type { Sha256 } from '../../core/sha256.js';
import { createMerkleHasher, type MerkleHasher } from './merkle/hasher.js';

/** SHA-256 through OpenSSL; the one-shot `hash()` costs about half of `createHash()` on small inputs. */
export const nodeSha256: Sha256 = (data) => hash('sha256', data, 'buffer');

/** HMAC-SHA-256 through OpenSSL. */
export function nodeHmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array {
  return createHmac('sha256', key).update(data).digest();
}

/** The RFC 9162 Merkle hasher over OpenSSL's SHA-256. */
export function nodeMerkleHasher(): MerkleHasher {
  return createMerkleHasher(nodeSha256);
}
