/**
 * IP addresses as four 32-bit words (big-endian word order), the representation used everywhere
 * in Sakimori's hot paths. IPv4 addresses are held as IPv4-mapped IPv6 (`::ffff:a.b.c.d`, RFC 4291
 * §2.5.5.2) so one code path serves both families; they are printed back in dotted form.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { defineError } from './errors.js';

export const ERR_INVALID_ADDRESS = defineError<[string]>('SAKIMORI_ERR_INVALID_ADDRESS', 'invalid IP address %s', 400);
export const ERR_INVALID_PREFIX = defineError<[string, string]>('SAKIMORI_ERR_INVALID_PREFIX', 'invalid IP prefix %s: %s', 400);

/** Word 2 of an IPv4-mapped address. */
export const V4_MAPPED_WORD = 0x0000ffff;

/** An address as four unsigned 32-bit words, most significant first. */
export type AddressWords = [number, number, number, number];

/** True when the four words hold an IPv4-mapped address. */
export function isV4Mapped(w0: number, w1: number, w2: number): boolean {
  return w0 === 0 && w1 === 0 && w2 === V4_MAPPED_WORD;
}

/** Parses dotted IPv4 into a 32-bit unsigned number, or -1 when invalid. */
export function parseIPv4(text: string): number {
  const parts = text.split('.');
  if (parts.length !== 4) return -1;
  let v = 0;
  for (const p of parts) {
    if (p.length === 0 || p.length > 3 || !/^\d+$/.test(p)) return -1;
    if (p.length > 1 && p[0] === '0') return -1; // no octal-looking octets
    const n = Number(p);
    if (n > 255) return -1;
    v = v * 256 + n;
  }
  return v >>> 0;
}

