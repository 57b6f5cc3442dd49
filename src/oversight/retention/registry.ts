/**
 * What retention purges: a registry of data classes and the tables (with their time and id
 * columns) that hold each class. Each part of the product registers its own tables here, by
 * appending to {@link defaultRetentionRegistry} (or calling `register` at its composition root):
 *
 * ```ts
 * registry.register({ dataClass: 'flows', table: 'flow_aggregates', timeColumn: 'period_start', idColumns: ['id'] });
 * ```
 *
 * A registered table that does not exist when the job runs is reported as absent and skipped, so
 * the registry may name tables of parts not yet deployed.
 */
import { ERR_RETENTION_TARGET } from '../errors.js';

/** One table holding data of a class. */
export interface RetentionTarget {
  /** The data class (a key of `oversight.retention.days`). */
  readonly dataClass: string;
  readonly table: string;
  /** Epoch-ms column compared with the cutoff; rows where it is null are never purged. */
  readonly timeColumn: string;
  /** Columns that identify a row, hashed into the deletion receipt. */
  readonly idColumns: readonly string[];
  /**
   * Legal hold: rows whose first id column is cited (`case_evidence.ref`) with this evidence kind
   * by a case that is not closed are kept.
   */
  readonly holdEvidenceKind?: string;
  /** Tables whose rows go with these by ON DELETE CASCADE, for the receipt. */
  readonly cascades?: readonly string[];
}

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
 * The tables known today: detection's attacks, intel's sightings, the collector's exporter
 * statistics, and oversight's own personal data about cases. Raw flows and incident reports have
 * no SQL table yet; their parts register them when they add one.
 */
export function defaultRetentionRegistry(): RetentionRegistry {
  return new RetentionRegistry()
    .register({ dataClass: 'attacks', table: 'attacks', timeColumn: 'ended_at', idColumns: ['id'], holdEvidenceKind: 'attack', cascades: ['attack_timeline', 'attack_sources'] })
    .register({ dataClass: 'sightings', table: 'sightings', timeColumn: 'last_seen', idColumns: ['id'], holdEvidenceKind: 'sighting' })
    .register({ dataClass: 'case_personal', table: 'data_access_lookups', timeColumn: 'at', idColumns: ['access_id', 'mac'] })
    .register({ dataClass: 'case_personal', table: 'case_access_scopes', timeColumn: 'to_ms', idColumns: ['id'] })
    .register({ dataClass: 'exporter_stats', table: 'exporter_stats', timeColumn: 'period_start', idColumns: ['exporter_id', 'period_start'] })
    .register({ dataClass: 'exporter_stats', table: 'selection_counters', timeColumn: 'period_start', idColumns: ['exporter', 'period_start'] });
}
