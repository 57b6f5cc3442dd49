/**
 * The offline verifier of an audit export (format in `export-format.ts`). It recomputes the Merkle
 * tree from the entry lines, checks every checkpoint's signature, checks each checkpoint against
 * the recomputed tree and, with its RFC 9162 consistency proof, against the checkpoint before it,
 * and refuses two checkpoints of one size with different roots (a fork).
 *
 * Streaming: feed lines with {@link ExportVerifier.line}, then call {@link ExportVerifier.finish}.
 * Memory stays constant whatever the export's size. The first problem ends verification, with a
 * message that says what was found and what it means.
 */
import { fromBase64, toBase64 } from '../base64.js';
import { CompactRange } from '../merkle/compact-range.js';
import { equalHashes, type MerkleHasher } from '../merkle/hasher.js';
import { verifyConsistency } from '../merkle/verify.js';
import type { Checkpoint } from '../note/checkpoint.js';
import type { NoteVerifier } from '../note/signed-note.js';
import { checkCheckpointNote } from './checkpoint-check.js';
import { EXPORT_FORMAT, type CheckpointRecord } from './export-format.js';

/** Result of verifying an export. */
export interface ExportReport {
  readonly ok: boolean;
  /** What failed, when `ok` is false. */
  readonly problem?: string;
  readonly warnings: readonly string[];
  readonly origin?: string;
  readonly entries: number;
  readonly checkpoints: number;
  readonly signedBy: readonly string[];
  readonly latest?: { readonly size: number; readonly root: string };
}

/** Options of the export verifier. */
export interface ExportVerifierOptions {
  readonly hasher: MerkleHasher;
  /** The log's published verifier keys; nothing else is trusted. */
  readonly verifiers: readonly NoteVerifier[];
  /** A checkpoint note obtained independently of the export (e.g. from the transparency report). */
  readonly latest?: string;
}

class Problem extends Error {}

interface Seen {
  readonly size: number;
  readonly root: Uint8Array;
  readonly where: string;
}

/** Verifies an export line by line. */
export class ExportVerifier {
  readonly #opts: ExportVerifierOptions;
  readonly #range: CompactRange;
  readonly #warnings: string[] = [];
  readonly #bySize = new Map<number, Seen>();
  /** Checkpoints waiting for the entries they commit to. */
  readonly #waiting: Seen[] = [];
  readonly #signedBy = new Set<string>();
  #lineNo = 0;
  #origin: string | undefined;
  #previous: Seen | undefined;
  #matched = 0;
  #checkpoints = 0;
  #ended = false;
  #problem: string | undefined;

  constructor(opts: ExportVerifierOptions) {
    this.#opts = opts;
    this.#range = new CompactRange(opts.hasher);
  }

