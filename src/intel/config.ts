import Type, { type Static } from 'typebox';

/** Indicator matching and sightings (the `intel` section). Defaults live here only. */
export const IntelConfigSchema = Type.Object(
  {
    enabled: Type.Boolean({ default: true, description: 'match every flow record against the indicator set' }),
    indicatorFiles: Type.Array(Type.String({ minLength: 1 }), {
      default: [],
      description: 'indicator files (text or JSON) loaded at start on top of the stored indicators, each under source file:<name>',
    }),
    flushIntervalMs: Type.Integer({ minimum: 100, maximum: 60000, default: 2000, description: 'how often sightings are written to storage and published' }),
    maxSightings: Type.Integer({ minimum: 16, maximum: 4194304, default: 65536, description: '(indicator, host) pairs held in memory; matches of further pairs are dropped and counted' }),
    idleSeconds: Type.Integer({ minimum: 1, maximum: 604800, default: 3600, description: 'a stored pair unseen this long leaves memory (its row stays)' }),
    requireProtected: Type.Boolean({ default: true, description: 'record only matches whose other end lies in a protected network' }),
  },
  { default: {}, additionalProperties: false },
);

/** The validated `intel` section. */
export type IntelConfig = Static<typeof IntelConfigSchema>;
