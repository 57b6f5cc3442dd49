/** The accounts' descriptor: users, sessions, API tokens, role grants (see `core/part.ts`). */
import { definePart } from '../core/part.js';
import * as errors from './errors.js';
import * as m0007 from './migrations/0007-accounts.js';
import * as m0009 from './migrations/0009-accounts-hardening.js';
import { registerUser } from './user-command.js';

/** The accounts part. */
export const accountsPart = definePart({
  name: 'accounts',
  migrations: { '0007-accounts': m0007, '0009-accounts-hardening': m0009 },
  errors: [errors],
  commands: [registerUser],
});
