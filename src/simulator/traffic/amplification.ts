/**
 * Reflection/amplification vectors: the UDP service port reflectors answer from (fixed source
 * port at the victim) and the size range of their responses (UDP payload octets). Responses
 * larger than the path MTU arrive as IP fragment trains, only the first of which carries ports.
 * Sizes follow the public descriptions of each vector (CISA alert TA14-017A, US-CERT amplification
 * factors; memcached after the 2018 GitHub attack reports).
 *
 * Pure: no I/O.
 */
import type { VectorName } from '../scenario-types.js';

/** One amplification vector. */
export interface AmplificationVector {
  readonly port: number;
  readonly minPayload: number;
  readonly maxPayload: number;
}

/** Reflection vectors by name. */
export const AMPLIFICATION: Readonly<Partial<Record<VectorName, AmplificationVector>>> = {
  // DNS ANY / DNSSEC responses with EDNS0 4096: usually fragmented.
  dns: { port: 53, minPayload: 1200, maxPayload: 4000 },
  // NTP mode 7 monlist: 440-octet responses, many per request.
  ntp: { port: 123, minPayload: 440, maxPayload: 440 },
  ssdp: { port: 1900, minPayload: 250, maxPayload: 340 },
  memcached: { port: 11211, minPayload: 1400, maxPayload: 14000 },
  cldap: { port: 389, minPayload: 1500, maxPayload: 3100 },
  chargen: { port: 19, minPayload: 74, maxPayload: 1024 },
  snmp: { port: 161, minPayload: 400, maxPayload: 1400 },
  // WS-Discovery (ONVIF cameras, printers) on UDP 3702.
  wsd: { port: 3702, minPayload: 500, maxPayload: 2900 },
};
