/**
 * The attack as the API shows it outside a purpose-bound read: the stored or live attack with its
 * sources coarsened to /24 or /48 (with country, ASN and shares), plus the organisation's name.
 */
import Type from 'typebox';
import type { AttackerEntry, AttackUpdated } from '../../detection/attack.js';
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
      Type.Object({ vector: Type.String(), service: Type.Optional(Type.String()), port: Type.Optional(Type.Integer()), packets: Type.Number(), bytes: Type.Number(), share: Type.Number() }, { additionalProperties: false }),
    ),
    current: Type.Object({ pps: Type.Number(), bps: Type.Number() }, { additionalProperties: false }),
    peak: Type.Object({ pps: Type.Number(), bps: Type.Number() }, { additionalProperties: false }),
    rates: RatesSchema,
    peakRates: RatesSchema,
    topSources: Type.Array(SourceSchema),
    sourceCount: Type.Number(),
    targetCount: Type.Number(),
    totals: Type.Object({ packets: Type.Number(), bytes: Type.Number() }, { additionalProperties: false }),
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
  return { prefix: coarsen(a.address), country: a.country ?? null, asn: a.asn ?? null, packets: a.packets, bytes: a.bytes, packetShare: a.packetShare, byteShare: a.byteShare, vectors: [...a.vectors] };
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

/** A live `attack.updated` event as an attack (what the SSE stream sends each second). */
export function liveAttackView(e: AttackUpdated, organizationName: string | null) {
  return {
    id: e.attackId,
    scope: e.scope,
    target: e.target,
    family: e.family,
    networkId: e.networkId,
    organizationId: e.organizationId,
    organizationName,
    networkPrefix: e.networkPrefix,
    state: 'active' as const,
    startedAt: e.startedAt,
    detectedAt: null,
    updatedAt: e.at,
    endedAt: null,
    endReason: null,
    trigger: null,
    vectors: e.vectors,
    current: { pps: e.rates.total.pps, bps: e.rates.total.bps },
    peak: { pps: e.peak.total.pps, bps: e.peak.total.bps },
    rates: e.rates,
    peakRates: e.peak,
    topSources: e.topSources.map(sourceView),
    sourceCount: e.sourceCount,
    targetCount: e.targetCount,
    totals: e.totals,
  };
}
