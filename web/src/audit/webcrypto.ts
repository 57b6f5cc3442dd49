/**
 * The browser's WebCrypto at the edge of the audit verifier: Ed25519 signature checks (WebCrypto
 * "Ed25519", RFC 8032) and SHA-256 digests. Needs a secure context (https or localhost/127.0.0.1).
 */

/** True when this browser offers WebCrypto (secure contexts only). */
export function hasWebCrypto(): boolean {
  return typeof crypto !== 'undefined' && crypto.subtle !== undefined;
}

const buf = (b: Uint8Array): ArrayBuffer => b.slice().buffer;

/** Verifies an Ed25519 `signature` of `message` by the raw 32-byte `publicKey`. */
export async function verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  const key = await crypto.subtle.importKey('raw', buf(publicKey), { name: 'Ed25519' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'Ed25519' }, key, buf(signature), buf(message));
}

/** Lower-case hex SHA-256 of `data`. */
export async function sha256Hex(data: Uint8Array): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', buf(data)));
  return [...d].map((b) => b.toString(16).padStart(2, '0')).join('');
}
