import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventOutputs } from './event-outputs.js';
import { eventsConfig, eventsHarness } from './testing/harness.js';
import { webhookSignature } from './webhook-output.js';

interface Received {
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** A real HTTP server on a loopback port chosen by the system; `answer` decides each response. */
async function receiver(answer: (n: number, r: Received, res: ServerResponse) => void): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const r = { headers: req.headers, body };
      received.push(r);
      answer(received.length, r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/sakimori`, received, server };
}

describe('webhook event output', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
  });

  it('POSTs each event as signed JSON, retrying 503s with the same delivery id', async () => {
    const h = eventsHarness();
    const r = await receiver((n, _r, res) => {
      res.statusCode = n <= 2 ? 503 : 204;
      res.end();
    });
    servers.push(r.server);
    const secret = 'a-shared-secret-of-32-characters';
    const outputs = createEventOutputs(eventsConfig({ webhook: { url: r.url, secret, backoffMs: 10, headers: { Authorization: 'Bearer t0ken' } } }), h);
    await outputs.start?.();
    await h.bus.publish('host.infected', { kind: 'host.infected', host: '198.51.100.23' });
    await h.bus.flush();
    await outputs.flush();
    expect(r.received).toHaveLength(3);
    const last = r.received[2]!;
    expect(JSON.parse(last.body)).toEqual({ subject: 'host.infected', time: '2026-01-05T09:00:00.000Z', data: { kind: 'host.infected', host: '198.51.100.23' } });
    expect(last.headers).toMatchObject({ 'content-type': 'application/json', 'x-sakimori-event': 'host.infected', authorization: 'Bearer t0ken', 'x-sakimori-timestamp': String(h.clock.now()) });
    // The receiver can check the signature with the shared secret.
    expect(last.headers['x-sakimori-signature']).toBe(webhookSignature(secret, String(last.headers['x-sakimori-timestamp']), last.body));
    expect(last.headers['x-sakimori-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(new Set(r.received.map((x) => x.headers['x-sakimori-delivery'])).size).toBe(1);
    expect(outputs.outputs[0]!.counters).toMatchObject({ delivered: 1, failed: 0, retries: 2 });
  });

  it('waits as long as the Retry-After of a 429 answer asks', async () => {
    const h = eventsHarness();
    const r = await receiver((n, _r, res) => {
      res.statusCode = n === 1 ? 429 : 200;
      if (n === 1) res.setHeader('retry-after', '1');
      res.end();
    });
    servers.push(r.server);
    const outputs = createEventOutputs(eventsConfig({ webhook: { url: r.url, backoffMs: 10 } }), h);
    await outputs.start?.();
    const t0 = performance.now();
    await h.bus.publish('attack.started', { kind: 'attack.started' });
    await h.bus.flush();
    await outputs.flush();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(950);
    expect(outputs.outputs[0]!.counters).toMatchObject({ delivered: 1, retries: 1 });
  });

  it('gives up at once on a 4xx answer, and after the configured retries otherwise', async () => {
    const h = eventsHarness();
    const r = await receiver((_n, req, res) => {
      res.statusCode = JSON.parse(req.body).subject === 'attack.started' ? 400 : 500;
      res.end('no');
    });
    servers.push(r.server);
    const outputs = createEventOutputs(eventsConfig({ webhook: { url: r.url, retries: 2, backoffMs: 5 } }), h);
    await outputs.start?.();
    await h.bus.publish('attack.started', { kind: 'attack.started' });
    await h.bus.publish('attack.ended', { kind: 'attack.ended' });
    await h.bus.flush();
    await outputs.flush();
    const subjects = r.received.map((x) => JSON.parse(x.body).subject as string);
    expect(subjects.filter((s) => s === 'attack.started')).toHaveLength(1);
    expect(subjects.filter((s) => s === 'attack.ended')).toHaveLength(3);
    expect(outputs.outputs[0]!.counters).toMatchObject({ delivered: 0, failed: 2, retries: 2 });
    expect(h.logs.filter((l) => l.msg === 'webhook delivery failed').map((l) => [l.subject, l.attempts, l.reason])).toEqual(
      expect.arrayContaining([
        ['attack.started', 1, 'HTTP 400'],
        ['attack.ended', 3, 'HTTP 500'],
      ]),
    );
  });

  it('times out a receiver that does not answer, and drops what the bounded queue cannot hold', async () => {
    const h = eventsHarness();
    const held: ServerResponse[] = [];
    const r = await receiver((_n, _r, res) => void held.push(res));
    servers.push(r.server);
    const outputs = createEventOutputs(eventsConfig({ webhook: { url: r.url, timeoutMs: 200, retries: 0, concurrency: 1, maxQueued: 2 } }), h);
    await outputs.start?.();
    for (let i = 0; i < 6; i++) await h.bus.publish('sighting.new', { kind: 'sighting.new', i });
    await h.bus.flush();
    await outputs.flush();
    for (const res of held) res.destroy();
    // One in flight, two queued, three dropped; the three sent each timed out.
    expect(outputs.outputs[0]!.counters).toMatchObject({ delivered: 0, failed: 3, dropped: { queue_full: 3, shutdown: 0 } });
    expect(h.logs.filter((l) => l.msg === 'webhook delivery failed').map((l) => l.reason)).toEqual(['timeout', 'timeout', 'timeout']);
    expect(await h.metrics.getSingleMetricAsString('sakimori_event_outputs_dropped_total')).toContain('sakimori_event_outputs_dropped_total{output="webhook",reason="queue_full"} 3');
  });

  it('stops within the drain timeout, counting undelivered events as dropped at shutdown', async () => {
    const h = eventsHarness();
    const r = await receiver((_n, _r, res) => {
      res.statusCode = 503;
      res.end();
    });
    servers.push(r.server);
    const outputs = createEventOutputs(eventsConfig({ webhook: { url: r.url, backoffMs: 10_000, maxBackoffMs: 10_000, retries: 10 }, drainTimeoutMs: 300 }), h);
    await outputs.start?.();
    await h.bus.publish('attack.started', { kind: 'attack.started' });
    await h.bus.publish('attack.ended', { kind: 'attack.ended' });
    await h.bus.flush();
    const t0 = performance.now();
    await outputs.stop?.();
    expect(performance.now() - t0).toBeLessThan(2000);
    const c = outputs.outputs[0]!.counters;
    expect(c.delivered + c.failed).toBe(0);
    expect(c.dropped.shutdown).toBe(2);
  });
});
