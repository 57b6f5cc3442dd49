/**
 * Verification of a set of checkpoints collected over time (from transparency reports, witnesses
 * or earlier exports), without the entries: every signature must verify, no two checkpoints of one
 * size may differ (a fork), and every checkpoint but the smallest must be proven consistent with a
 * smaller one. Consistency is transitive, so such a chain shows that all of them are views of one
 * append-only history.
 *
 * A file holds either a plain checkpoint, or a checkpoint preceded by a consistency proof in the
 * c2sp.org/tlog-witness `add-checkpoint` form: `old <size>`, one base64 hash per line, a blank
 * line, then the checkpoint.
 */
import { fromBase64, toBase64 } from '../base64.js';
import { equalHashes, type MerkleHasher } from '../merkle/hasher.js';
import { verifyConsistency } from '../merkle/verify.js';
import type { NoteVerifier } from '../note/signed-note.js';
import { checkCheckpointNote } from './checkpoint-check.js';

/** One input file. */
export interface CheckpointFile {
  readonly name: string;
  readonly text: string;
}

/** Result of verifying a set of checkpoints. */
export interface CheckpointsReport {
  readonly ok: boolean;
  readonly problems: readonly string[];
  readonly warnings: readonly string[];
  /** Distinct tree sizes seen, ascending, with their roots. */
  readonly sizes: readonly { readonly size: number; readonly root: string; readonly proven: boolean }[];
}

interface Parsed {
  readonly name: string;
  readonly size: number;
  readonly root: Uint8Array;
  readonly old?: { readonly size: number; readonly proof: readonly Uint8Array[] };
}

/** Splits a tlog-witness style body into its proof part and checkpoint note; undefined when not that form. */
function splitWitnessForm(text: string): { oldSize: string; proof: string[]; note: string } | undefined {
  if (!text.startsWith('old ')) return undefined;
  const blank = text.indexOf('\n\n');
  if (blank < 0) return { oldSize: '', proof: [], note: '' };
  const head = text.slice(0, blank).split('\n');
  return { oldSize: head[0]!.slice(4), proof: head.slice(1), note: text.slice(blank + 2) };
}

function parseFile(f: CheckpointFile, verifiers: readonly NoteVerifier[]): Parsed | string {
  const witness = splitWitnessForm(f.text);
  const checked = checkCheckpointNote(witness?.note ?? f.text, verifiers);
  if (!checked.ok) return `${f.name}: ${checked.reason}`;
  const { size, root } = checked.checkpoint;
  if (witness === undefined) return { name: f.name, size, root };
  if (!/^(0|[1-9][0-9]*)$/.test(witness.oldSize)) return `${f.name}: the "old <size>" line is malformed`;
  const proof = witness.proof.map((p) => fromBase64(p));
  if (proof.some((p) => p === undefined || p.length !== 32)) return `${f.name}: a consistency proof line is not a base64 SHA-256 hash`;
  return { name: f.name, size, root, old: { size: Number(witness.oldSize), proof: proof as Uint8Array[] } };
}

/**
 * Verifies the checkpoints in `files` against the trusted `verifiers`. A checkpoint not linked to a
 * smaller one by a proof is a problem, or only a warning with `allowUnproven`.
 */
export function verifyCheckpoints(files: readonly CheckpointFile[], verifiers: readonly NoteVerifier[], hasher: MerkleHasher, options: { readonly allowUnproven?: boolean } = {}): CheckpointsReport {
  const problems: string[] = [];
  const warnings: string[] = [];
  const parsed: Parsed[] = [];
  for (const f of files) {
    const p = parseFile(f, verifiers);
    if (typeof p === 'string') problems.push(p);
    else parsed.push(p);
  }
  const bySize = new Map<number, Parsed>();
  for (const p of parsed) {
    const other = bySize.get(p.size);
    if (other !== undefined && !equalHashes(other.root, p.root)) {
      problems.push(`fork: ${other.name} and ${p.name} both have size ${p.size} but different roots — the log signed two different histories`);
    }
    bySize.set(p.size, other ?? p);
  }
  const sizes = [...bySize.keys()].sort((a, b) => a - b);
  const proven = new Set<number>(sizes.slice(0, 1));
  for (const p of parsed) {
    if (p.old === undefined || p.old.size === 0) continue;
    if (p.old.size >= p.size) {
      warnings.push(`${p.name}: its proof is from size ${p.old.size}, not from a smaller tree, so it links nothing`);
      continue;
    }
    const from = bySize.get(p.old.size);
    if (from === undefined) {
      warnings.push(`${p.name}: its proof starts at size ${p.old.size}, and no checkpoint of that size was given, so it was not checked`);
      continue;
    }
    const verdict = verifyConsistency(hasher, p.old.size, p.size, from.root, p.root, p.old.proof);
    if (verdict.ok) proven.add(p.size);
    else problems.push(`${p.name}: not consistent with ${from.name} (sizes ${p.old.size} → ${p.size}: ${verdict.reason}) — the log rewrote its history`);
  }
  for (const size of sizes) {
    if (proven.has(size)) continue;
    const msg = `no consistency proof links the checkpoint of size ${size} (${bySize.get(size)!.name}) to a smaller one`;
    (options.allowUnproven === true ? warnings : problems).push(msg);
  }
  return {
    ok: problems.length === 0,
    problems,
    warnings,
    sizes: sizes.map((size) => ({ size, root: toBase64(bySize.get(size)!.root), proven: proven.has(size) })),
  };
}

/** Writes a checkpoint with its consistency proof in the tlog-witness form read by {@link verifyCheckpoints}. */
export function formatWitnessForm(oldSize: number, proof: readonly Uint8Array[], note: string): string {
  return `old ${oldSize}\n${proof.map((p) => `${toBase64(p)}\n`).join('')}\n${note}`;
}
