/** Intelligence's descriptor: indicators, sightings and the STIX object store (see `core/part.ts`). */
import { definePart } from '../core/part.js';
import { IntelConfigSchema } from './config.js';
import * as attackIntelErrors from './attack-intel/errors.js';
import * as errors from './errors.js';
import * as feedErrors from './feeds/errors.js';
import { registerFeedCommands } from './feeds/feed-commands.js';
import * as m0005 from './migrations/0005-intel.js';
import * as m0013 from './migrations/0013-stix-objects.js';
import * as m0014 from './migrations/0014-taxii.js';
import * as m0015 from './migrations/0015-intel-feeds.js';
import * as m0016 from './migrations/0016-misp-release.js';
import * as mispErrors from './misp/errors.js';
import { registerMisp } from './misp/misp-commands.js';
import * as stixErrors from './stix/errors.js';
import { registerStix } from './stix/stix-commands.js';
import { INTEL_SUBJECTS } from './subjects.js';
import { TaxiiServerConfigSchema } from './taxii/config.js';
import * as taxiiErrors from './taxii/errors.js';
import { registerIndicators } from './indicators-command.js';

/** The intel part. */
export const intelPart = definePart({
  name: 'intel',
  migrations: { '0005-intel': m0005, '0013-stix-objects': m0013, '0014-taxii': m0014, '0015-intel-feeds': m0015, '0016-misp-release': m0016 },
  config: { intel: IntelConfigSchema, taxii: TaxiiServerConfigSchema },
  retention: [{ dataClass: 'sightings', table: 'sightings', timeColumn: 'last_seen', idColumns: ['id'], holdEvidenceKind: 'sighting' }],
  subjects: INTEL_SUBJECTS,
  errors: [errors, stixErrors, taxiiErrors, attackIntelErrors, feedErrors, mispErrors],
  commands: [registerIndicators, registerStix, registerFeedCommands, registerMisp],
});