/** Formats a 32-bit unsigned number as dotted IPv4. */
export function formatIPv4(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

/** Parses IPv4 or IPv6 text (no zone, no brackets) into words; returns undefined when invalid. */
export function tryParseAddress(text: string): AddressWords | undefined {
  if (text.includes(':')) return parseIPv6(text);
  const v4 = parseIPv4(text);
  return v4 < 0 ? undefined : [0, 0, V4_MAPPED_WORD, v4];
}

/** Parses IPv4 or IPv6 text into words; throws {@link ERR_INVALID_ADDRESS} when invalid. */
export function parseAddress(text: string): AddressWords {
  const w = tryParseAddress(text);
  if (w === undefined) throw new ERR_INVALID_ADDRESS(JSON.stringify(text));
  return w;
}

function parseIPv6(text: string): AddressWords | undefined {
  if (text.length > 45 || text.length < 2) return undefined;
  let body = text;
  // An embedded dotted IPv4 tail (RFC 4291 §2.2 form 3) becomes two hextets.
  const lastColon = body.lastIndexOf(':');
  if (body.indexOf('.', lastColon) >= 0) {
    const v4 = parseIPv4(body.slice(lastColon + 1));
    if (v4 < 0) return undefined;
    body = `${body.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const dbl = body.indexOf('::');
  if (dbl >= 0 && dbl !== body.lastIndexOf('::')) return undefined;
  const groups = (s: string): number[] | undefined => {
    if (s.length === 0) return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  let h: number[];
  if (dbl >= 0) {
    const l = groups(body.slice(0, dbl));
    const r = groups(body.slice(dbl + 2));
    if (l === undefined || r === undefined || l.length + r.length > 7) return undefined;
    h = [...l, ...new Array<number>(8 - l.length - r.length).fill(0), ...r];
  } else {
    const g = groups(body);
    if (g === undefined || g.length !== 8) return undefined;
    h = g;
  }
  return [((h[0]! << 16) | h[1]!) >>> 0, ((h[2]! << 16) | h[3]!) >>> 0, ((h[4]! << 16) | h[5]!) >>> 0, ((h[6]! << 16) | h[7]!) >>> 0];
}

/**
 * Formats four words as text: dotted IPv4 for IPv4-mapped addresses, otherwise RFC 5952
 * canonical IPv6 (lower case, longest run of two or more zero hextets compressed, first on ties).
 */
export function formatAddress(w0: number, w1: number, w2: number, w3: number): string {
  if (isV4Mapped(w0, w1, w2)) return formatIPv4(w3);
  return formatIPv6Words(w0, w1, w2, w3);
}

/** Formats four words as RFC 5952 IPv6 even when they are IPv4-mapped. */
export function formatIPv6Words(w0: number, w1: number, w2: number, w3: number): string {
  const h = [w0 >>> 16, w0 & 0xffff, w1 >>> 16, w1 & 0xffff, w2 >>> 16, w2 & 0xffff, w3 >>> 16, w3 & 0xffff];
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (h[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && h[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return h.map((x) => x.toString(16)).join(':');
  const left = h
    .slice(0, bestStart)
    .map((x) => x.toString(16))
    .join(':');
  const right = h
    .slice(bestStart + bestLen)
    .map((x) => x.toString(16))
    .join(':');
  return `${left}::${right}`;
}

/** Reads the address at record `i` of a words column (4 words per record) as text. */
export function formatAddressAt(words: Uint32Array, i: number): string {
  const o = i * 4;
  return formatAddress(words[o]!, words[o + 1]!, words[o + 2]!, words[o + 3]!);
}

/** Writes an address into record `i` of a words column. */
export function writeAddressAt(words: Uint32Array, i: number, a: Readonly<AddressWords>): void {
  const o = i * 4;
  words[o] = a[0];
  words[o + 1] = a[1];
  words[o + 2] = a[2];
  words[o + 3] = a[3];
}

/** An IP prefix in the 128-bit space: IPv4 prefixes are mapped, so `10.0.0.0/8` has length 104. */
export interface Prefix {
  readonly words: Readonly<AddressWords>;
  /** Length in the 128-bit (mapped) space. */
  readonly length: number;
  /** 4 or 6: the family the prefix was written in. */
  readonly family: 4 | 6;
}

/** Zeroes the host bits of `words` beyond `length` (128-bit space). */
export function maskWords(words: Readonly<AddressWords>, length: number): AddressWords {
  const out: AddressWords = [0, 0, 0, 0];
  for (let k = 0; k < 4; k++) {
    const bits = Math.max(0, Math.min(32, length - k * 32));
    out[k] = bits === 0 ? 0 : bits === 32 ? words[k]! >>> 0 : (words[k]! & (0xffffffff << (32 - bits))) >>> 0;
  }
  return out;
}

/**
 * Parses `addr/len` (or a bare address as a host prefix). With `strict`, host bits beyond the
 * length must be zero, as a registry of protected networks expects.
 */
export function parsePrefix(text: string, options: { strict?: boolean } = {}): Prefix {
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const words = tryParseAddress(addrText);
  if (words === undefined) throw new ERR_INVALID_PREFIX(JSON.stringify(text), 'bad address');
  const family: 4 | 6 = addrText.includes(':') ? 6 : 4;
  const maxLen = family === 4 ? 32 : 128;
  let len = maxLen;
  if (slash >= 0) {
    const lt = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(lt)) throw new ERR_INVALID_PREFIX(JSON.stringify(text), 'bad length');
    len = Number(lt);
    if (len > maxLen) throw new ERR_INVALID_PREFIX(JSON.stringify(text), `length exceeds ${maxLen}`);
  }
  const length = family === 4 ? len + 96 : len;
  const masked = maskWords(words, length);
  if (options.strict === true && masked.some((w, k) => w !== words[k])) {
    throw new ERR_INVALID_PREFIX(JSON.stringify(text), 'host bits set');
  }
  return { words: masked, length, family };
}

/** Formats a prefix in the family it was written in (`10.0.0.0/8`, `2001:db8::/32`). */
export function formatPrefix(p: Prefix): string {
  const [a, b, c, d] = p.words;
  if (p.family === 4) return `${formatIPv4(d)}/${p.length - 96}`;
  return `${formatIPv6Words(a, b, c, d)}/${p.length}`;
}

/** True when the address (four words) lies inside the prefix. */
export function prefixContains(p: Prefix, w0: number, w1: number, w2: number, w3: number): boolean {
  const m = maskWords([w0, w1, w2, w3], p.length);
  return m[0] === p.words[0] && m[1] === p.words[1] && m[2] === p.words[2] && m[3] === p.words[3];
}
