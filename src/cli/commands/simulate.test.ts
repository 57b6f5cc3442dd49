import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { tempDir } from '../../simulator/testing/tshark.js';
import { parseHostPort, registerSimulate } from './simulate.js';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

async function simulate(...args: string[]): Promise<void> {
  const program = new Command('sakimori').exitOverride();
  registerSimulate(program);
  await program.parseAsync(['simulate', ...args, '--quiet'], { from: 'user' });
}

describe('sakimori simulate', () => {
  it('runs a built-in scenario by name into a pcap with its ground truth', async () => {
    const pcap = join(dir, 'syn.pcap');
    const truth = join(dir, 'syn.json');
    await simulate('syn-flood-2x', '--pcap', pcap, '--truth', truth, '--duration', '40', '--seed', '9');
    expect(readFileSync(pcap).length).toBeGreaterThan(24);
    const t = JSON.parse(readFileSync(truth, 'utf8')) as { scenario: string; seed: number; attacks: { name: string; pps: number }[]; thresholds: { hostPps: number } };
    expect([t.scenario, t.seed, t.thresholds.hostPps]).toEqual(['syn-flood-2x', 9, 20000]);
    expect(t.attacks.map((a) => [a.name, Math.round(a.pps)])).toEqual([['syn-2x', 40000]]);
  });

  it('reports a bad scenario with file, line and field', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'duration: 10\nexporters:\n  - format: sflow\nattacks:\n  - kind: syn\n    start: 1\n    duration: 2\n    target: 192.0.2.1\n    rate: 0\n');
    const err = await simulate(file, '--pcap', join(dir, 'bad.pcap')).catch((e: unknown) => e);
    expect(isSakimoriError(err, 'SAKIMORI_ERR_SCENARIO_INVALID')).toBe(true);
    expect((err as Error).message).toMatch(/bad\.yaml:9: attacks\[0\]\.rate: must be a positive number$/);
    expect(existsSync(join(dir, 'bad.pcap'))).toBe(false);
  });

  it('refuses contradictory or impossible options', async () => {
    await expect(simulate('syn-flood-2x', '--fast', '--speed', '2', '--pcap', join(dir, 'x.pcap'))).rejects.toThrow(/either --speed or --fast/);
    await expect(simulate('demo', '--pcap', join(dir, 'demo.pcap'))).rejects.toThrow(/repeats endlessly; give --duration/);
    await expect(simulate('syn-flood-2x', '--to', 'localhost', '--duration', '1')).rejects.toThrow(/--to must be host:port/);
  });

  it('parses collector addresses', () => {
    expect(parseHostPort('127.0.0.1:2055', '--to')).toEqual({ host: '127.0.0.1', port: 2055 });
    expect(parseHostPort('[::1]:6343', '--sflow-to')).toEqual({ host: '::1', port: 6343 });
    expect(() => parseHostPort('127.0.0.1:70000', '--to')).toThrow(/host:port/);
  });
});
