import { beforeAll, describe, expect, it } from 'vitest';
import { nodeMerkleHasher } from '../node-crypto.js';
import { formatCheckpoint } from '../note/checkpoint.js';
import { generateSigningKey, signerFromKey, verifierFromKey, type CheckpointSigner } from '../note/ed25519.js';
import { keyIdHex, signNote } from '../note/signed-note.js';
import { checkCheckpointNote } from './checkpoint-check.js';
import { checkpointLine, entryLine, honestExport } from '../testing/export-fixtures.js';
import { verifyCheckpoints, formatWitnessForm } from './verify-checkpoints.js';
import { sampleEvent, startTestLog, TEST_ORIGIN } from '../testing/fixtures.js';
import { exportLines } from './export-format.js';
import { ExportVerifier, verifyExport, type ExportReport } from './verify-export.js';

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
      return formatWitnessForm(
        r.consistency!.from,
        r.consistency!.proof.map((p) => Buffer.from(p, 'base64')),
        r.note,
      );
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

describe('audit export verification refuses what is not an honest export', () => {
  let lines: string[];
  let signer: CheckpointSigner;

  beforeAll(async () => {
    ({ lines, signer } = await honestExport(40, [10, 25]));
  });

  const verifiers = () => [verifierFromKey(signer.verifierKey)];
  const verify = (l: readonly string[], latest?: string): Promise<ExportReport> => verifyExport(l, { hasher, verifiers: verifiers(), ...(latest === undefined ? {} : { latest }) });
  const problem = async (l: readonly string[], latest?: string): Promise<string | undefined> => (await verify(l, latest)).problem;
  const record = (size: number): { note: string; consistency?: { from: number; proof: string[] } } => JSON.parse(lines[checkpointLine(lines, size)]!);
  const edited = (f: (l: string[]) => void): string[] => {
    const copy = [...lines];
    f(copy);
    return copy;
  };
  const withRecord = (size: number, change: (r: Record<string, unknown>) => Record<string, unknown>) =>
    edited((l) => {
      const at = checkpointLine(l, size);
      l[at] = JSON.stringify(change(JSON.parse(l[at]!) as Record<string, unknown>));
    });
  /** A checkpoint note signed by the log's key over any text. */
  const signed = (text: string) => signNote(text, [signer]);

  it('reports exactly what it verified, and nothing it did not', async () => {
    expect(await verify(lines)).toStrictEqual({
      ok: true,
      warnings: [],
      origin: 'sakimori.test/audit',
      entries: 40,
      checkpoints: 3,
      signedBy: ['sakimori.test/audit'],
      latest: { size: 40, root: record(40).note.split('\n')[2] },
    });
    expect(await verify([])).toStrictEqual({ ok: false, problem: 'the export is empty', warnings: [], entries: 0, checkpoints: 0, signedBy: [] });
  });

  it('refuses lines that are not records of an audit export', async () => {
    expect(await problem(['not json'])).toBe('line 1: not a JSON record (the file is damaged or not an audit export)');
    for (const v of ['"text"', 'null', '[1]', '7']) expect(await problem([v])).toBe('line 1: not a JSON object');
    for (const v of ['null', '[]', '"x"']) expect(await problem(edited((l) => l.splice(2, 0, v)))).toBe('line 3: not a JSON object');
    for (const header of [
      { $record: 'headr', format: 'sakimori.audit-export/v1', origin: 'o' },
      { $record: 'header', format: 'sakimori.audit-export/v2', origin: 'o' },
      { $record: 'header', format: 'sakimori.audit-export/v1', origin: 5 },
    ]) {
      expect(await problem(edited((l) => (l[0] = JSON.stringify(header))))).toBe('line 1: not a sakimori.audit-export/v1 header');
    }
    expect(await problem(edited((l) => l.splice(3, 0, JSON.stringify({ $record: 'note' }))))).toBe('line 4: unknown record type "note"');
    expect(await problem([...lines, lines[1]!])).toBe(`line ${lines.length + 1}: data after the end record`);
    expect(await problem(edited((l) => (l[l.length - 1] = JSON.stringify({ $record: 'end', entries: 39, checkpoints: 3 }))))).toBe(
      `line ${lines.length}: the end record counts 39 entries but the export holds 40`,
    );
  });

  it('refuses checkpoints without a note, of another log, out of order, or without a valid consistency proof', async () => {
    expect(await problem(withRecord(25, ({ note: _n, ...rest }) => rest))).toMatch(/checkpoint record without a note$/);
    // The header names another log: the signed checkpoints are not its.
    expect(await problem(edited((l) => (l[0] = JSON.stringify({ $record: 'header', format: 'sakimori.audit-export/v1', origin: 'other.test/audit' }))))).toMatch(
      /checkpoint of log "sakimori.test\/audit" in an export of "other.test\/audit"$/,
    );
    // A checkpoint placed after more entries than it commits to.
    const cp10 = checkpointLine(lines, 10);
    expect(await problem(edited((l) => l.splice(cp10 + 2, 0, l.splice(cp10, 1)[0]!)))).toMatch(/checkpoint of size 10 comes after entry 11: the export is out of order$/);
    // Checkpoints going backwards.
    const cp25 = checkpointLine(lines, 25);
    const backwards = edited((l) => l.splice(l.length - 1, 0, l[cp25]!));
    expect(await problem(backwards)).toMatch(/checkpoint of size 25 after one of size 40: the log went backwards$/);
    for (const consistency of [undefined, null]) {
      expect(await problem(withRecord(25, (r) => ({ ...r, consistency })))).toMatch(/no consistency proof from the previous checkpoint \(size 10\) to this one \(size 25\)$/);
    }
    for (const proof of ['AAAA', [5], ['not base64!'], null]) {
      expect(await problem(withRecord(25, (r) => ({ ...r, consistency: { from: 10, proof } })))).toMatch(/the consistency proof is not a list of base64 hashes$/);
    }
    expect(await problem(withRecord(25, (r) => ({ ...r, consistency: { from: 10, proof: [] } })))).toMatch(
      /checkpoint of size 25 is not consistent with the previous one of size 10 \(consistency path is empty\)/,
    );
    // A checkpoint whose note is signed but whose body is no checkpoint, and one with a bad independent copy.
    expect(await problem(withRecord(25, (r) => ({ ...r, note: signed('not a checkpoint\n') })))).toMatch(/a checkpoint has at least three lines/);
    expect(await problem(withRecord(25, (r) => ({ ...r, note: 'no signature at all' })))).toMatch(
      /the checkpoint is not a well-formed signed note \(malformed signed note: no blank line separates the text from the signatures\)$/,
    );
    expect(await problem(lines, 'no signature at all')).toMatch(/^line 1: the independently obtained checkpoint: the checkpoint is not a well-formed signed note/);
  });

  it('accepts a repeated checkpoint, and checkpoints that wait for their entries, in whatever order they arrive', async () => {
    const cp40 = checkpointLine(lines, 40);
    expect(await verify(edited((l) => l.splice(cp40 + 1, 0, l[cp40]!)))).toMatchObject({ ok: true, checkpoints: 4 });
    // The checkpoint of 25 placed before entries 20–24 is matched once they arrive; with the
    // independent checkpoint of 40 also waiting, the smaller one is matched first.
    const cp25 = checkpointLine(lines, 25);
    const early = edited((l) => l.splice(entryLine(l, 20), 0, l.splice(cp25, 1)[0]!));
    const latest = record(40).note;
    expect(await verify(early, latest)).toMatchObject({ ok: true, entries: 40, checkpoints: 3 });
    // …and checked against them: entry 22 altered while its checkpoint waited.
    const altered = edited((l) => {
      l.splice(entryLine(l, 20), 0, l.splice(cp25, 1)[0]!);
      const i = entryLine(l, 22);
      l[i] = l[i]!.replace('"rows":22', '"rows":23');
    });
    expect(await problem(altered, latest)).toMatch(/does not match the entries: an entry with seq in \[10, 25\) was modified/);
  });

  it('checks an independently obtained checkpoint of the empty tree at once', async () => {
    const { log, store, signer: s } = await startTestLog();
    await log.checkpoint();
    const empty = (await store.checkpoints())[0]!.note;
    for (let n = 0; n < 3; n++) await log.append(sampleEvent(n));
    await log.checkpoint();
    const l: string[] = [];
    for await (const line of exportLines(store, log.hasher, TEST_ORIGIN)) l.push(line);
    const v = [verifierFromKey(s.verifierKey)];
    expect(await verifyExport(l, { hasher, verifiers: v, latest: empty })).toMatchObject({ ok: true, entries: 3 });
    const wrongEmpty = signNote(formatCheckpoint({ origin: TEST_ORIGIN, size: 0, root: hasher.leaf(new Uint8Array()), extensions: [] }), [s]);
    expect((await verifyExport(l, { hasher, verifiers: v, latest: wrongEmpty })).problem).toMatch(/the independently obtained checkpoint \(size 0\) does not match the entries/);
  });

  it('says nothing about entries after the last checkpoint once it found a problem, and stops at the first problem', async () => {
    const at = checkpointLine(lines, 40);
    const bad = edited((l) => {
      l.splice(at, 1);
      l[l.length - 1] = JSON.stringify({ $record: 'end', entries: 41, checkpoints: 2 });
    });
    expect(await verify(bad)).toMatchObject({ ok: false, warnings: [] });
    const v = new ExportVerifier({ hasher, verifiers: verifiers() });
    expect(v.line(lines[0]!)).toBe(true);
    expect(v.line('{"seq": 5}')).toBe(false);
    expect(v.line('not json')).toBe(false);
    expect(v.finish().problem).toBe('line 2: entry with seq 5 where entry 0 belongs: entries were removed, inserted or reordered');
  });

  it('refuses an export whose entries no checkpoint signs', async () => {
    const unsigned = lines.filter((l) => !l.startsWith('{"$record":"checkpoint"')).map((l) => (l.startsWith('{"$record":"end"') ? JSON.stringify({ $record: 'end', entries: 40, checkpoints: 0 }) : l));
    expect(await problem(unsigned)).toBe('the export holds no signed checkpoint, so none of its entries is authenticated');
  });

  it('lets a failure of the verifier itself through instead of reporting it as tampering', async () => {
    const broken = {
      ...hasher,
      leafOfText: () => {
        throw new RangeError('hasher broke');
      },
    };
    await expect(verifyExport(lines, { hasher: broken, verifiers: verifiers() })).rejects.toThrow('hasher broke');
  });
});

