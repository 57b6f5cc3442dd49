/**
 * The typed model of a FlowSpec rule's match part (RFC 8955 §4 for IPv4, RFC 8956 §3 for IPv6):
 * a discriminated union of components, each with its numeric or bitmask terms.
 *
 * Pure: no I/O, no `node:` imports.
 *
 * @example
 * ```ts
 * const rule: FlowSpecRule = {
 *   family: 'ipv4',
 *   components: [
 *     { kind: 'destination', prefix: '203.0.113.7/32' },
 *     { kind: 'protocol', terms: numeric.anyOf(6) },
 *     { kind: 'destination-port', terms: numeric.range(1024, 2048) },
 *     { kind: 'tcp-flags', terms: [bitmask.matchAll(TcpFlag.SYN), bitmask.noneOf(TcpFlag.ACK, true)] // SYN and not ACK },
 *   ],
 * };
 * ```
 */

/** The address family of a FlowSpec rule: SAFI 133 under AFI 1 or AFI 2. */
export type FlowSpecFamily = 'ipv4' | 'ipv6';

/**
 * A numeric comparison: the lt/gt/eq bits of the operator byte (RFC 8955 §4.2.1.1). `true` and
 * `false` are the degenerate all-bits and no-bits forms.
 */
export type NumericComparison = 'false' | '==' | '>' | '>=' | '<' | '<=' | '!=' | 'true';

/** One numeric term: `and` joins it to the previous term with AND (otherwise OR). */
export interface NumericTerm {
  readonly and: boolean;
  readonly op: NumericComparison;
  readonly value: number;
}

/**
 * One bitmask term (RFC 8955 §4.2.1.2): with `match`, the packet must have all of `value`'s bits
 * set; without it, any of them. `not` negates the result. `and` joins it to the previous term.
 */
export interface BitmaskTerm {
  readonly and: boolean;
  readonly not: boolean;
  readonly match: boolean;
  readonly value: number;
}

/** Kinds of prefix components. */
export type PrefixComponentKind = 'destination' | 'source';
/** Kinds of numeric components (type 3 is "next header" for IPv6; type 13 exists only for IPv6). */
export type NumericComponentKind = 'protocol' | 'port' | 'destination-port' | 'source-port' | 'icmp-type' | 'icmp-code' | 'packet-length' | 'dscp' | 'flow-label';
/** Kinds of bitmask components. */
export type BitmaskComponentKind = 'tcp-flags' | 'fragment';

/** A destination or source prefix; `offset` (IPv6 only) skips leading bits (RFC 8956 §3.1). */
export interface PrefixComponent {
  readonly kind: PrefixComponentKind;
  /** `addr/len` in the rule's family. */
  readonly prefix: string;
  readonly offset?: number;
}

/** A component matched with numeric terms. */
export interface NumericComponent {
  readonly kind: NumericComponentKind;
  readonly terms: readonly NumericTerm[];
}

/** A component matched with bitmask terms. */
export interface BitmaskComponent {
  readonly kind: BitmaskComponentKind;
  readonly terms: readonly BitmaskTerm[];
}

/** One component of a FlowSpec NLRI. */
export type FlowSpecComponent = PrefixComponent | NumericComponent | BitmaskComponent;
/** Any component kind. */
export type FlowSpecComponentKind = FlowSpecComponent['kind'];

/** The match part of a FlowSpec route: one NLRI. */
export interface FlowSpecRule {
  readonly family: FlowSpecFamily;
  readonly components: readonly FlowSpecComponent[];
}

/** Component type codes (RFC 8955 §4.2.2, RFC 8956 §3). */
export const COMPONENT_TYPE: Readonly<Record<FlowSpecComponentKind, number>> = {
  destination: 1,
  source: 2,
  protocol: 3,
  port: 4,
  'destination-port': 5,
  'source-port': 6,
  'icmp-type': 7,
  'icmp-code': 8,
  'tcp-flags': 9,
  'packet-length': 10,
  dscp: 11,
  fragment: 12,
  'flow-label': 13,
};

/** Component kind by type code. */
export const COMPONENT_KIND: Readonly<Record<number, FlowSpecComponentKind>> = Object.fromEntries(Object.entries(COMPONENT_TYPE).map(([k, v]) => [v, k as FlowSpecComponentKind]));

/** Largest value each numeric component can take. */
export const NUMERIC_MAX: Readonly<Record<NumericComponentKind, number>> = {
  protocol: 0xff,
  port: 0xffff,
  'destination-port': 0xffff,
  'source-port': 0xffff,
  'icmp-type': 0xff,
  'icmp-code': 0xff,
  'packet-length': 0xffff,
  dscp: 0x3f,
  'flow-label': 0xfffff,
};

/** True when the kind is a prefix component. */
export function isPrefixKind(kind: FlowSpecComponentKind): kind is PrefixComponentKind {
  return kind === 'destination' || kind === 'source';
}

/** True when the kind is a bitmask component. */
export function isBitmaskKind(kind: FlowSpecComponentKind): kind is BitmaskComponentKind {
  return kind === 'tcp-flags' || kind === 'fragment';
}

/** TCP flag bits of the TCP-flags component (RFC 8955 §4.2.2.9, the TCP header's flag octet). */
export const TcpFlag = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20, ECE: 0x40, CWR: 0x80 } as const;

/** Fragment bits (RFC 8955 §4.2.2.12; DF is not used for IPv6, RFC 8956 §3.6). */
export const FragmentFlag = { DontFragment: 0x01, IsFragment: 0x02, FirstFragment: 0x04, LastFragment: 0x08 } as const;

/** Builders of common numeric term lists. */
export const numeric = {
  /** Matches any of the values: `==a || ==b …`. */
  anyOf(...values: number[]): NumericTerm[] {
    return values.map((value) => ({ and: false, op: '==', value }));
  },
  /** Matches `lo <= x <= hi`. */
  range(lo: number, hi: number): NumericTerm[] {
    return [
      { and: false, op: '>=', value: lo },
      { and: true, op: '<=', value: hi },
    ];
  },
  /** One term with an explicit comparison. */
  term(op: NumericComparison, value: number, and = false): NumericTerm {
    return { and, op, value };
  },
} as const;

/** Builders of common bitmask terms. */
export const bitmask = {
  /** All bits of `value` set. */
  matchAll(value: number, and = false): BitmaskTerm {
    return { and, not: false, match: true, value };
  },
  /** Any bit of `value` set. */
  anyOf(value: number, and = false): BitmaskTerm {
    return { and, not: false, match: false, value };
  },
  /** None of the bits of `value` set. */
  noneOf(value: number, and = false): BitmaskTerm {
    return { and, not: true, match: false, value };
  },
} as const;
