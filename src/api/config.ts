import Type, { type Static } from 'typebox';
import { ListenAddress } from '../collector/config.js';

/** HTTP API and console configuration (the `api` section). */
export const ApiConfigSchema = Type.Object(
  {
    enabled: Type.Boolean({ default: true }),
    listen: Type.Array(ListenAddress, { default: ['127.0.0.1:8080'] }),
    metricsPath: Type.String({ default: '/metrics', pattern: '^/' }),
  },
  { default: {}, additionalProperties: false },
);

export type ApiConfig = Static<typeof ApiConfigSchema>;
