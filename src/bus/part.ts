/** The bus part's descriptor: its configuration section and error codes (see `core/part.ts`). */
import { definePart } from '../core/part.js';
import { BusConfigSchema } from './config.js';
import * as errors from './errors.js';

/** The bus part. */
export const busPart = definePart({
  name: 'bus',
  config: { bus: BusConfigSchema },
  errors: [errors],
});
