/**
 * Prefix NLRI encoding (RFC 4271 §4.3, RFC 4760 §5): a length in bits followed by just enough
 * octets to hold that many bits. Prefixes use the four-word representation of `core/ip.ts`.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { V4_MAPPED_WORD, maskWords, type AddressWords, type Prefix } from '../../core/ip.js';
import type { ByteWriter } from './byte-writer.js';
import { ErrorCode, UpdateSubcode } from './constants.js';
import { fail } from './wire-error.js';

/** Octet at index `i` (0..15) of an address held as four words. */
export function wordsByte(words: Readonly<AddressWords>, i: number): number {
  return (words[i >>> 2]! >>> (24 - 8 * (i & 3))) & 0xff;
}

/** Length in bits of a prefix in its own family (`10.0.0.0/8` → 8). */
export function familyLength(p: Prefix): number {
  return p.family === 4 ? p.length - 96 : p.length;
}

/** Writes `<length><prefix octets>` for a prefix in its own family. */
export function writePrefix(w: ByteWriter, p: Prefix): void {
  const bits = familyLength(p);
  w.u8(bits);
  const first = p.family === 4 ? 12 : 0;
  const n = (bits + 7) >>> 3;
  for (let i = 0; i < n; i++) w.u8(wordsByte(p.words, first + i));
}

/** Builds a prefix of `family` from `bits` and the octets that follow it (host bits are cleared). */
export function prefixFromOctets(family: 4 | 6, bits: number, octets: Uint8Array): Prefix {
  const words: AddressWords = family === 4 ? [0, 0, V4_MAPPED_WORD, 0] : [0, 0, 0, 0];
  const first = family === 4 ? 12 : 0;
  for (let i = 0; i < octets.length; i++) {
    const k = first + i;
    words[k >>> 2] = (words[k >>> 2]! | (octets[i]! << (24 - 8 * (k & 3)))) >>> 0;
  }
  const length = family === 4 ? bits + 96 : bits;
  return { words: maskWords(words, length), length, family };
}

/**
 * Reads one prefix NLRI at `offset`. A length beyond the family's maximum or octets past `end`
 * fail with UPDATE Message Error / Invalid Network Field (RFC 4271 §6.3).
 */
export function readPrefix(body: Uint8Array, offset: number, end: number, family: 4 | 6): { prefix: Prefix; next: number } {
  const bits = body[offset]!;
  const max = family === 4 ? 32 : 128;
  if (bits > max) fail(ErrorCode.UpdateMessage, UpdateSubcode.InvalidNetworkField, `prefix length ${bits} exceeds ${max}`);
  const n = (bits + 7) >>> 3;
  if (offset + 1 + n > end) fail(ErrorCode.UpdateMessage, UpdateSubcode.InvalidNetworkField, 'prefix runs past its field');
  return { prefix: prefixFromOctets(family, bits, body.subarray(offset + 1, offset + 1 + n)), next: offset + 1 + n };
}
