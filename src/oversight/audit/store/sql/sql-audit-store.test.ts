import { beforeEach, describe, expect, it } from 'vitest';
import { isSakimoriError } from '../../../../core/errors.js';
import { describeStorage } from '../../../../storage/testing/storage-suite.js';
import { CompactRange } from '../../merkle/compact-range.js';
import { nodeMerkleHasher } from '../../node-crypto.js';
import { sampleEvent, startTestLog } from '../../testing/fixtures.js';
import { batchOf, runAuditStoreContract } from '../testing/audit-store-contract.js';
import { SqlAuditStore } from './sql-audit-store.js';

describeStorage('SqlAuditStore', (ctx) => {
  describe('contract', () => {
    runAuditStoreContract(ctx.dialect, async () => {
      await ctx.reset();
      return new SqlAuditStore(ctx.db);
    });
  });

  describe('beyond the contract', () => {
    beforeEach(() => ctx.reset());

    it('refuses a batch that leaves a completed subtree out, storing nothing', async () => {
      const store = new SqlAuditStore(ctx.db);
      const range = new CompactRange(nodeMerkleHasher());
      await store.append(batchOf(range, 1));
      const b = batchOf(range, 1); // completes node 1/0
      const e = await store.append({ entries: b.entries, nodes: b.nodes.filter((n) => n.level === 0) }).catch((x: unknown) => x);
      expect(isSakimoriError(e, 'SAKIMORI_ERR_AUDIT_STORE_INCONSISTENT')).toBe(true);
      expect(await store.size()).toBe(1);
    });

    it('reports a second writer’s batch as a conflict, not as damage', async () => {
      const store = new SqlAuditStore(ctx.db);
      const a = new CompactRange(nodeMerkleHasher());
      const b = new CompactRange(nodeMerkleHasher());
      await store.append(batchOf(a, 2));
      const e = await store.append(batchOf(b, 1)).catch((x: unknown) => x);
      expect(isSakimoriError(e, 'SAKIMORI_ERR_AUDIT_STORE_CONFLICT')).toBe(true);
      expect(await store.size()).toBe(2);
    });

    it('serves a log that restarts on it, with proofs across the restart', async () => {
      const first = await startTestLog({ store: new SqlAuditStore(ctx.db) });
      for (let i = 0; i < 37; i++) await first.log.append(sampleEvent(i));
      const cp = await first.log.checkpoint();
      await first.log.stop();
      const second = await startTestLog({ store: new SqlAuditStore(ctx.db), signer: first.signer });
      expect(second.log.size).toBe(37);
      for (let i = 37; i < 70; i++) await second.log.append(sampleEvent(i));
      const proof = await second.log.consistencyProof(37, 70);
      expect(proof.length).toBeGreaterThan(0);
      expect(Buffer.from(await second.log.rootAt(37)).toString('hex')).toBe(Buffer.from(cp.root).toString('hex'));
      const seen: number[] = [];
      for await (const e of new SqlAuditStore(ctx.db).entries(30, 40)) seen.push(e.seq);
      expect(seen).toEqual([30, 31, 32, 33, 34, 35, 36, 37, 38, 39]);
      await second.log.stop();
    });

    it('lets two logs (a server and a cron job) append to one database without losing or forking entries', async () => {
      const a = await startTestLog({ store: new SqlAuditStore(ctx.db) });
      const b = await startTestLog({ store: new SqlAuditStore(ctx.db), signer: a.signer });
      const receipts = [];
      for (let i = 0; i < 10; i++) {
        receipts.push(await a.log.append(sampleEvent(i)));
        receipts.push(await b.log.append(sampleEvent(100 + i)));
      }
      expect(receipts.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      const cpA = await a.log.checkpoint();
      const cpB = await b.log.checkpoint();
      expect(cpB.size).toBe(20);
      expect(Buffer.from(cpA.root).toString('hex')).toBe(Buffer.from(await b.log.rootAt(cpA.size)).toString('hex'));
      const rows: string[] = [];
      for await (const e of new SqlAuditStore(ctx.db).entries(0, 20)) rows.push(JSON.parse(new TextDecoder().decode(e.data)).seq);
      expect(rows).toEqual(Array.from({ length: 20 }, (_, i) => i));
      await a.log.stop();
      await b.log.stop();
    });
  });
});
