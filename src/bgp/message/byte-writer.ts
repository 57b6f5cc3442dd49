/**
 * A growable big-endian byte writer for building BGP messages.
 *
 * Pure: no I/O, no `node:` imports.
 */

/** Appends big-endian integers and byte runs to a buffer that grows by doubling. */
export class ByteWriter {
  #buf: Uint8Array;
  #view: DataView;
  #len = 0;

  constructor(initialCapacity = 256) {
    this.#buf = new Uint8Array(initialCapacity);
    this.#view = new DataView(this.#buf.buffer);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.#len;
  }

  #ensure(extra: number): void {
    const need = this.#len + extra;
    if (need <= this.#buf.length) return;
    let cap = this.#buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
    this.#view = new DataView(next.buffer);
  }

  /** Writes one octet. */
  u8(v: number): this {
    this.#ensure(1);
    this.#buf[this.#len++] = v & 0xff;
    return this;
  }

  /** Writes a 2-octet unsigned integer. */
  u16(v: number): this {
    this.#ensure(2);
    this.#view.setUint16(this.#len, v & 0xffff);
    this.#len += 2;
    return this;
  }

  /** Writes a 4-octet unsigned integer. */
  u32(v: number): this {
    this.#ensure(4);
    this.#view.setUint32(this.#len, v >>> 0);
    this.#len += 4;
    return this;
  }

  /** Writes a 4-octet IEEE 754 single-precision float. */
  f32(v: number): this {
    this.#ensure(4);
    this.#view.setFloat32(this.#len, v);
    this.#len += 4;
    return this;
  }

  /** Writes a run of bytes. */
  bytes(b: Uint8Array): this {
    this.#ensure(b.length);
    this.#buf.set(b, this.#len);
    this.#len += b.length;
    return this;
  }

  /** Overwrites a 2-octet integer at `offset` (for length fields known only afterwards). */
  patchU16(offset: number, v: number): void {
    this.#view.setUint16(offset, v & 0xffff);
  }

  /** Overwrites one octet at `offset`. */
  patchU8(offset: number, v: number): void {
    this.#buf[offset] = v & 0xff;
  }

  /** A copy of the bytes written. */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}

/** Concatenates byte arrays. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Lower-case hex of bytes, for logs, test vectors and map keys. */
export function toHex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += (x < 16 ? '0' : '') + x.toString(16);
  return s;
}

/** Parses hex (whitespace ignored) into bytes; for test vectors. */
export function fromHex(hex: string): Uint8Array {
  const h = hex.replace(/\s+/g, '');
  if (h.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(h)) throw new Error(`bad hex ${hex}`);
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(i * 2, i * 2 + 2), 16);
  return out;
}
