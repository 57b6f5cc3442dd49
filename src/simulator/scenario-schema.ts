/**
 * The scenario file format (YAML), as a TypeBox schema. Times are seconds from the scenario start,
 * rates packets per second of true traffic (before any exporter samples). See `scenarios/*.yaml`
 * for examples and `scenario.ts` for loading and the checks beyond the schema.
 *
 * Pure: no I/O.
 */
import Type, { type Static } from 'typebox';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

const Seconds = Type.Number({ exclusiveMinimum: 0 });
const Offset = Type.Number({ minimum: 0 });
const Positive = Type.Number({ exclusiveMinimum: 0 });
const Fraction = Type.Number({ minimum: 0, maximum: 1 });

/** Attack kinds. */
export const ATTACK_KINDS = ['syn', 'ack', 'rst', 'stomp', 'udp', 'amplification', 'icmp', 'gre', 'fragment', 'carpet', 'botnet'] as const;
export type AttackKind = (typeof ATTACK_KINDS)[number];

/** Export formats. */
export const EXPORT_FORMATS = ['netflow-v5', 'netflow-v9', 'ipfix', 'sflow'] as const;

const NetworkSchema = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    prefixes: Type.Array(Type.String(), { minItems: 1 }),
  },
  { additionalProperties: false },
);

const ExporterSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1 })),
    format: literals(EXPORT_FORMATS),
    address: Type.Optional(Type.String()),
    samplingRate: Type.Optional(Type.Integer({ minimum: 1, maximum: 16383 })),
    activeTimeout: Type.Optional(Seconds),
    inactiveTimeout: Type.Optional(Seconds),
    exportInterval: Type.Optional(Type.Number({ minimum: 0.01, maximum: 60 })),
    exportPhase: Type.Optional(Type.Number({ minimum: 0, maximum: 60 })),
    templateRefresh: Type.Optional(Seconds),
    cacheEntries: Type.Optional(Type.Integer({ minimum: 1024, maximum: 4194304 })),
    mtu: Type.Optional(Type.Integer({ minimum: 576, maximum: 9000 })),
    observationDomain: Type.Optional(Type.Integer({ minimum: 0, maximum: 4294967295 })),
    ipfixSampling: Type.Optional(literals(['psamp', 'legacy'] as const)),
    sflowSamples: Type.Optional(literals(['compact', 'expanded'] as const)),
    counterInterval: Type.Optional(Seconds),
    maxDelay: Type.Optional(Seconds),
    vlan: Type.Optional(Type.Boolean()),
    networks: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
  },
  { additionalProperties: false },
);

const MixSchema = Type.Object(
  {
    web: Type.Optional(Offset),
    quic: Type.Optional(Offset),
    dns: Type.Optional(Offset),
    ntp: Type.Optional(Offset),
    icmp: Type.Optional(Offset),
  },
  { additionalProperties: false },
);

const LongFlowsSchema = Type.Object(
  {
    count: Type.Integer({ minimum: 0, maximum: 100000 }),
    minDuration: Type.Optional(Seconds),
    maxDuration: Type.Optional(Seconds),
    minMbps: Type.Optional(Positive),
    maxMbps: Type.Optional(Positive),
  },
  { additionalProperties: false },
);

const BackgroundSchema = Type.Object(
  {
    pps: Offset,
    diurnal: Type.Optional(Type.Boolean()),
    networks: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
    ipv6Share: Type.Optional(Fraction),
    mix: Type.Optional(MixSchema),
    longFlows: Type.Optional(LongFlowsSchema),
  },
  { additionalProperties: false },
);

const AttackSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1 })),
    kind: literals(ATTACK_KINDS),
    start: Offset,
    duration: Seconds,
    target: Type.String(),
    rate: Type.Optional(Positive),
    thresholdMultiple: Type.Optional(Positive),
    hostFraction: Type.Optional(Positive),
    sources: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000000 })),
    reflectors: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000000 })),
    botnet: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'attacks naming the same botnet draw their bots from one set, so their sources coincide' })),
    vectors: Type.Optional(Type.Record(Type.String(), Offset)),
    ports: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 65535 }), { minItems: 1 })),
    packetSize: Type.Optional(Type.Integer({ minimum: 28, maximum: 9000 })),
  },
  { additionalProperties: false },
);

const BeaconSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1 })),
    host: Type.String(),
    c2: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
    interval: Seconds,
    jitter: Type.Optional(Fraction),
    start: Type.Optional(Offset),
    duration: Type.Optional(Seconds),
  },
  { additionalProperties: false },
);

const ThresholdsSchema = Type.Object(
  {
    hostPps: Type.Optional(Positive),
    hostBps: Type.Optional(Positive),
    prefixPps: Type.Optional(Positive),
    prefixBps: Type.Optional(Positive),
  },
  { additionalProperties: false },
);

/** A scenario file. */
export const ScenarioSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1 })),
    description: Type.Optional(Type.String()),
    start: Type.Optional(Type.String()),
    duration: Seconds,
    repeat: Type.Optional(Type.Boolean()),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 4294967295 })),
    tick: Type.Optional(Type.Integer({ minimum: 10, maximum: 1000 })),
    timezone: Type.Optional(Type.Number({ minimum: -12, maximum: 14 })),
    thresholds: Type.Optional(ThresholdsSchema),
    networks: Type.Optional(Type.Array(NetworkSchema, { minItems: 1, maxItems: 200 })),
    exporters: Type.Array(ExporterSchema, { minItems: 1, maxItems: 250 }),
    background: Type.Optional(BackgroundSchema),
    attacks: Type.Optional(Type.Array(AttackSchema, { maxItems: 1000 })),
    beacons: Type.Optional(Type.Array(BeaconSchema, { maxItems: 1000 })),
  },
  { additionalProperties: false },
);

/** A scenario file as written (before defaults and checks). */
export type ScenarioFile = Static<typeof ScenarioSchema>;
/** An exporter as written in a scenario file. */
export type ExporterFile = Static<typeof ExporterSchema>;
/** An attack as written in a scenario file. */
export type AttackFile = Static<typeof AttackSchema>;
/** A beacon as written in a scenario file. */
export type BeaconFile = Static<typeof BeaconSchema>;
/** The benign background as written in a scenario file. */
export type BackgroundFile = Static<typeof BackgroundSchema>;
