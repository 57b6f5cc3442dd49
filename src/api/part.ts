/** The API's descriptor: its configuration section and error codes (see `core/part.ts`). */
import { definePart } from '../core/part.js';
import { ApiConfigSchema } from './config.js';
import * as errors from './errors.js';
import * as validator from './http/validator.js';
import * as metricsListener from './metrics-listener.js';

/** The api part. */
export const apiPart = definePart({
  name: 'api',
  config: { api: ApiConfigSchema },
  errors: [errors, validator, metricsListener],
});
