/** The events part's descriptor: its configuration section and error codes (see `core/part.ts`). */
import { definePart } from '../core/part.js';
import { EventsConfigSchema } from './config.js';
import * as errors from './errors.js';

/** The events part. */
export const eventsPart = definePart({
  name: 'events',
  config: { events: EventsConfigSchema },
  errors: [errors],
});
