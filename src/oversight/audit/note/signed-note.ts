/**
 * C2SP signed notes (c2sp.org/signed-note): a UTF-8 text ending in a newline, a blank line, then
 * signature lines `— <key name> <base64(key ID || signature)>`. Verifier keys use the text form of
 * golang.org/x/mod/sumdb/note: `<name>+<hex key ID>+<base64(type || public key)>`.
 *
 * Pure: signing and verification themselves are dependencies ({@link NoteSigner},
 * {@link NoteVerifier}), made from Ed25519 keys at the edge (`ed25519.ts`).
 */
import { fromBase64, toBase64 } from '../base64.js';
import { ERR_AUDIT_KEY_INVALID, ERR_AUDIT_NOTE_MALFORMED } from '../errors.js';
import type { Sha256 } from '../../../core/sha256.js';

/** Signature type byte of Ed25519 (c2sp.org/signed-note §Signature types). */
export const ALG_ED25519 = 0x01;
/** Most signatures a note may carry before it is refused (the spec requires at least 16). */
export const MAX_SIGNATURES = 100;

/** Signs note texts with one key. */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  sign(message: Uint8Array): Uint8Array;
}

/** Checks signatures made by one key. */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** One signature line of a note. */
export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  /** The signature without its key ID prefix. */
  readonly signature: Uint8Array;
}

/** The result of opening a note with trusted keys. */
export type OpenedNote =
  | { readonly kind: 'verified'; readonly text: string; readonly signedBy: readonly string[] }
  | { readonly kind: 'not-signed'; readonly found: readonly NoteSignature[] }
  | { readonly kind: 'bad-signature'; readonly name: string; readonly keyId: number }
  | { readonly kind: 'malformed'; readonly reason: string };

const EM_DASH = '\u2014';
const NAME = /^[^\s+]+$/u;
// ASCII controls other than newline are forbidden anywhere in a note.
const CONTROL = /[\u0000-\u0009\u000b-\u001f]/;
const encoder = new TextEncoder();

/** True when `name` can be a key name: non-empty, without spaces or `+`. */
export function isKeyName(name: string): boolean {
  return NAME.test(name);
}

/** The RECOMMENDED key ID: first four bytes of SHA-256(name || 0x0A || type || public key), big-endian. */
export function keyIdOf(sha256: Sha256, name: string, type: number, publicKey: Uint8Array): number {
  const n = encoder.encode(name);
  const buf = new Uint8Array(n.length + 2 + publicKey.length);
  buf.set(n);
  buf[n.length] = 0x0a;
  buf[n.length + 1] = type;
  buf.set(publicKey, n.length + 2);
  const h = sha256(buf);
  return ((h[0]! << 24) | (h[1]! << 16) | (h[2]! << 8) | h[3]!) >>> 0;
}

