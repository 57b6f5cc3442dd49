/**
 * For tests of the asset register: its tables (migration 0017) in a test database even while the
 * platform's migration list does not include them yet, so the tests run the same before and after
 * the part is registered; the organisations the tests write for; row counts.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../../core/clock.js';
import { NetworkStore, type ProtectedNetwork } from '../../../registry/network-store.js';
import { type Organization, OrganizationStore } from '../../../registry/organization-store.js';
import type { Database } from '../../../storage/database.js';
import { inTransaction } from '../../../storage/transaction.js';
import { up } from '../../migrations/0017-cooperation-assets.js';

/** Applies migration 0017 unless `operator_assets` exists already. */
export async function ensureAssetTables(db: Kysely<Database>): Promise<void> {
  const tables = await db.introspection.getTables();
  if (tables.some((t) => t.name === 'operator_assets')) return;
  await inTransaction(db as unknown as Kysely<unknown>, (trx) => up(trx));
}

/** The organisations and network the register's tests write assets for. */
export interface RegisterFixture {
  /** An electricity operator with the protected network 198.51.100.0/24. */
  readonly kaminari: Organization;
  readonly kaminariNetwork: ProtectedNetwork;
  /** A bank with the protected network 203.0.113.0/24. */
  readonly kohaku: Organization;
  readonly kohakuNetwork: ProtectedNetwork;
}

/** Registers the fixture's organisations and networks (after `ensureAssetTables` and a reset). */
export async function seedRegister(db: Kysely<Database>, clock: Clock): Promise<RegisterFixture> {
  const orgs = new OrganizationStore(db, clock);
  const networks = new NetworkStore(db, clock);
  const kaminari = await orgs.create({ name: 'Kaminari Power', sector: 'electricity' });
  const kohaku = await orgs.create({ name: 'Kohaku Bank', sector: 'finance' });
  const kaminariNetwork = await networks.add({ organizationId: kaminari.id, prefix: '198.51.100.0/24', name: 'Tokyo DC' });
  const kohakuNetwork = await networks.add({ organizationId: kohaku.id, prefix: '203.0.113.0/24', name: 'Head office' });
  return { kaminari, kaminariNetwork, kohaku, kohakuNetwork };
}

/** Rows in the register's two tables, to check that a refusal wrote nothing. */
export async function registerRowCounts(db: Kysely<Database>): Promise<{ assets: number; history: number }> {
  const count = async (table: 'operator_assets' | 'operator_asset_history') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { assets: await count('operator_assets'), history: await count('operator_asset_history') };
}
