/**
 * Configuration of vulnerability exposure: how often findings are refreshed, how long inbound
 * traffic counts as exposure, and the sector weights of the priority formula. Defaults live here only.
 */
import Type, { type Static } from 'typebox';
import Value from 'typebox/value';
import { SECTORS } from '../../core/sectors.js';
import type { VulnDocumentKind } from './vuln-import.js';

const Weight = Type.Number({ minimum: 0, maximum: 5 });

/** One polled source. */
export const VulnSourceSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description: 'names the source in logs and in its saved place' }),
    kind: Type.Union(
      ['nvd', 'cve5', 'kev-json', 'kev-csv', 'epss', 'jvn-rss', 'jvn-vuldef'].map((k) => Type.Literal(k)),
      { description: 'nvd is paged and incremental; the others are single documents fetched with conditional requests' },
    ),
    url: Type.String({ pattern: '^https?://', description: 'NVD: the CVE API 2.0 endpoint (https://services.nvd.nist.gov/rest/json/cves/2.0); others: the document (gzip is undone)' }),
    enabled: Type.Boolean({ default: true }),
    intervalSeconds: Type.Integer({ minimum: 60, maximum: 604_800, default: 7200, description: 'how often the source is polled' }),
    minRequestIntervalMs: Type.Integer({ minimum: 0, maximum: 60_000, default: 6000, description: 'pause between NVD page requests (NVD: 5 requests per 30 s without a key; it asks for about 6 s)' }),
    resultsPerPage: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000, description: 'NVD page size (default 2000, NVD’s largest)' })),
    apiKeyEnv: Type.Optional(Type.String({ pattern: '^[A-Z_][A-Z0-9_]*$', description: 'environment variable holding an NVD API key, sent as the apiKey header' })),
  },
  { additionalProperties: false },
);

/** A polled source's settings. */
export type VulnSourceConfig = Omit<Static<typeof VulnSourceSchema>, 'kind'> & { readonly kind: VulnDocumentKind };

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
    sources: Type.Array(VulnSourceSchema, { default: [], description: 'sources polled over HTTP (none by default: files are imported with `sakimori vulns import`)' }),
    maxDocumentBytes: Type.Integer({ minimum: 1024, maximum: 2_147_483_647, default: 536_870_912, description: 'largest vulnerability document one import reads, in bytes (after decompression)' }),
  },
  { additionalProperties: false },
);

/** The validated configuration. */
export type ExposureConfig = Omit<Static<typeof ExposureConfigSchema>, 'sources'> & { readonly sources: readonly VulnSourceConfig[] };

/** Every default of {@link ExposureConfigSchema}, frozen. */
export const DEFAULT_EXPOSURE_CONFIG: ExposureConfig = Object.freeze(Value.Default(ExposureConfigSchema, {}) as ExposureConfig);
