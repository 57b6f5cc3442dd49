import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { beforeEach, expect, it } from 'vitest';
import { COMMAND_KIT } from '../../cli/command-kit.js';
import { isSakimoriError } from '../../core/errors.js';
import { TLP2_IDS } from '../../stix/marking/index.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { registerStix } from './stix-commands.js';
import { StixStore } from './stix-store.js';
import { bundle, indicator, malware, stixId } from './testing/stix-objects.js';

interface Run {
  out: string;
  err: string;
  exitCode: number | undefined;
}

/** Runs `sakimori <args>` in process with captured output. */
async function sakimori(configFile: string, ...args: string[]): Promise<Run> {
  const run: Run = { out: '', err: '', exitCode: undefined };
  const program = new Command('sakimori').option('-c, --config <file>').exitOverride();
  registerStix(program, COMMAND_KIT, { out: (t) => void (run.out += t), err: (t) => void (run.err += t), setExitCode: (c) => void (run.exitCode = c) });
  await program.parseAsync(['-c', configFile, ...args], { from: 'user' });
  return run;
}

const IP = 'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd';
const observed = bundle(7, [
  { type: 'ipv4-addr', spec_version: '2.1', id: IP, value: '198.51.100.3' },
  {
    type: 'observed-data',
    spec_version: '2.1',
    id: stixId('observed-data', 1),
    created: '2024-03-01T09:00:00.000Z',
    modified: '2024-03-01T09:00:00.000Z',
    first_observed: '2024-03-01T08:00:00Z',
    last_observed: '2024-03-01T08:05:00Z',
    number_observed: 1,
    object_refs: [IP],
  },
]);

describeStorage('sakimori stix', (ctx) => {
  let config: string;
  let dir: string;
  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };
  beforeEach(async () => {
    await ctx.reset();
    dir = ctx.options.dataDir;
    config = join(dir, `cli-${ctx.dialect}.json`);
    writeFileSync(config, JSON.stringify({ dataDir: dir, log: { level: 'silent' }, storage: { url: ctx.options.url } }));
  });

  it('validate: 0 valid, 1 invalid with findings, 2 unreadable or not JSON', async () => {
    expect(await sakimori(config, 'stix', 'validate', file('ok.json', bundle(1, [malware(1)])))).toEqual({ out: 'valid (0 warnings)\n', err: '', exitCode: undefined });
    const bad = await sakimori(config, 'stix', 'validate', file('bad.json', bundle(2, [{ ...malware(1), is_family: 'yes' }])));
    expect(bad.exitCode).toBe(1);
    expect(bad.out).toMatch(new RegExp(`^${stixId('malware', 1)} /objects/0/is_family: .+\\ninvalid \\(1 errors, 0 warnings\\)\\n$`));
    const notJson = await sakimori(config, 'stix', 'validate', file('x.json', '{"type":'));
    expect([notJson.exitCode, notJson.err]).toEqual([2, expect.stringMatching(/^SAKIMORI_ERR_INTEL_STIX_FILE: cannot read STIX file .*x\.json: not JSON/)]);
    expect((await sakimori(config, 'stix', 'validate', join(dir, 'missing.json'))).exitCode).toBe(2);
  });

  it('match: prints matching observed-data ids (0), nothing on no match (1), the coded error on a bad pattern (2)', async () => {
    const data = file('observed.json', observed);
    expect(await sakimori(config, 'stix', 'match', '--pattern', "[ipv4-addr:value = '198.51.100.3']", data)).toEqual({ out: `${stixId('observed-data', 1)}\n`, err: '', exitCode: undefined });
    expect(await sakimori(config, 'stix', 'match', '--pattern', "[ipv4-addr:value ISSUBSET '198.51.100.0/24']", data)).toMatchObject({ exitCode: undefined });
    expect(await sakimori(config, 'stix', 'match', '--pattern', "[ipv4-addr:value = '203.0.113.9']", data)).toEqual({ out: '', err: '', exitCode: 1 });
    const bad = await sakimori(config, 'stix', 'match', '--pattern', '[ipv4-addr:value = ', data);
    expect(bad.exitCode).toBe(2);
    expect(bad.err).toBe('SAKIMORI_ERR_STIX_PATTERN_SYNTAX: pattern syntax error at 1:19: expected a literal, found end of pattern\n');
    expect((await sakimori(config, 'stix', 'match', '--pattern', "[ipv4-addr:value = '1.2.3.4']", join(dir, 'missing.json'))).exitCode).toBe(2);
  });

  it('import: stores a bundle with the chosen default marking into a collection, idempotently; a bad bundle stores nothing', async () => {
    const path = file('report.json', bundle(1, [indicator(1), malware(1)]));
    const first = await sakimori(config, 'stix', 'import', path, '--collection', 'jpcert', '--marking', 'tlp:green');
    expect(first.out).toBe(
      `stored 2 objects from ${path} as file:report.json; 0 already stored\n${stixId('indicator', 1)} 2024-03-01T09:00:00.000000000Z\n${stixId('malware', 1)} 2024-03-01T09:00:00.000000000Z\n`,
    );
    expect((await sakimori(config, 'stix', 'import', path, '--marking', 'TLP:GREEN')).out).toBe(`stored 0 objects from ${path} as file:report.json; 2 already stored\n`);
    const store = new StixStore(ctx.db);
    expect((await store.get(stixId('indicator', 1)))?.markingRefs).toEqual([TLP2_IDS.green]);
    expect((await store.list({ collectionId: 'jpcert' })).objects).toHaveLength(2);
    expect((await store.collections()).map((c) => c.id)).toEqual(['jpcert']);

    const bad = file('bad.json', bundle(2, [malware(2), { ...indicator(3), pattern: "[ipv4-addr:value = '1.2.3.4'" }]));
    const error = await sakimori(config, 'stix', 'import', bad).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isSakimoriError(error, 'SAKIMORI_ERR_STIX_OBJECT_INVALID')).toBe(true);
    expect(await store.get(stixId('malware', 2))).toBeUndefined();
    const marking = await sakimori(config, 'stix', 'import', path, '--marking', 'tlp:purple').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isSakimoriError(marking, 'SAKIMORI_ERR_INTEL_STIX_MARKING_OPTION')).toBe(true);
  });
});
