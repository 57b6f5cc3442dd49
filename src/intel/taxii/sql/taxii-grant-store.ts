/**
 * Reads and writes the access grants of TAXII collections (`taxii_collection_grants`). The
 * composition root or an admin command grants; the SQL TAXII backend reads.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../storage/database.js';
import type { TaxiiGrant, TaxiiGranteeKind } from './collection-rights.js';

/** Reads and writes collection access grants. */
export class TaxiiGrantStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Sets the rights of one grantee on one collection (replacing the grantee's earlier grant). */
  async grant(grant: TaxiiGrant, now: number): Promise<void> {
    const row = {
      collection_id: grant.collectionId,
      grantee_kind: grant.granteeKind,
      grantee: grant.grantee,
      can_read: grant.canRead ? 1 : 0,
      can_write: grant.canWrite ? 1 : 0,
      updated_at: now,
    };
    await this.#db
      .insertInto('taxii_collection_grants')
      .values(row)
      .onConflict((oc) => oc.columns(['collection_id', 'grantee_kind', 'grantee']).doUpdateSet({ can_read: row.can_read, can_write: row.can_write, updated_at: now }))
      .execute();
  }

  /** Removes a grantee's grant on a collection; answers whether there was one. */
  async revoke(collectionId: string, granteeKind: TaxiiGranteeKind, grantee: string): Promise<boolean> {
    const r = await this.#db.deleteFrom('taxii_collection_grants').where('collection_id', '=', collectionId).where('grantee_kind', '=', granteeKind).where('grantee', '=', grantee).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** The grants of the given collections (of every collection when `collectionIds` is absent). */
  async list(collectionIds?: readonly string[]): Promise<TaxiiGrant[]> {
    if (collectionIds !== undefined && collectionIds.length === 0) return [];
    let q = this.#db.selectFrom('taxii_collection_grants').selectAll();
    if (collectionIds !== undefined) q = q.where('collection_id', 'in', [...collectionIds]);
    const rows = await q.orderBy('collection_id').orderBy('grantee_kind').orderBy('grantee').execute();
    return rows.map((r) => ({ collectionId: r.collection_id, granteeKind: r.grantee_kind, grantee: r.grantee, canRead: r.can_read === 1, canWrite: r.can_write === 1 }));
  }
}
