/**
 * An in-memory {@link AttackLookup} for tests: attacks are added, ended and given attacker lists
 * by the test, as detection's attacks table would hold them.
 */
import type { AttackLookup, AttackView, AttackerView } from '../attacks.js';

/** Attacks held in memory. */
export class MemoryAttackLookup implements AttackLookup {
  readonly #attacks = new Map<string, AttackView>();
  readonly #attackers = new Map<string, AttackerView[]>();
  readonly #domains = new Map<string, string[]>();

  /** Adds an active attack on `target` with the given sources (100 packets each). */
  add(a: Partial<AttackView> & { id: string; target: string; organizationId: string }, sources: readonly (string | AttackerView)[] = []): AttackView {
    const view: AttackView = {
      scope: a.target.includes('/') ? 'prefix' : 'host',
      networkId: 'net',
      vectors: [{ vector: 'syn_flood', share: 1 }],
      startedAt: Date.UTC(2026, 0, 1),
      endedAt: null,
      ...a,
    };
    this.#attacks.set(a.id, view);
    this.#attackers.set(
      a.id,
      sources.map((s) => (typeof s === 'string' ? { address: s, packets: 100, bytes: 6000, firstSeen: view.startedAt, lastSeen: view.startedAt + 60_000, vectors: ['syn_flood'] } : s)),
    );
    return view;
  }

  /** Links C2 domains to an attack, as threat intelligence would. */
  linkDomains(id: string, domains: readonly string[]): void {
    this.#domains.set(id, [...domains]);
  }

  /** Marks an attack ended at `at`. */
  end(id: string, at: number): void {
    const a = this.#attacks.get(id);
    if (a !== undefined) this.#attacks.set(id, { ...a, endedAt: at });
  }

  async get(id: string): Promise<AttackView | undefined> {
    return this.#attacks.get(id);
  }

  async isActive(id: string): Promise<boolean> {
    const a = this.#attacks.get(id);
    return a !== undefined && a.endedAt === null;
  }

  async attackers(id: string): Promise<readonly AttackerView[]> {
    return this.#attackers.get(id) ?? [];
  }

  async linkedDomains(id: string): Promise<readonly string[]> {
    return this.#domains.get(id) ?? [];
  }
}
