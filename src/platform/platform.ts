/**
 * The platform assembled from its parts: the migrations storage runs, the configuration sections,
 * the retention targets and the subject catalogue of the bus the parts share.
 */
import type { Bus } from '../bus/bus.js';
import { migrationList } from '../storage/migration-list.js';
import { configSections, retentionTargets, subjectCatalogue } from './assemble.js';
import { PARTS } from './parts.js';

/** Every part's migrations, in the order they apply. */
export const PLATFORM_MIGRATIONS = migrationList(PARTS);

/** Every part's configuration section, keyed by its name in the configuration file. */
export const PLATFORM_CONFIG_SECTIONS = configSections(PARTS);

/** Every table retention may purge. */
export const PLATFORM_RETENTION_TARGETS = retentionTargets(PARTS);

/** Every subject the platform carries. */
export const PLATFORM_SUBJECTS = subjectCatalogue(PARTS);

/** The platform's subjects. */
export type PlatformSubjects = typeof PLATFORM_SUBJECTS;

/** The bus the platform's parts share. */
export type PlatformBus = Bus<PlatformSubjects>;
