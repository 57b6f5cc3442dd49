/**
 * The whole configuration schema. Each part of the product owns its sections in its own
 * `config.ts` and declares them in its descriptor (`core/part.ts`); this file adds the global
 * settings (`dataDir`, `log`) to the sections the parts declare. Defaults live in the schema,
 * nowhere else.
 */
import Type, { type Static } from 'typebox';
import { PLATFORM_CONFIG_SECTIONS } from '../platform/platform.js';

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
    ...PLATFORM_CONFIG_SECTIONS,
  },
  { additionalProperties: false },
);

/** The validated, frozen configuration. */
export type Config = Static<typeof ConfigSchema>;
