/**
 * Checkpoint verification in the browser, trusting nothing the server says without proof:
 *
 * 1. the verifier key parses and its key ID matches (c2sp.org/signed-note), and equals the key the
 *    user pinned, if any;
 * 2. the latest checkpoint's signed note carries a valid Ed25519 signature by that key (WebCrypto);
 * 3. the signed body (c2sp.org/tlog-checkpoint) names the expected origin, and the size and root the
 *    API reports are the signed ones;
 * 4. the log only grew since an earlier checkpoint (the one this browser verified last, or else the
 *    previous signed one): RFC 9162 §2.1.4.2 consistency proof;
 * 5. an entry is in the log: RFC 9162 §2.1.3.2 inclusion proof, with the leaf hash computed here from
 *    the entry's canonical bytes when the role may read entries.
 *
 * The Merkle and note code is the server's own (`src/oversight/audit`), shared because it is pure.
 */
import { fromBase64 } from '../../../src/oversight/audit/base64.js';
import { createMerkleHasher, equalHashes } from '../../../src/oversight/audit/merkle/hasher.js';
import { verifyConsistency, verifyInclusion } from '../../../src/oversight/audit/merkle/verify.js';
import { parseCheckpoint, type Checkpoint } from '../../../src/oversight/audit/note/checkpoint.js';
import { parseNote, parseVerifierKey, type VerifierKey } from '../../../src/oversight/audit/note/signed-note.js';
import { sha256 } from './sha256.js';
import { verifyEd25519 } from './webcrypto.js';

/** One checked step and what was found. */
export interface Step {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** A checkpoint as the API returns it. */
export interface CheckpointData {
  readonly size: number;
  readonly root: string;
  readonly note: string;
  readonly time: number;
}

/** What the verifier fetches (the API in the console, fixtures in tests). */
export interface AuditSource {
  verifierKey(): Promise<{ verifierKey: string; origin: string }>;
  latest(): Promise<CheckpointData>;
  /** Signed checkpoints, largest first. */
  checkpoints(): Promise<readonly CheckpointData[]>;
  consistency(first: number, second: number): Promise<{ proof: readonly string[] }>;
  inclusion(seq: number, size: number): Promise<{ leafHash: string; proof: readonly string[] }>;
  /** The entry's canonical bytes (base64), when the role may read entries. */
  entryLeaf?(seq: number): Promise<string | undefined>;
}

/** A checkpoint this browser has verified, kept to check consistency next time. */
export interface TrustedCheckpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: string;
}

/** Outcome of a run. */
export interface VerificationResult {
  readonly steps: readonly Step[];
  readonly ok: boolean;
  /** The verified latest checkpoint (to remember), when steps 1–3 passed. */
  readonly verified?: TrustedCheckpoint;
}

export const hasher = createMerkleHasher(sha256);
const b64 = (s: string, what: string): Uint8Array => {
  const b = fromBase64(s);
  if (b === undefined) throw new Error(`${what} is not canonical base64`);
  return b;
};
const short = (b: Uint8Array): string => [...b.subarray(0, 6)].map((x) => x.toString(16).padStart(2, '0')).join('') + '…';

/** Checks a signed checkpoint note with the key; returns the parsed body or why not. */
export async function openCheckpoint(note: string, key: VerifierKey): Promise<{ ok: true; checkpoint: Checkpoint } | { ok: false; reason: string }> {
  let parsed;
  try {
    parsed = parseNote(note);
  } catch (e) {
    return { ok: false, reason: `malformed note: ${(e as Error).message}` };
  }
  const sig = parsed.signatures.find((s) => s.name === key.name && s.keyId === key.keyId);
  if (sig === undefined) return { ok: false, reason: `no signature by ${key.name} in the note` };
  if (!(await verifyEd25519(key.publicKey, new TextEncoder().encode(parsed.text), sig.signature))) return { ok: false, reason: `the Ed25519 signature by ${key.name} is not valid` };
  try {
    return { ok: true, checkpoint: parseCheckpoint(parsed.text) };
  } catch (e) {
    return { ok: false, reason: `signed text is not a checkpoint: ${(e as Error).message}` };
  }
}

