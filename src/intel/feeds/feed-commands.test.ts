import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { COMMAND_KIT } from '../../cli/command-kit.js';
import { buildProgram } from '../../cli/program.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { indicator } from '../stix/testing/stix-objects.js';
import { registerFeedCommands } from './feed-commands.js';
import { sendEnvelope, startHttpServer, type TestHttpServer } from './testing/http-server.js';

const ENVELOPE = { more: false, objects: [indicator(1), indicator(2)] };

interface Run {
  out: string;
  err: string;
  exitCode: number | undefined;
}

/** Runs `sakimori <args>` in process with captured output. */
async function sakimori(...args: string[]): Promise<Run> {
  const run: Run = { out: '', err: '', exitCode: undefined };
  const program = new Command('sakimori').option('-c, --config <file>').exitOverride();
  registerFeedCommands(program, COMMAND_KIT, {
    out: (t) => void (run.out += t),
    err: (t) => void (run.err += t),
    setExitCode: (c) => void (run.exitCode = c),
    clientDeps: { sleep: async () => undefined },
  });
  await program.parseAsync(args, { from: 'user' });
  return run;
}

it('sakimori intel pull is registered through the intel part', () => {
  const intel = buildProgram().commands.find((c) => c.name() === 'intel');
  expect(intel?.commands.map((c) => c.name())).toContain('pull');
});

describeStorage('sakimori intel pull', (ctx) => {
  let server: TestHttpServer;
  let config: string;
  beforeAll(async () => {
    server = await startHttpServer((_req, res, _n, url) => {
      if (url.pathname.startsWith('/broken/')) {
        res.writeHead(500);
        return res.end();
      }
      sendEnvelope(res, ENVELOPE, { first: '2026-03-01T00:00:00Z', last: '2026-03-01T00:00:01.5Z' });
    });
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    await ctx.reset();
    const dir = ctx.options.dataDir;
    config = join(dir, `feeds-${ctx.dialect}.json`);
    const feeds = [
      { name: 'good', url: `${server.base}api/collections/c1/`, token: 'secret-token', defaultMarking: 'green' },
      { name: 'broken', url: `${server.base}broken/collections/c1/`, retries: 1, backoffMs: 1, enabled: false },
    ];
    writeFileSync(config, JSON.stringify({ dataDir: dir, log: { level: 'silent' }, storage: { url: ctx.options.url }, intel: { feeds } }));
  });

  it('pulls the enabled feeds and prints what each stored (0); pulling again finds only duplicates', async () => {
    const first = await sakimori('intel', 'pull', '--config', config);
    expect(first).toEqual({
      out: `good: ok — 2 stored, 0 duplicates, 0 refused, 1 pages, ${Buffer.byteLength(JSON.stringify(ENVELOPE))} bytes; resume point 2026-03-01T00:00:01.500000Z\n`,
      err: '',
      exitCode: undefined,
    });
    expect((await sakimori('-c', config, 'intel', 'pull')).out).toMatch(/^good: ok — 0 stored, 2 duplicates, /);
    expect(server.requests.at(-1)?.url.searchParams.get('added_after')).toBe('2026-03-01T00:00:01.499999Z');
  });

  it('exits 1 with the coded error when a feed fails, 2 for an unknown feed', async () => {
    const failed = await sakimori('-c', config, 'intel', 'pull', '--feed', 'broken');
    expect(failed.exitCode).toBe(1);
    expect(failed.out).toBe('broken: failed — 0 stored, 0 duplicates, 0 refused, 0 pages, 0 bytes; resume point none\n');
    expect(failed.err).toBe(`broken: SAKIMORI_ERR_INTEL_FEED_UNAVAILABLE: feed server unavailable at ${server.base}broken/collections/c1/objects/: HTTP 500 after 2 attempts\n`);
    const unknown = await sakimori('-c', config, 'intel', 'pull', '--feed', 'nope');
    expect(unknown).toEqual({ out: '', err: 'SAKIMORI_ERR_INTEL_FEED_UNKNOWN: no feed named "nope" in intel.feeds (configured: good, broken)\n', exitCode: 2 });
    const json = await sakimori('-c', config, 'intel', 'pull', '--json');
    expect(JSON.parse(json.out)).toEqual([expect.objectContaining({ feed: 'good', outcome: 'ok', counts: expect.objectContaining({ stored: 2 }) })]);
  });
});
