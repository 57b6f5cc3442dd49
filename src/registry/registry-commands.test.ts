import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { beforeEach, expect, it, vi } from 'vitest';
import { isSakimoriError } from '../core/errors.js';
import { PLATFORM_MIGRATIONS } from '../platform/platform.js';
import { describeStorage } from '../storage/testing/storage-suite.js';
import { registerDb } from '../cli/commands/db.js';
import { registerNetwork, registerOrg } from './registry-commands.js';
import { COMMAND_KIT } from '../cli/command-kit.js';

/** Runs `sakimori <args>` in process against the block's database; returns stdout. */
async function sakimori(configFile: string, ...args: string[]): Promise<string> {
  const program = new Command('sakimori').option('-c, --config <file>').exitOverride();
  registerDb(program);
  registerOrg(program, COMMAND_KIT);
  registerNetwork(program, COMMAND_KIT);
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

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return isSakimoriError(e) ? e.code : `not coded: ${String(e)}`;
  }
}

describeStorage('sakimori org / network / db commands', (ctx) => {
  let config: string;
  beforeEach(async () => {
    await ctx.reset();
    config = join(ctx.options.dataDir, `cli-${ctx.dialect}.json`);
    writeFileSync(config, JSON.stringify({ dataDir: ctx.options.dataDir, log: { level: 'silent' }, storage: { url: ctx.options.url } }));
  });

  it('adds and lists organisations and networks as tables', async () => {
    expect(await sakimori(config, 'org', 'add', '--name', 'Kohaku Bank', '--sector', 'finance', '--contact-email', 'csirt@kohaku-bank.example')).toMatch(
      /^added organization Kohaku Bank \(finance, designated\) id [0-9A-Z]{26}\n$/,
    );
    await sakimori(config, 'org', 'add', '--name', 'Hibari Mobile', '--sector', 'telecommunications', '--status', 'candidate');
    expect(await sakimori(config, 'network', 'add', '--org', 'Hibari Mobile', '--prefix', '198.18.0.0/22', '--thresholds', '{"udp":{"pps":50000}}')).toMatch(
      /^added network 198\.18\.0\.0\/22 for Hibari Mobile id /,
    );
    await sakimori(config, 'network', 'add', '--org', 'Hibari Mobile', '--prefix', '2001:DB8:400::/48', '--name', 'subscribers');

    const orgs = (await sakimori(config, 'org', 'list')).split('\n');
    expect(orgs[0]).toMatch(/^NAME +SECTOR +STATUS +NETWORKS +CONTACT +ID$/);
    expect(orgs[1]).toMatch(/^Hibari Mobile +telecommunications +candidate +2 +- +[0-9A-Z]{26}$/);
    expect(orgs[2]).toMatch(/^Kohaku Bank +finance +designated +0 +csirt@kohaku-bank\.example +[0-9A-Z]{26}$/);

    const nets = (await sakimori(config, 'network', 'list', '--org', 'Hibari Mobile')).split('\n');
    expect(nets[0]).toMatch(/^PREFIX +ORGANIZATION +NAME +THRESHOLDS +ID$/);
    expect(nets[1]).toMatch(/^198\.18\.0\.0\/22 +Hibari Mobile +- +\{"udp":\{"pps":50000\}\} +[0-9A-Z]{26}$/);
    expect(nets[2]).toMatch(/^2001:db8:400::\/48 +Hibari Mobile +subscribers +- +[0-9A-Z]{26}$/);
  });

  it('prints JSON for machines', async () => {
    const added = JSON.parse(await sakimori(config, 'org', 'add', '--name', 'Kaminari Power', '--sector', 'electricity', '--json')) as { id: string };
    await sakimori(config, 'network', 'add', '--org', added.id, '--prefix', '203.0.113.0/24', '--json');
    const list = JSON.parse(await sakimori(config, 'org', 'list', '--json')) as unknown[];
    expect(list).toEqual([expect.objectContaining({ id: added.id, name: 'Kaminari Power', sector: 'electricity', status: 'designated', networks: 1 })]);
    const nets = JSON.parse(await sakimori(config, 'network', 'list', '--json')) as unknown[];
    expect(nets).toEqual([expect.objectContaining({ organizationId: added.id, prefix: '203.0.113.0/24', family: 4, thresholds: null })]);
  });

  it('refuses bad input with the registry’s codes', async () => {
    expect(await codeOf(sakimori(config, 'org', 'add', '--name', 'X', '--sector', 'banking'))).toBe('SAKIMORI_ERR_REGISTRY_INVALID_SECTOR');
    expect(await codeOf(sakimori(config, 'org', 'list', '--status', 'gone'))).toBe('SAKIMORI_ERR_REGISTRY_INVALID_STATUS');
    expect(await codeOf(sakimori(config, 'network', 'add', '--org', 'Nobody', '--prefix', '192.0.2.0/24'))).toBe('SAKIMORI_ERR_REGISTRY_ORGANIZATION_NOT_FOUND');
    await sakimori(config, 'org', 'add', '--name', 'Kohaku Bank', '--sector', 'finance');
    expect(await codeOf(sakimori(config, 'network', 'add', '--org', 'Kohaku Bank', '--prefix', '192.0.2.0/24', '--thresholds', '{"udp":1}'))).toBe('SAKIMORI_ERR_REGISTRY_INVALID_THRESHOLDS');
    expect(await codeOf(sakimori(config, 'network', 'add', '--org', 'Kohaku Bank', '--prefix', '192.0.2.1/24'))).toBe('SAKIMORI_ERR_REGISTRY_INVALID_PREFIX');
    expect(await sakimori(config, 'network', 'list', '--json')).toBe('[]\n');
  });

  it('migrates, reports status, and moves down and up', async () => {
    expect(await sakimori(config, 'db', 'migrate')).toMatch(/: nothing to migrate\n$/);
    expect(await sakimori(config, 'db', 'migrate', '--status')).toMatch(/^0001-registry +applied \d{4}-\d\d-\d\dT.*\n0002-exporters +applied /);
    // Going down to 0001 reverts every later migration, newest first; migrating again re-applies them in order.
    const later = Object.keys(PLATFORM_MIGRATIONS).filter((n) => !n.startsWith('0001-'));
    expect(await sakimori(config, 'db', 'migrate', '--to', '0001')).toBe(
      later
        .map((n) => `reverted ${n}\n`)
        .reverse()
        .join(''),
    );
    expect(await sakimori(config, 'db', 'migrate', '--status')).toMatch(/0002-exporters +pending\n/);
    expect(JSON.parse(await sakimori(config, 'db', 'migrate', '--json'))).toEqual({ location: expect.any(String), steps: later.map((name) => ({ name, direction: 'up' })) });
    expect(await codeOf(sakimori(config, 'db', 'migrate', '--to', 'latest'))).toBe('SAKIMORI_ERR_STORAGE_UNKNOWN_MIGRATION');
  });
});
