import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { beforeEach, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { registerAudit } from './audit-command.js';
import { COMMAND_KIT } from '../../cli/command-kit.js';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function sakimori(configFile: string, ...args: string[]): Promise<Run> {
  const r: Run = { code: 0, out: '', err: '' };
  const program = new Command('sakimori').option('-c, --config <file>').exitOverride();
  registerAudit(program, COMMAND_KIT, { out: (t) => (r.out += t), err: (t) => (r.err += t), setExitCode: (c) => (r.code = c) });
  try {
    await program.parseAsync(['-c', configFile, ...args], { from: 'user' });
  } catch (e) {
    r.code = 2;
    r.err += isSakimoriError(e) ? `${e.message} [${e.code}]` : String(e);
  }
  return r;
}

describeStorage('sakimori audit export / checkpoint', (ctx) => {
  let config: string;
  beforeEach(async () => {
    await ctx.reset();
    config = join(ctx.options.dataDir, `audit-${ctx.dialect}.json`);
    writeFileSync(
      config,
      JSON.stringify({ dataDir: ctx.options.dataDir, log: { level: 'silent' }, storage: { url: ctx.options.url }, audit: { origin: 'sakimori.test/cli-audit', checkpointIntervalSeconds: 0 } }),
    );
  });

  it('signs a checkpoint on demand, then exports what `audit verify` accepts', async () => {
    const cp1 = await sakimori(config, 'audit', 'checkpoint');
    expect(cp1.err).toBe('');
    expect(cp1.out).toMatch(/^sakimori\.test\/cli-audit\n1\n[A-Za-z0-9+/]{43}=\n\n\u2014 sakimori\.test\/cli-audit \S+\n$/);
    const cp2 = await sakimori(config, 'audit', 'checkpoint');
    expect(cp2.out.split('\n')[1]).toBe('2');

    const file = join(ctx.options.dataDir, `export-${ctx.dialect}.jsonl`);
    const exported = await sakimori(config, 'audit', 'export', file);
    expect(exported.out).toMatch(/^exported 3 entries and 3 checkpoints to .*\nverify with: sakimori audit verify .* --key (sakimori\.test\/cli-audit\+[0-9a-f]{8}\+\S+)\n$/);
    const key = /--key (\S+)/.exec(exported.out)![1]!;
    const verified = await sakimori(config, 'audit', 'verify', file, '--key', key);
    expect(verified.code).toBe(0);
    expect(verified.out).toContain('entries      3 (seq 0–2)');
    expect(verified.out).toContain('checkpoints  3, signed by sakimori.test/cli-audit');

    // Never overwrites an export, and leaves the existing one intact.
    const again = await sakimori(config, 'audit', 'export', file);
    expect(again.code).toBe(2);
    expect(again.err).toContain('[SAKIMORI_ERR_AUDIT_FILE_UNREADABLE]');
    expect((await sakimori(config, 'audit', 'verify', file, '--key', key)).code).toBe(0);
  });

  it('fails cleanly when the export cannot be created', async () => {
    const r = await sakimori(config, 'audit', 'export', join(ctx.options.dataDir, 'no-such-dir', 'x.jsonl'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('[SAKIMORI_ERR_AUDIT_FILE_UNREADABLE]');
    expect(existsSync(join(ctx.options.dataDir, 'no-such-dir'))).toBe(false);
  });
});
