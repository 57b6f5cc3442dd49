/**
 * IPv4 prefix arithmetic for the console's suggestions (the smallest prefix covering a set of
 * source prefixes, to propose as a case's declared scope). The server checks every prefix again.
 *
 * Pure: no DOM, no I/O.
 */

/** Parses `a.b.c.d/len` (or a bare address as /32) to [network, length], or undefined. */
export function parseV4(text: string): [number, number] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(text.trim());
  if (m === null) return undefined;
  const o = m.slice(1, 5).map(Number);
  const len = m[5] === undefined ? 32 : Number(m[5]);
  if (o.some((x) => x > 255) || len > 32) return undefined;
  const addr = ((o[0]! << 24) | (o[1]! << 16) | (o[2]! << 8) | o[3]!) >>> 0;
  const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  return [(addr & mask) >>> 0, len];
}

/** Formats a network and length as `a.b.c.d/len`. */
export function formatV4(net: number, len: number): string {
  return `${net >>> 24}.${(net >>> 16) & 255}.${(net >>> 8) & 255}.${net & 255}/${len}`;
}

/** The smallest IPv4 prefix containing every given prefix or address; undefined if any is not IPv4. */
export function coveringV4(prefixes: readonly string[]): string | undefined {
  let net: number | undefined;
  let len = 32;
  for (const p of prefixes) {
    const x = parseV4(p);
    if (x === undefined) return undefined;
    if (net === undefined) {
      [net, len] = x;
      continue;
    }
    len = Math.min(len, x[1]);
    // Shorten until both networks agree on the first `len` bits.
    while (len > 0 && (net ^ x[0]) >>> (32 - len) !== 0) len--;
    net = len === 0 ? 0 : (net & ((0xffffffff << (32 - len)) >>> 0)) >>> 0;
  }
  return net === undefined ? undefined : formatV4(net, len);
}

/** True when `inner` (prefix or address) lies within `outer`; IPv4 only, false otherwise. */
export function containsV4(outer: string, inner: string): boolean {
  const o = parseV4(outer);
  const i = parseV4(inner);
  if (o === undefined || i === undefined || i[1] < o[1]) return false;
  return o[1] === 0 || (o[0] ^ i[0]) >>> (32 - o[1]) === 0;
}
