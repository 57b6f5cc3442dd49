import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { isSakimoriError } from '../core/errors.js';
import { cliArgs } from '../testing/cli.js';
import { describeExternal, missingFixtures, REPO_ROOT, sharedFixture } from '../testing/external.js';
import { registerPseudonymize } from './pseudonymize-command.js';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function run(args: string[], input: string | string[]): Promise<Run> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const r: Run = { code: 0, out: '', err: '' };
  stdout.on('data', (d: Buffer) => (r.out += d.toString()));
  stderr.on('data', (d: Buffer) => (r.err += d.toString()));
  const program = new Command('sakimori').exitOverride();
  registerPseudonymize(program, undefined, { stdin, stdout, stderr, setExitCode: (c) => (r.code = c) });
  for (const chunk of Array.isArray(input) ? input : [input]) stdin.write(chunk);
  stdin.end();
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (e) {
    r.code = 2;
    r.err += isSakimoriError(e) ? `${e.message} [${e.code}]` : String(e);
  }
  return r;
}

interface Vectors {
  key_bytes: number[];
  ipv4: [string, string][];
  ipv6: [string, string][];
}

describeExternal('sakimori pseudonymize with the reference key', missingFixtures(), () => {
  // Read in beforeAll: the describe body also runs when the block is skipped for want of fixtures.
  let v: Vectors;
  let keyHex: string;
  let pairs: [string, string][];
  beforeAll(() => {
    v = JSON.parse(readFileSync(sharedFixture('cryptopan', 'reference-vectors.json'), 'utf8')) as Vectors;
    keyHex = Buffer.from(v.key_bytes).toString('hex');
    pairs = [...v.ipv4, ...v.ipv6];
  });

  it('writes the reference pseudonym of every address, in order', async () => {
    const r = await run(['pseudonymize', '--key-hex', keyHex], pairs.map(([a]) => `${a}\n`).join(''));
    expect(r).toEqual({ code: 0, out: pairs.map(([, b]) => `${b}\n`).join(''), err: '' });
  });

  it('works the same as a real process reading a pipe', () => {
    const p = spawnSync(process.execPath, [...cliArgs(), 'pseudonymize', '--key-hex', keyHex], {
      cwd: REPO_ROOT,
      input: `${v.ipv4[0]![0]}\nnot-an-ip\n${v.ipv6[2]![0]}\n`,
      encoding: 'utf8',
    });
    expect(p.stdout).toBe(`${v.ipv4[0]![1]}\n\n${v.ipv6[2]![1]}\n`);
    expect(p.stderr).toBe('line 2: not an IP address: "not-an-ip"\nsakimori pseudonymize: 1 of 3 lines were not IP addresses\n');
    expect(p.status).toBe(1);
  });
});

describe('sakimori pseudonymize', () => {
  const key = 'a1'.repeat(32);

  it('keeps output aligned with input: invalid lines get an empty line and an error naming the line', async () => {
    const r = await run(['pseudonymize', '--key-hex', key], '192.0.2.1\r\n\n999.1.1.1\n  192.0.2.2  \nfe80::1%eth0\n');
    const out = r.out.split('\n');
    expect(out).toHaveLength(6);
    expect(out[0]).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(out.slice(1, 3)).toEqual(['', '']);
    expect(out[3]).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(out[4]).toBe('');
    expect(r.err).toBe('line 3: not an IP address: "999.1.1.1"\nline 5: not an IP address: "fe80::1%eth0"\nsakimori pseudonymize: 2 of 5 lines were not IP addresses\n');
    expect(r.code).toBe(1);
  });

  it('streams input in chunks across batch boundaries, counting lines correctly', async () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => (i === 9_000 ? 'oops' : `10.0.${i >> 8}.${i & 255}`));
    const text = lines.map((l) => `${l}\n`).join('');
    const chunks = Array.from({ length: Math.ceil(text.length / 777) }, (_, i) => text.slice(i * 777, (i + 1) * 777));
    const r = await run(['pseudonymize', '--key-hex', key], chunks);
    expect(r.out.split('\n')).toHaveLength(10_001);
    expect(r.err).toContain('line 9001: not an IP address: "oops"');
    // Prefix preservation survives batching: 10.0.0.0/16 maps into one /16, its 40 /24s into 40.
    const out = r.out.split('\n').filter((l) => l !== '');
    const prefixes = (octets: number): number => new Set(out.map((l) => l.split('.').slice(0, octets).join('.'))).size;
    expect([prefixes(2), prefixes(3)]).toEqual([1, 40]);
  });

  it('refuses a bad key with a clear coded error before reading input', async () => {
    for (const args of [['--key-hex', 'abc'], ['--key-hex', 'g'.repeat(64)], [], ['--key-hex', key, '--key-file', '/nonexistent']]) {
      const r = await run(['pseudonymize', ...args], '192.0.2.1\n');
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toContain('[SAKIMORI_ERR_CRYPTOPAN_KEY]');
    }
    expect((await run(['pseudonymize', '--key-hex', 'abc'], '')).err).toMatch(/expected 64 hex digits \(32 bytes\), got 3 characters/);
  });
});
