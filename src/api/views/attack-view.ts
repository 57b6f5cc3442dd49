/**
 * The attack as the API shows it outside a purpose-bound read: the stored attack with its
 * sources coarsened to /24 or /48 (with country, ASN and shares), plus the organisation's name.
 */
import Type from 'typebox';
import type { AttackerEntry } from '../../detection/attack.js';
import type { StoredAttack } from '../../detection/store/attack-store.js';
import { Millis, Nullable } from '../http/schemas.js';
import { coarsen } from './mask.js';

const RatesSchema = Type.Record(Type.String(), Type.Object({ pps: Type.Number(), bps: Type.Number(), flowsPerSecond: Type.Number() }, { additionalProperties: false }), {
  description: 'per protocol class (total, tcp, tcp_syn, udp, icmp, gre, fragment)',
});

/** A coarsened source. */
export const SourceSchema = Type.Object(
  {
    prefix: Nullable(Type.String({ description: '/24 (IPv4) or /48 (IPv6) of the source' })),
    country: Nullable(Type.String()),
    asn: Nullable(Type.Integer()),
    packets: Type.Number(),
    bytes: Type.Number(),
    packetShare: Type.Number(),
    byteShare: Type.Number(),
    vectors: Type.Array(Type.String()),
  },
  { additionalProperties: false },
);

const HitPrefixSchema = Type.Object(
  {
    prefix: Type.String(),
    hostsHit: Type.Integer({ description: 'hosts in the prefix that received attack traffic' }),
    hostShare: Type.Number({ description: 'hostsHit over the addresses of the prefix, 0–1' }),
    packetShare: Type.Number({ description: "share of the attack's packets to this prefix, 0–1" }),
  },
  { additionalProperties: false },
);

/** What a carpet-bombing attack hits (see `detection/hit-extent.ts`). */
export const HitExtentSchema = Type.Object(
  {
    cover: HitPrefixSchema,
    prefixes: Type.Array(HitPrefixSchema, { description: 'tighter prefixes when the hosts hit are spread out; the cover alone when not' }),
    hostsHit: Type.Integer(),
    approximate: Type.Boolean({ description: 'more hosts were hit than the detector tracks one by one' }),
  },
  { additionalProperties: false, description: 'the part of the registered network a prefix (carpet-bombing) attack hits: what a mitigation should target' },
);

/** Top sources an attack list item carries (the detail has every one detection kept). */
export const LIST_TOP_SOURCES = 5;

/** An attack. */
export const AttackSchema = Type.Object(
  {
    id: Type.String(),
    scope: Type.Union([Type.Literal('host'), Type.Literal('prefix')]),
    target: Type.String(),
    family: Type.Integer(),
    networkId: Type.String(),
    organizationId: Type.String(),
    organizationName: Nullable(Type.String()),
    networkPrefix: Type.String(),
    state: Type.Union([Type.Literal('active'), Type.Literal('ended')]),
    startedAt: Millis,
    detectedAt: Nullable(Millis),
    updatedAt: Millis,
    endedAt: Nullable(Millis),
    endReason: Nullable(Type.String()),
    trigger: Nullable(Type.Object({ class: Type.String(), metric: Type.String(), rate: Type.Number(), threshold: Type.Number(), thresholdSource: Type.String() }, { additionalProperties: false })),
    vectors: Type.Array(
      Type.Object(
        { vector: Type.String(), service: Type.Optional(Type.String()), port: Type.Optional(Type.Integer()), packets: Type.Number(), bytes: Type.Number(), share: Type.Number() },
        { additionalProperties: false },
      ),
    ),
    current: Type.Object({ pps: Type.Number(), bps: Type.Number() }, { additionalProperties: false }),
    peak: Type.Object({ pps: Type.Number(), bps: Type.Number() }, { additionalProperties: false }),
    rates: RatesSchema,
    ratesEstimate: Nullable(
      Type.Object(
        { estimated: Type.Literal(true), coveredMs: Type.Number(), coveredFraction: Type.Number() },
        { additionalProperties: false, description: '`current` and `rates` are the estimate made at detection from this much of the attack; null once a complete second is in' },
      ),
    ),
    peakRates: RatesSchema,
    topSources: Type.Array(SourceSchema),
    sourceCount: Type.Number(),
    targetCount: Type.Number(),
    totals: Type.Object({ packets: Type.Number(), bytes: Type.Number() }, { additionalProperties: false }),
    extent: Nullable(HitExtentSchema),
  },
  { additionalProperties: false },
);

/**
 * An attack in lists: without the per-class rate breakdowns (in the detail and the live events)
 * and with its five largest sources, so a page of 50 stays small and quick on a board of 10 000.
 */
export const AttackSummarySchema = Type.Object(
  Object.fromEntries(Object.entries(AttackSchema.properties).filter(([k]) => k !== 'rates' && k !== 'peakRates')) as Omit<typeof AttackSchema.properties, 'rates' | 'peakRates'>,
  { additionalProperties: false },
);

/** A source as non-guarded views show it. */
export function sourceView(a: AttackerEntry) {
  return {
    prefix: coarsen(a.address),
    country: a.country ?? null,
    asn: a.asn ?? null,
    packets: a.packets,
    bytes: a.bytes,
    packetShare: a.packetShare,
    byteShare: a.byteShare,
    vectors: [...a.vectors],
  };
}

/** A stored attack as the API shows it. */
export function attackView(a: StoredAttack, organizationName: string | null) {
  return { ...a, organizationName, topSources: a.topSources.map(sourceView) };
}

/** A stored attack as lists show it (see {@link AttackSummarySchema}). */
export function attackSummary(a: StoredAttack, organizationName: string | null) {
  const { rates: _r, peakRates: _p, ...rest } = a;
  return { ...rest, organizationName, topSources: a.topSources.slice(0, LIST_TOP_SOURCES).map(sourceView) };
}
