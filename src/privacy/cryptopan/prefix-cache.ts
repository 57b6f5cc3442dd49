/**
 * Cached Crypto-PAn decisions for the first 24 address bits.
 *
 * Bit `pos` of the one-time pad depends only on the first `pos` bits of the address (that is what
 * makes the scheme prefix-preserving), so the pad bits of a /16 or /24 are the same for every
 * address inside it. The first 16 bits for all 65 536 prefixes cost 65 535 AES blocks once per
 * key; bits 16–23 are filled per /16 on first sight (255 blocks), which real traffic, concentrated
 * in few prefixes, amortises quickly. What is left per address is 8 blocks for IPv4.
 */
import { BLOCK, type BlockCipher } from './block-cipher.js';

/** The cipher input for bit `pos` when only the first word matters (pos < 32). */
export function firstWordInput(word0: number, pos: number, padWord0: number): number {
  const high = pos === 0 ? 0 : word0 & ~(0xffffffff >>> pos);
  return (high | (padWord0 & (0xffffffff >>> pos))) >>> 0;
}

/** `count` copies of the 16-byte `block`, built by doubling copies rather than one copy per block. */
export function repeated(block: Uint8Array, count: number): Uint8Array {
  const buf = new Uint8Array(count * BLOCK);
  if (count === 0) return buf;
  buf.set(block.subarray(0, BLOCK));
  for (let filled = BLOCK; filled < buf.length; filled *= 2) buf.copyWithin(filled, 0, Math.min(filled, buf.length - filled));
  return buf;
}

/** Pad bits 0–23 per address prefix, for one key. */
export class PrefixCache {
  /** Pad bits 0–15 (bit 15 is position 0) per top-16-bit prefix. */
  readonly top16 = new Uint16Array(65536);
  /** Pad bits 16–23 per /16, indexed by the third octet; undefined until first needed. */
  readonly #mid: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(65536);
  readonly #cipher: BlockCipher;
  readonly #template: Uint8Array;
  readonly #padWord0: number;

  /** `template` is the 16-byte pad; blocks are the pad with their first word replaced. */
  constructor(cipher: BlockCipher, pad: Uint8Array) {
    this.#cipher = cipher;
    this.#template = pad;
    this.#padWord0 = new DataView(pad.buffer, pad.byteOffset, 16).getUint32(0);
    this.#fillTop16();
  }

  /** Encrypts blocks whose first words are `words`, returning the top bit of each output. */
  #topBits(words: Uint32Array): Uint8Array {
    const buf = repeated(this.#template, words.length);
    const view = new DataView(buf.buffer);
    for (let i = 0; i < words.length; i++) view.setUint32(i * BLOCK, words[i]!);
    const out = this.#cipher.encryptBlocks(buf);
    const bits = new Uint8Array(words.length);
    for (let i = 0; i < words.length; i++) bits[i] = out[i * BLOCK]! >>> 7;
    return bits;
  }

  /** Positions 0–15: one block per (pos, prefix of pos bits), heap-indexed at 2^pos − 1 + prefix. */
  #fillTop16(): void {
    const words = new Uint32Array(65535);
    for (let pos = 0; pos < 16; pos++) {
      for (let v = 0; v < 1 << pos; v++) words[(1 << pos) - 1 + v] = firstWordInput(pos === 0 ? 0 : (v << (32 - pos)) >>> 0, pos, this.#padWord0);
    }
    const bits = this.#topBits(words);
    for (let x = 0; x < 65536; x++) {
      let otp = 0;
      for (let pos = 0; pos < 16; pos++) otp |= bits[(1 << pos) - 1 + (x >>> (16 - pos))]! << (15 - pos);
      this.top16[x] = otp;
    }
  }

  /** Pad bits 16–23 for the /16 `prefix16`, filling it when first seen. */
  mid(prefix16: number): Uint8Array {
    return this.#mid[prefix16] ?? this.fillMid([prefix16])[0]!;
  }

  /** The /16 tables filled so far (undefined where not yet), for callers that batch fills. */
  get midTables(): readonly (Uint8Array | undefined)[] {
    return this.#mid;
  }

  /** Fills positions 16–23 for several /16s with one cipher call (255 blocks each). */
  fillMid(prefixes: readonly number[]): Uint8Array[] {
    const words = new Uint32Array(prefixes.length * 255);
    prefixes.forEach((p, n) => {
      for (let pos = 16; pos < 24; pos++) {
        const count = 1 << (pos - 16);
        for (let v = 0; v < count; v++) words[n * 255 + count - 1 + v] = firstWordInput(((p << 16) | (v << (32 - pos))) >>> 0, pos, this.#padWord0);
      }
    });
    const bits = this.#topBits(words);
    return prefixes.map((p, n) => {
      const table = new Uint8Array(256);
      for (let y = 0; y < 256; y++) {
        let otp = 0;
        for (let pos = 16; pos < 24; pos++) otp |= bits[n * 255 + (1 << (pos - 16)) - 1 + (y >>> (24 - pos))]! << (23 - pos);
        table[y] = otp;
      }
      this.#mid[p] = table;
      return table;
    });
  }
}
