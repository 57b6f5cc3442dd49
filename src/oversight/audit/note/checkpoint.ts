/**
 * The body of a C2SP checkpoint (c2sp.org/tlog-checkpoint): origin line, decimal tree size with no
 * leading zeroes, base64 RFC 6962/9162 root hash, then optional non-empty extension lines.
 */
import { fromBase64, toBase64 } from '../base64.js';
import { ERR_AUDIT_NOTE_MALFORMED } from '../errors.js';
import { HASH_SIZE } from '../merkle/hasher.js';

/** A tree head as a checkpoint states it. */
export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Uint8Array;
  readonly extensions: readonly string[];
}

/** Writes the checkpoint note text (ending in a newline, ready to sign). */
export function formatCheckpoint(cp: Checkpoint): string {
  if (cp.origin.length === 0 || cp.origin.includes('\n')) throw new ERR_AUDIT_NOTE_MALFORMED('checkpoint origin must be one non-empty line');
  if (cp.root.length !== HASH_SIZE) throw new ERR_AUDIT_NOTE_MALFORMED(`root hash is ${cp.root.length} bytes`);
  for (const e of cp.extensions) if (e.length === 0 || e.includes('\n')) throw new ERR_AUDIT_NOTE_MALFORMED('extension lines must be non-empty single lines');
  return [cp.origin, String(cp.size), toBase64(cp.root), ...cp.extensions].join('\n') + '\n';
}

/** Parses checkpoint note text; throws {@link ERR_AUDIT_NOTE_MALFORMED} naming the bad line. */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new ERR_AUDIT_NOTE_MALFORMED('checkpoint text does not end in a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new ERR_AUDIT_NOTE_MALFORMED('a checkpoint has at least three lines: origin, tree size, root hash');
  const [origin, sizeLine, rootLine, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin.length === 0) throw new ERR_AUDIT_NOTE_MALFORMED('checkpoint origin line is empty');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeLine) || !Number.isSafeInteger(Number(sizeLine))) {
    throw new ERR_AUDIT_NOTE_MALFORMED(`checkpoint tree size ${JSON.stringify(sizeLine)} is not a decimal number without leading zeroes`);
  }
  const root = fromBase64(rootLine);
  if (root === undefined || root.length !== HASH_SIZE) throw new ERR_AUDIT_NOTE_MALFORMED(`checkpoint root ${JSON.stringify(rootLine)} is not a base64 SHA-256 hash`);
  if (extensions.some((e) => e.length === 0)) throw new ERR_AUDIT_NOTE_MALFORMED('checkpoint extension lines must not be empty');
  return { origin, size: Number(sizeLine), root, extensions };
}
