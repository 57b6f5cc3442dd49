/** The bgp part's descriptor: its configuration section and error codes (see `core/part.ts`). */
import { definePart } from '../core/part.js';
import { BgpConfigSchema } from './config.js';
import * as errors from './errors.js';

/** The bgp part. */
export const bgpPart = definePart({
  name: 'bgp',
  config: { bgp: BgpConfigSchema },
  errors: [errors],
});
