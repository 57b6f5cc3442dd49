/**
 * The steps every write of the register shares, inside the caller's transaction: who may write for
 * which organisation, the identity of an asset, resolving network references, and writing rows
 * together with their history.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { asId, type NetworkId } from '../../core/ids.js';
import { formatPrefix, parsePrefix } from '../../core/ip.js';
import { ERR_REGISTRY_ORGANIZATION_NOT_FOUND } from '../../registry/errors.js';
import type { Database } from '../../storage/database.js';
import type { OperatorAssetHistoryTable, OperatorAssetsTable } from '../tables.js';
import type { AssetActor } from './asset.js';
import { ERR_ASSET_CONFLICT, ERR_ASSET_WRONG_ORGANIZATION } from './errors.js';
import { assetIdentityKey, type IdentityFields } from './product-identity.js';

/** Rows per multi-row insert: 18 columns × 500 stays far below both engines' parameter limits. */
const INSERT_CHUNK = 500;
/** Identities per `in (…)` lookup. */
const LOOKUP_CHUNK = 500;

/**
 * Refuses a write by an actor who acts for another organisation than `organizationId`.
 *
 * @throws {@link ERR_ASSET_WRONG_ORGANIZATION}
 */
export function checkActor(actor: Pick<AssetActor, 'organizationId'>, organizationId: string): void {
  // Security invariant: an operator's user writes only its own organisation's assets.
  if (actor.organizationId !== null && actor.organizationId !== organizationId) throw new ERR_ASSET_WRONG_ORGANIZATION(organizationId, actor.organizationId);
}

/** The stored identity of an asset: SHA-256 hex of its identity key. */
export function identityOf(f: IdentityFields): string {
  return createHash('sha256').update(assetIdentityKey(f)).digest('hex');
}

/**
 * Checks the organisation exists.
 *
 * @throws `SAKIMORI_ERR_REGISTRY_ORGANIZATION_NOT_FOUND`
 */
export async function requireOrganization(trx: Kysely<Database>, organizationId: string): Promise<void> {
  const org = await trx.selectFrom('organizations').select('id').where('id', '=', organizationId).executeTakeFirst();
  if (org === undefined) throw new ERR_REGISTRY_ORGANIZATION_NOT_FOUND(JSON.stringify(organizationId));
}

/** Resolves a network reference (an id, or a prefix as registered) among one organisation's protected networks. */
export type NetworkResolver = (ref: string) => NetworkId | undefined;

/** Loads the organisation's protected networks once and resolves references against them. */
export async function networkResolver(trx: Kysely<Database>, organizationId: string): Promise<NetworkResolver> {
  const rows = await trx.selectFrom('protected_networks').select(['id', 'prefix']).where('organization_id', '=', organizationId).execute();
  const byRef = new Map<string, string>();
  for (const r of rows) {
    byRef.set(r.id, r.id);
    byRef.set(r.prefix, r.id);
  }
  return (ref) => {
    let id = byRef.get(ref);
    if (id === undefined && ref.includes('/')) {
      try {
        id = byRef.get(formatPrefix(parsePrefix(ref, { strict: true })));
      } catch {
        id = undefined;
      }
    }
    return id === undefined ? undefined : asId<NetworkId>(id);
  };
}

/** Existing assets of the organisation by identity, for the given identities. */
export async function assetsByIdentity(trx: Kysely<Database>, organizationId: string, identities: readonly string[]): Promise<Map<string, OperatorAssetsTable>> {
  const out = new Map<string, OperatorAssetsTable>();
  for (let i = 0; i < identities.length; i += LOOKUP_CHUNK) {
    const chunk = identities.slice(i, i + LOOKUP_CHUNK);
    const rows = await trx.selectFrom('operator_assets').selectAll().where('organization_id', '=', organizationId).where('identity', 'in', chunk).execute();
    for (const r of rows) out.set(r.identity, r);
  }
  return out;
}

/** Inserts assets and their history rows, in chunks. */
export async function insertRows(trx: Kysely<Database>, assets: readonly OperatorAssetsTable[], history: readonly OperatorAssetHistoryTable[]): Promise<void> {
  for (let i = 0; i < assets.length; i += INSERT_CHUNK)
    await trx
      .insertInto('operator_assets')
      .values(assets.slice(i, i + INSERT_CHUNK))
      .execute();
  for (let i = 0; i < history.length; i += INSERT_CHUNK)
    await trx
      .insertInto('operator_asset_history')
      .values(history.slice(i, i + INSERT_CHUNK))
      .execute();
}

/**
 * Writes the next revision of an asset, provided it is still at `revision`; the caller inserts the
 * history row of the new revision in the same transaction.
 *
 * @throws {@link ERR_ASSET_CONFLICT} when another writer changed it since it was read.
 */
export async function writeRevision(
  trx: Kysely<Database>,
  current: Pick<OperatorAssetsTable, 'id' | 'revision'>,
  next: Partial<OperatorAssetsTable> & { readonly identity: string; readonly updated_at: number },
): Promise<OperatorAssetsTable> {
  const row = await trx
    .updateTable('operator_assets')
    .set({ ...next, revision: Number(current.revision) + 1 })
    .where('id', '=', current.id)
    .where('revision', '=', current.revision)
    .returningAll()
    .executeTakeFirst();
  if (row === undefined) throw new ERR_ASSET_CONFLICT(JSON.stringify(current.id), `it is no longer at revision ${current.revision}`);
  return row;
}
