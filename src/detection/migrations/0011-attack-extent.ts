/**
 * Attacks (issue 16): what a carpet-bombing attack hits, and whether the current rate is the
 * estimate `attack.started` carried.
 *
 * - `attacks.extent`: JSON `HitExtent` (`detection/hit-extent.ts`) of a prefix attack — the smallest
 *   prefix covering the hosts hit and a few tighter ones, with the share of hosts hit in each —
 *   beside the registered network; NULL for host attacks and attacks stored before.
 * - `attacks.rates_estimate`: JSON `RatesEstimate` while `rates` is the estimate made at
 *   detection; NULL once the first complete second is stored (and for attacks stored before).
 *
 * Frozen once released: change the schema in a later migration, never here.
 */
import type { Kysely } from 'kysely';

/** Adds the two columns. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('attacks').addColumn('extent', 'text').execute();
  await db.schema.alterTable('attacks').addColumn('rates_estimate', 'text').execute();
}

/** Drops them again. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('attacks').dropColumn('rates_estimate').execute();
  await db.schema.alterTable('attacks').dropColumn('extent').execute();
}
