/**
 * The schemas of the events detection publishes (`attack.started|updated|ended`, `host.infected`)
 * and of the infection reports it accepts, as bus subjects. The bus checks every message against
 * them on receipt, so an event from another machine reaches a handler only in the shape
 * `attack.ts` declares; `platform/subjects.test.ts` proves the schemas' types equal those interfaces.
 */
import Type, { type TSchema } from 'typebox';
import type { Bus, SubjectSpec } from '../bus/bus.js';
import type { AttackId } from '../core/ids.js';
import { CLASS_NAMES, METRIC_NAMES } from './traffic-class.js';
import { VECTOR_NAMES } from './vectors.js';

const immutableArray = <T extends TSchema>(item: T) => Type.Immutable(Type.Array(item));

const AttackIdSchema = Type.Unsafe<AttackId>(Type.String({ minLength: 1 }));
const Family = Type.Union([Type.Literal(4), Type.Literal(6)]);
const VectorName = Type.Enum(VECTOR_NAMES);
const ClassName = Type.Enum(CLASS_NAMES);

const Rates = Type.Object({ pps: Type.Number(), bps: Type.Number(), flowsPerSecond: Type.Number() });
const ClassRates = Type.Object({ total: Rates, tcp: Rates, tcp_syn: Rates, udp: Rates, icmp: Rates, gre: Rates, fragment: Rates });
const RateThreshold = Type.Object({ pps: Type.Optional(Type.Number()), bps: Type.Optional(Type.Number()), flowsPerSecond: Type.Optional(Type.Number()) });
const NetworkThresholds = Type.Object({
  total: Type.Optional(RateThreshold),
  tcp: Type.Optional(RateThreshold),
  tcp_syn: Type.Optional(RateThreshold),
  udp: Type.Optional(RateThreshold),
  icmp: Type.Optional(RateThreshold),
  gre: Type.Optional(RateThreshold),
  fragment: Type.Optional(RateThreshold),
});

const VectorShare = Type.Object({
  vector: VectorName,
  service: Type.Optional(Type.String()),
  port: Type.Optional(Type.Integer()),
  packets: Type.Number(),
  bytes: Type.Number(),
  share: Type.Number(),
});

const AttackerEntry = Type.Object({
  address: Type.String(),
  packets: Type.Number(),
  bytes: Type.Number(),
  packetShare: Type.Number(),
  byteShare: Type.Number(),
  firstSeen: Type.Number(),
  lastSeen: Type.Number(),
  vectors: immutableArray(VectorName),
  errorBound: Type.Number(),
  country: Type.Optional(Type.String()),
  asn: Type.Optional(Type.Integer()),
});

const AttackTrigger = Type.Object({
  class: ClassName,
  metric: Type.Enum(METRIC_NAMES),
  rate: Type.Number(),
  threshold: Type.Number(),
  thresholdSource: Type.Enum(['configured', 'learned', 'default']),
});

const HitPrefix = Type.Object({ prefix: Type.String(), hostsHit: Type.Integer(), hostShare: Type.Number(), packetShare: Type.Number() });
const HitExtent = Type.Object({ cover: HitPrefix, prefixes: immutableArray(HitPrefix), hostsHit: Type.Integer(), approximate: Type.Boolean() });

const identityAndEvidence = {
  attackId: AttackIdSchema,
  scope: Type.Enum(['host', 'prefix']),
  target: Type.String(),
  family: Family,
  networkId: Type.String(),
  organizationId: Type.String(),
  networkPrefix: Type.String(),
  startedAt: Type.Number(),
  vectors: immutableArray(VectorShare),
  topSources: immutableArray(AttackerEntry),
  sourceCount: Type.Number(),
  targetCount: Type.Number(),
  totals: Type.Object({ packets: Type.Number(), bytes: Type.Number() }),
  extent: Type.Optional(HitExtent),
};

/** `attack.started`. */
export const AttackStartedSchema = Type.Object({
  kind: Type.Literal('attack.started'),
  ...identityAndEvidence,
  detectedAt: Type.Number(),
  trigger: AttackTrigger,
  rates: ClassRates,
  ratesEstimate: Type.Object({ estimated: Type.Literal(true), coveredMs: Type.Number(), coveredFraction: Type.Number() }),
  thresholds: NetworkThresholds,
});

/** `attack.updated`. */
export const AttackUpdatedSchema = Type.Object({
  kind: Type.Literal('attack.updated'),
  ...identityAndEvidence,
  at: Type.Number(),
  second: Type.Number(),
  rates: ClassRates,
  peak: ClassRates,
});

/** `attack.ended`. */
export const AttackEndedSchema = Type.Object({
  kind: Type.Literal('attack.ended'),
  ...identityAndEvidence,
  endedAt: Type.Number(),
  lastActiveAt: Type.Number(),
  durationSeconds: Type.Number(),
  reason: Type.Enum(['quiet', 'networks-changed', 'shutdown']),
  peak: ClassRates,
  attackers: immutableArray(AttackerEntry),
  attackersTruncated: Type.Boolean(),
});

const InfectionEvidence = Type.Union([
  Type.Object({
    kind: Type.Literal('outbound-flood'),
    trigger: AttackTrigger,
    rates: ClassRates,
    vectors: immutableArray(VectorShare),
    topTargets: immutableArray(AttackerEntry),
    targetCount: Type.Number(),
  }),
  Type.Object({ kind: Type.Literal('attack-source'), attackId: AttackIdSchema, attackTarget: Type.String(), packets: Type.Number(), bytes: Type.Number() }),
  Type.Object({ kind: Type.Literal('indicator'), indicator: Type.String(), details: Type.Record(Type.String(), Type.Unknown()) }),
]);

/** `host.infected`. */
export const HostInfectedSchema = Type.Object({
  kind: Type.Literal('host.infected'),
  host: Type.String(),
  family: Family,
  networkId: Type.String(),
  organizationId: Type.String(),
  networkPrefix: Type.String(),
  detectedAt: Type.Number(),
  evidence: InfectionEvidence,
});

/** `detection.infection.reported`: another part believes a protected host infected (see `InfectionReport`). */
export const InfectionReportSchema = Type.Object({
  address: Type.String({ minLength: 1 }),
  indicator: Type.String(),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  observedAt: Type.Optional(Type.Number()),
});

/** Subjects detection publishes and the one it listens to. */
export const DETECTION_SUBJECTS = {
  'attack.started': { schema: AttackStartedSchema, description: 'an attack was detected' },
  'attack.updated': { schema: AttackUpdatedSchema, description: 'an attack goes on: its last complete second' },
  'attack.ended': { schema: AttackEndedSchema, description: 'an attack ended' },
  'host.infected': { schema: HostInfectedSchema, description: 'a host inside a protected network is likely infected' },
  'detection.infection.reported': { schema: InfectionReportSchema, description: 'evidence that a protected host is infected, for detection to judge' },
} as const satisfies Record<string, SubjectSpec>;

/** Detection's subjects. */
export type DetectionSubjects = typeof DETECTION_SUBJECTS;

/** The bus as detection sees it: its own subjects (the platform's bus carries them among others). */
export type DetectionBus = Bus<DetectionSubjects>;
