/**
 * Protocol classes and rate series: how the detector splits traffic to count it.
 *
 * Every per-second bucket (per destination host, per protected prefix, per outbound source) holds
 * {@link SERIES} numbers: for each of the {@link CLASS_NAMES} classes, packets, bits and new flows.
 * A record adds to `total` and to each class it belongs to: a pure SYN is `total`, `tcp` and
 * `tcp_syn`; a UDP fragment is `total`, `udp` and `fragment`. These are the classes the registry
 * lets operators set thresholds for.
 *
 * Pure: no I/O.
 */
import { FragmentFlags } from '../flow/flow-batch.js';

/** Protocol classes, in series order. Values are bit positions in a class mask. */
export const TrafficClass = {
  Total: 0,
  Tcp: 1,
  TcpSyn: 2,
  Udp: 3,
  Icmp: 4,
  Gre: 5,
  Fragment: 6,
} as const;
/** A protocol class (bit position in a class mask). */
export type TrafficClass = (typeof TrafficClass)[keyof typeof TrafficClass];

/** Class names as the registry and the events spell them, indexed by {@link TrafficClass}. */
export const CLASS_NAMES = ['total', 'tcp', 'tcp_syn', 'udp', 'icmp', 'gre', 'fragment'] as const;
/** A protocol class name. */
export type ClassName = (typeof CLASS_NAMES)[number];

/** Number of protocol classes. */
export const CLASSES = CLASS_NAMES.length;

/** Rate metrics per class, in series order. */
export const Metric = { Packets: 0, Bits: 1, Flows: 2 } as const;
/** A rate metric. */
export type Metric = (typeof Metric)[keyof typeof Metric];

/** Metric names as thresholds spell them, indexed by {@link Metric}. */
export const METRIC_NAMES = ['pps', 'bps', 'flowsPerSecond'] as const;
/** A rate metric name. */
export type MetricName = (typeof METRIC_NAMES)[number];

/** Metrics per class. */
export const METRICS = 3;
/** Rate series per bucket: classes × metrics. Series `k` is class `k / 3`, metric `k % 3`. */
export const SERIES = CLASSES * METRICS;
/**
 * Offsets, after the series, of a bucket's two time moments of its total packets: the sum of
 * packets × (time into the second, 0–1) and of packets × its square. With the packets they give
 * the mean and spread in time of a second's traffic — where in the second an attack began.
 */
export const MOMENT1 = SERIES;
export const MOMENT2 = SERIES + 1;
/** Numbers per bucket: the series, then the two moments. */
export const BUCKET = SERIES + 2;

const TCP = 6;
const UDP = 17;
const ICMP = 1;
const ICMPV6 = 58;
const GRE = 47;
/** TCP SYN and ACK bits (RFC 9293 §3.1). */
const SYN = 0x02;
const ACK = 0x10;

/**
 * Class mask of one record: bit {@link TrafficClass} set for each class the record counts in.
 * `total` is always set.
 */
export function classMask(protocol: number, tcpFlags: number, fragment: number): number {
  let m = 1 << TrafficClass.Total;
  if (protocol === TCP) {
    m |= 1 << TrafficClass.Tcp;
    // A pure SYN opens a connection; SYN+ACK is the server's answer and not part of a SYN flood.
    if ((tcpFlags & (SYN | ACK)) === SYN) m |= 1 << TrafficClass.TcpSyn;
  } else if (protocol === UDP) m |= 1 << TrafficClass.Udp;
  else if (protocol === ICMP || protocol === ICMPV6) m |= 1 << TrafficClass.Icmp;
  else if (protocol === GRE) m |= 1 << TrafficClass.Gre;
  if ((fragment & FragmentFlags.IsFragment) !== 0) m |= 1 << TrafficClass.Fragment;
  return m;
}

/** Rates of one class: packets, bits and new flows per second. */
export interface Rates {
  readonly pps: number;
  readonly bps: number;
  readonly flowsPerSecond: number;
}

/** Rates for every protocol class. */
export type ClassRates = { readonly [C in ClassName]: Rates };

/** Reads one bucket (`SERIES` numbers at `offset`) into per-class rates, rounded to integers. */
export function readClassRates(data: ArrayLike<number>, offset: number): ClassRates {
  const out: Record<string, Rates> = {};
  for (let c = 0; c < CLASSES; c++) {
    const k = offset + c * METRICS;
    out[CLASS_NAMES[c]!] = {
      pps: Math.round(data[k + Metric.Packets]!),
      bps: Math.round(data[k + Metric.Bits]!),
      flowsPerSecond: Math.round(data[k + Metric.Flows]!),
    };
  }
  return out as ClassRates;
}
