/**
 * The contract every {@link AuditStore} implementation passes. An implementation's test calls
 * `runAuditStoreContract('name', () => newEmptyStore())`.
 */
import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../../../../core/errors.js';
import { CompactRange } from '../../merkle/compact-range.js';
import { assembleRoot, rootPlan } from '../../merkle/proof-plan.js';
import { nodeMerkleHasher } from '../../node-crypto.js';
import type { AppendBatch, AuditStore, StoredNode } from '../audit-store.js';

const hasher = nodeMerkleHasher();
const encoder = new TextEncoder();
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** A batch of `count` entries starting at `from`, with the nodes they complete. */
export function batchOf(range: CompactRange, count: number): AppendBatch {
  const from = range.size;
  const entries = Array.from({ length: count }, (_, i) => ({ seq: from + i, data: encoder.encode(`{"seq":${from + i}}`) }));
  const nodes: StoredNode[] = [];
  for (const e of entries) range.append(hasher.leaf(e.data), (level, index, hash) => nodes.push({ level, index, hash }));
  return { entries, nodes };
}

async function collect(it: AsyncIterable<{ seq: number; data: Uint8Array }>): Promise<string[]> {
  const out: string[] = [];
  for await (const e of it) out.push(`${e.seq}:${new TextDecoder().decode(e.data)}`);
  return out;
}

async function rejectsWithCode(p: Promise<unknown>, code: string): Promise<void> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(isSakimoriError(e, code), `expected ${code}, got ${String(e)}`).toBe(true);
}

/** Runs the audit store contract against stores made by `make` (each call returns an empty store). */
export function runAuditStoreContract(name: string, make: () => Promise<AuditStore> | AuditStore): void {
  describe(`AuditStore contract: ${name}`, () => {
    it('stores entries and nodes so the tree root can be rebuilt', async () => {
      const store = await make();
      const range = new CompactRange(hasher);
      await store.append(batchOf(range, 5));
      await store.append(batchOf(range, 8));
      expect(await store.size()).toBe(13);
      const root = assembleRoot(hasher, 13, await store.nodes(rootPlan(13).nodes));
      expect(hex(root)).toBe(hex(range.root()));
      expect(await collect(store.entries(11, 20))).toEqual(['11:{"seq":11}', '12:{"seq":12}']);
    });

    it('rejects a batch that does not continue the log, and stores none of it', async () => {
      const store = await make();
      const range = new CompactRange(hasher);
      await store.append(batchOf(range, 3));
      const skipped = new CompactRange(hasher);
      batchOf(skipped, 4);
      await rejectsWithCode(store.append(batchOf(skipped, 2)), 'SAKIMORI_ERR_AUDIT_STORE_INCONSISTENT');
      expect(await store.size()).toBe(3);
      await rejectsWithCode(store.nodes([{ level: 0, index: 3 }]), 'SAKIMORI_ERR_AUDIT_STORE_INCONSISTENT');
    });

    it('refuses to overwrite a stored node with another hash', async () => {
      const store = await make();
      const range = new CompactRange(hasher);
      const first = batchOf(range, 2);
      await store.append(first);
      const forged = { entries: [], nodes: [{ level: 0, index: 1, hash: new Uint8Array(32).fill(7) }] };
      await rejectsWithCode(store.append(forged), 'SAKIMORI_ERR_AUDIT_STORE_INCONSISTENT');
      const stored = (await store.nodes([{ level: 0, index: 1 }]))[0]!;
      expect(hex(stored)).toBe(hex(first.nodes.find((n) => n.level === 0 && n.index === 1)!.hash));
    });

    it('keeps checkpoints by size and refuses a second root for a size', async () => {
      const store = await make();
      const a = { size: 5, root: new Uint8Array(32).fill(1), note: 'a', time: 1 };
      await store.addCheckpoint({ size: 9, root: new Uint8Array(32).fill(2), note: 'b', time: 2 });
      await store.addCheckpoint(a);
      await store.addCheckpoint(a);
      expect((await store.checkpoints()).map((c) => c.size)).toEqual([5, 9]);
      await rejectsWithCode(store.addCheckpoint({ ...a, root: new Uint8Array(32).fill(3) }), 'SAKIMORI_ERR_AUDIT_STORE_INCONSISTENT');
    });
  });
}
