/** The storage part's descriptor: its configuration section and error codes (see `core/part.ts`). */
import { definePart } from '../core/part.js';
import { StorageConfigSchema } from './config.js';
import * as errors from './errors.js';

/** The storage part. */
export const storagePart = definePart({
  name: 'storage',
  config: { storage: StorageConfigSchema },
  errors: [errors],
});
