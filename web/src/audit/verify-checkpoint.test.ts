/**
 * The browser's verifier against the server's real audit log (in-memory store, fresh Ed25519 key):
 * honest answers verify; a forged signature, a swapped key, a rewritten history and a tampered
 * entry are each caught at the right step. Node's WebCrypto stands in for the browser's.
 */
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../../../src/oversight/audit/base64.js';
import type { AuditLog } from '../../../src/oversight/audit/audit-log.js';
import { generateSigningKey, signerFromKey } from '../../../src/oversight/audit/note/ed25519.js';
import { signNote } from '../../../src/oversight/audit/note/signed-note.js';
import type { AuditStore } from '../../../src/oversight/audit/store/audit-store.js';
import { sampleEvent, startTestLog, TEST_ORIGIN } from '../../../src/oversight/audit/testing/fixtures.js';
import { verifyLog, type AuditSource, type CheckpointData } from './verify-checkpoint.js';

const cpData = (c: { size: number; root: Uint8Array; note: string; time: number }): CheckpointData => ({ size: c.size, root: toBase64(c.root), note: c.note, time: c.time });

async function leafOf(store: AuditStore, seq: number): Promise<string> {
  for await (const e of store.entries(seq, seq + 1)) return toBase64(e.data);
  throw new Error(`no entry ${seq}`);
}

function source(log: AuditLog, store: AuditStore, verifierKey: string, checkpoints: CheckpointData[], over: Partial<AuditSource> = {}): AuditSource {
  return {
    verifierKey: async () => ({ verifierKey, origin: TEST_ORIGIN }),
    latest: async () => checkpoints[0]!,
    checkpoints: async () => checkpoints,
    consistency: async (a, b) => ({ proof: (await log.consistencyProof(a, b)).map(toBase64) }),
    inclusion: async (seq, size) => {
      const proof = await log.inclusionProof(seq, size);
      const { hasher } = log;
      let leafHash: Uint8Array = new Uint8Array(0);
      for await (const e of store.entries(seq, seq + 1)) leafHash = hasher.leaf(e.data);
      return { leafHash: toBase64(leafHash), proof: proof.map(toBase64) };
    },
    entryLeaf: (seq) => leafOf(store, seq),
    ...over,
  };
}

async function grownLog() {
  const t = await startTestLog();
  for (let n = 0; n < 10; n++) await t.log.append(sampleEvent(n));
  const cp10 = cpData(await t.log.checkpoint());
  for (let n = 10; n < 23; n++) await t.log.append(sampleEvent(n));
  const cp23 = cpData(await t.log.checkpoint());
  return { ...t, cp10, cp23 };
}

describe('checkpoint verification in the browser', () => {
  it('verifies signature, body, consistency with the previous checkpoint and inclusion of an entry', async () => {
    const { log, store, signer, cp10, cp23 } = await grownLog();
    const r = await verifyLog(source(log, store, signer.verifierKey, [cp23, cp10]), { seq: 4, pinnedKey: signer.verifierKey });
    expect(r.steps.map((s) => [s.name, s.ok])).toEqual([
      ['Verifier key', true],
      ['Signature of the latest checkpoint', true],
      ['Checkpoint body', true],
      ['Append-only since an earlier checkpoint', true],
      ['Entry #4 is in the log', true],
    ]);
    expect(r.steps[4]!.detail).toContain('computed from the entry');
    expect(r.verified).toEqual({ origin: TEST_ORIGIN, size: 23, root: cp23.root });
  });

  it('checks consistency from the checkpoint this browser trusted before', async () => {
    const { log, store, signer, cp10, cp23 } = await grownLog();
    const r = await verifyLog(source(log, store, signer.verifierKey, [cp23]), { trusted: { origin: TEST_ORIGIN, size: 10, root: cp10.root } });
    expect(r.ok).toBe(true);
    expect(r.steps[3]!.detail).toContain('verified last');
    const forked = await verifyLog(source(log, store, signer.verifierKey, [cp23]), { trusted: { origin: TEST_ORIGIN, size: 10, root: cp23.root } });
    expect(forked.steps[3]).toMatchObject({ ok: false });
  });

  it('refuses a note signed by another key, a key other than the pinned one, and a tampered entry', async () => {
    const { log, store, signer, cp10, cp23 } = await grownLog();
    const other = signerFromKey(generateSigningKey(TEST_ORIGIN));
    const body = cp23.note.slice(0, cp23.note.indexOf('\n\n') + 1);
    const byOther = await verifyLog(source(log, store, signer.verifierKey, [{ ...cp23, note: signNote(body, [other]) }, cp10]));
    expect(byOther.steps[1]).toMatchObject({ name: 'Signature of the latest checkpoint', ok: false });
    // Same key ID, one signature bit flipped.
    const sig = /\u2014 \S+ (\S+)\n$/u.exec(cp23.note)![1]!;
    const bytes = fromBase64(sig)!;
    bytes[10] = bytes[10]! ^ 1;
    const flipped = await verifyLog(source(log, store, signer.verifierKey, [{ ...cp23, note: cp23.note.replace(sig, toBase64(bytes)) }, cp10]));
    expect(flipped.steps[1]).toEqual({ name: 'Signature of the latest checkpoint', ok: false, detail: `the Ed25519 signature by ${TEST_ORIGIN} is not valid` });

    const swapped = await verifyLog(source(log, store, other.verifierKey, [cp23, cp10]), { pinnedKey: signer.verifierKey });
    expect(swapped.steps).toEqual([{ name: 'Verifier key', ok: false, detail: 'the server presents a key other than the one you pinned' }]);

    const tampered = await verifyLog(
      source(log, store, signer.verifierKey, [cp23, cp10], { entryLeaf: async (seq) => toBase64(new TextEncoder().encode(atob(await leafOf(store, seq)).replace('nco_analyst', 'auditor'))) }),
      { seq: 3 },
    );
    expect(tampered.steps.at(-1)).toEqual({ name: 'Entry #3 is in the log', ok: false, detail: 'the entry bytes do not hash to the leaf hash the proof is for' });
  });

  it('notices when the API reports a root other than the signed one', async () => {
    const { log, store, signer, cp10, cp23 } = await grownLog();
    const r = await verifyLog(source(log, store, signer.verifierKey, [{ ...cp23, root: cp10.root }, cp10]));
    expect(r.steps[2]).toMatchObject({ name: 'Checkpoint body', ok: false });
    expect(r.ok).toBe(false);
  });
});