describe('checkpoint series verification refuses what links nothing', () => {
  let lines: string[];
  let signer: CheckpointSigner;
  beforeAll(async () => {
    ({ lines, signer } = await honestExport(140, [10, 125]));
  });
  const rec = (size: number): { note: string; consistency?: { from: number; proof: string[] } } => JSON.parse(lines[checkpointLine(lines, size)]!);
  const proofOf = (size: number) => rec(size).consistency!.proof.map((p) => Buffer.from(p, 'base64'));
  const check = (files: { name: string; text: string }[], allowUnproven = false) => verifyCheckpoints(files, [verifierFromKey(signer.verifierKey)], hasher, { allowUnproven });

  it('links checkpoints of three-digit sizes, whatever order the files come in, and reports the sizes ascending', () => {
    const files = [
      { name: 'cp140', text: formatWitnessForm(125, proofOf(140), rec(140).note) },
      { name: 'cp10', text: rec(10).note },
      { name: 'cp125', text: formatWitnessForm(10, proofOf(125), rec(125).note) },
    ];
    const r = check(files);
    expect(r).toStrictEqual({
      ok: true,
      problems: [],
      warnings: [],
      sizes: [10, 125, 140].map((size) => ({ size, root: rec(size).note.split('\n')[2], proven: true })),
    });
  });

  it('refuses malformed witness forms, bad signatures and failed proofs', () => {
    const base = { name: 'cp10', text: rec(10).note };
    const note125 = rec(125).note;
    const lineOf = (proof: readonly Buffer[]) => proof.map((p) => p.toString('base64')).join('\n');
    const cases: [string, string][] = [
      [`old 010\n${lineOf(proofOf(125))}\n\n${note125}`, 'w: the "old <size>" line is malformed'],
      [`old 10x\n${lineOf(proofOf(125))}\n\n${note125}`, 'w: the "old <size>" line is malformed'],
      [`old x10\n${lineOf(proofOf(125))}\n\n${note125}`, 'w: the "old <size>" line is malformed'],
      [`old -1\n${lineOf(proofOf(125))}\n\n${note125}`, 'w: the "old <size>" line is malformed'],
      [`old 10\nnot base64!\n\n${note125}`, 'w: a consistency proof line is not a base64 SHA-256 hash'],
      [`old 10\n${proofOf(125)[0]!.subarray(1).toString('base64')}\n\n${note125}`, 'w: a consistency proof line is not a base64 SHA-256 hash'],
      [
        `old 10\n${lineOf([Buffer.from(hasher.emptyRoot), ...proofOf(125).slice(1)])}\n\n${note125}`,
        'w: not consistent with cp10 (sizes 10 → 125: consistency path does not lead to the root of the tree of size 10) — the log rewrote its history',
      ],
    ];
    for (const [text, want] of cases) {
      const r = check([base, { name: 'w', text }], true);
      expect({ text: text.slice(0, 12), problems: r.problems }).toEqual({ text: text.slice(0, 12), problems: [want] });
      expect(r.ok).toBe(false);
    }
    // No blank line: no checkpoint after the proof.
    expect(check([base, { name: 'w', text: `old 10\n${lineOf(proofOf(125))}` }], true).problems).toEqual([
      'w: the checkpoint is not a well-formed signed note (malformed signed note: no blank line separates the text from the signatures)',
    ]);
    const other = signerFromKey(generateSigningKey('sakimori.test/audit'));
    expect(check([base, { name: 'forged', text: signNote(formatCheckpoint({ origin: TEST_ORIGIN, size: 125, root: hasher.emptyRoot, extensions: [] }), [other]) }], true).problems[0]).toMatch(
      /^forged: the checkpoint is not signed by the trusted key/,
    );
  });

  it('warns about proofs that link nothing: from the empty tree, from its own size, from a size not given', () => {
    const base = { name: 'cp10', text: rec(10).note };
    const fromZero = check([base, { name: 'z', text: formatWitnessForm(0, [], rec(125).note) }], true);
    expect(fromZero.warnings).toEqual(['no consistency proof links the checkpoint of size 125 (z) to a smaller one']);
    const fromItself = check([base, { name: 's', text: formatWitnessForm(125, [], rec(125).note) }], true);
    expect(fromItself.warnings).toEqual(['s: its proof is from size 125, not from a smaller tree, so it links nothing', 'no consistency proof links the checkpoint of size 125 (s) to a smaller one']);
    const fromMissing = check([{ name: 'm', text: formatWitnessForm(125, proofOf(140), rec(140).note) }, base], true);
    expect(fromMissing.warnings).toEqual([
      'm: its proof starts at size 125, and no checkpoint of that size was given, so it was not checked',
      'no consistency proof links the checkpoint of size 140 (m) to a smaller one',
    ]);
    expect(fromMissing.sizes.map((x) => [x.size, x.proven])).toEqual([
      [10, true],
      [140, false],
    ]);
  });
});

describe('opening a signed checkpoint', () => {
  it('names the keys it trusts and the keys it found when none of them signed', () => {
    const [a, b, c, d] = ['log.test/a', 'log.test/b', 'log.test/c', 'log.test/d'].map((n) => signerFromKey(generateSigningKey(n)));
    const note = signNote(formatCheckpoint({ origin: 'log.test/c', size: 3, root: hasher.emptyRoot, extensions: [] }), [c!, d!]);
    const name = (s: CheckpointSigner) => `${s.name}+${keyIdHex(s.keyId)}`;
    expect(checkCheckpointNote(note, [verifierFromKey(a!.verifierKey), verifierFromKey(b!.verifierKey)])).toEqual({
      ok: false,
      reason: `the checkpoint is not signed by the trusted key ${name(a!)}, ${name(b!)} (it is signed by ${name(c!)}, ${name(d!)}): wrong key, or a checkpoint of another log`,
    });
    expect(checkCheckpointNote(note, [verifierFromKey(c!.verifierKey)])).toMatchObject({ ok: true, signedBy: ['log.test/c'], checkpoint: { origin: 'log.test/c', size: 3 } });
  });
});
