/**
 * Stored indicators (`indicators` table): what `sakimori indicators load` writes and what the
 * server loads into its {@link IndicatorSet} at start. Every change validates all its inputs first
 * and runs in one transaction, so a bad file changes nothing.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Database } from '../storage/database.js';
import { newId } from '../storage/id.js';
import type { IndicatorsTable } from './tables.js';
import { inTransaction, lockForWrite } from '../storage/transaction.js';
import { normalizeIndicator, type Indicator, type IndicatorInput, type IndicatorKind } from './indicator.js';
import type { IndicatorChange, IndicatorSet } from './indicator-set.js';

/** An indicator as stored, with its row id and times. */
export interface StoredIndicator extends Indicator {
  readonly id: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

function toIndicator(r: Selectable<IndicatorsTable>): StoredIndicator {
  const ind = normalizeIndicator({ value: r.value, port: r.port, protocol: r.protocol, label: r.label, kind: r.kind as IndicatorKind }, r.source);
  return { ...ind, id: r.id, createdAt: r.created_at, updatedAt: r.updated_at };
}

/** Reads and writes `indicators`. */
export class IndicatorStore {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /**
   * Replaces the indicators of `source` with `inputs` (reloading a file): keys no longer given are
   * deleted, new ones inserted, existing ones updated; a key held by another source is taken over.
   *
   * @throws `SAKIMORI_ERR_INTEL_INVALID_INDICATOR` before anything is written.
   */
  async replaceSource(source: string, inputs: readonly IndicatorInput[]): Promise<IndicatorChange> {
    return this.#write(source, inputs, true);
  }

  /** Adds indicators to `source`, keeping its others. */
  async add(source: string, inputs: readonly IndicatorInput[]): Promise<IndicatorChange> {
    return this.#write(source, inputs, false);
  }

  /** Every stored indicator, ordered by key; only one source's when given. */
  async list(filter: { readonly source?: string } = {}): Promise<StoredIndicator[]> {
    let q = this.#db.selectFrom('indicators').selectAll().orderBy('key');
    if (filter.source !== undefined) q = q.where('source', '=', filter.source);
    return (await q.execute()).map(toIndicator);
  }

  /** Deletes indicators by key; returns how many were deleted. */
  async remove(keys: readonly string[]): Promise<number> {
    if (keys.length === 0) return 0;
    const r = await this.#db.deleteFrom('indicators').where('key', 'in', keys).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Deletes every indicator of a source; returns how many were deleted. */
  async removeSource(source: string): Promise<number> {
    const r = await this.#db.deleteFrom('indicators').where('source', '=', source).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Replaces the whole set with the stored indicators; returns the change. */
  async loadInto(set: IndicatorSet): Promise<IndicatorChange> {
    const stored = await this.list();
    return set.replace(stored.map((i) => ({ value: i.value, port: i.port, protocol: i.protocol, label: i.label, kind: i.kind, source: i.source })));
  }

  async #write(source: string, inputs: readonly IndicatorInput[], replace: boolean): Promise<IndicatorChange> {
    const incoming = new Map<string, Indicator>();
    for (const input of inputs) {
      const ind = normalizeIndicator(input, source);
      incoming.delete(ind.key);
      incoming.set(ind.key, ind);
    }
    const now = this.#clock.now();
    return inTransaction(this.#db, async (trx) => {
      await lockForWrite(trx, 'indicators');
      let removed = 0;
      if (replace) {
        const old = await trx.selectFrom('indicators').select('key').where('source', '=', source).execute();
        const gone = old.map((r) => r.key).filter((k) => !incoming.has(k));
        for (let i = 0; i < gone.length; i += 500) {
          const r = await trx
            .deleteFrom('indicators')
            .where('key', 'in', gone.slice(i, i + 500))
            .executeTakeFirst();
          removed += Number(r.numDeletedRows);
        }
      }
      const all = [...incoming.values()];
      let existing = 0;
      for (let i = 0; i < all.length; i += 500) {
        const chunk = all.slice(i, i + 500);
        existing += (
          await trx
            .selectFrom('indicators')
            .select('key')
            .where(
              'key',
              'in',
              chunk.map((c) => c.key),
            )
            .execute()
        ).length;
        await trx
          .insertInto('indicators')
          .values(
            chunk.map((ind) => ({
              id: newId(now),
              key: ind.key,
              value: ind.value,
              family: ind.prefix.family,
              port: ind.port,
              protocol: ind.protocol,
              kind: ind.kind,
              label: ind.label,
              source,
              created_at: now,
              updated_at: now,
            })),
          )
          .onConflict((oc) =>
            oc.column('key').doUpdateSet((eb) => ({ label: eb.ref('excluded.label'), kind: eb.ref('excluded.kind'), source: eb.ref('excluded.source'), updated_at: eb.ref('excluded.updated_at') })),
          )
          .execute();
      }
      return { added: all.length - existing, updated: existing, removed, version: 0 };
    });
  }
}
