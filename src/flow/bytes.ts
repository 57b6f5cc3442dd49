/**
 * Big-endian readers over a `Uint8Array`, shared by every decoder.
 *
 * Decoders read straight from the datagram bytes instead of wrapping each datagram in a
 * `DataView`: that would be one allocation per datagram, and V8 inlines these small functions
 * into the hot loops. Callers bounds-check before reading; out-of-range reads would yield 0 (an
 * `undefined` byte coerces to 0 in bit operations), never an exception.
 *
 * Pure: no I/O.
 */

/** Reads an unsigned 16-bit big-endian integer at `o`. */
export function u16(d: Uint8Array, o: number): number {
  return (d[o]! << 8) | d[o + 1]!;
}

/** Reads an unsigned 32-bit big-endian integer at `o`. */
export function u32(d: Uint8Array, o: number): number {
  return ((d[o]! << 24) | (d[o + 1]! << 16) | (d[o + 2]! << 8) | d[o + 3]!) >>> 0;
}

/** Reads an unsigned 64-bit big-endian integer at `o` as a double (exact up to 2^53). */
export function u64(d: Uint8Array, o: number): number {
  return u32(d, o) * 4294967296 + u32(d, o + 4);
}

/**
 * Reads an unsigned big-endian integer of `len` bytes (0 to 8) at `o` as a double. IPFIX
 * reduced-size encoding (RFC 7011 §6.2) sends unsigned values in fewer bytes than their type, so
 * counters and identifiers are read with their template length.
 */
export function uN(d: Uint8Array, o: number, len: number): number {
  switch (len) {
    case 1:
      return d[o]!;
    case 2:
      return u16(d, o);
    case 4:
      return u32(d, o);
    case 8:
      return u64(d, o);
    default: {
      let v = 0;
      for (let k = 0; k < len; k++) v = v * 256 + d[o + k]!;
      return v;
    }
  }
}

/** Seconds between the NTP era-0 epoch (1900-01-01) and the Unix epoch. */
export const NTP_UNIX_OFFSET_S = 2208988800;

/**
 * Converts a 64-bit NTP timestamp (RFC 5905 §6; IPFIX dateTimeMicroseconds/Nanoseconds, RFC 7011
 * §6.1.10) into milliseconds since the Unix epoch. Seconds with the top bit clear are taken to be
 * in NTP era 1 (from 2036-02-07), as RFC 4330 §3 suggests.
 */
export function ntpToMs(seconds: number, fraction: number): number {
  const s = seconds < 0x80000000 ? seconds + 4294967296 : seconds;
  return (s - NTP_UNIX_OFFSET_S) * 1000 + (fraction / 4294967296) * 1000;
}
