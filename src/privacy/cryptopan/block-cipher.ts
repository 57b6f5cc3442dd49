/**
 * The block cipher Crypto-PAn runs on, as a dependency: the pure algorithm never imports
 * `node:crypto`. Production uses AES-128 from OpenSSL (`aes-node.ts`); tests may count or record
 * the blocks.
 */

/** Encrypts independent 16-byte blocks with one key (ECB: no chaining between blocks). */
export interface BlockCipher {
  /** Encrypts every 16-byte block of `input` (whose length is a multiple of 16); returns the ciphertext. */
  encryptBlocks(input: Uint8Array): Uint8Array;
}

/** Makes a cipher for a 16-byte key. */
export type BlockCipherFactory = (key: Uint8Array) => BlockCipher;

/** The cipher's block size in bytes. */
export const BLOCK = 16;
