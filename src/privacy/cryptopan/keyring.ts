/**
 * Crypto-PAn keys per sharing partner, with rotation. Each partner gets its own key, so pseudonyms
 * given to one partner cannot be joined with those given to another; a new key takes over from its
 * `validFrom` time on, while older keys stay available to reproduce what was shared before.
 */
import type { BlockCipherFactory } from './block-cipher.js';
import { CryptoPan } from './crypto-pan.js';
import { ERR_CRYPTOPAN_KEY, ERR_CRYPTOPAN_NO_KEY } from './errors.js';

/** A partner's key and when it takes effect. */
export interface PartnerKey {
  readonly partner: string;
  readonly keyId: string;
  /** 32 bytes. */
  readonly key: Uint8Array;
  /** Milliseconds since the epoch from which this key is used. */
  readonly validFrom: number;
}

/** A key chosen for use, with its engine. */
export interface SelectedKey {
  readonly keyId: string;
  readonly validFrom: number;
  readonly pan: CryptoPan;
}

const ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Parses 64 hex digits into a 32-byte key; throws {@link ERR_CRYPTOPAN_KEY}. */
export function parseKeyHex(hex: string): Uint8Array {
  const t = hex.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(t)) throw new ERR_CRYPTOPAN_KEY(`expected 64 hex digits (32 bytes), got ${t.length} characters${/^[0-9a-fA-F]*$/.test(t) ? '' : ' with non-hex characters'}`);
  const key = new Uint8Array(32);
  for (let i = 0; i < 32; i++) key[i] = parseInt(t.slice(i * 2, i * 2 + 2), 16);
  return key;
}

/** Partner keys with rotation dates. */
export class CryptoPanKeyring {
  readonly #newCipher: BlockCipherFactory;
  readonly #keys = new Map<string, (PartnerKey & { pan?: CryptoPan })[]>();

  constructor(newCipher: BlockCipherFactory) {
    this.#newCipher = newCipher;
  }

  /** Adds a key; refuses malformed keys, reused key ids and two keys starting at the same time. */
  add(k: PartnerKey): void {
    if (!ID.test(k.partner) || !ID.test(k.keyId)) throw new ERR_CRYPTOPAN_KEY('partner and key ids must be 1–64 of A–Z a–z 0–9 . _ : -');
    if (k.key.length !== 32) throw new ERR_CRYPTOPAN_KEY(`key ${k.keyId} must be 32 bytes, got ${k.key.length}`);
    if (!Number.isFinite(k.validFrom)) throw new ERR_CRYPTOPAN_KEY(`key ${k.keyId} needs a validFrom time`);
    const list = this.#keys.get(k.partner) ?? [];
    if (list.some((o) => o.keyId === k.keyId)) throw new ERR_CRYPTOPAN_KEY(`key id ${k.keyId} is already used for partner ${k.partner}`);
    if (list.some((o) => o.validFrom === k.validFrom)) throw new ERR_CRYPTOPAN_KEY(`partner ${k.partner} already has a key starting at ${new Date(k.validFrom).toISOString()}`);
    list.push({ ...k, key: Uint8Array.from(k.key) });
    list.sort((a, b) => a.validFrom - b.validFrom);
    this.#keys.set(k.partner, list);
  }

  /** The key of `partner` in force at `atMs`: the latest one whose validFrom is not after it. */
  current(partner: string, atMs: number): SelectedKey {
    const list = this.#keys.get(partner) ?? [];
    let chosen: (typeof list)[number] | undefined;
    for (const k of list) if (k.validFrom <= atMs) chosen = k;
    if (chosen === undefined) throw new ERR_CRYPTOPAN_NO_KEY(partner, new Date(atMs).toISOString());
    return this.#select(chosen);
  }

  /** A partner's key by id, to reproduce pseudonyms made with it. */
  byId(partner: string, keyId: string): SelectedKey {
    const k = (this.#keys.get(partner) ?? []).find((o) => o.keyId === keyId);
    if (k === undefined) throw new ERR_CRYPTOPAN_NO_KEY(partner, `key id ${keyId}`);
    return this.#select(k);
  }

  /** The rotation schedule of a partner, oldest first (without key material). */
  schedule(partner: string): readonly { readonly keyId: string; readonly validFrom: number }[] {
    return (this.#keys.get(partner) ?? []).map((k) => ({ keyId: k.keyId, validFrom: k.validFrom }));
  }

  #select(k: PartnerKey & { pan?: CryptoPan }): SelectedKey {
    // Engines are built on first use: each precomputes 65 535 AES blocks and caches prefixes.
    k.pan ??= new CryptoPan(k.key, this.#newCipher);
    return { keyId: k.keyId, validFrom: k.validFrom, pan: k.pan };
  }
}