  /** Feeds the next line (without its newline); returns false once a problem was found. */
  line(text: string): boolean {
    if (this.#problem !== undefined) return false;
    this.#lineNo++;
    try {
      this.#line(text);
    } catch (e) {
      if (!(e instanceof Problem)) throw e;
      this.#problem = `line ${this.#lineNo}: ${e.message}`;
    }
    return this.#problem === undefined;
  }

  #line(text: string): void {
    if (this.#ended) throw new Problem('data after the end record');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new Problem('not a JSON record (the file is damaged or not an audit export)');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Problem('not a JSON object');
    const record = value as Record<string, unknown>;
    if (this.#lineNo === 1) return this.#header(record);
    switch (record.$record) {
      case undefined:
        return this.#entry(text, record);
      case 'checkpoint':
        return this.#checkpoint(record as unknown as CheckpointRecord);
      case 'end':
        return this.#end(record);
      default:
        throw new Problem(`unknown record type ${JSON.stringify(record.$record)}`);
    }
  }

  #header(record: Record<string, unknown>): void {
    if (record.$record !== 'header' || record.format !== EXPORT_FORMAT || typeof record.origin !== 'string') {
      throw new Problem(`not a ${EXPORT_FORMAT} header`);
    }
    this.#origin = record.origin;
    if (this.#opts.latest !== undefined) this.#independent(this.#opts.latest);
  }

  #entry(text: string, record: Record<string, unknown>): void {
    const expected = this.#range.size;
    if (record.seq !== expected) {
      throw new Problem(`entry with seq ${JSON.stringify(record.seq)} where entry ${expected} belongs: entries were removed, inserted or reordered`);
    }
    this.#range.append(this.#opts.hasher.leafOfText(text));
    while (this.#waiting[0]?.size === this.#range.size) this.#matchEntries(this.#waiting.shift()!);
  }

  #checkpoint(record: CheckpointRecord): void {
    if (typeof record.note !== 'string') throw new Problem('checkpoint record without a note');
    const checked = checkCheckpointNote(record.note, this.#opts.verifiers);
    if (!checked.ok) throw new Problem(checked.reason);
    checked.signedBy.forEach((n) => this.#signedBy.add(n));
    const cp = checked.checkpoint;
    this.#checkOrigin(cp);
    this.#checkpoints++;
    const seen: Seen = { size: cp.size, root: cp.root, where: `line ${this.#lineNo}` };
    this.#checkFork(seen);
    this.#checkConsistency(seen, record.consistency);
    this.#previous = seen;
    if (cp.size < this.#range.size) throw new Problem(`checkpoint of size ${cp.size} comes after entry ${this.#range.size - 1}: the export is out of order`);
    if (cp.size === this.#range.size) this.#matchEntries(seen);
    else this.#wait(seen);
  }

  #wait(seen: Seen): void {
    this.#waiting.push(seen);
    this.#waiting.sort((a, b) => a.size - b.size);
  }

  #checkOrigin(cp: Checkpoint): void {
    if (cp.origin !== this.#origin) throw new Problem(`checkpoint of log ${JSON.stringify(cp.origin)} in an export of ${JSON.stringify(this.#origin)}`);
  }

  /** Two signed checkpoints of one size with different roots prove the log showed two histories. */
  #checkFork(seen: Seen): void {
    const other = this.#bySize.get(seen.size);
    if (other !== undefined && !equalHashes(other.root, seen.root)) {
      throw new Problem(`fork: this checkpoint and the one at ${other.where} both have size ${seen.size} but different roots — the log signed two different histories`);
    }
    this.#bySize.set(seen.size, seen);
  }

  #checkConsistency(seen: Seen, consistency: CheckpointRecord['consistency']): void {
    const prev = this.#previous;
    if (prev === undefined) return;
    if (seen.size < prev.size) throw new Problem(`checkpoint of size ${seen.size} after one of size ${prev.size}: the log went backwards`);
    if (seen.size === prev.size) return; // equal roots, or #checkFork already failed
    if (prev.size === 0) return; // the empty tree is a prefix of every tree; its root was matched to no entries
    if (consistency === undefined || consistency === null) throw new Problem(`no consistency proof from the previous checkpoint (size ${prev.size}) to this one (size ${seen.size})`);
    if (consistency.from !== prev.size) {
      throw new Problem(`the consistency proof is for sizes ${consistency.from} → ${seen.size}, but the previous checkpoint has size ${prev.size}`);
    }
    const proof = (Array.isArray(consistency.proof) ? consistency.proof : []).map((p) => (typeof p === 'string' ? fromBase64(p) : undefined));
    if (!Array.isArray(consistency.proof) || proof.some((p) => p === undefined)) throw new Problem('the consistency proof is not a list of base64 hashes');
    const verdict = verifyConsistency(this.#opts.hasher, prev.size, seen.size, prev.root, seen.root, proof as Uint8Array[]);
    if (!verdict.ok) throw new Problem(`checkpoint of size ${seen.size} is not consistent with the previous one of size ${prev.size} (${verdict.reason}): the log rewrote its history`);
  }

  #matchEntries(seen: Seen): void {
    if (!equalHashes(seen.root, this.#range.root())) {
      throw new Problem(
        `the checkpoint at ${seen.where} (size ${seen.size}) does not match the entries: an entry with seq in [${this.#matched}, ${seen.size}) was modified, inserted, removed or reordered`,
      );
    }
    this.#matched = Math.max(this.#matched, seen.size);
  }

  /** A checkpoint from outside the export: checked like the others, except for its position. */
  #independent(note: string): void {
    const checked = checkCheckpointNote(note, this.#opts.verifiers);
    if (!checked.ok) throw new Problem(`the independently obtained checkpoint: ${checked.reason}`);
    this.#checkOrigin(checked.checkpoint);
    const seen: Seen = { size: checked.checkpoint.size, root: checked.checkpoint.root, where: 'the independently obtained checkpoint' };
    this.#bySize.set(seen.size, seen);
    if (seen.size === 0) this.#matchEntries(seen);
    else this.#wait(seen);
  }

  #end(record: Record<string, unknown>): void {
    if (record.entries !== this.#range.size) throw new Problem(`the end record counts ${JSON.stringify(record.entries)} entries but the export holds ${this.#range.size}`);
    this.#ended = true;
  }

  /** Ends verification and reports. */
  finish(): ExportReport {
    if (this.#problem === undefined) {
      if (this.#lineNo === 0) this.#problem = 'the export is empty';
      else if (this.#waiting.length > 0) {
        const w = this.#waiting[this.#waiting.length - 1]!;
        this.#problem = `${w.where} commits to ${w.size} entries but the export holds only ${this.#range.size}: the export is truncated`;
      } else if (!this.#ended) this.#problem = 'the export ends without its end record: the file is truncated';
      else if (this.#checkpoints === 0) this.#problem = 'the export holds no signed checkpoint, so none of its entries is authenticated';
    }
    if (this.#problem === undefined && this.#matched < this.#range.size) {
      this.#warnings.push(`entries ${this.#matched}–${this.#range.size - 1} come after the last checkpoint and are not covered by any signature`);
    }
    const latest = this.#previous;
    return {
      ok: this.#problem === undefined,
      ...(this.#problem === undefined ? {} : { problem: this.#problem }),
      warnings: this.#warnings,
      ...(this.#origin === undefined ? {} : { origin: this.#origin }),
      entries: this.#range.size,
      checkpoints: this.#checkpoints,
      signedBy: [...this.#signedBy],
      ...(latest === undefined ? {} : { latest: { size: latest.size, root: toBase64(latest.root) } }),
    };
  }
}

/** Verifies a whole export given as an iterable of lines. */
export async function verifyExport(lines: AsyncIterable<string> | Iterable<string>, opts: ExportVerifierOptions): Promise<ExportReport> {
  const v = new ExportVerifier(opts);
  for await (const l of lines) if (!v.line(l)) break;
  return v.finish();
}
