/**
 * Designated organisations: create, read, update and remove, validated at the door. Written once
 * over Kysely for SQLite and PostgreSQL.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../core/clock.js';
import { asId, type OrganizationId } from '../core/ids.js';
import type { DesignationStatus, Sector } from '../core/sectors.js';
import type { Database } from '../storage/database.js';
import { isUniqueViolation } from '../storage/errors.js';
import { newId } from '../storage/id.js';
import type { OrganizationsTable } from './tables.js';
import { inTransaction } from '../storage/transaction.js';
import { ERR_REGISTRY_DUPLICATE_ORGANIZATION, ERR_REGISTRY_ORGANIZATION_HAS_NETWORKS, ERR_REGISTRY_ORGANIZATION_NOT_FOUND } from './errors.js';
import { validateEmail, validateName, validateOptionalName, validatePhone, validateSector, validateStatus } from './validation.js';

/** A registered organisation. */
export interface Organization {
  readonly id: OrganizationId;
  readonly name: string;
  readonly sector: Sector;
  readonly status: DesignationStatus;
  readonly contactName: string | null;
  readonly contactEmail: string | null;
  readonly contactPhone: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Untrusted input to create an organisation; `status` defaults to `designated`. */
export interface OrganizationInput {
  readonly name: unknown;
  readonly sector: unknown;
  readonly status?: unknown;
  readonly contactName?: unknown;
  readonly contactEmail?: unknown;
  readonly contactPhone?: unknown;
}

/** Untrusted changes to an organisation; absent fields stay as they are, null clears a contact. */
export type OrganizationPatch = Partial<OrganizationInput>;

function toOrganization(r: Selectable<OrganizationsTable>): Organization {
  return {
    id: asId<OrganizationId>(r.id),
    name: r.name,
    sector: r.sector,
    status: r.status,
    contactName: r.contact_name,
    contactEmail: r.contact_email,
    contactPhone: r.contact_phone,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Reads and writes `organizations`. Pass a transaction as `db` to make calls part of it. */
export class OrganizationStore {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /**
   * Registers an organisation, under a new id or — for a fixed set such as the demo's — `options.id`.
   *
   * @throws `SAKIMORI_ERR_REGISTRY_INVALID_*` for bad input, {@link ERR_REGISTRY_DUPLICATE_ORGANIZATION}.
   */
  async create(input: OrganizationInput, options: { readonly id?: string } = {}): Promise<Organization> {
    const now = this.#clock.now();
    const row: OrganizationsTable = {
      id: options.id ?? newId(now),
      name: validateName(input.name, 'organization name'),
      sector: validateSector(input.sector),
      status: input.status === undefined ? 'designated' : validateStatus(input.status),
      contact_name: validateOptionalName(input.contactName, 'contact name'),
      contact_email: validateEmail(input.contactEmail),
      contact_phone: validatePhone(input.contactPhone),
      created_at: now,
      updated_at: now,
    };
    try {
      await this.#db.insertInto('organizations').values(row).execute();
    } catch (e) {
      if (isUniqueViolation(e)) throw new ERR_REGISTRY_DUPLICATE_ORGANIZATION(JSON.stringify(row.name), { cause: e });
      throw e;
    }
    return toOrganization(row);
  }

  /** The organisation with this id, or undefined. */
  async get(id: string): Promise<Organization | undefined> {
    const r = await this.#db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
    return r === undefined ? undefined : toOrganization(r);
  }

  /** The organisation with exactly this name, or undefined. */
  async findByName(name: string): Promise<Organization | undefined> {
    const r = await this.#db.selectFrom('organizations').selectAll().where('name', '=', name.trim()).executeTakeFirst();
    return r === undefined ? undefined : toOrganization(r);
  }

  /**
   * Finds an organisation by id, else by exact name (what a CLI `--org` flag accepts).
   *
   * @throws {@link ERR_REGISTRY_ORGANIZATION_NOT_FOUND}
   */
  async resolve(idOrName: string): Promise<Organization> {
    const org = (await this.get(idOrName)) ?? (await this.findByName(idOrName));
    if (org === undefined) throw new ERR_REGISTRY_ORGANIZATION_NOT_FOUND(JSON.stringify(idOrName));
    return org;
  }

  /** All organisations, by name, optionally of one sector or status. */
  async list(filter: { readonly sector?: Sector; readonly status?: DesignationStatus } = {}): Promise<Organization[]> {
    let q = this.#db.selectFrom('organizations').selectAll();
    if (filter.sector !== undefined) q = q.where('sector', '=', filter.sector);
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    const rows = await q.orderBy('name').orderBy('id').execute();
    return rows.map(toOrganization);
  }

  /**
   * Changes an organisation.
   *
   * @throws {@link ERR_REGISTRY_ORGANIZATION_NOT_FOUND}, bad input, {@link ERR_REGISTRY_DUPLICATE_ORGANIZATION}.
   */
  async update(id: string, patch: OrganizationPatch): Promise<Organization> {
    const changes: Partial<OrganizationsTable> = { updated_at: this.#clock.now() };
    if (patch.name !== undefined) changes.name = validateName(patch.name, 'organization name');
    if (patch.sector !== undefined) changes.sector = validateSector(patch.sector);
    if (patch.status !== undefined) changes.status = validateStatus(patch.status);
    if (patch.contactName !== undefined) changes.contact_name = validateOptionalName(patch.contactName, 'contact name');
    if (patch.contactEmail !== undefined) changes.contact_email = validateEmail(patch.contactEmail);
    if (patch.contactPhone !== undefined) changes.contact_phone = validatePhone(patch.contactPhone);
    let row: Selectable<OrganizationsTable> | undefined;
    try {
      row = await this.#db.updateTable('organizations').set(changes).where('id', '=', id).returningAll().executeTakeFirst();
    } catch (e) {
      if (isUniqueViolation(e)) throw new ERR_REGISTRY_DUPLICATE_ORGANIZATION(JSON.stringify(changes.name), { cause: e });
      throw e;
    }
    if (row === undefined) throw new ERR_REGISTRY_ORGANIZATION_NOT_FOUND(JSON.stringify(id));
    return toOrganization(row);
  }

  /**
   * Removes an organisation. With `withNetworks` its protected networks go too, in the same
   * transaction; without, an organisation that still has networks is refused.
   *
   * @throws {@link ERR_REGISTRY_ORGANIZATION_NOT_FOUND}, {@link ERR_REGISTRY_ORGANIZATION_HAS_NETWORKS}
   */
  async remove(id: string, options: { readonly withNetworks?: boolean } = {}): Promise<void> {
    await inTransaction(this.#db, async (trx) => {
      const org = await trx.selectFrom('organizations').select('name').where('id', '=', id).executeTakeFirst();
      if (org === undefined) throw new ERR_REGISTRY_ORGANIZATION_NOT_FOUND(JSON.stringify(id));
      const { n } = await trx
        .selectFrom('protected_networks')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('organization_id', '=', id)
        .executeTakeFirstOrThrow();
      if (n > 0 && options.withNetworks !== true) throw new ERR_REGISTRY_ORGANIZATION_HAS_NETWORKS(JSON.stringify(org.name), String(n));
      await trx.deleteFrom('protected_networks').where('organization_id', '=', id).execute();
      await trx.deleteFrom('organizations').where('id', '=', id).execute();
    });
  }
}
