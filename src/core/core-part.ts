/** The shared contracts' own descriptor: the errors `core/` raises (addresses, listen addresses, audit events, canonical JSON). */
import * as auditEvent from './audit-event.js';
import * as canonicalJson from './canonical-json.js';
import * as ip from './ip.js';
import * as listen from './listen.js';
import { definePart } from './part.js';

/** The core part. */
export const corePart = definePart({
  name: 'core',
  errors: [auditEvent, canonicalJson, ip, listen],
});
