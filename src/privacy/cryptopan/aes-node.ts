/**
 * AES-128 through OpenSSL, the edge that feeds Crypto-PAn. One ECB cipher object is reused for
 * every call; with padding off each `update` returns exactly the blocks it was given, so thousands
 * of blocks go through one native call.
 */
import { createCipheriv } from 'node:crypto';
import type { BlockCipherFactory } from './block-cipher.js';

/** AES-128-ECB block cipher factory. */
export const nodeAes128: BlockCipherFactory = (key) => {
  const cipher = createCipheriv('aes-128-ecb', key, null);
  cipher.setAutoPadding(false);
  return { encryptBlocks: (input) => cipher.update(input) };
};
