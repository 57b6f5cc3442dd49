/**
 * IP protocol numbers (IANA "Assigned Internet Protocol Numbers") as indicator files may name them.
 *
 * Pure: no I/O.
 */

/** Protocol names accepted in indicator files, with their numbers. */
export const PROTOCOL_NUMBERS: Readonly<Record<string, number>> = Object.freeze({
  icmp: 1,
  tcp: 6,
  udp: 17,
  gre: 47,
  esp: 50,
  ah: 51,
  icmpv6: 58,
  sctp: 132,
});

const NAMES = new Map(Object.entries(PROTOCOL_NUMBERS).map(([k, v]) => [v, k]));

/** Parses a protocol name (`tcp`) or number (`6`); -1 when it is neither. */
export function parseProtocol(text: string): number {
  const t = text.trim().toLowerCase();
  const named = PROTOCOL_NUMBERS[t];
  if (named !== undefined) return named;
  if (!/^\d{1,3}$/.test(t)) return -1;
  const n = Number(t);
  return n <= 255 ? n : -1;
}

/** The protocol's name when it has one (`tcp`), else its number as text. */
export function protocolName(n: number): string {
  return NAMES.get(n) ?? String(n);
}
