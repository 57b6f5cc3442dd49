/**
 * The whole configuration schema. Each part of the product owns its section in its own
 * `config.ts`; this file only assembles them. Defaults live in the schema, nowhere else.
 */
import Type, { type Static } from 'typebox';
import { ApiConfigSchema } from '../api/config.js';
import { BgpConfigSchema } from '../bgp/config.js';
import { BusConfigSchema } from '../bus/config.js';
import { CollectorConfigSchema } from '../collector/config.js';
import { DetectionConfigSchema } from '../detection/config.js';
import { EnrichmentConfigSchema } from '../enrichment/config.js';
import { EventsConfigSchema } from '../events/config.js';
import { IntelConfigSchema } from '../intel/config.js';
import { OperationsConfigSchema } from '../operations/config.js';
import { OversightConfigSchema } from '../oversight/config.js';
import { AuditConfigSchema } from '../oversight/audit/config.js';
import { StorageConfigSchema } from '../storage/config.js';

export const LogConfigSchema = Type.Object(
  {
    level: Type.Union([Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent')], {
      default: 'info',
    }),
    format: Type.Union([Type.Literal('auto'), Type.Literal('json'), Type.Literal('pretty')], {
      default: 'auto',
      description:
        'json: one JSON object per line; pretty: one readable line per entry; auto: pretty when the logs (stderr) go to a terminal, JSON lines otherwise. The --log-format option overrides it',
    }),
  },
  { default: {}, additionalProperties: false },
);

export const ConfigSchema = Type.Object(
  {
    dataDir: Type.String({ default: './data', minLength: 1, description: 'directory for the embedded database and generated files' }),
    log: LogConfigSchema,
    storage: StorageConfigSchema,
    collector: CollectorConfigSchema,
    api: ApiConfigSchema,
    audit: AuditConfigSchema,
    bgp: BgpConfigSchema,
    detection: DetectionConfigSchema,
    intel: IntelConfigSchema,
    enrichment: EnrichmentConfigSchema,
    bus: BusConfigSchema,
    events: EventsConfigSchema,
    operations: OperationsConfigSchema,
    oversight: OversightConfigSchema,
  },
  { additionalProperties: false },
);

/** The validated, frozen configuration. */
export type Config = Static<typeof ConfigSchema>;
