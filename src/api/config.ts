import Type, { type Static } from 'typebox';
import { ListenAddress } from '../collector/config.js';

/** HTTP API and console configuration (the `api` section). */
export const ApiConfigSchema = Type.Object(
  {
    enabled: Type.Boolean({ default: true }),
    listen: Type.String({ ...ListenAddress, default: '127.0.0.1:8080', description: 'host:port of the HTTP API and console' }),
    metricsPath: Type.String({ default: '/metrics', pattern: '^/' }),
  },
  { default: {}, additionalProperties: false },
);

export type ApiConfig = Static<typeof ApiConfigSchema>;
