/**
 * The platform's catalogue of subjects: every part's subjects in one place. Each part owns its
 * subjects and their schemas (`detection/event-schemas.ts`, `intel/subjects.ts`,
 * `operations/subjects.ts`); this file only assembles them, so the bus everything shares is typed
 * by subject end to end.
 */
import { DETECTION_SUBJECTS } from '../detection/event-schemas.js';
import { INTEL_SUBJECTS } from '../intel/subjects.js';
import { OPERATIONS_BUS_SUBJECTS } from '../operations/subjects.js';
import type { Bus } from './bus.js';

/** Every subject the platform carries. */
export const PLATFORM_SUBJECTS = { ...DETECTION_SUBJECTS, ...INTEL_SUBJECTS, ...OPERATIONS_BUS_SUBJECTS } as const;

/** The platform's subjects. */
export type PlatformSubjects = typeof PLATFORM_SUBJECTS;

/** The bus the platform's parts share. */
export type PlatformBus = Bus<PlatformSubjects>;
