/**
 * The audit log's two secrets on disk, at the edge: the Ed25519 checkpoint signing key (note text
 * form, see `note/ed25519.ts`) and the HMAC key for personal data. Both are created on first start
 * with mode 0600 and never overwritten; a key readable by other users is refused, because whoever
 * reads the signing key can forge checkpoints and whoever reads the HMAC key can test guesses of
 * addresses against the log.
 */
import { randomBytes } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { ERR_AUDIT_KEY_INVALID } from './errors.js';
import { nodeSha256 } from './node-crypto.js';
import { generateSigningKey, signerFromKey, type CheckpointSigner } from './note/ed25519.js';
import type { PersonalDataKey } from './personal.js';

async function readSecret(path: string): Promise<string | undefined> {
  let mode: number;
  try {
    mode = (await stat(path)).mode;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ERR_AUDIT_KEY_INVALID(`cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
  if ((mode & 0o077) !== 0) throw new ERR_AUDIT_KEY_INVALID(`${path} is readable by other users (mode ${(mode & 0o777).toString(8)}); run chmod 600 ${path}`);
  return readFile(path, 'utf8');
}

async function createSecret(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    throw new ERR_AUDIT_KEY_INVALID(`cannot create ${path}: ${(e as Error).message}`, { cause: e });
  }
}

/** Loads the signing key at `path`, creating one named `name` when the file does not exist. */
export async function loadOrCreateSigningKey(path: string, name: string): Promise<CheckpointSigner> {
  let text = await readSecret(path);
  if (text === undefined) {
    text = `${generateSigningKey(name)}\n`;
    await createSecret(path, text);
  }
  const signer = signerFromKey(text);
  if (signer.name !== name) throw new ERR_AUDIT_KEY_INVALID(`${path} holds a key named ${signer.name}, but the log origin is ${name}`);
  return signer;
}

/**
 * Loads the personal-data HMAC key at `path` (64 hex digits), creating a random one when absent.
 * Its id is derived from the key, so entries name the key they were hashed with.
 */
export async function loadOrCreatePersonalDataKey(path: string): Promise<PersonalDataKey> {
  let text = await readSecret(path);
  if (text === undefined) {
    text = `${randomBytes(32).toString('hex')}\n`;
    await createSecret(path, text);
  }
  const hex = text.trim();
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new ERR_AUDIT_KEY_INVALID(`${path} must hold 64 hex digits`);
  const secret = Uint8Array.from(Buffer.from(hex, 'hex'));
  const tag = new TextEncoder().encode('sakimori audit personal-data key\n');
  const id = Buffer.from(nodeSha256(Uint8Array.from([...tag, ...secret])))
    .toString('hex')
    .slice(0, 8);
  return { id, secret };
}
