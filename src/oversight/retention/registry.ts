/**
 * What retention purges: a registry of data classes and the tables (with their time and id
 * columns) that hold each class. Each part declares its tables in its descriptor
 * (`retention: [...]` in `<part>/part.ts`) and the composition root builds the registry from them:
 *
 * ```ts
 * const registry = retentionRegistry(PLATFORM_RETENTION_TARGETS);
 * ```
 *
 * A registered table that does not exist when the job runs is reported as absent and skipped, so
 * the registry may name tables of parts not yet deployed.
 */
import type { RetentionTarget } from '../../core/retention-target.js';
import { ERR_RETENTION_TARGET } from '../errors.js';

export type { RetentionTarget } from '../../core/retention-target.js';

const NAME = /^[a-z][a-z0-9_]{0,62}$/;

/** The registry of retention targets. */
export class RetentionRegistry {
  readonly #targets: RetentionTarget[] = [];

  /**
   * Adds a target; names must be plain SQL identifiers (they are spliced into the purge's SQL), and
   * a table is registered once. Throws {@link ERR_RETENTION_TARGET} naming the table and what is
   * wrong, and registers nothing then.
   */
  register(t: RetentionTarget): this {
    for (const n of [t.dataClass, t.table, t.timeColumn, ...t.idColumns]) {
      if (!NAME.test(n)) throw new ERR_RETENTION_TARGET(JSON.stringify(t.table), `names must be lower-case identifiers, got ${JSON.stringify(n)}`);
    }
    if (t.idColumns.length === 0) throw new ERR_RETENTION_TARGET(t.table, 'needs id columns');
    if (this.#targets.some((o) => o.table === t.table)) throw new ERR_RETENTION_TARGET(t.table, 'is registered twice');
    this.#targets.push({ ...t, idColumns: [...t.idColumns], ...(t.cascades === undefined ? {} : { cascades: [...t.cascades] }) });
    return this;
  }

  /** Every target, in registration order. */
  targets(): readonly RetentionTarget[] {
    return this.#targets;
  }
}

/**
 * A registry of `targets` — the platform passes every part's (`platform/platform.ts`,
 * `PLATFORM_RETENTION_TARGETS`, assembled from the descriptors).
 *
 * @throws {@link ERR_RETENTION_TARGET} for a malformed or repeated target.
 */
export function retentionRegistry(targets: readonly RetentionTarget[]): RetentionRegistry {
  const registry = new RetentionRegistry();
  for (const t of targets) registry.register(t);
  return registry;
}
