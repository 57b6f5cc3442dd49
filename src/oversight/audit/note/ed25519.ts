/**
 * Ed25519 keys for signing checkpoints, at the edge: `node:crypto` does the signing. Private keys
 * are kept in golang.org/x/mod/sumdb/note's text form,
 * `PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 || 32-byte seed)>`, so tools of the Go
 * transparency ecosystem can read them; the matching verifier key is what gets published.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { fromBase64, toBase64 } from '../base64.js';
import { ERR_AUDIT_KEY_INVALID } from '../errors.js';
import { nodeSha256 } from '../node-crypto.js';
import { ALG_ED25519, formatVerifierKey, isKeyName, keyIdHex, keyIdOf, parseVerifierKey, splitPlus, type NoteSigner, type NoteVerifier } from './signed-note.js';

// DER prefix of a PKCS #8 Ed25519 private key (RFC 8410 §7) followed by the 32-byte seed.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** A signer that also knows its published verifier key. */
export interface CheckpointSigner extends NoteSigner {
  readonly verifierKey: string;
}

function publicKeyOf(key: KeyObject): Uint8Array {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(String(jwk.x), 'base64url');
}

/** Generates a new signing key for `name` in note text form. */
export function generateSigningKey(name: string): string {
  if (!isKeyName(name)) throw new ERR_AUDIT_KEY_INVALID(`key name ${JSON.stringify(name)} must be non-empty without spaces or +`);
  const { privateKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length);
  const id = keyIdOf(nodeSha256, name, ALG_ED25519, publicKeyOf(privateKey));
  return `PRIVATE+KEY+${name}+${keyIdHex(id)}+${toBase64(Uint8Array.of(ALG_ED25519, ...seed))}`;
}

/** Loads a signing key from its note text form; throws {@link ERR_AUDIT_KEY_INVALID}. */
export function signerFromKey(text: string): CheckpointSigner {
  const parts = splitPlus(text.trim(), 4);
  if (parts === undefined || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') throw new ERR_AUDIT_KEY_INVALID('a signing key has the form PRIVATE+KEY+<name>+<hex id>+<base64 key>');
  const [, , name, idHex, b64] = parts as [string, string, string, string, string];
  const data = fromBase64(b64);
  if (!isKeyName(name) || data === undefined || data.length !== 33 || data[0] !== ALG_ED25519) throw new ERR_AUDIT_KEY_INVALID('not an Ed25519 signing key');
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, data.subarray(1)]), format: 'der', type: 'pkcs8' });
  const publicKey = publicKeyOf(privateKey);
  const keyId = keyIdOf(nodeSha256, name, ALG_ED25519, publicKey);
  if (keyIdHex(keyId) !== idHex) throw new ERR_AUDIT_KEY_INVALID(`key ID ${idHex} does not belong to this key`);
  return {
    name,
    keyId,
    verifierKey: formatVerifierKey({ name, keyId, type: ALG_ED25519, publicKey }),
    sign: (message) => sign(null, message, privateKey),
  };
}

/** Builds a verifier from a published verifier key string; throws {@link ERR_AUDIT_KEY_INVALID}. */
export function verifierFromKey(text: string): NoteVerifier {
  const key = parseVerifierKey(nodeSha256, text);
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(key.publicKey).toString('base64url') }, format: 'jwk' });
  return {
    name: key.name,
    keyId: key.keyId,
    verify: (message, signature) => signature.length === 64 && verify(null, message, publicKey, signature),
  };
}
