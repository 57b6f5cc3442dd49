/**
 * The {@link AttackLookup} operations uses, over detection: attacks from the attacks table, the
 * attacker list live from the detector while an attack runs and from storage once it has ended.
 */
import type { AttackerEntry } from '../detection/attack.js';
import type { DetectionReadPort } from '../detection/read-port.js';
import type { AttackStore } from '../detection/store/attack-store.js';
import { isSakimoriError } from '../core/errors.js';
import type { AttackLookup, AttackerView, AttackView } from './attacks.js';

/** Where live attacker lists come from (detection's read port), when detection runs. */
export type LiveAttackers = Pick<DetectionReadPort, 'attackers'>;

const view = (a: AttackerEntry): AttackerView => ({
  address: a.address,
  packets: a.packets,
  bytes: a.bytes,
  firstSeen: a.firstSeen,
  lastSeen: a.lastSeen,
  vectors: a.vectors,
  ...(a.country === undefined ? {} : { country: a.country }),
  ...(a.asn === undefined ? {} : { asn: a.asn }),
});

/** Creates the lookup. */
export function attacksFromDetection(store: AttackStore, live?: LiveAttackers): AttackLookup {
  return {
    async get(id): Promise<AttackView | undefined> {
      try {
        const a = await store.get(id);
        return {
          id: a.id,
          scope: a.scope,
          target: a.target,
          organizationId: a.organizationId,
          networkId: a.networkId,
          vectors: a.vectors.map((v) => ({ vector: v.vector, share: v.share, ...(v.service === undefined ? {} : { service: v.service }), ...(v.port === undefined ? {} : { port: v.port }) })),
          startedAt: a.startedAt,
          endedAt: a.endedAt,
        };
      } catch (e) {
        if (isSakimoriError(e, 'SAKIMORI_ERR_ATTACK_NOT_FOUND')) return undefined;
        throw e;
      }
    },
    isActive: (id) => store.isActive(id),
    async attackers(id) {
      const current = live?.attackers(id);
      if (current !== undefined && current.length > 0) return current.map(view);
      return (await store.sources(id, 100_000)).map(view);
    },
    // Detection sees addresses, never names: no domain is linked to an attack until threat
    // intelligence exchange links C2 domains to botnets, so the emergency path sinkholes nothing.
    linkedDomains: async () => [],
  };
}
