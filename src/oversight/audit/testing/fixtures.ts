/** Helpers for audit tests and the benchmark: a ready-made log over an in-memory store. */
import { Registry } from 'prom-client';
import { ManualClock } from '../../../core/clock.js';
import { silentLogger } from '../../../core/logger.js';
import { AuditLog, createAuditLog, type AuditLogConfig } from '../audit-log.js';
import type { AuditEventInput } from '../../../core/audit-event.js';
import { nodeHmacSha256, nodeSha256 } from '../node-crypto.js';
import { generateSigningKey, signerFromKey, type CheckpointSigner } from '../note/ed25519.js';
import { PersonalDataHasher } from '../personal.js';
import type { AuditOutboxStore, AuditStore } from '../store/audit-store.js';
import { MemoryAuditStore } from '../store/memory/memory-audit-store.js';

/** Origin used by test logs. */
export const TEST_ORIGIN = 'sakimori.test/audit';

/** A started log over `store`, with a fresh signing key unless one is given. */
export async function startTestLog(
  options: { store?: AuditStore; signer?: CheckpointSigner; config?: Partial<AuditLogConfig>; clock?: ManualClock } = {},
): Promise<{ log: AuditLog; store: AuditStore; signer: CheckpointSigner; clock: ManualClock }> {
  const store = options.store ?? new MemoryAuditStore();
  const signer = options.signer ?? signerFromKey(generateSigningKey(TEST_ORIGIN));
  const clock = options.clock ?? new ManualClock();
  const log = createAuditLog(
    { origin: TEST_ORIGIN, checkpointIntervalSeconds: 0, checkpointEveryEntries: 0, ...options.config },
    {
      store,
      // A store over a database offers the outbox (AuditLog.record).
      outbox: 'insertOutbox' in store ? (store as AuditStore & AuditOutboxStore) : undefined,
      signer,
      sha256: nodeSha256,
      personal: new PersonalDataHasher({ id: 'k1', secret: new Uint8Array(32).fill(42) }, nodeHmacSha256),
      clock,
      logger: silentLogger(),
      metrics: new Registry(),
    },
  );
  await log.start();
  return { log, store, signer, clock };
}

/** A plausible event: officer `n % 7` reads case data about an address, with a purpose. */
export function sampleEvent(n: number): AuditEventInput {
  return {
    actor: { kind: 'user', id: `usr_${n % 7}`, role: 'nco_analyst' },
    action: 'data.read',
    subjects: [{ type: 'case', id: `case_${n % 100}` }],
    purpose: { case: `case_${n % 100}`, purpose: 'identify botnet sources of the attack' },
    personal: [{ kind: 'ip', value: `198.51.100.${n % 256}` }],
    details: { rows: n % 50, view: 'flows' },
  };
}
