/**
 * Personal data in audit entries is kept only as keyed hashes: HMAC-SHA-256 under a key that
 * belongs to this log. The entry (and so the Merkle leaf) never holds the address, e-mail or name
 * itself, so erasing personal data elsewhere — or destroying this key — never breaks a proof, while
 * whoever holds the key can still find every entry about a given address by hashing it again.
 *
 * Values are normalised before hashing so one address always gives one hash (`2001:DB8::1` and
 * `2001:db8:0::1` are the same address), and the kind is hashed with the value so an e-mail and a
 * name that happen to be the same string give different hashes.
 */
import { ERR_AUDIT_INVALID_EVENT, PERSONAL_KINDS, type PersonalKind } from '../../core/audit-event.js';
import { formatAddress, tryParseAddress } from '../../core/ip.js';
import { toBase64Url } from './base64.js';
import { ERR_AUDIT_KEY_INVALID } from './errors.js';

/** HMAC-SHA-256, supplied by the edge (`node-crypto.ts`). */
export type HmacSha256 = (key: Uint8Array, data: Uint8Array) => Uint8Array;

/** The log's personal-data key; its `id` is written into every hash so keys can be rotated. */
export interface PersonalDataKey {
  readonly id: string;
  readonly secret: Uint8Array;
}

/** A personal value as an audit entry holds it. */
export interface PersonalRef {
  readonly kind: PersonalKind;
  /** Id of the key the hash was made with. */
  readonly kid: string;
  /** base64url (no padding) HMAC-SHA-256 of `kind || 0x0A || normalised value`. */
  readonly mac: string;
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const MIN_SECRET = 32;

/** Normalises a personal value of `kind` so equal values hash equally; throws when it is not one. */
export function normalisePersonal(kind: PersonalKind, value: string): string {
  const v = value.trim().normalize('NFC');
  if (v.length === 0) throw new ERR_AUDIT_INVALID_EVENT(`personal ${kind} value is empty`);
  switch (kind) {
    case 'ip': {
      const w = tryParseAddress(v);
      if (w === undefined) throw new ERR_AUDIT_INVALID_EVENT(`personal ip value is not an IP address`);
      return formatAddress(w[0], w[1], w[2], w[3]);
    }
    case 'prefix': {
      const slash = v.indexOf('/');
      const w = slash > 0 ? tryParseAddress(v.slice(0, slash)) : undefined;
      const len = Number(v.slice(slash + 1));
      if (w === undefined || !/^\d{1,3}$/.test(v.slice(slash + 1)) || len > 128) throw new ERR_AUDIT_INVALID_EVENT('personal prefix value is not an address/length prefix');
      return `${formatAddress(w[0], w[1], w[2], w[3])}/${len}`;
    }
    case 'email':
      return v.toLowerCase();
    case 'phone':
      return v.replace(/[\s().-]/g, '');
    default:
      return v;
  }
}

/** Computes keyed hashes of personal values with one log's key. */
export class PersonalDataHasher {
  readonly #key: PersonalDataKey;
  readonly #hmac: HmacSha256;
  readonly #encoder = new TextEncoder();

  constructor(key: PersonalDataKey, hmac: HmacSha256) {
    if (!KEY_ID.test(key.id)) throw new ERR_AUDIT_KEY_INVALID(`personal-data key id ${JSON.stringify(key.id)} must be 1–64 of A–Z a–z 0–9 . _ -`);
    if (key.secret.length < MIN_SECRET) throw new ERR_AUDIT_KEY_INVALID(`personal-data key must be at least ${MIN_SECRET} bytes, got ${key.secret.length}`);
    this.#key = { id: key.id, secret: Uint8Array.from(key.secret) };
    this.#hmac = hmac;
  }

  /** Id of the key in use. */
  get keyId(): string {
    return this.#key.id;
  }

  /** The keyed hash of `value`; investigators use it to find entries about that value. */
  ref(kind: PersonalKind, value: string): PersonalRef {
    if (!(PERSONAL_KINDS as readonly string[]).includes(kind)) throw new ERR_AUDIT_INVALID_EVENT(`unknown personal data kind ${JSON.stringify(kind)}`);
    const data = this.#encoder.encode(`${kind}\n${normalisePersonal(kind, value)}`);
    const mac = toBase64Url(this.#hmac(this.#key.secret, data));
    return { kind, kid: this.#key.id, mac };
  }
}
