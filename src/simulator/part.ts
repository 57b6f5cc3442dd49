/** The simulator's descriptor: scenario errors (see `core/part.ts`). */
import { definePart } from '../core/part.js';
import * as scenarioErrors from './scenario-errors.js';

/** The simulator part. */
export const simulatorPart = definePart({
  name: 'simulator',
  errors: [scenarioErrors],
});
