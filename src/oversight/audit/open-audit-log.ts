/**
 * Wiring of the audit log for a program: its two keys from the files the `audit` configuration
 * names (created on first start, see `key-files.ts`), the SQL store over the program's storage,
 * and the started log. Composition roots (`serve`, the CLI commands) call {@link openAuditLog}
 * once and stop the log before the storage.
 */
import { mkdir } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { BaseDeps } from '../../core/component.js';
import type { Storage } from '../../storage/storage.js';
import { createAuditLog, type AuditLog } from './audit-log.js';
import type { AuditConfig } from './config.js';
import { loadOrCreatePersonalDataKey, loadOrCreateSigningKey } from './key-files.js';
import { nodeHmacSha256, nodeSha256 } from './node-crypto.js';
import type { CheckpointSigner } from './note/ed25519.js';
import { PersonalDataHasher } from './personal.js';
import { SqlAuditStore } from './store/sql/sql-audit-store.js';

/** The parts of the configuration the audit log is wired from. */
export interface AuditWiringConfig {
  readonly dataDir: string;
  readonly audit: AuditConfig;
}

/** Where the two key files are: the configured paths, relative ones under `dataDir`. */
export function auditKeyPaths(config: AuditWiringConfig): { readonly signingKey: string; readonly personalDataKey: string } {
  const under = (file: string, fallback: string): string => (file === '' ? join(config.dataDir, fallback) : isAbsolute(file) ? file : join(config.dataDir, file));
  return {
    signingKey: under(config.audit.signingKeyFile, 'audit-signing.key'),
    personalDataKey: under(config.audit.personalDataKeyFile, 'audit-personal.key'),
  };
}

/** The log's signing key and personal-data hasher. */
export interface AuditKeys {
  readonly signer: CheckpointSigner;
  readonly personal: PersonalDataHasher;
}

/** Loads both keys, creating missing ones (mode 0600) in a data directory it creates if needed. */
export async function loadAuditKeys(config: AuditWiringConfig): Promise<AuditKeys> {
  await mkdir(config.dataDir, { recursive: true });
  const paths = auditKeyPaths(config);
  const signer = await loadOrCreateSigningKey(paths.signingKey, config.audit.origin);
  const personal = new PersonalDataHasher(await loadOrCreatePersonalDataKey(paths.personalDataKey), nodeHmacSha256);
  return { signer, personal };
}

/**
 * Opens the audit log over `storage` (started and migrated): loads or creates its keys, builds the
 * SQL store and starts the log, which reloads the tree's edge from the database. Pass `keys` when
 * the caller loaded them already (to print the verifier key, for instance).
 *
 * @example
 * ```ts
 * const log = await openAuditLog(config, storage, deps);
 * await log.append({ actor: { kind: 'system', id: 'sakimori' }, action: 'config.change' });
 * await log.stop();      // before storage.stop()
 * ```
 */
export async function openAuditLog(config: AuditWiringConfig, storage: Storage, deps: BaseDeps, keys?: AuditKeys): Promise<AuditLog> {
  const { signer, personal } = keys ?? (await loadAuditKeys(config));
  const store = new SqlAuditStore(storage.db);
  const log = createAuditLog(config.audit, { ...deps, store, outbox: store, signer, sha256: nodeSha256, personal });
  await log.start();
  return log;
}
