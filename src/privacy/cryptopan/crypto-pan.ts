/**
 * Crypto-PAn: prefix-preserving pseudonymisation of IP addresses (Xu, Fan, Ammar, Moon, "Prefix-
 * Preserving IP Address Anonymization", ICNP 2002), bit-compatible with the original reference
 * implementation. Two addresses sharing a k-bit prefix get pseudonyms sharing a k-bit prefix, so
 * shared data keeps its network structure (a carpet-bombed /24 stays one /24) without revealing it.
 *
 * Key: 32 bytes; the first 16 are the AES-128 key, the last 16 are encrypted once to make the pad.
 * Bit `pos` of the one-time pad is the top bit of AES(first `pos` address bits ‖ the remaining bits
 * of the pad); the pseudonym is address XOR pad. IPv6 is the same construction over 128 bits.
 *
 * Speed: one AES block per address bit; bits 0–23 come from {@link PrefixCache}, the rest of a
 * batch goes through the cipher in one call.
 */
import { BLOCK, type BlockCipherFactory, type BlockCipher } from './block-cipher.js';
import { ERR_CRYPTOPAN_KEY } from './errors.js';
import { PrefixCache, repeated } from './prefix-cache.js';

/** Addresses processed per cipher call. */
const CHUNK_V4 = 4096;
const CHUNK_V6 = 256;
/** AES blocks per IPv6 address after the cached 24 bits. */
const V6_BLOCKS = 104;

/** A Crypto-PAn instance for one key. */
export class CryptoPan {
  readonly #cipher: BlockCipher;
  readonly #pad: Uint32Array;
  readonly #cache: PrefixCache;
  readonly #v4Buf: Uint8Array;
  readonly #v4View: DataView;
  readonly #v6Buf = new Uint8Array(CHUNK_V6 * V6_BLOCKS * BLOCK);
  readonly #v6View = new DataView(this.#v6Buf.buffer);
  readonly #one = new Uint32Array(4);
  readonly #oneOut = new Uint32Array(4);
  readonly #otp = new Uint32Array(4);
  readonly #marks = new Uint32Array(65536);
  #stamp = 0;

  /** `key` must be 32 bytes; `newCipher` makes the AES-128 cipher. */
  constructor(key: Uint8Array, newCipher: BlockCipherFactory) {
    if (key.length !== 32) throw new ERR_CRYPTOPAN_KEY(`it must be 32 bytes, got ${key.length}`);
    this.#cipher = newCipher(key.slice(0, 16));
    const pad = Uint8Array.from(this.#cipher.encryptBlocks(key.slice(16, 32)).subarray(0, 16));
    const padView = new DataView(pad.buffer, pad.byteOffset, 16);
    this.#pad = Uint32Array.from([0, 1, 2, 3], (i) => padView.getUint32(i * 4));
    this.#cache = new PrefixCache(this.#cipher, pad);
    // IPv4 blocks differ from the pad only in their first word: write the pad once, here.
    this.#v4Buf = repeated(pad, CHUNK_V4 * 8);
    this.#v4View = new DataView(this.#v4Buf.buffer);
  }

  /** Pseudonymises one IPv4 address given as an unsigned 32-bit number. */
  anonymizeV4(addr: number): number {
    this.#one[0] = addr;
    this.anonymizeV4Batch(this.#one, this.#oneOut, 1);
    return this.#oneOut[0]!;
  }

  /** Pseudonymises `count` IPv4 addresses from `input` into `output` (may be the same array). */
  anonymizeV4Batch(input: Uint32Array, output: Uint32Array, count = input.length): void {
    for (let start = 0; start < count; start += CHUNK_V4) this.#v4Chunk(input, output, start, Math.min(count, start + CHUNK_V4));
  }

  /** Fills, in few cipher calls, the /16 tables a chunk needs that are not cached yet. */
  #ensureMid(input: Uint32Array, from: number, to: number, stride: number): void {
    const tables = this.#cache.midTables;
    const stamp = ++this.#stamp;
    const missing: number[] = [];
    for (let i = from; i < to; i++) {
      const p = input[i * stride]! >>> 16;
      if (tables[p] === undefined && this.#marks[p] !== stamp) {
        this.#marks[p] = stamp;
        missing.push(p);
      }
    }
    for (let i = 0; i < missing.length; i += 256) this.#cache.fillMid(missing.slice(i, i + 256));
  }

  #v4Chunk(input: Uint32Array, output: Uint32Array, from: number, to: number): void {
    this.#ensureMid(input, from, to, 1);
    const pad0 = this.#pad[0]!;
    const view = this.#v4View;
    for (let i = from; i < to; i++) {
      const a = input[i]!;
      const base = (i - from) * 8 * BLOCK;
      // Bits 24–31: the first 24 + k address bits, then the pad's remaining bits.
      for (let k = 0; k < 8; k++) {
        const keep = 0xffffffff >>> (24 + k);
        view.setUint32(base + k * BLOCK, ((a & ~keep) | (pad0 & keep)) >>> 0);
      }
    }
    const out = this.#cipher.encryptBlocks(this.#v4Buf.subarray(0, (to - from) * 8 * BLOCK));
    const top16 = this.#cache.top16;
    const mids = this.#cache.midTables;
    for (let i = from; i < to; i++) {
      const a = input[i]!;
      const base = (i - from) * 8 * BLOCK;
      let low = 0;
      for (let k = 0; k < 8; k++) low |= (out[base + k * BLOCK]! >>> 7) << (7 - k);
      const otp = (top16[a >>> 16]! << 16) | (mids[a >>> 16]![(a >>> 8) & 255]! << 8) | low;
      output[i] = (a ^ otp) >>> 0;
    }
  }

