/**
 * Protected networks: the prefixes organisations ask Sakimori to watch. Prefixes are strict and
 * canonical; two organisations can never claim overlapping address space, because an attack on
 * an address must belong to exactly one organisation (the owner of the longest match is only
 * unambiguous within one organisation). Nested prefixes of the same organisation are allowed, for
 * example a /24 with tighter thresholds inside the organisation's /22.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../core/clock.js';
import { asId, type NetworkId, type OrganizationId } from '../core/ids.js';
import { parsePrefix, type Prefix } from '../core/ip.js';
import type { Sector } from '../core/sectors.js';
import type { Database } from '../storage/database.js';
import { isUniqueViolation } from '../storage/errors.js';
import { newId } from '../storage/id.js';
import type { ProtectedNetworksTable } from './tables.js';
import { inTransaction, lockForWrite } from '../storage/transaction.js';
import { ERR_REGISTRY_DUPLICATE_NETWORK, ERR_REGISTRY_NETWORK_NOT_FOUND, ERR_REGISTRY_ORGANIZATION_NOT_FOUND, ERR_REGISTRY_PREFIX_OVERLAP } from './errors.js';
import { parseThresholds, type NetworkThresholds } from './thresholds.js';
import { validateDescription, validateOptionalName, validatePrefix, type CheckedPrefix } from './validation.js';

/** A registered protected network. */
export interface ProtectedNetwork {
  readonly id: NetworkId;
  readonly organizationId: OrganizationId;
  /** Canonical prefix text. */
  readonly prefix: string;
  readonly family: 4 | 6;
  readonly name: string | null;
  readonly description: string | null;
  /** Per-network thresholds, or null for the detector's defaults. */
  readonly thresholds: NetworkThresholds | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** What detection needs of each network to build its longest-prefix-match table. */
export interface DetectionNetwork {
  readonly id: NetworkId;
  readonly organizationId: OrganizationId;
  readonly organizationName: string;
  readonly sector: Sector;
  readonly prefix: Prefix;
  readonly thresholds: NetworkThresholds | null;
}

/** Untrusted input to add a network. `thresholds` may be an object or JSON text. */
export interface NetworkInput {
  readonly organizationId: string;
  readonly prefix: unknown;
  readonly name?: unknown;
  readonly description?: unknown;
  readonly thresholds?: unknown;
}

/** Untrusted changes; absent fields stay, null clears. The prefix itself never changes. */
export interface NetworkPatch {
  readonly name?: unknown;
  readonly description?: unknown;
  readonly thresholds?: unknown;
}

/** Advisory-lock name serialising prefix writers on PostgreSQL. */
const PREFIX_LOCK = 'sakimori.protected_networks.prefix';

function toNetwork(r: Selectable<ProtectedNetworksTable>): ProtectedNetwork {
  return {
    id: asId<NetworkId>(r.id),
    organizationId: asId<OrganizationId>(r.organization_id),
    prefix: r.prefix,
    family: r.family === 6 ? 6 : 4,
    name: r.name,
    description: r.description,
    // Written only after validation, so the stored JSON is trusted.
    thresholds: r.thresholds === null ? null : (JSON.parse(r.thresholds) as NetworkThresholds),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Reads and writes `protected_networks`. Pass a transaction as `db` to make calls part of it. */
export class NetworkStore {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /**
   * Registers a protected network for an organisation, atomically with the overlap check, under a
   * new id or `options.id` (a fixed set such as the demo's).
   *
   * @throws {@link ERR_REGISTRY_ORGANIZATION_NOT_FOUND}, `SAKIMORI_ERR_REGISTRY_INVALID_*`,
   *   {@link ERR_REGISTRY_PREFIX_OVERLAP}, {@link ERR_REGISTRY_DUPLICATE_NETWORK}.
   */
  async add(input: NetworkInput, options: { readonly id?: string } = {}): Promise<ProtectedNetwork> {
    const checked = validatePrefix(input.prefix);
    const thresholds = parseThresholds(input.thresholds);
    const now = this.#clock.now();
    const row: ProtectedNetworksTable = {
      id: options.id ?? newId(now),
      organization_id: input.organizationId,
      prefix: checked.text,
      family: checked.prefix.family,
      range_start: checked.rangeStart,
      range_end: checked.rangeEnd,
      name: validateOptionalName(input.name, 'network name'),
      description: validateDescription(input.description),
      thresholds: thresholds === null ? null : JSON.stringify(thresholds),
      created_at: now,
      updated_at: now,
    };
    return inTransaction(this.#db, async (trx) => {
      await lockForWrite(trx, PREFIX_LOCK);
      const org = await trx.selectFrom('organizations').select('id').where('id', '=', input.organizationId).executeTakeFirst();
      if (org === undefined) throw new ERR_REGISTRY_ORGANIZATION_NOT_FOUND(JSON.stringify(input.organizationId));
      await this.#refuseOverlap(trx, checked, input.organizationId);
      try {
        await trx.insertInto('protected_networks').values(row).execute();
      } catch (e) {
        if (isUniqueViolation(e)) throw new ERR_REGISTRY_DUPLICATE_NETWORK(checked.text, { cause: e });
        throw e;
      }
      return toNetwork(row);
    });
  }

  async #refuseOverlap(trx: Kysely<Database>, p: CheckedPrefix, organizationId: string): Promise<void> {
    // Fixed-width lower-case hex compares as text in address order: [start, end] ranges overlap
    // when each starts before the other ends. Every collation orders 0-9 before a-f, so this
    // holds under PostgreSQL's database collation as under SQLite's BINARY.
    const clash = await trx
      .selectFrom('protected_networks as n')
      .innerJoin('organizations as o', 'o.id', 'n.organization_id')
      .select(['n.prefix', 'o.name'])
      .where('n.organization_id', '<>', organizationId)
      .where('n.range_start', '<=', p.rangeEnd)
      .where('n.range_end', '>=', p.rangeStart)
      .orderBy('n.range_start')
      .limit(1)
      .executeTakeFirst();
    if (clash !== undefined) throw new ERR_REGISTRY_PREFIX_OVERLAP(p.text, clash.prefix, JSON.stringify(clash.name));
  }

  /** The network with this id, or undefined. */
  async get(id: string): Promise<ProtectedNetwork | undefined> {
    const r = await this.#db.selectFrom('protected_networks').selectAll().where('id', '=', id).executeTakeFirst();
    return r === undefined ? undefined : toNetwork(r);
  }

  /**
   * The network registered with exactly this prefix, or undefined.
   *
   * @throws `SAKIMORI_ERR_REGISTRY_INVALID_PREFIX` for a malformed prefix.
   */
  async findByPrefix(prefix: unknown): Promise<ProtectedNetwork | undefined> {
    const r = await this.#db.selectFrom('protected_networks').selectAll().where('prefix', '=', validatePrefix(prefix).text).executeTakeFirst();
    return r === undefined ? undefined : toNetwork(r);
  }

  /** Networks in address order (IPv4 first), optionally of one organisation. */
  async list(filter: { readonly organizationId?: string } = {}): Promise<ProtectedNetwork[]> {
    let q = this.#db.selectFrom('protected_networks').selectAll();
    if (filter.organizationId !== undefined) q = q.where('organization_id', '=', filter.organizationId);
    const rows = await q.orderBy('family').orderBy('range_start').orderBy('range_end', 'desc').execute();
    return rows.map(toNetwork);
  }

  /**
   * Every network with its organisation, prefix parsed, for detection to build its
   * longest-prefix-match table. Reload after registry changes.
   */
  async listForDetection(): Promise<DetectionNetwork[]> {
    const rows = await this.#db
      .selectFrom('protected_networks as n')
      .innerJoin('organizations as o', 'o.id', 'n.organization_id')
      .select(['n.id', 'n.organization_id', 'n.prefix', 'n.thresholds', 'o.name as organization_name', 'o.sector'])
      .orderBy('n.family')
      .orderBy('n.range_start')
      .execute();
    return rows.map((r) => ({
      id: asId<NetworkId>(r.id),
      organizationId: asId<OrganizationId>(r.organization_id),
      organizationName: r.organization_name,
      sector: r.sector,
      prefix: parsePrefix(r.prefix, { strict: true }),
      thresholds: r.thresholds === null ? null : (JSON.parse(r.thresholds) as NetworkThresholds),
    }));
  }

  /**
   * Changes a network's name, description or thresholds.
   *
   * @throws {@link ERR_REGISTRY_NETWORK_NOT_FOUND}, `SAKIMORI_ERR_REGISTRY_INVALID_*`.
   */
  async update(id: string, patch: NetworkPatch): Promise<ProtectedNetwork> {
    const changes: Partial<ProtectedNetworksTable> = { updated_at: this.#clock.now() };
    if (patch.name !== undefined) changes.name = validateOptionalName(patch.name, 'network name');
    if (patch.description !== undefined) changes.description = validateDescription(patch.description);
    if (patch.thresholds !== undefined) {
      const t = parseThresholds(patch.thresholds);
      changes.thresholds = t === null ? null : JSON.stringify(t);
    }
    const row = await this.#db.updateTable('protected_networks').set(changes).where('id', '=', id).returningAll().executeTakeFirst();
    if (row === undefined) throw new ERR_REGISTRY_NETWORK_NOT_FOUND(JSON.stringify(id));
    return toNetwork(row);
  }

  /**
   * Removes a network.
   *
   * @throws {@link ERR_REGISTRY_NETWORK_NOT_FOUND}
   */
  async remove(id: string): Promise<void> {
    const r = await this.#db.deleteFrom('protected_networks').where('id', '=', id).executeTakeFirst();
    if (r.numDeletedRows === 0n) throw new ERR_REGISTRY_NETWORK_NOT_FOUND(JSON.stringify(id));
  }
}