/** Runs every step; stops at the first that makes the rest meaningless. */
export async function verifyLog(src: AuditSource, opts: { pinnedKey?: string | undefined; trusted?: TrustedCheckpoint | undefined; seq?: number | undefined } = {}): Promise<VerificationResult> {
  const steps: Step[] = [];
  const done = (verified?: TrustedCheckpoint): VerificationResult => ({ steps, ok: steps.every((s) => s.ok), ...(verified === undefined ? {} : { verified }) });
  const { verifierKey, origin } = await src.verifierKey();
  let key: VerifierKey;
  try {
    key = parseVerifierKey(sha256, verifierKey);
  } catch (e) {
    steps.push({ name: 'Verifier key', ok: false, detail: (e as Error).message });
    return done();
  }
  const pinned = opts.pinnedKey?.trim();
  const pinOk = pinned === undefined || pinned === '' || pinned === verifierKey.trim();
  steps.push({
    name: 'Verifier key',
    ok: pinOk,
    detail: pinOk
      ? `${key.name} (key ID ${key.keyId.toString(16).padStart(8, '0')})${pinned ? ', equal to your pinned key' : ', as served (pin it to detect a swap)'}`
      : 'the server presents a key other than the one you pinned',
  });
  if (!pinOk) return done();

  const latest = await src.latest();
  const opened = await openCheckpoint(latest.note, key);
  steps.push({ name: 'Signature of the latest checkpoint', ok: opened.ok, detail: opened.ok ? `valid Ed25519 signature by ${key.name} (WebCrypto)` : opened.reason });
  if (!opened.ok) return done();
  const cp = opened.checkpoint;
  const bodyOk = cp.origin === origin && cp.size === latest.size && equalHashes(cp.root, b64(latest.root, 'root'));
  steps.push({
    name: 'Checkpoint body',
    ok: bodyOk,
    detail: bodyOk
      ? `origin ${cp.origin}, ${cp.size} entries, root ${short(cp.root)}`
      : `signed body (origin ${cp.origin}, size ${cp.size}) differs from what the API reports (origin ${origin}, size ${latest.size})`,
  });
  if (!bodyOk) return done();
  const verified: TrustedCheckpoint = { origin: cp.origin, size: cp.size, root: latest.root };

  // Consistency: from what this browser trusted before, else from the previous signed checkpoint.
  let earlier: { size: number; root: Uint8Array; what: string } | undefined;
  if (opts.trusted !== undefined && opts.trusted.origin === cp.origin && opts.trusted.size > 0) {
    earlier = { size: opts.trusted.size, root: b64(opts.trusted.root, 'trusted root'), what: 'the checkpoint this browser verified last' };
  } else {
    const prev = (await src.checkpoints()).find((c) => c.size > 0 && c.size < cp.size);
    if (prev !== undefined) {
      const o = await openCheckpoint(prev.note, key);
      if (!o.ok) {
        steps.push({ name: 'Earlier checkpoint', ok: false, detail: o.reason });
        return done(verified);
      }
      earlier = { size: o.checkpoint.size, root: o.checkpoint.root, what: 'the previous signed checkpoint' };
    }
  }
  if (earlier === undefined) {
    steps.push({ name: 'Append-only since an earlier checkpoint', ok: true, detail: 'no earlier checkpoint to compare with yet' });
  } else if (earlier.size > cp.size) {
    steps.push({ name: 'Append-only since an earlier checkpoint', ok: false, detail: `the log shrank from ${earlier.size} to ${cp.size} entries` });
  } else {
    const proof = earlier.size === cp.size ? [] : (await src.consistency(earlier.size, cp.size)).proof.map((p) => b64(p, 'proof element'));
    const v = verifyConsistency(hasher, earlier.size, cp.size, earlier.root, cp.root, proof);
    steps.push({ name: 'Append-only since an earlier checkpoint', ok: v.ok, detail: v.ok ? `consistent with ${earlier.what} (size ${earlier.size}; ${proof.length} proof hashes)` : v.reason });
  }

  if (cp.size > 0) {
    const seq = opts.seq !== undefined && opts.seq >= 0 && opts.seq < cp.size ? opts.seq : cp.size - 1;
    const inc = await src.inclusion(seq, cp.size);
    let leafHash = b64(inc.leafHash, 'leaf hash');
    let from = 'leaf hash as served';
    const leaf = await src.entryLeaf?.(seq);
    if (leaf !== undefined) {
      const own = hasher.leaf(b64(leaf, 'entry'));
      if (!equalHashes(own, leafHash)) {
        steps.push({ name: `Entry #${seq} is in the log`, ok: false, detail: 'the entry bytes do not hash to the leaf hash the proof is for' });
        return done(verified);
      }
      leafHash = own;
      from = 'leaf hash computed from the entry';
    }
    const v = verifyInclusion(
      hasher,
      seq,
      cp.size,
      leafHash,
      inc.proof.map((p) => b64(p, 'proof element')),
      cp.root,
    );
    steps.push({ name: `Entry #${seq} is in the log`, ok: v.ok, detail: v.ok ? `inclusion proof of ${inc.proof.length} hashes leads to the signed root (${from})` : v.reason });
  }
  return done(verified);
}
