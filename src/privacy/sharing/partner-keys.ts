/**
 * Partner keys for pseudonymised sharing, at the edge: each key file holds 64 hex digits and must
 * be readable by its owner only (whoever reads a partner's key can reverse its pseudonyms by
 * trying addresses). The keyring holds every configured key with its rotation date.
 */
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { SharingConfig } from '../../oversight/config.js';
import { ERR_SHARING_KEY_FILE } from '../../oversight/errors.js';
import { nodeAes128 } from '../cryptopan/aes-node.js';
import { CryptoPanKeyring, parseKeyHex } from '../cryptopan/keyring.js';

async function readKey(path: string): Promise<Uint8Array> {
  try {
    const mode = (await stat(path)).mode;
    if ((mode & 0o077) !== 0) throw new ERR_SHARING_KEY_FILE(path, `readable by other users (mode ${(mode & 0o777).toString(8)}); run chmod 600 ${path}`);
    return parseKeyHex(await readFile(path, 'utf8'));
  } catch (e) {
    if ((e as { code?: unknown }).code === 'SAKIMORI_ERR_SHARING_KEY_FILE') throw e;
    throw new ERR_SHARING_KEY_FILE(path, (e as Error).message, { cause: e });
  }
}

/** Loads every partner key of `config` (relative files under `dataDir`) into a keyring. */
export async function loadPartnerKeyring(config: SharingConfig, dataDir: string): Promise<CryptoPanKeyring> {
  const ring = new CryptoPanKeyring(nodeAes128);
  for (const p of config.partners) {
    for (const k of p.keys) {
      const file = isAbsolute(k.file) ? k.file : join(dataDir, k.file);
      ring.add({ partner: p.partner, keyId: k.id, key: await readKey(file), validFrom: Date.parse(k.validFrom) });
    }
  }
  return ring;
}
