/**
 * Cooperation's descriptor: operators' assets ("specified important computers"), the reporting
 * regimes and their clocks, and incident reports (see `core/part.ts`).
 */
import Type from 'typebox';
import { definePart } from '../core/part.js';
import { AssetsConfigSchema } from './assets/config.js';
import * as assetErrors from './assets/errors.js';
import { ExposureConfigSchema } from './exposure/config.js';
import * as exposureErrors from './exposure/errors.js';
import { registerVulns } from './exposure/vulns-commands.js';
import { IncidentsConfigSchema } from './incidents/config.js';
import * as incidentErrors from './incidents/errors.js';
import * as m0018 from './migrations/0018-cooperation-incidents.js';
import { INCIDENT_SUBJECTS } from './incidents/subjects.js';
import * as m0017 from './migrations/0017-cooperation-assets.js';
import * as m0019 from './migrations/0019-incident-alerts.js';
import * as m0020 from './migrations/0020-vuln-records.js';
import * as m0021 from './migrations/0021-advisories.js';
import * as advisoryErrors from './advisories/errors.js';
import * as regimeErrors from './regimes/errors.js';

/** The `cooperation` configuration section. */
export const CooperationConfigSchema = Type.Object(
  {
    assets: Type.Object(AssetsConfigSchema.properties, { additionalProperties: false, default: {} }),
    incidents: Type.Object(IncidentsConfigSchema.properties, { additionalProperties: false, default: {} }),
    exposure: Type.Object(ExposureConfigSchema.properties, { additionalProperties: false, default: {} }),
  },
  { additionalProperties: false, default: {} },
);

/** The cooperation part. */
export const cooperationPart = definePart({
  name: 'cooperation',
  migrations: { '0017-cooperation-assets': m0017, '0018-cooperation-incidents': m0018, '0019-incident-alerts': m0019, '0020-vuln-records': m0020, '0021-advisories': m0021 },
  subjects: INCIDENT_SUBJECTS,
  config: { cooperation: CooperationConfigSchema },
  errors: [assetErrors, regimeErrors, incidentErrors, exposureErrors, advisoryErrors],
  commands: [registerVulns],
});
