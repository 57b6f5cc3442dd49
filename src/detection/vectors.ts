/**
 * Attack vectors: what each record of an attack looks like, and the UDP services abused for
 * reflection/amplification, recognised by the source port of the reflected traffic.
 *
 * Pure: no I/O.
 */
import { FragmentFlags } from '../flow/flow-batch.js';

/** Record-level vectors. Values index per-attack counters and are bit positions in source flags. */
export const Vector = {
  /** TCP SYN without ACK: half-open connection flood. */
  SynFlood: 0,
  /** TCP ACK or RST without payload-carrying PSH (also SYN-ACK, FIN-ACK): stateless floods. */
  AckRstFlood: 1,
  /** TCP with PSH (established-looking data, "stomp": floods over completed handshakes). */
  TcpConnectionFlood: 2,
  /** Other TCP (no flags, FIN or URG only). */
  TcpOther: 3,
  /** UDP not from a known amplification service. */
  UdpFlood: 4,
  /** UDP from a known amplification service port (reflected responses). */
  Reflection: 5,
  IcmpFlood: 6,
  GreFlood: 7,
  /** IP fragments: non-first ones, and first ones that are not amplified responses from a reflection port. */
  FragmentFlood: 8,
  Other: 9,
} as const;
/** A record-level vector. */
export type Vector = (typeof Vector)[keyof typeof Vector];

/** Vector names as events spell them, indexed by {@link Vector}. */
export const VECTOR_NAMES = ['syn_flood', 'ack_rst_flood', 'tcp_connection_flood', 'tcp_other', 'udp_flood', 'reflection', 'icmp_flood', 'gre_flood', 'fragment_flood', 'other'] as const;
/** A vector name. */
export type VectorName = (typeof VECTOR_NAMES)[number];
/** Number of vectors. */
export const VECTORS = VECTOR_NAMES.length;

/** A UDP service abused for reflection/amplification. */
export interface AmplificationService {
  readonly port: number;
  /** Short name used in events (`dns`, `ntp`). */
  readonly service: string;
  readonly description: string;
}

/**
 * UDP services used for reflection/amplification, by the source port of the reflected traffic
 * (US-CERT TA14-017A and later advisories, Cloudflare and Akamai reports). Traffic from these
 * ports towards a host under attack is reported as `reflection` with the service named.
 */
export const AMPLIFICATION_SERVICES: readonly AmplificationService[] = [
  { port: 17, service: 'qotd', description: 'Quote of the Day' },
  { port: 19, service: 'chargen', description: 'Character Generator' },
  { port: 53, service: 'dns', description: 'DNS (open resolvers, ANY/DNSSEC responses)' },
  { port: 69, service: 'tftp', description: 'TFTP' },
  { port: 111, service: 'portmap', description: 'ONC RPC portmapper' },
  { port: 123, service: 'ntp', description: 'NTP (monlist)' },
  { port: 137, service: 'netbios', description: 'NetBIOS name service' },
  { port: 161, service: 'snmp', description: 'SNMP (GetBulk)' },
  { port: 389, service: 'cldap', description: 'Connectionless LDAP' },
  { port: 427, service: 'slp', description: 'Service Location Protocol (CVE-2023-29552)' },
  { port: 520, service: 'rip', description: 'RIPv1' },
  { port: 623, service: 'ipmi', description: 'IPMI / RMCP' },
  { port: 1194, service: 'openvpn', description: 'OpenVPN' },
  { port: 1434, service: 'mssql', description: 'MS SQL Server Resolution Service' },
  { port: 1900, service: 'ssdp', description: 'SSDP (UPnP discovery)' },
  { port: 3283, service: 'arms', description: 'Apple Remote Management Service (Apple Remote Desktop)' },
  { port: 3478, service: 'stun', description: 'STUN/TURN' },
  { port: 3702, service: 'ws-discovery', description: 'WS-Discovery' },
  { port: 5060, service: 'sip', description: 'SIP' },
  { port: 5353, service: 'mdns', description: 'Multicast DNS' },
  { port: 5683, service: 'coap', description: 'CoAP' },
  { port: 6881, service: 'bittorrent', description: 'BitTorrent DHT' },
  { port: 10001, service: 'ubiquiti', description: 'Ubiquiti discovery' },
  { port: 10074, service: 'tp240', description: 'Mitel MiCollab TP-240 (CVE-2022-26143)' },
  { port: 11211, service: 'memcached', description: 'memcached' },
  { port: 27015, service: 'steam', description: 'Valve Source engine queries' },
  { port: 32414, service: 'plex', description: 'Plex Media Server discovery' },
  { port: 33848, service: 'jenkins', description: 'Jenkins auto-discovery' },
  { port: 37810, service: 'dhcpdiscover', description: 'DVR DHCPDiscover' },
];

/** Amplification service index by source port, or -1. */
export const AMPLIFICATION_BY_PORT: Int16Array = (() => {
  const t = new Int16Array(65536).fill(-1);
  AMPLIFICATION_SERVICES.forEach((s, i) => (t[s.port] = i));
  return t;
})();

const SYN = 0x02;
const RST = 0x04;
const PSH = 0x08;
const ACK = 0x10;

/** The vector of one record. */
export function recordVector(protocol: number, tcpFlags: number, fragment: number, srcPort: number): Vector {
  if ((fragment & FragmentFlags.IsFragment) !== 0) {
    // Non-first fragments have no ports. A first fragment of UDP from a reflection port is a large
    // amplified response (DNS, NTP, memcached answers are often fragmented): reflection. Any other
    // fragment belongs to a fragment flood.
    if ((fragment & FragmentFlags.FirstFragment) === 0 || protocol !== 17 || !(AMPLIFICATION_BY_PORT[srcPort]! >= 0)) return Vector.FragmentFlood;
  }
  switch (protocol) {
    case 6:
      if ((tcpFlags & (SYN | ACK)) === SYN) return Vector.SynFlood;
      if ((tcpFlags & PSH) !== 0) return Vector.TcpConnectionFlood;
      if ((tcpFlags & (ACK | RST)) !== 0) return Vector.AckRstFlood;
      return Vector.TcpOther;
    case 17:
      return AMPLIFICATION_BY_PORT[srcPort]! >= 0 ? Vector.Reflection : Vector.UdpFlood;
    case 1:
    case 58:
      return Vector.IcmpFlood;
    case 47:
      return Vector.GreFlood;
    default:
      return Vector.Other;
  }
}
