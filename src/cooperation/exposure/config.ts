/**
 * Configuration of vulnerability exposure: how often findings are refreshed, how long inbound
 * traffic counts as exposure, and the sector weights of the priority formula. Defaults live here only.
 */
import Type, { type Static } from 'typebox';
import Value from 'typebox/value';
import { SECTORS } from '../../core/sectors.js';

const Weight = Type.Number({ minimum: 0, maximum: 5 });

/** `cooperation.exposure`. */
export const ExposureConfigSchema = Type.Object(
  {
    enabled: Type.Boolean({ default: true, description: 'match operators’ assets against the vulnerability records and keep the findings' }),
    refreshIntervalMs: Type.Integer({
      minimum: 1000,
      maximum: 86_400_000,
      default: 60_000,
      description: 'how often changed assets are matched again and priorities recomputed with fresh flow observations, in ms',
    }),
    observationWindowDays: Type.Integer({ minimum: 1, maximum: 365, default: 7, description: 'inbound traffic to an asset older than this no longer counts as exposure' }),
    sectorWeights: Type.Record(Type.String(), Weight, {
      default: {
        electricity: 5,
        gas: 5,
        water: 5,
        telecommunications: 5,
        finance: 5,
        railway: 4,
        aviation: 4,
        airports: 4,
        'international-shipping': 4,
        ports: 4,
        petroleum: 4,
        broadcasting: 3,
        trucking: 3,
        postal: 3,
        'credit-cards': 3,
      },
      description: `priority points (0–5) per sector (${SECTORS.join(', ')}): a policy choice of the office; the default ranks the sectors others depend on (energy, water, telecommunications, finance) first`,
    }),
    defaultSectorWeight: { ...Weight, default: 3, description: 'points of a sector not listed in sectorWeights' },
    maxDocumentBytes: Type.Integer({ minimum: 1024, maximum: 2_147_483_647, default: 536_870_912, description: 'largest vulnerability document one import reads, in bytes (after decompression)' }),
  },
  { additionalProperties: false },
);

/** The validated configuration. */
export type ExposureConfig = Static<typeof ExposureConfigSchema>;

/** Every default of {@link ExposureConfigSchema}, frozen. */
export const DEFAULT_EXPOSURE_CONFIG: ExposureConfig = Object.freeze(Value.Default(ExposureConfigSchema, {}) as ExposureConfig);
