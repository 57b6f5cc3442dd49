import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { checkpointLine, entryLine, honestExport } from '../audit/testing/export-fixtures.js';
import { registerAudit } from './audit-command.js';
import { runCliSync } from '../../testing/cli.js';
import { COMMAND_KIT } from '../../cli/command-kit.js';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function runAudit(args: string[]): Promise<Run> {
  const r: Run = { code: 0, out: '', err: '' };
  const program = new Command('sakimori').exitOverride();
  registerAudit(program, COMMAND_KIT, { out: (t) => (r.out += t), err: (t) => (r.err += t), setExitCode: (c) => (r.code = c) });
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (e) {
    r.code = 2;
    r.err += isSakimoriError(e) ? `${e.message} [${e.code}]` : String(e);
  }
  return r;
}

describe('sakimori audit verify', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sakimori-audit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let key = '';
  let lines: string[] = [];
  let forked: string[] = [];
  const file = (name: string, l: readonly string[]): string => {
    const p = join(dir, name);
    writeFileSync(p, `${l.join('\n')}\n`);
    return p;
  };
  const edited = (f: (l: string[]) => void): string[] => {
    const copy = [...lines];
    f(copy);
    return copy;
  };

  beforeAll(async () => {
    const honest = await honestExport(30, [10, 20]);
    lines = honest.lines;
    key = honest.signer.verifierKey;
    forked = (await honestExport(30, [10, 20], honest.signer, 4)).lines;
  });

  it('prints what it verified and exits 0 for an honest export', async () => {
    const r = await runAudit(['audit', 'verify', file('ok.jsonl', lines), '--key', key]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^OK {2}audit export .*ok\.jsonl\n/);
    expect(r.out).toContain('entries      30 (seq 0–29)');
    expect(r.out).toContain('checkpoints  3, signed by sakimori.test/audit');
  });

  const tampered: [string, () => string[], RegExp][] = [
    ['a modified entry', () => edited((l) => (l[entryLine(l, 12)] = l[entryLine(l, 12)]!.replace('"rows":12', '"rows":13'))), /entry with seq in \[10, 20\) was modified/],
    ['reordered entries', () => edited((l) => l.splice(entryLine(l, 5), 2, l[entryLine(l, 6)]!, l[entryLine(l, 5)]!)), /entry with seq 6 where entry 5 belongs/],
    ['a truncated log', () => lines.slice(0, entryLine(lines, 25)), /ends without its end record: the file is truncated/],
    ['a fork', () => edited((l) => l.splice(checkpointLine(l, 30) + 1, 0, forked[checkpointLine(forked, 30)]!)), /fork: .* both have size 30 but different roots/],
    ['inconsistent checkpoints', () => edited((l) => (l[checkpointLine(l, 20)] = forked[checkpointLine(forked, 20)]!)), /not consistent with the previous one of size 10/],
    [
      'a forged signature',
      // Alter a byte of the signature proper (the first six base64 characters hold the key ID).
      () => edited((l) => (l[checkpointLine(l, 20)] = l[checkpointLine(l, 20)]!.replace(/(\u2014 \S+ .{10})(\S)/, (_, a: string, c: string) => a + (c === 'A' ? 'B' : 'A')))),
      /the signature by .* does not verify/,
    ],
    [
      'a proof for the wrong tree size',
      () => edited((l) => (l[checkpointLine(l, 30)] = l[checkpointLine(l, 30)]!.replace('"from":20', '"from":10'))),
      /the consistency proof is for sizes 10 → 30, but the previous checkpoint has size 20/,
    ],
  ];
  it.each(tampered)('fails with exit 1 on %s', async (name, make, message) => {
    const r = await runAudit(['audit', 'verify', file(`${name.replace(/\W+/g, '-')}.jsonl`, make()), '--key', key]);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^FAILED {2}audit export /);
    expect(r.err).toMatch(message);
  });

  it('fails with exit 1 when checked with another log’s key, and exit 2 for a malformed key or missing file', async () => {
    const other = (await runAudit(['audit', 'keygen', 'sakimori.test/audit', '--out', join(dir, 'other.key')])).out.trim();
    const wrong = await runAudit(['audit', 'verify', file('ok2.jsonl', lines), '--key', other]);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/is not signed by the trusted key .*: wrong key/);
    const malformed = await runAudit(['audit', 'verify', file('ok3.jsonl', lines), '--key', 'not-a-key']);
    expect(malformed).toMatchObject({ code: 2 });
    expect(malformed.err).toContain('[SAKIMORI_ERR_AUDIT_KEY_INVALID]');
    const missing = await runAudit(['audit', 'verify', join(dir, 'nope.jsonl'), '--key', key]);
    expect(missing.err).toContain('[SAKIMORI_ERR_AUDIT_FILE_UNREADABLE]');
  });

  it('checks the export against an independently obtained checkpoint', async () => {
    const latest = join(dir, 'latest.checkpoint');
    writeFileSync(latest, (JSON.parse(lines[checkpointLine(lines, 30)]!) as { note: string }).note);
    const prefix = [...lines.slice(0, checkpointLine(lines, 20) + 1), JSON.stringify({ $record: 'end', entries: 20, checkpoints: 2 })];
    const r = await runAudit(['audit', 'verify', file('prefix.jsonl', prefix), '--key', key, '--latest', latest]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/commits to 30 entries but the export holds only 20: the export is truncated/);
  });

  it('verify-checkpoints accepts checkpoints linked by proofs and fails on a fork', async () => {
    const rec = (l: readonly string[], size: number): { note: string; consistency?: { from: number; proof: string[] } } => JSON.parse(l[checkpointLine(l, size)]!);
    const witness = (r: ReturnType<typeof rec>): string => `old ${r.consistency!.from}\n${r.consistency!.proof.map((p) => `${p}\n`).join('')}\n${r.note}`;
    const cp10 = file('cp10.txt', [rec(lines, 10).note.trimEnd()]);
    const cp20 = file('cp20.txt', [witness(rec(lines, 20)).trimEnd()]);
    const cp30 = file('cp30.txt', [witness(rec(lines, 30)).trimEnd()]);
    const ok = await runAudit(['audit', 'verify-checkpoints', cp10, cp20, cp30, '--key', key]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^OK {2}3 checkpoint size\(s\), one consistent history\n {4}size 10 {2}root /);
    const other20 = file('other20.txt', [rec(forked, 20).note.trimEnd()]);
    const fork = await runAudit(['audit', 'verify-checkpoints', cp10, cp20, cp30, other20, '--key', key]);
    expect(fork.code).toBe(1);
    expect(fork.err).toMatch(/fork: .*cp20\.txt and .*other20\.txt both have size 20 but different roots/);
  });

  it('keygen writes a private key readable only by its owner and refuses to overwrite it', async () => {
    const out = join(dir, 'signing.key');
    const r = await runAudit(['audit', 'keygen', 'cyber.example/audit', '--out', out]);
    expect(r.out).toMatch(/^cyber\.example\/audit\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}\n$/);
    expect(readFileSync(out, 'utf8')).toMatch(/^PRIVATE\+KEY\+cyber\.example\/audit\+/);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect((await runAudit(['audit', 'keygen', 'cyber.example/audit', '--out', out])).code).toBe(2);
  });

  it('runs as a real process: exit codes 0, 1 and 2 with messages on the right stream', () => {
    const run = (args: string[]): ReturnType<typeof runCliSync> => runCliSync(args);
    const ok = run(['audit', 'verify', file('proc-ok.jsonl', lines), '--key', key]);
    expect(ok.stderr).toBe('');
    expect([ok.status, ok.stdout]).toEqual([0, expect.stringMatching(/^OK {2}audit export/)]);
    const bad = run(['audit', 'verify', file('proc-bad.jsonl', tampered[0]![1]()), '--key', key]);
    expect([bad.status, bad.stderr]).toEqual([1, expect.stringMatching(/was modified, inserted, removed or reordered/)]);
    const usage = run(['audit', 'verify', file('proc-ok.jsonl', lines), '--key', 'garbage']);
    expect([usage.status, usage.stderr]).toEqual([2, expect.stringContaining('SAKIMORI_ERR_AUDIT_KEY_INVALID')]);
  });
});
