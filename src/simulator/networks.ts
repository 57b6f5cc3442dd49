/**
 * The address plan the simulator draws from (see the project's demo address plan): the five
 * fictional protected organisations, the outside ranges for bots, reflectors and benign clients,
 * and the published MirrorFace C2 addresses used as beacon destinations.
 *
 * Pure: no I/O.
 */

/** A protected network as a scenario names it. */
export interface NetworkTemplate {
  readonly name: string;
  readonly prefixes: readonly string[];
}

/** The seeded demo organisations (fictional), in the registry's order. */
export const DEMO_NETWORKS: readonly NetworkTemplate[] = [
  { name: 'Aozora Airlines', prefixes: ['192.0.2.0/24', '2001:db8:100::/48'] },
  { name: 'Minato Bank', prefixes: ['198.51.100.0/24', '2001:db8:200::/48'] },
  { name: 'Sakura Trust Bank', prefixes: ['203.0.113.0/24', '2001:db8:300::/48'] },
  { name: 'Kumo Mobile', prefixes: ['198.18.0.0/22', '2001:db8:400::/48'] },
  { name: 'Hikari Power', prefixes: ['198.19.0.0/24', '2001:db8:500::/48'] },
];

/**
 * Outside address ranges. Bots use the lower half of RFC 6598 shared space (100.64.0.0/11),
 * reflectors the upper half (100.96.0.0/11); IPv6 splits 2001:db8:f000::/36 the same way.
 * Benign internet clients and servers come from RFC 1918 172.16.0.0/12 and 2001:db8:e000::/36.
 */
export const OUTSIDE = {
  botsV4: 0x64400000,
  reflectorsV4: 0x64600000,
  /** Host bits of each /11. */
  halfBits: 21,
  /** Word 1 of IPv6 bots (2001:db8:f000::/37) and reflectors (2001:db8:f800::/37). */
  botsV6Word1: 0xf0000000,
  reflectorsV6Word1: 0xf8000000,
  clientsV4: 0xac100000,
  clientsV4Bits: 20,
  clientsV6Word1: 0xe0000000,
} as const;

/** First word of every IPv6 address the simulator uses (2001:db8::/32, RFC 3849). */
export const DOC_V6_WORD0 = 0x20010db8;

/**
 * MirrorFace (Operation LiberalFace) C2 addresses as published by ESET (eset/malware-ioc,
 * mirrorface/, BSD-2-Clause). They appear only inside simulated flow records; nothing is ever sent
 * to them.
 */
export const MIRRORFACE_C2: readonly string[] = ['5.8.95.174', '45.32.13.180', '103.175.16.39'];

/** Ports NOOPDOOR-style beacons use when a scenario names none: non-standard, raw TCP. */
export const BEACON_PORTS: readonly number[] = [8443, 8880, 10443, 5938, 50443];
