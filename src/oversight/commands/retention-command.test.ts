import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { beforeEach, expect, it } from 'vitest';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { registerRetention } from './retention-command.js';
import { COMMAND_KIT } from '../../cli/command-kit.js';

describeStorage('sakimori retention run', (ctx) => {
  let config: string;
  const run = async (...args: string[]): Promise<{ out: string; code: number }> => {
    const r = { out: '', code: 0 };
    const program = new Command('sakimori').option('-c, --config <file>').exitOverride();
    registerRetention(program, COMMAND_KIT, { out: (t) => (r.out += t), err: () => undefined, setExitCode: (c) => (r.code = c) });
    await program.parseAsync(['-c', config, 'retention', 'run', ...args], { from: 'user' });
    return r;
  };

  beforeEach(async () => {
    await ctx.reset();
    config = join(ctx.options.dataDir, `retention-${ctx.dialect}.json`);
    writeFileSync(config, JSON.stringify({ dataDir: ctx.options.dataDir, log: { level: 'silent' }, storage: { url: ctx.options.url }, audit: { checkpointIntervalSeconds: 0 } }));
    const old = Date.now() - 400 * 86_400_000;
    await ctx.db
      .insertInto('sightings')
      .values({
        id: 'S-OLD',
        indicator_key: 'ip:x',
        indicator_value: '203.0.113.66',
        indicator_label: null,
        indicator_kind: 'ipv4',
        indicator_source: 't',
        host: '192.0.2.44',
        family: 4,
        network_id: null,
        organization_id: null,
        network_prefix: null,
        first_seen: old,
        last_seen: old,
        records: 1,
        outbound_records: 1,
        inbound_records: 0,
        packets: 1,
        bytes: 1,
        ports: '[]',
        protocols: '[]',
        created_at: old,
        updated_at: old,
      })
      .execute();
  });

  it('counts on a dry run, then purges with a receipt', async () => {
    const dry = await run('--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/^CLASS +TABLE +STATUS +DAYS +CUTOFF +ROWS +RECEIPT\n/);
    expect(dry.out).toMatch(/\nsightings +sightings +would_purge +365 +\d{4}-\d\d-\d\d +1 +-\n/);
    expect(dry.out).toMatch(/\nflows +- +no_tables +30 +- +0 +-\n/);
    expect(await ctx.db.selectFrom('sightings').select('id').execute()).toHaveLength(1);
    const done = await run();
    expect(done.out).toMatch(/\nsightings +sightings +purged +365 +\d{4}-\d\d-\d\d +1 +audit #0\n/);
    expect(await ctx.db.selectFrom('sightings').select('id').execute()).toEqual([]);
    const json = JSON.parse((await run('--json')).out) as { results: { table: string | null; count: number }[] };
    expect(json.results.find((r) => r.table === 'sightings')?.count).toBe(0);
  });
});
