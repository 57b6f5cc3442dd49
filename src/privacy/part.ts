/** Privacy's descriptor: pseudonymisation (see `core/part.ts`). */
import { definePart } from '../core/part.js';
import * as errors from './cryptopan/errors.js';
import { registerPseudonymize } from './pseudonymize-command.js';

/** The privacy part. */
export const privacyPart = definePart({
  name: 'privacy',
  errors: [errors],
  commands: [registerPseudonymize],
});
