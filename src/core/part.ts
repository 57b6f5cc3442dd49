/**
 * The module descriptor through which every part registers itself: the tables' migrations it owns,
 * its configuration sections, what retention may purge from its tables, the subjects it carries on
 * the bus, its error codes, its CLI commands and the figures it contributes to the transparency
 * report. `platform/parts.ts` lists the descriptors, and storage, configuration, retention, the
 * bus, the CLI and the docs generator assemble them — adding a part touches its own folder and
 * that one list.
 *
 * The descriptor refers only to this file's contracts and to what the part itself owns, so
 * `core/` stays below every part. Row types of a part's tables are declared in its own
 * `tables.ts`, which merges them into storage's `Database` interface (TypeScript declaration
 * merging), so stores keep one typed query builder over the whole schema.
 *
 * @example
 * ```ts
 * // src/intel/part.ts
 * export const intelPart = definePart({
 *   name: 'intel',
 *   migrations: { '0005-intel': m0005 },
 *   config: { intel: IntelConfigSchema },
 *   retention: [{ dataClass: 'sightings', table: 'sightings', timeColumn: 'last_seen', idColumns: ['id'], holdEvidenceKind: 'sighting' }],
 *   subjects: INTEL_SUBJECTS,
 *   errors: [errors],
 *   commands: [registerIndicatorCommands],
 * });
 * ```
 */
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import type { TSchema } from 'typebox';
import type { Clock } from './clock.js';
import type { RetentionTarget } from './retention-target.js';

/** What a migration file exports: `up` (and `down`) written with Kysely's schema builder only. */
export interface MigrationModule {
  up(db: Kysely<unknown>): Promise<void>;
  down?(db: Kysely<unknown>): Promise<void>;
  /**
   * Set to `false` for the rare migration that must run outside a transaction (on SQLite, a table
   * rebuild that switches `foreign_keys` off, which cannot change inside a transaction).
   */
  readonly transactional?: boolean;
}

/**
 * What the CLI's composition root gives a part's commands, by type: the started storage, and the
 * audit runtime (storage plus the started program audit log and the configuration). A part names
 * the shape it needs (`CommandKit<{ storage: Storage; audit: MyAuditView }>`); the CLI's kit has
 * all of it.
 */
export interface CommandEnv {
  readonly storage: unknown;
  readonly audit: unknown;
}

/**
 * What a part's CLI command gets from the CLI, so the part needs nothing above it: the composition
 * of a command run (configuration named by `--config`, storage, the audit log) and output helpers.
 */
export interface CommandKit<E extends CommandEnv = CommandEnv> {
  /**
   * Loads the configuration, starts storage (migrating it when `migrateOnStart`, default
   * `storage.migrateOnStart`), runs `fn` and stops storage whatever happens.
   */
  withStorage<T>(program: Command, options: { readonly migrateOnStart?: boolean }, fn: (storage: E['storage'], clock: Clock) => Promise<T>): Promise<T>;
  /** Like {@link withStorage}, with the program audit log started too (stopped, with a last checkpoint, after `fn`). */
  withAudit<T>(program: Command, fn: (runtime: E['audit']) => Promise<T>): Promise<T>;
  /** Writes `value` as indented JSON on stdout, for `--json`. */
  printJson(value: unknown): void;
  /** Renders rows as an aligned text table under `header`. */
  formatTable(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string;
}

/**
 * A CLI command (or command group) a part adds to the `sakimori` program. The part types `kit`
 * by what it needs (`CommandKit<{ storage: Storage; audit: unknown }>`); the CLI checks at compile
 * time that its kit gives every part's commands what they need (`cli/command-kit.ts`).
 */
// biome-ignore lint/suspicious/noExplicitAny: each part narrows the kit's environment; the CLI checks its kit against every command's declared needs.
export type PartCommand = (program: Command, kit: CommandKit<any>) => void;

/**
 * One section of the transparency report that a part computes from its own tables, so the report
 * (oversight) reads other parts through their descriptors instead of their tables. `D` is the
 * part's query builder, `T` the figures.
 */
export interface TransparencySource<T, D = never> {
  /** Tables the section reads; when one is absent the section is reported unavailable. */
  readonly tables: readonly string[];
  /** Computes the figures over `[from, to)`; `now` judges what is overdue in a running period. */
  compute(db: D, period: { readonly from: number; readonly to: number }, now: number): Promise<T>;
}

/** How a part registers itself. Every field is optional: a pure part (flow/, core/) has none. */
export interface PartDescriptor {
  /** The part's folder under `src/`. */
  readonly name: string;
  /** Migrations of the part's tables, keyed `NNNN-<name>`; numbers are unique across parts. */
  readonly migrations?: Readonly<Record<string, MigrationModule>>;
  /** Configuration sections the part owns, keyed by their top-level name in the configuration file. */
  readonly config?: Readonly<Record<string, TSchema>>;
  /** Tables whose rows retention may purge, by data class. */
  readonly retention?: readonly RetentionTarget[];
  /** Bus subjects the part publishes, each with its schema. */
  readonly subjects?: Readonly<Record<string, { readonly schema: TSchema; readonly description: string }>>;
  /**
   * The modules defining the part's error codes (`import * as errors from './errors.js'`): the
   * docs generator lists every error class they export, and a test checks that every error the
   * program can raise belongs to some part.
   */
  readonly errors?: readonly Readonly<Record<string, unknown>>[];
  /** CLI commands the part adds. */
  readonly commands?: readonly PartCommand[];
  /** Sections of the transparency report computed from the part's tables, keyed by section name. */
  readonly transparency?: Readonly<Record<string, TransparencySource<unknown>>>;
}

/** Declares a part's descriptor, keeping its literal types (config sections, subjects) for assembly. */
export function definePart<const D extends PartDescriptor>(descriptor: D): D {
  return Object.freeze(descriptor);
}
