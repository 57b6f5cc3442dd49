import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { isSakimoriError } from '../core/errors.js';
import { describeStorage } from '../storage/testing/storage-suite.js';
import { registerIndicators } from './indicators-command.js';
import { COMMAND_KIT } from '../cli/command-kit.js';

/** Runs `sakimori <args>` in process against the block's database; returns stdout. */
async function sakimori(configFile: string, ...args: string[]): Promise<string> {
  const program = new Command('sakimori').option('-c, --config <file>').exitOverride();
  registerIndicators(program, COMMAND_KIT);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['-c', configFile, ...args], { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return out;
}

async function errorOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return isSakimoriError(e) ? `${e.code}: ${e.message}` : `not coded: ${String(e)}`;
  }
}

describeStorage('sakimori indicators', (ctx) => {
  let config: string;
  let dir: string;
  beforeEach(async () => {
    await ctx.reset();
    dir = ctx.options.dataDir;
    config = join(dir, `cli-${ctx.dialect}.json`);
    writeFileSync(config, JSON.stringify({ dataDir: dir, log: { level: 'silent' }, storage: { url: ctx.options.url } }));
    process.exitCode = undefined;
  });
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('loads a JSON list with a label, reloads a text file in place, lists and tests', async () => {
    const eset = join(dir, 'mirrorface.json');
    writeFileSync(eset, JSON.stringify({ about: 'ESET-style list', ipv4: ['5.8.95.174', '45.32.13.180', '103.175.16.39'], domains: ['example.invalid'] }));
    expect(await sakimori(config, 'indicators', 'load', eset, '--label', 'MirrorFace C2')).toBe(`loaded 3 indicators from ${eset} as file:mirrorface.json: 3 added, 0 updated, 0 removed\n`);
    const txt = join(dir, 'watch.txt');
    writeFileSync(txt, '2001:db8:bad::/48 # scanner block\n198.18.0.0/15,53,udp\n');
    await sakimori(config, 'indicators', 'load', txt, '--kind', 'watch');
    writeFileSync(txt, '2001:db8:bad::/48 # scanner block (confirmed)\n');
    expect(JSON.parse(await sakimori(config, 'indicators', 'load', txt, '--kind', 'watch', '--json'))).toEqual({
      file: txt,
      source: 'file:watch.txt',
      indicators: 1,
      added: 0,
      updated: 1,
      removed: 1,
    });

    const table = (await sakimori(config, 'indicators', 'list')).trimEnd().split('\n');
    expect(table[0]).toMatch(/^INDICATOR +PORT +PROTOCOL +KIND +LABEL +SOURCE$/);
    expect(table.slice(1).map((l) => l.split(/ {2,}/))).toEqual([
      ['103.175.16.39', '-', '-', 'c2', 'MirrorFace C2', 'file:mirrorface.json'],
      ['2001:db8:bad::/48', '-', '-', 'watch', 'scanner block (confirmed)', 'file:watch.txt'],
      ['45.32.13.180', '-', '-', 'c2', 'MirrorFace C2', 'file:mirrorface.json'],
      ['5.8.95.174', '-', '-', 'c2', 'MirrorFace C2', 'file:mirrorface.json'],
    ]);

    expect(await sakimori(config, 'indicators', 'test', '45.32.13.180', '--port', '8443', '--protocol', 'tcp')).toBe(
      '45.32.13.180 matches ipv4-addr:45.32.13.180 (MirrorFace C2) [c2, file:mirrorface.json]\n',
    );
    expect(process.exitCode).toBeUndefined();
    expect(JSON.parse(await sakimori(config, 'indicators', 'test', '2001:db8:bad:1::9', '--json'))).toMatchObject({ address: '2001:db8:bad:1::9', match: { key: '2001:db8:bad::/48', kind: 'watch' } });
    expect(await sakimori(config, 'indicators', 'test', '198.18.0.1')).toBe('no indicator matches 198.18.0.1\n');
    expect(process.exitCode).toBe(1);

    expect(await sakimori(config, 'indicators', 'remove', '--source', 'file:watch.txt')).toBe('removed 1 indicators\n');
    expect(JSON.parse(await sakimori(config, 'indicators', 'list', '--json')).map((r: { key: string }) => r.key)).toEqual(['103.175.16.39', '45.32.13.180', '5.8.95.174']);
  });

  it('stores nothing from a file with an error, and names the line and field', async () => {
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, '45.32.13.180\n5.8.95.174,80,tcp\n103.175.16.39,https\n');
    expect(await errorOf(sakimori(config, 'indicators', 'load', bad))).toBe(`SAKIMORI_ERR_INTEL_INDICATOR_FILE: ${bad} line 3, field port: "https" is not a port 0-65535`);
    expect(await sakimori(config, 'indicators', 'list', '--json')).toBe('[]\n');
  });
});