/** Formats a key ID as eight hex digits. */
export function keyIdHex(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

/** A parsed verifier key. */
export interface VerifierKey {
  readonly name: string;
  readonly keyId: number;
  readonly type: number;
  readonly publicKey: Uint8Array;
}

/** Writes the `<name>+<hex id>+<base64(type || key)>` verifier key string. */
export function formatVerifierKey(key: VerifierKey): string {
  const data = new Uint8Array(1 + key.publicKey.length);
  data[0] = key.type;
  data.set(key.publicKey, 1);
  return `${key.name}+${keyIdHex(key.keyId)}+${toBase64(data)}`;
}

/**
 * Splits `text` at its first `count` plus signs; the last part keeps any further ones (base64 uses
 * `+`). Returns undefined when there are fewer.
 */
export function splitPlus(text: string, count: number): string[] | undefined {
  const parts: string[] = [];
  let rest = text;
  for (let i = 0; i < count; i++) {
    const at = rest.indexOf('+');
    if (at < 0) return undefined;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  parts.push(rest);
  return parts;
}

/** Parses a verifier key string; checks the key ID matches the key (throws {@link ERR_AUDIT_KEY_INVALID}). */
export function parseVerifierKey(sha256: Sha256, text: string): VerifierKey {
  const parts = splitPlus(text.trim(), 2);
  if (parts === undefined) throw new ERR_AUDIT_KEY_INVALID('a verifier key has the form <name>+<8 hex digits>+<base64 key>');
  const [name, idHex, b64] = parts as [string, string, string];
  if (!isKeyName(name)) throw new ERR_AUDIT_KEY_INVALID(`key name ${JSON.stringify(name)} is empty or has spaces`);
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw new ERR_AUDIT_KEY_INVALID(`key ID ${JSON.stringify(idHex)} is not 8 lower-case hex digits`);
  const data = fromBase64(b64);
  if (data === undefined || data.length < 2) throw new ERR_AUDIT_KEY_INVALID('the key part is not valid base64');
  const type = data[0]!;
  const publicKey = data.slice(1);
  if (type !== ALG_ED25519 || publicKey.length !== 32) throw new ERR_AUDIT_KEY_INVALID('only Ed25519 verifier keys (type 0x01, 32 bytes) are supported');
  const keyId = parseInt(idHex, 16);
  if (keyIdOf(sha256, name, type, publicKey) !== keyId) throw new ERR_AUDIT_KEY_INVALID(`key ID ${idHex} does not belong to this name and key`);
  return { name, keyId, type, publicKey };
}

/** Signs `text` (which must end in a newline) with every signer and returns the note. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  if (!text.endsWith('\n') || text.includes('\n\n') || CONTROL.test(text)) throw new ERR_AUDIT_NOTE_MALFORMED('note text must end in a newline, have no blank line and no control characters');
  if (signers.length === 0) throw new ERR_AUDIT_NOTE_MALFORMED('a note needs at least one signature');
  const msg = encoder.encode(text);
  const lines = signers.map((s) => {
    const sig = s.sign(msg);
    const data = new Uint8Array(4 + sig.length);
    new DataView(data.buffer).setUint32(0, s.keyId);
    data.set(sig, 4);
    return `${EM_DASH} ${s.name} ${toBase64(data)}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

/** Splits a note into its text and signatures; throws {@link ERR_AUDIT_NOTE_MALFORMED}. */
export function parseNote(note: string): { text: string; signatures: NoteSignature[] } {
  if (CONTROL.test(note)) throw new ERR_AUDIT_NOTE_MALFORMED('it contains control characters');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new ERR_AUDIT_NOTE_MALFORMED('no blank line separates the text from the signatures');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (!block.endsWith('\n')) throw new ERR_AUDIT_NOTE_MALFORMED('the last signature line does not end in a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new ERR_AUDIT_NOTE_MALFORMED(`more than ${MAX_SIGNATURES} signatures`);
  const signatures = lines.map((line, i) => {
    const m = /^\u2014 (\S+) (\S+)$/u.exec(line);
    if (m === null || !isKeyName(m[1]!)) throw new ERR_AUDIT_NOTE_MALFORMED(`signature line ${i + 1} is not "— <name> <base64>"`);
    const data = fromBase64(m[2]!);
    if (data === undefined || data.length < 5) throw new ERR_AUDIT_NOTE_MALFORMED(`signature line ${i + 1} does not hold a key ID and a signature`);
    return { name: m[1]!, keyId: new DataView(data.buffer).getUint32(0), signature: data.slice(4) };
  });
  return { text, signatures };
}

/**
 * Opens a note with the trusted verifiers. Signatures by unknown keys are ignored; a signature by a
 * known key that fails rejects the whole note, as the spec advises.
 */
export function openNote(note: string, verifiers: readonly NoteVerifier[]): OpenedNote {
  let parsed: { text: string; signatures: NoteSignature[] };
  try {
    parsed = parseNote(note);
  } catch (e) {
    return { kind: 'malformed', reason: (e as Error).message };
  }
  const msg = encoder.encode(parsed.text);
  const signedBy: string[] = [];
  for (const sig of parsed.signatures) {
    const v = verifiers.find((k) => k.name === sig.name && k.keyId === sig.keyId);
    if (v === undefined) continue;
    if (!v.verify(msg, sig.signature)) return { kind: 'bad-signature', name: sig.name, keyId: sig.keyId };
    signedBy.push(sig.name);
  }
  return signedBy.length > 0 ? { kind: 'verified', text: parsed.text, signedBy } : { kind: 'not-signed', found: parsed.signatures };
}
