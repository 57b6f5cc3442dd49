/**
 * The operator registry: organisations and their protected networks behind one object, with
 * transactions spanning both stores.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Database } from '../storage/database.js';
import { inTransaction } from '../storage/transaction.js';
import { NetworkStore, type NetworkInput, type ProtectedNetwork } from './network-store.js';
import { OrganizationStore, type Organization, type OrganizationInput } from './organization-store.js';

/** An organisation to register together with its networks. */
export interface OrganizationWithNetworksInput extends OrganizationInput {
  readonly networks: readonly Omit<NetworkInput, 'organizationId'>[];
}

/** Organisations and protected networks over one database (or one transaction). */
export class OperatorRegistry {
  readonly organizations: OrganizationStore;
  readonly networks: NetworkStore;
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
    this.organizations = new OrganizationStore(db, clock);
    this.networks = new NetworkStore(db, clock);
  }

  /** The database, or the transaction, the registry works over (audit entries are recorded in it). */
  get db(): Kysely<Database> {
    return this.#db;
  }

  /**
   * Runs `fn` with a registry bound to one transaction: everything it does is committed together,
   * or — when it throws — nothing is.
   */
  transaction<T>(fn: (registry: OperatorRegistry) => Promise<T>): Promise<T> {
    return inTransaction(this.#db, (trx) => fn(new OperatorRegistry(trx, this.#clock)));
  }

  /**
   * Registers an organisation and all its networks atomically: if any network is refused
   * (invalid, overlapping), the organisation is not registered either.
   */
  registerOrganization(input: OrganizationWithNetworksInput): Promise<{ organization: Organization; networks: ProtectedNetwork[] }> {
    return this.transaction(async (r) => {
      const organization = await r.organizations.create(input);
      const networks: ProtectedNetwork[] = [];
      for (const n of input.networks) networks.push(await r.networks.add({ ...n, organizationId: organization.id }));
      return { organization, networks };
    });
  }
}
