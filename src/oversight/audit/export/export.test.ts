import { beforeAll, describe, expect, it } from 'vitest';
import { nodeMerkleHasher } from '../node-crypto.js';
import { generateSigningKey, signerFromKey, verifierFromKey, type CheckpointSigner } from '../note/ed25519.js';
import { checkpointLine, entryLine, honestExport } from '../testing/export-fixtures.js';
import { verifyCheckpoints, formatWitnessForm } from './verify-checkpoints.js';
import { sampleEvent, startTestLog, TEST_ORIGIN } from '../testing/fixtures.js';
import { exportLines } from './export-format.js';
import { verifyExport, type ExportReport } from './verify-export.js';

const hasher = nodeMerkleHasher();

describe('audit export verification', () => {
  let lines: string[];
  let signer: CheckpointSigner;
  let forked: string[];

  beforeAll(async () => {
    ({ lines, signer } = await honestExport(40, [10, 25]));
    // The same log key signing a history that differs from entry 5 on.
    forked = (await honestExport(40, [10, 25], signer, 5)).lines;
  });

  const verify = (l: readonly string[], extra: { latest?: string; key?: string } = {}): Promise<ExportReport> =>
    verifyExport(l, { hasher, verifiers: [verifierFromKey(extra.key ?? signer.verifierKey)], ...(extra.latest === undefined ? {} : { latest: extra.latest }) });

  const edited = (f: (l: string[]) => void): string[] => {
    const copy = [...lines];
    f(copy);
    return copy;
  };

  it('accepts the honest export and reports what it verified', async () => {
    const r = await verify(lines);
    expect(r).toMatchObject({ ok: true, entries: 40, checkpoints: 3, origin: 'sakimori.test/audit', signedBy: ['sakimori.test/audit'], warnings: [] });
    expect(r.latest?.size).toBe(40);
  });

  it('detects a modified entry and names the range it is in', async () => {
    const i = entryLine(lines, 17);
    const r = await verify(edited((l) => (l[i] = l[i]!.replace('"rows":17', '"rows":18'))));
    expect(r.ok).toBe(false);
    expect(r.problem).toMatch(/does not match the entries: an entry with seq in \[10, 25\) was modified/);
  });

  it('detects reordered entries', async () => {
    const a = entryLine(lines, 3);
    const r = await verify(edited((l) => ([l[a], l[a + 1]] = [l[a + 1]!, l[a]!])));
    expect(r.problem).toMatch(/entry with seq 4 where entry 3 belongs: entries were removed, inserted or reordered/);
  });

  it('detects a log truncated inside, at the end, and wholesale against an independent checkpoint', async () => {
    const cut = entryLine(lines, 30);
    expect((await verify(edited((l) => l.splice(cut, 5)))).problem).toMatch(/entry with seq 35 where entry 30 belongs/);
    expect((await verify(lines.slice(0, -1))).problem).toMatch(/ends without its end record: the file is truncated/);
    const upTo25 = [...lines.slice(0, checkpointLine(lines, 25) + 1), JSON.stringify({ $record: 'end', entries: 25, checkpoints: 2 })];
    expect((await verify(upTo25)).ok).toBe(true); // a clean prefix is a valid, smaller export…
    const latest = (JSON.parse(lines[checkpointLine(lines, 40)]!) as { note: string }).note;
    const r = await verify(upTo25, { latest }); // …but not against the checkpoint the auditor already holds
    expect(r.problem).toMatch(/independently obtained checkpoint commits to 40 entries but the export holds only 25: the export is truncated/);
  });

  it('detects a fork: two signed checkpoints of the same size with different roots', async () => {
    const at = checkpointLine(lines, 40);
    const r = await verify(edited((l) => l.splice(at + 1, 0, forked[checkpointLine(forked, 40)]!)));
    expect(r.problem).toMatch(/fork: this checkpoint and the one at line \d+ both have size 40 but different roots/);
  });

  it('detects successive checkpoints that are not consistent', async () => {
    const at = checkpointLine(lines, 25);
    const r = await verify(edited((l) => (l[at] = forked[checkpointLine(forked, 25)]!)));
    expect(r.problem).toMatch(/checkpoint of size 25 is not consistent with the previous one of size 10 .*: the log rewrote its history/);
  });

  it('detects a forged signature and a checkpoint checked with the wrong key', async () => {
    const at = checkpointLine(lines, 25);
    const forged = edited((l) => {
      const rec = JSON.parse(l[at]!) as { note: string };
      const sig = rec.note.slice(rec.note.lastIndexOf(' ') + 1, -1);
      const flipped = sig.slice(0, 10) + (sig[10] === 'A' ? 'B' : 'A') + sig.slice(11);
      l[at] = JSON.stringify({ ...rec, note: rec.note.replace(sig, flipped) });
    });
    expect((await verify(forged)).problem).toMatch(/line \d+: the signature by sakimori\.test\/audit\+[0-9a-f]{8} does not verify: the checkpoint was forged or altered/);
    const other = signerFromKey(generateSigningKey('sakimori.test/audit'));
    expect((await verify(lines, { key: other.verifierKey })).problem).toMatch(/is not signed by the trusted key .* \(it is signed by sakimori\.test\/audit\+[0-9a-f]{8}\): wrong key/);
  });

  it('detects a consistency proof for the wrong tree size', async () => {
    const at = checkpointLine(lines, 40);
    const wrong = edited((l) => {
      const rec = JSON.parse(l[at]!) as { consistency: { from: number } };
      l[at] = JSON.stringify({ ...rec, consistency: { ...rec.consistency, from: 10 } });
    });
    expect((await verify(wrong)).problem).toMatch(/the consistency proof is for sizes 10 → 40, but the previous checkpoint has size 25/);
  });

  it('accepts a log whose first checkpoint is of the empty tree', async () => {
    const { log, store, signer: s } = await startTestLog();
    await log.checkpoint();
    for (let n = 0; n < 5; n++) await log.append(sampleEvent(n));
    await log.checkpoint();
    const l: string[] = [];
    for await (const line of exportLines(store, log.hasher, TEST_ORIGIN)) l.push(line);
    const r = await verifyExport(l, { hasher, verifiers: [verifierFromKey(s.verifierKey)] });
    expect(r).toMatchObject({ ok: true, entries: 5, checkpoints: 2 });
  });

  it('warns about entries after the last checkpoint', async () => {
    const at = checkpointLine(lines, 40);
    const withoutLast = edited((l) => {
      l.splice(at, 1);
      l[l.length - 1] = JSON.stringify({ $record: 'end', entries: 40, checkpoints: 2 });
    });
    const r = await verify(withoutLast);
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual(['entries 25–39 come after the last checkpoint and are not covered by any signature']);
  });
});

