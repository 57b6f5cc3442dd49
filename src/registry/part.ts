/** The operator registry's descriptor: organisations and protected networks (see `core/part.ts`). */
import { definePart } from '../core/part.js';
import * as errors from './errors.js';
import * as m0001 from './migrations/0001-registry.js';
import { registerNetwork, registerOrg } from './registry-commands.js';

/** The registry part. */
export const registryPart = definePart({
  name: 'registry',
  migrations: { '0001-registry': m0001 },
  errors: [errors],
  commands: [registerOrg, registerNetwork],
});
