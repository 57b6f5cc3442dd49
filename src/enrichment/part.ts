/** The enrichment part's descriptor: its configuration section and error codes (see `core/part.ts`). */
import { definePart } from '../core/part.js';
import { EnrichmentConfigSchema } from './config.js';
import * as errors from './errors.js';

/** The enrichment part. */
export const enrichmentPart = definePart({
  name: 'enrichment',
  config: { enrichment: EnrichmentConfigSchema },
  errors: [errors],
});
