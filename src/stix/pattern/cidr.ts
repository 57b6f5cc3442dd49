/**
 * IPv4 and IPv6 addresses and CIDR prefixes for ISSUBSET / ISSUPERSET (STIX 2.1 §9.5).
 */

/** An address or prefix as a 32- or 128-bit integer with its prefix length. */
export interface Prefix {
  readonly family: 4 | 6;
  readonly address: bigint;
  readonly length: number;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function parseIpv4(s: string): bigint | undefined {
  if (!IPV4.test(s)) return undefined;
  return s.split('.').reduce((acc, part) => (acc << 8n) | BigInt(part), 0n);
}

function parseIpv6(s: string): bigint | undefined {
  let text = s;
  if (text.includes('.')) {
    // An embedded IPv4 tail (`::ffff:192.0.2.1`) becomes its two 16-bit groups.
    const lastColon = text.lastIndexOf(':');
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (v4 === undefined || lastColon < 0) return undefined;
    text = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const group = (h: string): bigint[] | undefined => {
    if (h === '') return [];
    const parts = h.split(':');
    if (!parts.every((p) => /^[0-9a-fA-F]{1,4}$/.test(p))) return undefined;
    return parts.map((p) => BigInt(`0x${p}`));
  };
  const head = group(halves[0] ?? '');
  const tail = halves.length === 2 ? group(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  const explicit = head.length + tail.length;
  if (halves.length === 1 ? explicit !== 8 : explicit > 7) return undefined;
  const groups = [...head, ...Array<bigint>(8 - explicit).fill(0n), ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/** Parses `a.b.c.d`, `a.b.c.d/n`, an IPv6 address or an IPv6 prefix; `undefined` when invalid. */
export function parsePrefix(text: string): Prefix | undefined {
  const slash = text.indexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  const lenText = slash < 0 ? undefined : text.slice(slash + 1);
  if (lenText !== undefined && !/^\d{1,3}$/.test(lenText)) return undefined;
  const v4 = parseIpv4(addr);
  const family = v4 !== undefined ? 4 : 6;
  const address = v4 ?? parseIpv6(addr);
  if (address === undefined) return undefined;
  const max = family === 4 ? 32 : 128;
  const length = lenText === undefined ? max : Number(lenText);
  if (length > max) return undefined;
  return { family, address, length };
}

/** True when `inner` (an address or prefix) lies inside `outer` (same family). */
export function prefixContains(outer: Prefix, inner: Prefix): boolean {
  if (outer.family !== inner.family || outer.length > inner.length) return false;
  const bits = BigInt(outer.family === 4 ? 32 : 128);
  const shift = bits - BigInt(outer.length);
  return outer.address >> shift === inner.address >> shift;
}
