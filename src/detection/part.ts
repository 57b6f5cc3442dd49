/** Detection's descriptor: attacks, their timeline and sources, learned baselines (see `core/part.ts`). */
import { definePart } from '../core/part.js';
import { DetectionConfigSchema } from './config.js';
import * as errors from './errors.js';
import { DETECTION_SUBJECTS } from './event-schemas.js';
import * as m0006 from './migrations/0006-attacks.js';
import * as m0011 from './migrations/0011-attack-extent.js';
import * as m0012 from './migrations/0012-baselines.js';
import * as attackStore from './store/attack-store.js';

/** The detection part. */
export const detectionPart = definePart({
  name: 'detection',
  migrations: { '0006-attacks': m0006, '0011-attack-extent': m0011, '0012-baselines': m0012 },
  config: { detection: DetectionConfigSchema },
  retention: [{ dataClass: 'attacks', table: 'attacks', timeColumn: 'ended_at', idColumns: ['id'], holdEvidenceKind: 'attack', cascades: ['attack_timeline', 'attack_sources'] }],
  subjects: DETECTION_SUBJECTS,
  errors: [errors, attackStore],
});
