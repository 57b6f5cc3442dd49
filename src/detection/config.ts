import Type, { type Static } from 'typebox';

const RateSchema = Type.Object(
  {
    pps: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'packets per second' })),
    bps: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'bits per second' })),
    flowsPerSecond: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'new flow records per second' })),
  },
  { additionalProperties: false },
);

/** Thresholds by protocol class, the shape the registry stores per network. */
export const ThresholdsSchema = Type.Object(
  {
    total: Type.Optional(RateSchema),
    tcp: Type.Optional(RateSchema),
    tcp_syn: Type.Optional(RateSchema),
    udp: Type.Optional(RateSchema),
    icmp: Type.Optional(RateSchema),
    gre: Type.Optional(RateSchema),
    fragment: Type.Optional(RateSchema),
  },
  { additionalProperties: false },
);

/** Detection configuration (the `detection` section). Defaults live here only. */
export const DetectionConfigSchema = Type.Object(
  {
    enabled: Type.Boolean({ default: true }),
    windowSeconds: Type.Integer({
      minimum: 4,
      maximum: 120,
      default: 10,
      description:
        'per-second buckets kept per host and prefix; flow records older than this are not counted. Exporters whose records arrive later than windowSeconds - 3 (inactive timeout) are counted on arrival; raise it above that to keep every second in its own time (several exporters with different timeouts carrying one target)',
    }),
    settleSeconds: Type.Integer({
      minimum: 0,
      maximum: 5,
      default: 1,
      description:
        'least seconds a second is left open for late records before updates report it; longer when the exporters carrying a target send later (learned per exporter, at most windowSeconds - 2)',
    }),
    cooldownSeconds: Type.Integer({ minimum: 1, maximum: 3600, default: 15, description: 'seconds below the hysteresis level before an attack ends' }),
    hysteresis: Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 0.5, description: 'fraction of the threshold below which a second counts as quiet' }),
    tickMs: Type.Integer({ minimum: 50, maximum: 1000, default: 200, description: 'how often the clock is checked for a new second' }),
    networkSyncSeconds: Type.Integer({
      minimum: 1,
      maximum: 3600,
      default: 10,
      description: 'how often the protected networks are read again from the registry (detection and indicator sightings change only when the list did)',
    }),
    maxHosts: Type.Integer({ minimum: 64, maximum: 4194304, default: 32768, description: 'destination hosts tracked at once (memory is fixed: see the benchmark)' }),
    maxAttacks: Type.Integer({ minimum: 1, maximum: 65536, default: 1024, description: 'attacks (and outbound episodes) tracked at once' }),
    thresholds: Type.Object(
      {
        host: Type.Object(ThresholdsSchema.properties, {
          additionalProperties: false,
          default: { total: { pps: 20000, bps: 1e9 } },
          description: 'default per-host thresholds where a network sets none and none is learned',
        }),
        prefixFactor: Type.Number({ minimum: 1, default: 8, description: 'default aggregate threshold of a prefix, as a multiple of its host threshold' }),
      },
      { default: {}, additionalProperties: false },
    ),
    baseline: Type.Object(
      {
        enabled: Type.Boolean({ default: true, description: 'learn per-hour-of-week baselines and use them where no threshold is configured' }),
        percentile: Type.Number({ minimum: 0.5, maximum: 1, default: 0.99 }),
        burstFactor: Type.Number({ minimum: 1, default: 3, description: 'learned threshold = percentile × burstFactor' }),
        minSecondsPerHour: Type.Integer({ minimum: 1, maximum: 3600, default: 900 }),
        smoothing: Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 0.3, description: 'weight of the newest week in a learned cell' }),
        utcOffsetMinutes: Type.Integer({ minimum: -720, maximum: 840, default: 0, description: 'local time of the hour-of-week cells (540 for Japan)' }),
        saveIntervalSeconds: Type.Integer({
          minimum: 1,
          maximum: 86400,
          default: 300,
          description:
            'how often learned baselines are written to storage when they changed (they change once an hour), and always at stop; a process killed keeps only what the last save wrote, and the hour in progress is never saved',
        }),
        floor: Type.Object(RateSchema.properties, {
          additionalProperties: false,
          default: { pps: 5000, bps: 50e6, flowsPerSecond: 2000 },
          description: 'learned thresholds are never below these',
        }),
      },
      { default: {}, additionalProperties: false },
    ),
    attackers: Type.Object(
      {
        initialPerAttack: Type.Integer({ minimum: 16, default: 1024 }),
        maxPerAttack: Type.Integer({ minimum: 16, default: 131072, description: 'sources tracked exactly per attack before Space-Saving replacement starts' }),
        totalEntries: Type.Integer({ minimum: 1024, default: 2097152, description: 'sources tracked across all attacks (about 90 bytes each)' }),
        top: Type.Integer({ minimum: 1, maximum: 1000, default: 20, description: 'sources in started/updated events' }),
        maxInEnded: Type.Integer({ minimum: 0, default: 10000, description: 'sources listed in attack.ended' }),
        minVectorShare: Type.Number({ minimum: 0, maximum: 1, default: 0.1, description: 'share of packets for a vector to be reported' }),
        retainEnded: Type.Integer({ minimum: 0, default: 64, description: 'ended attacks whose attacker lists stay available' }),
      },
      { default: {}, additionalProperties: false },
    ),
    knownSources: Type.Object(
      {
        enabled: Type.Boolean({ default: true, description: 'leave sources seen in ordinary times out of attacker lists' }),
        sliceSeconds: Type.Integer({ minimum: 1, default: 30 }),
        slices: Type.Integer({ minimum: 1, maximum: 1024, default: 20 }),
        bitsLog2: Type.Integer({ minimum: 10, maximum: 28, default: 22 }),
        marginSeconds: Type.Integer({ minimum: 0, default: 30, description: 'sources first seen this close to an attack start still count as attackers' }),
      },
      { default: {}, additionalProperties: false },
    ),
    outbound: Type.Object(
      {
        enabled: Type.Boolean({ default: true, description: 'report hosts inside protected networks that send floods' }),
        maxHosts: Type.Integer({ minimum: 64, default: 8192 }),
        thresholds: Type.Object(ThresholdsSchema.properties, {
          additionalProperties: false,
          default: { total: { pps: 100000 }, tcp_syn: { pps: 5000 }, udp: { pps: 50000 }, icmp: { pps: 5000 }, gre: { pps: 10000 }, fragment: { pps: 10000 } },
        }),
        reportIntervalSeconds: Type.Integer({ minimum: 1, default: 3600, description: 'a host is reported at most once per interval and reason' }),
      },
      { default: {}, additionalProperties: false },
    ),
    plausibility: Type.Object(
      {
        maxRecordPps: Type.Number({ exclusiveMinimum: 0, default: 150e6, description: 'records implying more packets per second than this are dropped (100GbE line rate ≈ 148.8 Mpps)' }),
        maxRecordBps: Type.Number({ exclusiveMinimum: 0, default: 1.6e12 }),
        minBytesPerPacket: Type.Number({ minimum: 0, default: 20 }),
        maxBytesPerPacket: Type.Number({ minimum: 1, default: 65535 }),
        futureToleranceMs: Type.Integer({ minimum: 0, default: 2000, description: 'exporters whose newest record is further ahead of the detector clock are shifted back' }),
      },
      { default: {}, additionalProperties: false },
    ),
    allowlist: Type.Array(Type.String(), { default: [], description: 'addresses or prefixes whose traffic (as source or destination) is never counted as attack traffic' }),
  },
  { default: {}, additionalProperties: false },
);

/** The validated detection configuration. */
export type DetectionConfig = Static<typeof DetectionConfigSchema>;
