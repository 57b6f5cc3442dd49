/** The hash functions `stix/misp` needs, from `node:crypto` (one-shot `hash`, no Hash object per value). */
import { hash } from 'node:crypto';
import type { MispHashing } from '../../stix/misp/index.js';

/** MD5 (feed hashes) and SHA-1 (UUIDv5 ids) for the MISP module. */
export const NODE_MISP_HASHING: MispHashing = {
  md5: (text) => hash('md5', text, 'hex'),
  sha1: (bytes) => hash('sha1', bytes, 'buffer'),
};