  /** Pseudonymises one IPv6 address given as four big-endian 32-bit words. */
  anonymizeV6(words: ArrayLike<number>): [number, number, number, number] {
    for (let w = 0; w < 4; w++) this.#one[w] = words[w]!;
    this.anonymizeV6Batch(this.#one, this.#oneOut, 1);
    return [this.#oneOut[0]!, this.#oneOut[1]!, this.#oneOut[2]!, this.#oneOut[3]!];
  }

  /** Pseudonymises `count` IPv6 addresses (four words each) from `input` into `output`. */
  anonymizeV6Batch(input: Uint32Array, output: Uint32Array, count = input.length / 4): void {
    for (let start = 0; start < count; start += CHUNK_V6) this.#v6Chunk(input, output, start, Math.min(count, start + CHUNK_V6));
  }

  #v6Chunk(input: Uint32Array, output: Uint32Array, from: number, to: number): void {
    this.#ensureMid(input, from, to, 4);
    const view = this.#v6View;
    const pad = this.#pad;
    for (let i = from; i < to; i++) {
      let at = (i - from) * V6_BLOCKS * BLOCK;
      // Block for bit `pos`: words before `pos / 32` from the address, word `pos / 32` split
      // between address and pad, words after it from the pad.
      for (let w = 0; w < 4; w++) {
        const a = input[i * 4 + w]!;
        for (let n = w === 0 ? 24 : 0; n < 32; n++, at += BLOCK) {
          for (let f = 0; f < w; f++) view.setUint32(at + f * 4, input[i * 4 + f]!);
          const high = n === 0 ? 0 : a & ~(0xffffffff >>> n);
          view.setUint32(at + w * 4, (high | (pad[w]! & (0xffffffff >>> n))) >>> 0);
          for (let f = w + 1; f < 4; f++) view.setUint32(at + f * 4, pad[f]!);
        }
      }
    }
    const out = this.#cipher.encryptBlocks(this.#v6Buf.subarray(0, (to - from) * V6_BLOCKS * BLOCK));
    for (let i = from; i < to; i++) {
      const base = (i - from) * V6_BLOCKS * BLOCK;
      const w0 = input[i * 4]!;
      const otp = this.#otp;
      otp[0] = (this.#cache.top16[w0 >>> 16]! << 16) | (this.#cache.mid(w0 >>> 16)[(w0 >>> 8) & 255]! << 8);
      otp[1] = otp[2] = otp[3] = 0;
      for (let pos = 24; pos < 128; pos++) otp[pos >>> 5] = otp[pos >>> 5]! | ((out[base + (pos - 24) * BLOCK]! >>> 7) << (31 - (pos & 31)));
      for (let w = 0; w < 4; w++) output[i * 4 + w] = (input[i * 4 + w]! ^ otp[w]!) >>> 0;
    }
  }
}
