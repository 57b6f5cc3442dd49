import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEventOutputs } from './event-outputs.js';
import { eventsConfig, eventsHarness } from './testing/harness.js';

/** Small node scripts standing in for an operator's notify script. */
const HOOKS = {
  record: `const fs = require('node:fs');
let input = '';
process.stdin.on('data', (c) => (input += c));
process.stdin.on('end', () => {
  fs.appendFileSync(process.env.OUT, JSON.stringify({ subject: process.env.SAKIMORI_EVENT_SUBJECT, event: JSON.parse(input), leaked: Object.keys(process.env).filter((k) => k.startsWith('SAKIMORI_') && k !== 'SAKIMORI_EVENT_SUBJECT') }) + '\\n');
});`,
  fail: `process.stderr.write('boom: ticketing system unreachable\\n'); process.exit(3);`,
  hang: `setTimeout(() => {}, 60000);`,
  slow: `const fs = require('node:fs');
fs.appendFileSync(process.env.OUT, 'start\\n');
setTimeout(() => { fs.appendFileSync(process.env.OUT, 'end\\n'); }, 400);`,
};

describe('exec hook event output', () => {
  let dir: string;
  const hook = (name: keyof typeof HOOKS): string => {
    const p = join(dir, `${name}.cjs`);
    writeFileSync(p, HOOKS[name]);
    return p;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sakimori-hook-'));
    process.env.SAKIMORI_EVENTS__WEBHOOK__SECRET = 'server-secret-that-must-not-leak';
  });
  afterEach(() => {
    delete process.env.SAKIMORI_EVENTS__WEBHOOK__SECRET;
  });

  it('runs the command for each event with the event as JSON on stdin, without the server environment', async () => {
    const h = eventsHarness();
    const out = join(dir, 'out.jsonl');
    const outputs = createEventOutputs(eventsConfig({ exec: { command: [process.execPath, hook('record')], env: { OUT: out } } }), h);
    await outputs.start?.();
    await h.bus.publish('attack.started', { kind: 'attack.started', attackId: 'a1', target: '192.0.2.10' });
    // attack.updated is not among the hook's default subjects (one run per second would be too many).
    await h.bus.publish('attack.updated', { kind: 'attack.updated', attackId: 'a1' });
    await h.bus.publish('host.infected', { kind: 'host.infected', host: '198.51.100.23' });
    await h.bus.flush();
    await outputs.flush();
    const runs = readFileSync(out, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { subject: string; event: { subject: string; data: unknown }; leaked: string[] });
    runs.sort((a, b) => a.subject.localeCompare(b.subject));
    expect(runs).toEqual([
      { subject: 'attack.started', event: { subject: 'attack.started', time: '2026-01-05T09:00:00.000Z', data: { kind: 'attack.started', attackId: 'a1', target: '192.0.2.10' } }, leaked: [] },
      { subject: 'host.infected', event: { subject: 'host.infected', time: '2026-01-05T09:00:00.000Z', data: { kind: 'host.infected', host: '198.51.100.23' } }, leaked: [] },
    ]);
    expect(outputs.outputs[0]!.counters).toMatchObject({ delivered: 2, failed: 0 });
  });

  it('logs the exit code and standard error of a failing command, and kills one that runs too long', async () => {
    const h = eventsHarness();
    const failing = createEventOutputs(eventsConfig({ exec: { command: [process.execPath, hook('fail')] } }), h);
    await failing.start?.();
    await h.bus.publish('attack.started', { kind: 'attack.started' });
    await h.bus.flush();
    await failing.flush();
    await failing.stop?.();
    expect(failing.outputs[0]!.counters).toMatchObject({ delivered: 0, failed: 1 });
    expect(h.logs.find((l) => l.msg === 'event hook failed')).toMatchObject({ level: 40, subject: 'attack.started', exitCode: 3, timedOut: false, stderr: 'boom: ticketing system unreachable' });

    const hanging = createEventOutputs(eventsConfig({ exec: { command: [process.execPath, hook('hang')], timeoutMs: 300 } }), { ...h, metrics: eventsHarness().metrics });
    await hanging.start?.();
    const t0 = performance.now();
    await h.bus.publish('host.infected', { kind: 'host.infected' });
    await h.bus.flush();
    await hanging.flush();
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(h.logs.find((l) => l.msg === 'event hook timed out and was killed')).toMatchObject({ subject: 'host.infected', timedOut: true, signal: 'SIGTERM' });
    expect(hanging.outputs[0]!.counters.failed).toBe(1);

    const missing = createEventOutputs(eventsConfig({ exec: { command: [join(dir, 'no-such-program')] } }), { ...h, metrics: eventsHarness().metrics });
    await missing.start?.();
    await h.bus.publish('attack.ended', { kind: 'attack.ended' });
    await h.bus.flush();
    await missing.flush();
    expect(h.logs.find((l) => l.msg === 'event hook could not be started')).toMatchObject({ spawnError: expect.stringContaining('ENOENT') });
  });

  it('never holds up the bus: runs at most `concurrency` at once, queues a few, drops and counts the rest', async () => {
    const h = eventsHarness();
    const out = join(dir, 'slow.txt');
    const outputs = createEventOutputs(eventsConfig({ exec: { command: [process.execPath, hook('slow')], env: { OUT: out }, concurrency: 2, maxQueued: 3 } }), h);
    await outputs.start?.();
    const t0 = performance.now();
    for (let i = 0; i < 10; i++) await h.bus.publish('attack.started', { kind: 'attack.started', i });
    await h.bus.flush();
    // Ten events went through the bus long before even one 400 ms hook could finish.
    expect(performance.now() - t0).toBeLessThan(300);
    await outputs.flush();
    expect(outputs.outputs[0]!.counters).toMatchObject({ delivered: 5, failed: 0, dropped: { queue_full: 5, shutdown: 0 } });
    let running = 0;
    let most = 0;
    for (const l of readFileSync(out, 'utf8').trimEnd().split('\n')) {
      running += l === 'start' ? 1 : -1;
      most = Math.max(most, running);
    }
    expect(most).toBe(2);
  });
});
