/**
 * Configuration of the asset register: the calendar its dates are days of, and the import limits.
 * Defaults live here only.
 */
import Type, { type Static } from 'typebox';
import Value from 'typebox/value';

/** The asset register (`cooperation.assets`, should the part expose it). */
export const AssetsConfigSchema = Type.Object(
  {
    timeZone: Type.String({
      minLength: 1,
      default: 'Asia/Tokyo',
      description: 'IANA time zone whose calendar days introduction dates are: "today" and an organisation’s designation day are taken in it',
    }),
    csvMaxBytes: Type.Integer({ minimum: 1024, maximum: 268435456, default: 8388608, description: 'largest asset CSV accepted, in bytes' }),
    csvMaxRows: Type.Integer({ minimum: 1, maximum: 1000000, default: 20000, description: 'most data rows in one asset CSV' }),
    sbomMaxBytes: Type.Integer({ minimum: 1024, maximum: 1073741824, default: 33554432, description: 'largest CycloneDX SBOM accepted, in bytes' }),
    sbomMaxComponents: Type.Integer({ minimum: 1, maximum: 1000000, default: 20000, description: 'most components (nested ones included) in one SBOM' }),
    sbomMaxDepth: Type.Integer({ minimum: 1, maximum: 256, default: 32, description: 'deepest nesting of components in one SBOM' }),
  },
  { additionalProperties: false },
);

/** The validated configuration. */
export type AssetsConfig = Static<typeof AssetsConfigSchema>;

/** Every default of {@link AssetsConfigSchema}, frozen. */
export const DEFAULT_ASSETS_CONFIG: AssetsConfig = Object.freeze(Value.Default(AssetsConfigSchema, {}) as AssetsConfig);
