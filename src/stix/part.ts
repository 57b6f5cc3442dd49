/** STIX 2.1's descriptor: a pure part (no tables yet), so only its error codes (see `core/part.ts`). */
import { definePart } from '../core/part.js';
import * as markingErrors from './marking/errors.js';
import * as mispErrors from './misp/errors.js';
import * as objectErrors from './object/errors.js';
import * as patternErrors from './pattern/errors.js';

/** The stix part. */
export const stixPart = definePart({
  name: 'stix',
  errors: [objectErrors, patternErrors, markingErrors, mispErrors],
});
