import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { BusMessage } from '../bus/bus.js';
import { isSakimoriError } from '../core/errors.js';
import { createEventOutputs } from './event-outputs.js';
import { eventsConfig, eventsHarness } from './testing/harness.js';

describe('JSON lines event output', () => {
  it('appends attack, sighting and host events to a file, one JSON object per line', async () => {
    const h = eventsHarness();
    const dir = mkdtempSync(join(tmpdir(), 'sakimori-events-'));
    const path = join(dir, 'events.jsonl');
    writeFileSync(path, '{"earlier":"line"}\n');
    const outputs = createEventOutputs(eventsConfig({ file: { path } }), h);
    await outputs.start?.();
    await h.bus.publish('attack.started', { kind: 'attack.started', attackId: 'a1', target: '192.0.2.10' });
    h.clock.advance(1000);
    await h.bus.publish('attack.updated', { kind: 'attack.updated', attackId: 'a1' });
    await h.bus.publish('operations.case.opened', { caseId: 'c1' });
    await h.bus.publish('sighting.new', { kind: 'sighting.new', host: '198.51.100.23' });
    await h.bus.publish('host.infected', { kind: 'host.infected', host: '198.51.100.23' });
    await h.bus.flush();
    await outputs.stop?.();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      { earlier: 'line' },
      { subject: 'attack.started', time: '2026-01-05T09:00:00.000Z', data: { kind: 'attack.started', attackId: 'a1', target: '192.0.2.10' } },
      { subject: 'attack.updated', time: '2026-01-05T09:00:01.000Z', data: { kind: 'attack.updated', attackId: 'a1' } },
      { subject: 'sighting.new', time: '2026-01-05T09:00:01.000Z', data: { kind: 'sighting.new', host: '198.51.100.23' } },
      { subject: 'host.infected', time: '2026-01-05T09:00:01.000Z', data: { kind: 'host.infected', host: '198.51.100.23' } },
    ]);
    expect(outputs.outputs[0]!.counters).toMatchObject({ delivered: 4, failed: 0 });
    expect(await h.metrics.getSingleMetricAsString('sakimori_event_outputs_delivered_total')).toContain('sakimori_event_outputs_delivered_total{output="file"} 4');
  });

  it('sends what the release hook gives for each output, and nothing when it gives nothing', async () => {
    const h = eventsHarness();
    const stdout = new PassThrough();
    let text = '';
    stdout.on('data', (c: Buffer) => (text += c.toString()));
    const seen: string[] = [];
    const release = (m: BusMessage, output: string): BusMessage | undefined => {
      seen.push(output);
      if (m.subject === 'host.infected') return undefined;
      return m.subject === 'sighting.new' ? { ...m, data: { kind: 'sighting.new', indicator: '[withheld]' } } : m;
    };
    const outputs = createEventOutputs(eventsConfig({ file: { path: '-' } }), { ...h, stdout, release });
    await outputs.start?.();
    await h.bus.publish('sighting.new', { kind: 'sighting.new', indicator: '203.0.113.9' });
    await h.bus.publish('host.infected', { kind: 'host.infected', host: '198.51.100.23' });
    await h.bus.publish('attack.started', { kind: 'attack.started', attackId: 'a1' });
    await h.bus.flush();
    await outputs.flush();
    expect(text).not.toContain('203.0.113.9');
    expect(
      text
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as { data: unknown }).data),
    ).toEqual([
      { kind: 'sighting.new', indicator: '[withheld]' },
      { kind: 'attack.started', attackId: 'a1' },
    ]);
    expect(seen).toEqual(['file', 'file', 'file']);
  });

  it("writes to standard output for '-', only the configured subjects", async () => {
    const h = eventsHarness();
    const stdout = new PassThrough();
    let text = '';
    stdout.on('data', (c: Buffer) => (text += c.toString()));
    const outputs = createEventOutputs(eventsConfig({ file: { path: '-', subjects: ['attack.started', 'attack.ended'] } }), { ...h, stdout });
    await outputs.start?.();
    for (const s of ['attack.started', 'attack.updated', 'attack.ended'] as const) await h.bus.publish(s, { kind: s });
    await h.bus.flush();
    await outputs.flush();
    expect(
      text
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as { subject: string }).subject),
    ).toEqual(['attack.started', 'attack.ended']);
  });

  it('drops and counts events while the reader is not keeping up, without blocking the bus', async () => {
    const h = eventsHarness();
    // A pipe nobody reads: its buffer fills and stays full.
    const stdout = new PassThrough({ highWaterMark: 1024 });
    const outputs = createEventOutputs(eventsConfig({ file: { path: '-', maxBufferedBytes: 65536 } }), { ...h, stdout });
    await outputs.start?.();
    const big = 'x'.repeat(1000);
    for (let i = 0; i < 200; i++) await h.bus.publish('attack.updated', { kind: 'attack.updated', i, big });
    await h.bus.flush();
    const c = outputs.outputs[0]!.counters;
    expect(c.delivered + c.dropped.queue_full).toBe(200);
    expect(c.dropped.queue_full).toBeGreaterThan(100);
    expect(c.delivered).toBeGreaterThan(50);
  });

  it('refuses a file it cannot open, naming it', () => {
    const h = eventsHarness();
    let err: unknown;
    try {
      createEventOutputs(eventsConfig({ file: { path: '/nonexistent-dir/events.jsonl' } }), h);
    } catch (e) {
      err = e;
    }
    expect(isSakimoriError(err, 'SAKIMORI_ERR_EVENTS_FILE_UNWRITABLE')).toBe(true);
    expect((err as Error).message).toMatch(/^cannot open event file \/nonexistent-dir\/events\.jsonl for appending: ENOENT/);
  });
});
