/**
 * The audit export: one JSON Lines file an auditor can verify offline with
 * `sakimori audit verify <file> --key <verifier key>`.
 *
 * ```text
 * {"$record":"header","format":"sakimori.audit-export/v1","origin":"…"}
 * {"action":"auth.sign_in",…,"seq":0,…}              ← entry: exactly the canonical leaf bytes
 * …
 * {"$record":"checkpoint","note":"…signed note…","consistency":{"from":5,"proof":["base64",…]}}
 * …
 * {"$record":"end","entries":1000,"checkpoints":12}
 * ```
 *
 * Entry lines are the RFC 8785 bytes the Merkle leaves were hashed from, so the verifier hashes the
 * line itself and nothing is lost in re-serialisation. Each checkpoint follows the entry that
 * completes it and carries the RFC 9162 consistency proof from the previous checkpoint. The end
 * record lets the verifier notice a file cut short after its last checkpoint; a cut that removes
 * entries and checkpoints alike is only detectable against a checkpoint obtained independently
 * (`--latest`).
 */
import { toBase64 } from '../base64.js';
import type { MerkleHasher } from '../merkle/hasher.js';
import { assemblePlan, consistencyPlan } from '../merkle/proof-plan.js';
import type { AuditStore } from '../store/audit-store.js';

/** The format name in the header record. */
export const EXPORT_FORMAT = 'sakimori.audit-export/v1';

/** First record of an export. */
export interface HeaderRecord {
  readonly $record: 'header';
  readonly format: typeof EXPORT_FORMAT;
  readonly origin: string;
}

/** A signed checkpoint and its consistency proof from the previous checkpoint of the export. */
export interface CheckpointRecord {
  readonly $record: 'checkpoint';
  readonly note: string;
  readonly consistency?: { readonly from: number; readonly proof: readonly string[] };
}

/** Last record of an export. */
export interface EndRecord {
  readonly $record: 'end';
  readonly entries: number;
  readonly checkpoints: number;
}

const decoder = new TextDecoder();

/**
 * Yields the lines (without newlines) of an export of every entry and checkpoint in `store`.
 * Proofs are built from the store's nodes, so the export is streamed, never held in memory.
 */
export async function* exportLines(store: AuditStore, hasher: MerkleHasher, origin: string): AsyncGenerator<string> {
  const header: HeaderRecord = { $record: 'header', format: EXPORT_FORMAT, origin };
  yield JSON.stringify(header);
  const size = await store.size();
  const checkpoints = (await store.checkpoints()).filter((c) => c.size <= size);
  let next = 0;
  let previous = 0;
  const checkpointsUpTo = async function* (count: number): AsyncGenerator<string> {
    while (next < checkpoints.length && checkpoints[next]!.size <= count) {
      const cp = checkpoints[next++]!;
      const record: CheckpointRecord = { $record: 'checkpoint', note: cp.note };
      if (previous > 0 && previous < cp.size) {
        const plan = consistencyPlan(previous, cp.size);
        const proof = assemblePlan(hasher, plan, await store.nodes(plan.nodes)).map(toBase64);
        yield JSON.stringify({ ...record, consistency: { from: previous, proof } });
      } else {
        yield JSON.stringify(record);
      }
      previous = cp.size;
    }
  };
  yield* checkpointsUpTo(0);
  for await (const e of store.entries(0, size)) {
    yield decoder.decode(e.data);
    yield* checkpointsUpTo(e.seq + 1);
  }
  const end: EndRecord = { $record: 'end', entries: size, checkpoints: checkpoints.length };
  yield JSON.stringify(end);
}
