/**
 * Test support: a growable big-endian byte writer for building datagrams and packets in tests,
 * the fuzzer's seed corpus and benchmarks.
 */
import { parseAddress } from '../../core/ip.js';

/** Appends big-endian values to a growing buffer. */
export class ByteWriter {
  #buf = new Uint8Array(256);
  #len = 0;

  /** Bytes written so far. */
  get length(): number {
    return this.#len;
  }

  #room(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    const next = new Uint8Array(Math.max(this.#buf.length * 2, this.#len + n));
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
  }

  u8(v: number): this {
    this.#room(1);
    this.#buf[this.#len++] = v & 0xff;
    return this;
  }

  u16(v: number): this {
    return this.u8(v >>> 8).u8(v);
  }

  u32(v: number): this {
    return this.u16(Math.floor(v / 65536) & 0xffff).u16(v & 0xffff);
  }

  u64(v: number): this {
    return this.u32(Math.floor(v / 4294967296)).u32(v % 4294967296);
  }

  /** An unsigned value in `len` bytes (1–8). */
  uint(v: number, len: number): this {
    for (let k = len - 1; k >= 0; k--) this.u8(Math.floor(v / 2 ** (8 * k)) % 256);
    return this;
  }

  bytes(b: Uint8Array | readonly number[]): this {
    this.#room(b.length);
    this.#buf.set(b, this.#len);
    this.#len += b.length;
    return this;
  }

  /** IPv4 address as 4 bytes. */
  ipv4(text: string): this {
    return this.u32(parseAddress(text)[3]);
  }

  /** IPv6 (or IPv4-mapped) address as 16 bytes. */
  ipv6(text: string): this {
    for (const w of parseAddress(text)) this.u32(w);
    return this;
  }

  /** Zero bytes up to a multiple of 4. */
  pad4(): this {
    while (this.#len % 4 !== 0) this.u8(0);
    return this;
  }

  /** Overwrites a 16-bit value at `at`. */
  patch16(at: number, v: number): this {
    this.#buf[at] = (v >>> 8) & 0xff;
    this.#buf[at + 1] = v & 0xff;
    return this;
  }

  /** Overwrites a 32-bit value at `at`. */
  patch32(at: number, v: number): this {
    this.patch16(at, Math.floor(v / 65536) & 0xffff);
    return this.patch16(at + 2, v & 0xffff);
  }

  /** A copy of the bytes written. */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}
