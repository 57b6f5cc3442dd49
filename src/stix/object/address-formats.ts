/**
 * Value formats of the address SCOs (§6.5, §6.6, §6.7): IPv4 and IPv6 addresses with an optional
 * CIDR prefix length, and MAC addresses in lowercase colon-delimited form.
 */

/** True for a dotted-quad IPv4 address, optionally with `/0`–`/32`. */
export function isIpv4Value(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const [addr, prefix, ...rest] = value.split('/');
  if (rest.length > 0 || addr === undefined) return false;
  if (prefix !== undefined && !(/^(?:0|[1-9]\d?)$/.test(prefix) && Number(prefix) <= 32)) return false;
  const parts = addr.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isIpv6Address(addr: string): boolean {
  let text = addr;
  // An embedded IPv4 tail (::ffff:1.2.3.4) stands for the last two groups.
  if (addr.includes('.')) {
    const lastColon = addr.lastIndexOf(':');
    if (lastColon < 0 || !isIpv4Value(addr.slice(lastColon + 1)) || addr.includes('/')) return false;
    text = `${addr.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const left = groups(halves[0] ?? '');
  const right = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (![...left, ...right].every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  const count = left.length + right.length;
  return halves.length === 2 ? count < 8 : count === 8;
}

/** True for an IPv6 address in any RFC 4291 text form, optionally with `/0`–`/128`. */
export function isIpv6Value(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const [addr, prefix, ...rest] = value.split('/');
  if (rest.length > 0 || addr === undefined || addr === '') return false;
  if (prefix !== undefined && !(/^(?:0|[1-9]\d{0,2})$/.test(prefix) && Number(prefix) <= 128)) return false;
  return isIpv6Address(addr);
}

/** True for a MAC address as STIX writes it: six lowercase hex pairs separated by colons. */
export function isMacValue(value: unknown): boolean {
  return typeof value === 'string' && /^(?:[0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(value);
}
