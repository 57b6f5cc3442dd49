/**
 * Organisation names by id, cached for a few seconds: attack lists and the event stream name the
 * organisation of every attack without a query per row.
 */
import type { Clock } from '../../core/clock.js';
import type { OrganizationStore } from '../../registry/organization-store.js';

const TTL_MS = 10_000;

/** A small read-through cache of organisation names. */
export class OrgNames {
  readonly #orgs: OrganizationStore;
  readonly #clock: Clock;
  #names = new Map<string, string>();
  #until = 0;
  #loading: Promise<void> | undefined;

  constructor(orgs: OrganizationStore, clock: Clock) {
    this.#orgs = orgs;
    this.#clock = clock;
  }

  /** Reloads the names when stale. */
  async refresh(): Promise<void> {
    if (this.#clock.now() < this.#until) return;
    this.#loading ??= (async () => {
      try {
        this.#names = new Map((await this.#orgs.list()).map((o) => [o.id, o.name]));
        this.#until = this.#clock.now() + TTL_MS;
      } finally {
        this.#loading = undefined;
      }
    })();
    await this.#loading;
  }

  /** The name (as of the last refresh), or null. */
  name(id: string): string | null {
    return this.#names.get(id) ?? null;
  }
}
