import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { beforeEach, expect, it } from 'vitest';
import { COMMAND_KIT } from '../../cli/command-kit.js';
import { TLP2_IDS } from '../../stix/marking/index.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { describeExternal, missingFixtures, sharedFixture } from '../../testing/external.js';
import { StixStore } from '../stix/stix-store.js';
import { registerMisp } from './misp-commands.js';
import { MispReleaseStore } from './misp-release-store.js';

interface Run {
  out: string;
  err: string;
  exitCode: number | undefined;
}

/** Runs `sakimori <args>` in process with captured output. */
async function sakimori(configFile: string, ...args: string[]): Promise<Run> {
  const run: Run = { out: '', err: '', exitCode: undefined };
  const program = new Command('sakimori').option('-c, --config <file>').exitOverride();
  registerMisp(program, COMMAND_KIT, { out: (t) => void (run.out += t), err: (t) => void (run.err += t), setExitCode: (c) => void (run.exitCode = c) });
  await program.parseAsync(['-c', configFile, ...args], { from: 'user' });
  return run;
}

const SEDNIT = '5a3c2fcd-8328-42bb-a95e-4f4402de0b81';

describeExternal('sakimori misp (misp/feed-reference, misp/feed-distribution)', missingFixtures(), () => {
  describeStorage('sakimori misp', (ctx) => {
    let config: string;
    let dir: string;
    beforeEach(async () => {
      await ctx.reset();
      dir = mkdtempSync(join(ctx.options.dataDir, 'misp-cli-'));
      config = join(dir, `cli-${ctx.dialect}.json`);
      writeFileSync(config, JSON.stringify({ dataDir: dir, log: { level: 'silent' }, storage: { url: ctx.options.url } }));
    });

    it('import: a feed directory, counts printed, exit 0; again, everything already stored', async () => {
      const feed = sharedFixture('misp', 'feed-reference');
      const first = await sakimori(config, 'misp', 'import', feed, '--default-marking', 'amber');
      expect(first).toMatchObject({ err: '', exitCode: undefined });
      expect(first.out).toMatch(/^MISP events: 5 stored, 0 already stored, 0 refused; \d+ attributes; \d+ STIX objects stored, 0 already stored\n$/);
      expect((await new StixStore(ctx.db).get('report--5b646415-7b48-40d5-86b4-c0070acd0835'))?.markingRefs).toEqual([TLP2_IDS.amber]);
      const again = await sakimori(config, 'misp', 'import', feed, '--default-marking', 'tlp:amber');
      expect(again.out).toMatch(/^MISP events: 0 stored, 5 already stored, 0 refused; \d+ attributes; 0 STIX objects stored, \d+ already stored\n$/);
    });

    it('import: a tampered event is refused with its code on stderr and exit 1; a bad marking or path is a usage error (2)', async () => {
      const feed = mkdtempSync(join(tmpdir(), 'misp-feed-'));
      cpSync(sharedFixture('misp', 'feed-reference'), feed, { recursive: true });
      const hashes = readFileSync(join(feed, 'hashes.csv'), 'utf8');
      writeFileSync(join(feed, 'hashes.csv'), hashes.replace(/^[0-9a-f]{32},5a3c2fcd/m, `${'f'.repeat(32)},5a3c2fcd`));
      const r = await sakimori(config, 'misp', 'import', feed);
      expect(r.exitCode).toBe(1);
      expect(r.err).toMatch(new RegExp(`^refused MISP event ${SEDNIT}: SAKIMORI_ERR_STIX_MISP_FEED_HASH_MISMATCH: `));
      expect(r.out).toMatch(/^MISP events: 4 stored, 0 already stored, 1 refused;/);
      expect((await sakimori(config, 'misp', 'import', feed, '--default-marking', 'purple')).exitCode).toBe(2);
      const missing = await sakimori(config, 'misp', 'import', join(dir, 'nowhere'));
      expect([missing.exitCode, missing.err]).toEqual([2, expect.stringMatching(/^SAKIMORI_ERR_INTEL_MISP_PATH: /)]);
    });

    it('import: event files with --audience and --sharing-groups, kept in the release contexts', async () => {
      const a = '6c000000-0000-4000-8000-0000000000aa';
      const b = '6c000000-0000-4000-8000-0000000000bb';
      const file = sharedFixture('misp', 'feed-distribution', 'input-event.json');
      const r = await sakimori(config, 'misp', 'import', file, '--audience', `${a},${b.toUpperCase()}`, '--sharing-groups', sharedFixture('misp', 'events', 'sharing_groups.json'));
      expect(r).toMatchObject({ err: '', exitCode: undefined });
      const contexts = await new MispReleaseStore(ctx.db).contextsOfEvent(SEDNIT);
      expect(contexts.get(`grouping--${SEDNIT}`)?.audience).toEqual([a, b]);
      // Attribute 5a3c2fee… has distribution 4 in sharing group 1, which the list defines.
      expect(contexts.get('x-misp-attribute--5a3c2fee-7c8c-438a-8f7f-465402de0b81')?.sharingGroupMembers?.length).toBeGreaterThan(0);
    });

    it('export: by organisation name, to a directory; an unknown recipient is a usage error (2)', async () => {
      await sakimori(config, 'misp', 'import', sharedFixture('misp', 'feed-reference'));
      const out = join(dir, 'feed-out');
      const r = await sakimori(config, 'misp', 'export', '--recipient', 'CIRCL', '--out', out);
      expect(r).toMatchObject({ err: '', exitCode: undefined });
      expect(r.out).toMatch(new RegExp(`^wrote 3 MISP events \\(\\d+ attributes, 0 from native STIX indicators\\) to ${out}; withheld 2 events, \\d+ attributes\\n$`));
      expect(readdirSync(out)).toContain(`${SEDNIT}.json`);
      const unknown = await sakimori(config, 'misp', 'export', '--recipient', 'Nobody Ltd', '--out', out);
      expect([unknown.exitCode, unknown.err]).toEqual([2, expect.stringMatching(/^SAKIMORI_ERR_INTEL_MISP_RECIPIENT: /)]);
      const pub = await sakimori(config, 'misp', 'export', '--recipient', 'public', '--out', out);
      expect(pub.out).toMatch(/^wrote 0 MISP events/);
      expect(readdirSync(out).sort()).toEqual(['hashes.csv', 'manifest.json']);
    });
  });
});
