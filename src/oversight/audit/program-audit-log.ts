/**
 * Wiring of the audit log for a program: its two keys from the files the `audit` configuration
 * names (created on first start, see `key-files.ts`) and the log over the program's SQL store.
 * Composition roots (`serve`, the CLI commands) build it once with {@link createProgramAuditLog},
 * start it after the storage and stop it before.
 */
import { mkdir } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { BaseDeps } from '../../core/component.js';
import { createAuditLog, type AuditLog } from './audit-log.js';
import type { AuditConfig } from './config.js';
import { loadOrCreatePersonalDataKey, loadOrCreateSigningKey } from './key-files.js';
import { nodeHmacSha256, nodeSha256 } from './node-crypto.js';
import type { CheckpointSigner } from './note/ed25519.js';
import { PersonalDataHasher } from './personal.js';
import type { SqlAuditStore } from './store/sql/sql-audit-store.js';

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

/** Dependencies of {@link createProgramAuditLog}: the SQL store over the program's storage and the keys. */
export interface ProgramAuditLogDeps extends BaseDeps {
  readonly store: SqlAuditStore;
  readonly keys: AuditKeys;
}

/**
 * Builds the audit log over the program's SQL store (also its outbox) with its keys. Starting it
 * reloads the tree's edge from the database.
 *
 * @example
 * ```ts
 * const log = createProgramAuditLog(config, { ...deps, store: new SqlAuditStore(storage.db), keys: await loadAuditKeys(config) });
 * await log.start();     // after storage.start()
 * await log.append({ actor: { kind: 'system', id: 'sakimori' }, action: 'config.change' });
 * await log.stop();      // before storage.stop()
 * ```
 */
export function createProgramAuditLog(config: AuditWiringConfig, deps: ProgramAuditLogDeps): AuditLog {
  const { store, keys, ...base } = deps;
  return createAuditLog(config.audit, { ...base, store, outbox: store, signer: keys.signer, sha256: nodeSha256, personal: keys.personal });
}
