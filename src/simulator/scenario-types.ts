/**
 * A scenario after loading: defaults applied, addresses parsed, names resolved to indices, times in
 * milliseconds. This is what traffic models and exporters are built from.
 *
 * Pure: no I/O.
 */
import type { AddressWords, Prefix } from '../core/ip.js';
import type { ExporterSpec } from './exporter/exporter.js';
import type { AttackKind } from './scenario-schema.js';

/** Attack vectors: how packets of an attack look. */
export const VECTORS = ['syn', 'ack', 'rst', 'stomp', 'udp', 'icmp', 'gre', 'fragment', 'dns', 'ntp', 'ssdp', 'memcached', 'cldap', 'chargen', 'snmp', 'wsd'] as const;
export type VectorName = (typeof VECTORS)[number];

/** Vectors that are reflection/amplification (sources are reflectors, source port fixed). */
export const AMPLIFICATION_VECTORS: readonly VectorName[] = ['dns', 'ntp', 'ssdp', 'memcached', 'cldap', 'chargen', 'snmp', 'wsd'];

/** A protected network. */
export interface NetworkDef {
  readonly index: number;
  readonly name: string;
  readonly prefixes: readonly Prefix[];
  /** First IPv4 prefix, if any (benign traffic and defaults use it). */
  readonly v4: Prefix | undefined;
  /** First IPv6 prefix, if any. */
  readonly v6: Prefix | undefined;
}

/** Where an attack is aimed. */
export interface TargetDef {
  readonly text: string;
  readonly prefix: Prefix;
  /** True for a single address (/32 or /128). */
  readonly isHost: boolean;
  readonly family: 4 | 6;
  readonly network: number;
  /** Addresses the attack spreads over (1 for a host). */
  readonly hosts: number;
}

/** A resolved attack. */
export interface AttackSpec {
  readonly index: number;
  readonly name: string;
  readonly kind: AttackKind;
  /** Offset from the scenario start (within each cycle when repeating). */
  readonly startMs: number;
  readonly durationMs: number;
  readonly target: TargetDef;
  /** Total packets per second of true traffic. */
  readonly ratePps: number;
  /** Bot sources (used by non-amplification vectors). */
  readonly sources: number;
  /** Reflectors per amplification vector. */
  readonly reflectors: number;
  /** Key of the named botnet the bots come from (the first `sources` of its set), or undefined for bots of the attack's own. */
  readonly botnetKey: number | undefined;
  /** Vector mix, weights normalised to sum to 1. */
  readonly vectors: readonly { readonly name: VectorName; readonly weight: number }[];
  readonly ports: readonly number[] | undefined;
  readonly packetSize: number | undefined;
}

/** A resolved C2 beacon. */
export interface BeaconSpec {
  readonly index: number;
  readonly name: string;
  readonly host: AddressWords;
  readonly hostText: string;
  readonly network: number;
  readonly family: 4 | 6;
  readonly c2: readonly { readonly words: AddressWords; readonly text: string }[];
  readonly port: number;
  readonly intervalMs: number;
  readonly jitter: number;
  readonly startMs: number;
  /** Infinity when the beacon runs for the whole simulation. */
  readonly durationMs: number;
}

/** Shares of benign short-session traffic (packets), normalised to sum to 1. */
export interface BenignMix {
  readonly web: number;
  readonly quic: number;
  readonly dns: number;
  readonly ntp: number;
  readonly icmp: number;
}

/** Resolved benign background. */
export interface BackgroundSpec {
  /** Short-session packets per second at the diurnal peak, all networks together. */
  readonly pps: number;
  readonly diurnal: boolean;
  readonly networks: readonly number[];
  readonly ipv6Share: number;
  readonly mix: BenignMix;
  readonly longFlows: {
    readonly count: number;
    readonly minDurationMs: number;
    readonly maxDurationMs: number;
    readonly minMbps: number;
    readonly maxMbps: number;
  };
}

/** Detection thresholds the scenario is calibrated against (the scorer configures detection alike). */
export interface Thresholds {
  readonly hostPps?: number;
  readonly hostBps?: number;
  readonly prefixPps?: number;
  readonly prefixBps?: number;
}

/** A loaded, validated scenario. */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** File the scenario came from, or `<inline>`. */
  readonly source: string;
  readonly startMs: number;
  /** Length of one cycle. */
  readonly durationMs: number;
  /** Replay the attack and beacon timeline every cycle, endlessly unless a duration is given. */
  readonly repeat: boolean;
  readonly seed: number;
  readonly tickMs: number;
  /** Hours east of UTC for the diurnal shape (Japan: 9). */
  readonly timezoneHours: number;
  readonly thresholds: Thresholds;
  readonly networks: readonly NetworkDef[];
  readonly exporters: readonly ExporterSpec[];
  readonly background: BackgroundSpec | undefined;
  readonly attacks: readonly AttackSpec[];
  readonly beacons: readonly BeaconSpec[];
}
