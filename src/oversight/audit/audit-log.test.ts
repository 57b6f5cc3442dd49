import { describe, expect, it, vi } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { equalHashes } from './merkle/hasher.js';
import { verifyConsistency, verifyInclusion } from './merkle/verify.js';
import { parseCheckpoint } from './note/checkpoint.js';
import { verifierFromKey } from './note/ed25519.js';
import { openNote } from './note/signed-note.js';
import type { AppendBatch, AuditStore } from './store/audit-store.js';
import { MemoryAuditStore } from './store/memory/memory-audit-store.js';
import { sampleEvent, startTestLog, TEST_ORIGIN } from './testing/fixtures.js';

async function entryText(store: AuditStore, seq: number): Promise<string> {
  for await (const e of store.entries(seq, seq + 1)) return new TextDecoder().decode(e.data);
  throw new Error(`no entry ${seq}`);
}

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    return isSakimoriError(e) ? e.code : String(e);
  }
  return undefined;
}

describe('audit log', () => {
  it('numbers entries densely and stores them as canonical JSON with personal data hashed', async () => {
    const { log, store } = await startTestLog();
    const receipts = await Promise.all([0, 1, 2].map((n) => log.append(sampleEvent(n))));
    expect(receipts.map((r) => r.seq)).toEqual([0, 1, 2]);
    const text = await entryText(store, 1);
    expect(text).not.toContain('198.51.100.1');
    const mac = log.personalRef('ip', '198.51.100.1').mac;
    expect(text).toBe(
      '{"action":"data.read","actor":{"id":"usr_1","kind":"user","role":"nco_analyst"},"details":{"rows":1,"view":"flows"},' +
        `"outcome":"success","personal":[{"kid":"k1","kind":"ip","mac":"${mac}"}],"purpose":{"case":"case_1","purpose":"identify botnet sources of the attack"},` +
        '"seq":1,"subjects":[{"id":"case_1","type":"case"}],"time":"2026-01-01T00:00:00.000Z","v":1}',
    );
    // The same address written differently hashes the same, so investigators find every entry.
    expect(log.personalRef('ip', '::ffff:198.51.100.1').mac).toBe(mac);
  });

  it('signs checkpoints that verify, match the tree, and prove inclusion and consistency', async () => {
    const { log, signer } = await startTestLog();
    for (let n = 0; n < 10; n++) await log.append(sampleEvent(n));
    const cp10 = await log.checkpoint();
    const receipts = await Promise.all([10, 11, 12, 13, 14, 15, 16].map((n) => log.append(sampleEvent(n))));
    const cp17 = await log.checkpoint();
    const opened = openNote(cp17.note, [verifierFromKey(signer.verifierKey)]);
    expect(opened.kind).toBe('verified');
    if (opened.kind !== 'verified') return;
    const body = parseCheckpoint(opened.text);
    expect(body).toMatchObject({ origin: TEST_ORIGIN, size: 17 });
    expect(equalHashes(body.root, await log.rootAt(17))).toBe(true);
    const leaf = receipts[3]!.leafHash;
    expect(verifyInclusion(log.hasher, 13, 17, leaf, await log.inclusionProof(13, 17), cp17.root)).toEqual({ ok: true });
    expect(verifyConsistency(log.hasher, 10, 17, cp10.root, cp17.root, await log.consistencyProof(10, 17))).toEqual({ ok: true });
    // Asking again without new entries returns the same checkpoint rather than signing another.
    expect((await log.checkpoint()).note).toBe(cp17.note);
  });

  it('rejects bad events with a coded error and appends nothing', async () => {
    const { log } = await startTestLog();
    await log.append(sampleEvent(0));
    const leaky = { ...sampleEvent(1), details: { source: '203.0.113.9' } };
    expect(await codeOf(() => log.append(leaky))).toBe('SAKIMORI_ERR_AUDIT_PERSONAL_DATA_IN_DETAILS');
    const noPurpose = { ...sampleEvent(2), purpose: undefined };
    expect(await codeOf(() => log.append(noPurpose))).toBe('SAKIMORI_ERR_AUDIT_INVALID_EVENT');
    expect(await codeOf(() => log.append({ ...sampleEvent(3), action: 'data.steal' as never }))).toBe('SAKIMORI_ERR_AUDIT_INVALID_EVENT');
    await log.flush();
    expect(log.size).toBe(1);
    expect((await log.append(sampleEvent(4))).seq).toBe(1);
  });

  it('resumes after a restart with the same tree', async () => {
    const store = new MemoryAuditStore();
    const first = await startTestLog({ store });
    for (let n = 0; n < 21; n++) await first.log.append(sampleEvent(n));
    await first.log.stop();
    const cp21 = first.log.latestCheckpoint!;
    expect(cp21.size).toBe(21);
    const second = await startTestLog({ store, signer: first.signer });
    expect((await second.log.append(sampleEvent(21))).seq).toBe(21);
    const cp22 = await second.log.checkpoint();
    expect(verifyConsistency(second.log.hasher, 21, 22, cp21.root, cp22.root, await second.log.consistencyProof(21, 22))).toEqual({ ok: true });
  });

  it('stops accepting appends after a store write fails, and rejects what was pending', async () => {
    const store = new MemoryAuditStore();
    let broken = false;
    const flaky: AuditStore = {
      size: () => store.size(),
      nodes: (ids) => store.nodes(ids),
      entries: (a, b) => store.entries(a, b),
      addCheckpoint: (c) => store.addCheckpoint(c),
      checkpoints: () => store.checkpoints(),
      append: (batch: AppendBatch) => (broken ? Promise.reject(new Error('disk full')) : store.append(batch)),
    };
    const { log } = await startTestLog({ store: flaky });
    await log.append(sampleEvent(0));
    broken = true;
    const results = await Promise.allSettled([log.append(sampleEvent(1)), log.append(sampleEvent(2))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await codeOf(results[0]!.status === 'rejected' ? Promise.reject(results[0]!.reason) : Promise.resolve())).toBe('SAKIMORI_ERR_AUDIT_STORE_FAILED');
    expect(await codeOf(() => log.append(sampleEvent(3)))).toBe('SAKIMORI_ERR_AUDIT_STORE_FAILED');
    expect(await store.size()).toBe(1);
  });

  it('signs a checkpoint every N entries when configured', async () => {
    const { log, store } = await startTestLog({ config: { checkpointEveryEntries: 5 } });
    await Promise.all(Array.from({ length: 12 }, (_, n) => log.append(sampleEvent(n))));
    for (let n = 12; n < 16; n++) await log.append(sampleEvent(n));
    // The 12 concurrent appends were written as one batch, then 4 more do not reach 5 new entries.
    expect((await store.checkpoints()).map((c) => c.size)).toEqual([12]);
    await log.append(sampleEvent(16));
    expect((await store.checkpoints()).map((c) => c.size)).toEqual([12, 17]);
  });

  it('signs a checkpoint on its timer only when the log grew', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const { log, store } = await startTestLog({ config: { checkpointIntervalSeconds: 60 } });
      await log.append(sampleEvent(0));
      await vi.advanceTimersByTimeAsync(60_000);
      await log.flush();
      expect((await store.checkpoints()).map((c) => c.size)).toEqual([1]);
      await vi.advanceTimersByTimeAsync(60_000);
      await log.flush();
      expect((await store.checkpoints()).map((c) => c.size)).toEqual([1]);
      await log.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