describe('checkpoint series verification', () => {
  it('accepts checkpoints linked by proofs and rejects forks and unlinked ones', async () => {
    const { lines, signer } = await honestExport(40, [10, 25]);
    const rec = (size: number): { note: string; consistency?: { from: number; proof: string[] } } => JSON.parse(lines[checkpointLine(lines, size)]!);
    const withProof = (size: number): string => {
      const r = rec(size);
      return formatWitnessForm(r.consistency!.from, r.consistency!.proof.map((p) => Buffer.from(p, 'base64')), r.note);
    };
    const v = [verifierFromKey(signer.verifierKey)];
    const files = [
      { name: 'cp10', text: rec(10).note },
      { name: 'cp25', text: withProof(25) },
      { name: 'cp40', text: withProof(40) },
    ];
    expect(verifyCheckpoints(files, v, hasher)).toMatchObject({ ok: true, problems: [] });
    const unlinked = verifyCheckpoints([files[0]!, { name: 'cp40', text: rec(40).note }], v, hasher);
    expect(unlinked.problems).toEqual(['no consistency proof links the checkpoint of size 40 (cp40) to a smaller one']);
    expect(verifyCheckpoints([files[0]!, { name: 'cp40', text: rec(40).note }], v, hasher, { allowUnproven: true }).ok).toBe(true);
    const forked = (await honestExport(40, [10, 25], signer, 5)).lines;
    const forkNote = (JSON.parse(forked[checkpointLine(forked, 25)]!) as { note: string }).note;
    const r = verifyCheckpoints([...files, { name: 'other25', text: forkNote }], v, hasher);
    expect(r.problems).toContain('fork: cp25 and other25 both have size 25 but different roots — the log signed two different histories');
  });
});
