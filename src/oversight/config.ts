/**
 * Configuration of the safeguards (the `oversight` section): excessive-monitoring thresholds,
 * automatic selection, retention per data class, the transparency report and partner keys for
 * pseudonymised sharing. The audit log keeps its own `audit` section (`audit/config.ts`).
 */
import Type, { type Static } from 'typebox';

const Days = (def: number, description: string) => Type.Integer({ minimum: 0, default: def, description: `${description}; days, 0 keeps forever` });

/** Thresholds of the excessive-monitoring flags. */
export const AccessConfigSchema = Type.Object(
  {
    volumeFactor: Type.Number({ minimum: 1, default: 10, description: 'flag a user whose rows read in the last 24 h exceed this multiple of their daily average' }),
    volumeMinRows: Type.Integer({ minimum: 0, default: 10_000, description: 'never flag volume below this many rows in 24 h' }),
    baselineDays: Type.Integer({ minimum: 1, maximum: 365, default: 28, description: 'days of history the per-user daily average is taken over' }),
    repeatCases: Type.Integer({ minimum: 2, default: 3, description: 'flag a person (keyed hash) looked up in this many distinct cases' }),
    repeatWindowDays: Type.Integer({ minimum: 1, maximum: 3650, default: 30, description: 'window for repeated look-ups' }),
    scopeWidestV4: Type.Integer({
      minimum: 0,
      maximum: 32,
      default: 16,
      description: 'widest IPv4 prefix (shortest length) a case scope entry may have; a wider entry is used only once a commission member approved it (IPv4-mapped IPv6 prefixes count as IPv4)',
    }),
    scopeWidestV6: Type.Integer({
      minimum: 0,
      maximum: 128,
      default: 32,
      description: 'widest IPv6 prefix (shortest length) a case scope entry may have; a wider entry is used only once a commission member approved it',
    }),
    evidenceMarginMinutes: Type.Integer({
      minimum: 0,
      maximum: 10_080,
      default: 60,
      description: "the scope a case has without declaring any: each attack it cites, as the attack's target over the attack's time, widened by this margin on both sides",
    }),
  },
  { default: {}, additionalProperties: false },
);

/** Automatic selection of communications information. */
export const SelectionConfigSchema = Type.Object(
  {
    enabled: Type.Boolean({ default: false, description: 'drop flows whose both ends are domestic before anything else sees them' }),
    country: Type.String({ pattern: '^[A-Z]{2}$', default: 'JP', description: 'ISO 3166 code whose delegations are domestic' }),
    delegatedFiles: Type.Array(Type.String({ minLength: 1 }), { default: [], description: 'RIR delegated-statistics files (e.g. delegated-apnic-extended-latest); relative paths are under dataDir' }),
    extraDomestic: Type.Array(Type.String({ minLength: 1 }), { default: [], description: 'further domestic prefixes (address/length)' }),
    periodSeconds: Type.Integer({ minimum: 60, maximum: 86_400, default: 3600, description: 'kept/erased counters are recorded in the audit log per exporter at this period' }),
  },
  { default: {}, additionalProperties: false },
);

/** Retention durations per data class, in days. */
export const RetentionConfigSchema = Type.Object(
  {
    days: Type.Object(
      {
        flows: Days(30, 'raw flows and flow aggregates'),
        attacks: Days(730, 'detected attacks'),
        sightings: Days(365, 'sightings (infected hosts, indicator hits)'),
        case_personal: Days(1095, 'personal data gathered for cases (access scopes, look-up records)'),
        reports: Days(1825, 'incident reports'),
        exporter_stats: Days(400, 'exporter statistics and selection counters'),
      },
      { default: {}, additionalProperties: Type.Integer({ minimum: 0 }), description: 'per data class; classes other parts register may be added' },
    ),
    batchRows: Type.Integer({ minimum: 10, maximum: 100_000, default: 1000, description: 'rows deleted per statement' }),
  },
  { default: {}, additionalProperties: false },
);

/** The transparency report. */
export const ReportConfigSchema = Type.Object(
  {
    suppressBelow: Type.Integer({ minimum: 1, maximum: 100, default: 5, description: 'counts from 1 to this minus one are published as "<N"' }),
    utcOffsetMinutes: Type.Integer({ minimum: -720, maximum: 840, default: 540, description: 'time zone of report periods (540: Japan Standard Time)' }),
  },
  { default: {}, additionalProperties: false },
);

/** One partner key for pseudonymised sharing. */
export const PartnerKeySchema = Type.Object(
  {
    id: Type.String({ pattern: '^[A-Za-z0-9._:-]{1,64}$' }),
    file: Type.String({ minLength: 1, description: '64 hex digits, mode 0600; relative paths are under dataDir' }),
    validFrom: Type.String({ format: 'date-time', description: 'RFC 3339 time from which this key is used' }),
  },
  { additionalProperties: false },
);

/** Pseudonymised sharing with partners. */
export const SharingConfigSchema = Type.Object(
  {
    partners: Type.Array(Type.Object({ partner: Type.String({ pattern: '^[A-Za-z0-9._:-]{1,64}$' }), keys: Type.Array(PartnerKeySchema, { minItems: 1 }) }, { additionalProperties: false }), {
      default: [],
    }),
  },
  { default: {}, additionalProperties: false },
);

/** The `oversight` section. */
export const OversightConfigSchema = Type.Object(
  {
    access: AccessConfigSchema,
    selection: SelectionConfigSchema,
    retention: RetentionConfigSchema,
    report: ReportConfigSchema,
    sharing: SharingConfigSchema,
  },
  { default: {}, additionalProperties: false },
);

/** The validated `oversight` section. */
export type OversightConfig = Static<typeof OversightConfigSchema>;
/** The validated `oversight.access` section. */
export type AccessConfig = Static<typeof AccessConfigSchema>;
/** The validated `oversight.selection` section. */
export type SelectionConfig = Static<typeof SelectionConfigSchema>;
/** The validated `oversight.retention` section. */
export type RetentionConfig = Static<typeof RetentionConfigSchema>;
/** The validated `oversight.sharing` section. */
export type SharingConfig = Static<typeof SharingConfigSchema>;
