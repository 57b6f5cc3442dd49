/**
 * Whether detection named the right vectors: the simulator's vectors (what was sent) mapped onto
 * the detector's record-level vectors (what flow records can show), compared class by class, and
 * for reflection the abused services by name.
 *
 * A truth vector is required when it carried at least `minShare` of the attack's packets (the
 * detector's own reporting share). Some vectors legitimately show up as others too: a Mirai
 * "stomp" completes handshakes (SYN, bare ACK) before its PSH flood, and fragmented responses or
 * fragment floods show their non-first fragments as `fragment_flood` and their first fragments as
 * UDP. Those are allowed but not required.
 *
 * Pure: no I/O.
 */
import type { VectorShare } from '../detection/attack.js';
import type { VectorName } from '../detection/vectors.js';

/** How one simulator vector appears to the detector. */
interface VectorAppearance {
  readonly required: VectorName;
  readonly service?: string;
  readonly alsoAllowed: readonly VectorName[];
}

/** Simulator vector names (`scenario-types.ts` VECTORS) to detector vectors and services. */
const APPEARANCE: Readonly<Record<string, VectorAppearance>> = {
  syn: { required: 'syn_flood', alsoAllowed: [] },
  ack: { required: 'ack_rst_flood', alsoAllowed: [] },
  rst: { required: 'ack_rst_flood', alsoAllowed: [] },
  stomp: { required: 'tcp_connection_flood', alsoAllowed: ['syn_flood', 'ack_rst_flood'] },
  udp: { required: 'udp_flood', alsoAllowed: [] },
  icmp: { required: 'icmp_flood', alsoAllowed: [] },
  gre: { required: 'gre_flood', alsoAllowed: [] },
  // First fragments carry random UDP ports, which now and then are a reflection service's port.
  fragment: { required: 'fragment_flood', alsoAllowed: ['udp_flood', 'reflection'] },
  dns: { required: 'reflection', service: 'dns', alsoAllowed: ['fragment_flood'] },
  ntp: { required: 'reflection', service: 'ntp', alsoAllowed: ['fragment_flood'] },
  ssdp: { required: 'reflection', service: 'ssdp', alsoAllowed: ['fragment_flood'] },
  memcached: { required: 'reflection', service: 'memcached', alsoAllowed: ['fragment_flood'] },
  cldap: { required: 'reflection', service: 'cldap', alsoAllowed: ['fragment_flood'] },
  chargen: { required: 'reflection', service: 'chargen', alsoAllowed: ['fragment_flood'] },
  snmp: { required: 'reflection', service: 'snmp', alsoAllowed: ['fragment_flood'] },
  wsd: { required: 'reflection', service: 'ws-discovery', alsoAllowed: ['fragment_flood'] },
};

/** One vector of the ground truth: name (simulator's) and packets that reached the target. */
export interface TruthVector {
  readonly name: string;
  readonly packets: number;
}

/** The outcome of comparing vectors. */
export interface VectorScore {
  /** Every required vector reported and nothing reported that the attack did not contain. */
  readonly correct: boolean;
  /** Detector vectors the truth requires, sorted. */
  readonly expected: readonly string[];
  /** Detector vectors reported, sorted (reflection once, however many services). */
  readonly detected: readonly string[];
  readonly missing: readonly string[];
  readonly unexpected: readonly string[];
  /** Reflection services the truth requires and those named, sorted. */
  readonly expectedServices: readonly string[];
  readonly detectedServices: readonly string[];
  readonly missingServices: readonly string[];
}

/** Compares the vectors detection reported with those of the truth. */
export function scoreVectors(truth: readonly TruthVector[], detected: readonly VectorShare[], minShare: number): VectorScore {
  const total = truth.reduce((s, v) => s + v.packets, 0);
  const required = new Set<string>();
  const allowed = new Set<string>();
  const services = new Set<string>();
  for (const v of truth) {
    const a = APPEARANCE[v.name];
    if (a === undefined) continue;
    allowed.add(a.required);
    for (const x of a.alsoAllowed) allowed.add(x);
    if (total > 0 && v.packets / total >= minShare) {
      required.add(a.required);
      if (a.service !== undefined) services.add(a.service);
    }
  }
  const got = new Set<string>(detected.map((v) => v.vector));
  const named = new Set(detected.filter((v) => v.vector === 'reflection' && v.service !== undefined).map((v) => v.service!));
  const missing = [...required].filter((v) => !got.has(v)).sort();
  const unexpected = [...got].filter((v) => !allowed.has(v)).sort();
  return {
    correct: missing.length === 0 && unexpected.length === 0 && got.size > 0,
    expected: [...required].sort(),
    detected: [...got].sort(),
    missing,
    unexpected,
    expectedServices: [...services].sort(),
    detectedServices: [...named].sort(),
    missingServices: [...services].filter((s) => !named.has(s)).sort(),
  };
}
