import { request } from 'node:http';
import { Counter } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../core/clock.js';
import { isSakimoriError } from '../core/errors.js';
import { silentLogger } from '../core/logger.js';
import { createMetricsRegistry } from '../core/metrics.js';
import { validateConfig } from '../config/load.js';
import { createMetricsListener, type MetricsListener } from './metrics-listener.js';
import { startApiFixture, type ApiFixture } from './testing/api-fixture.js';

function registry() {
  const metrics = createMetricsRegistry();
  new Counter({ name: 'sakimori_test_datagrams_total', help: 'datagrams', labelNames: ['exporter'], registers: [metrics] }).inc({ exporter: '192.0.2.254' }, 3);
  return metrics;
}

/** Status, content type and body of one request (node:http, so HEAD and odd methods are sent as they are). */
function send(url: string, method = 'GET'): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const r = request(url, { method }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
    });
    r.on('error', reject).end();
  });
}

describe('metrics listener', () => {
  const started: MetricsListener[] = [];
  const start = async (over: Record<string, unknown> = {}) => {
    const config = validateConfig({ api: { metrics: { listen: '127.0.0.1:0', ...over } } }).api.metrics;
    const m = createMetricsListener(config, { clock: systemClock, logger: silentLogger(), metrics: registry() });
    started.push(m);
    await m.start();
    return m;
  };
  afterEach(async () => {
    while (started.length > 0) await started.pop()!.stop();
  });

  it('listens on loopback by default, apart from the API', () => {
    const c = validateConfig({}).api;
    expect(c.metrics).toEqual({ enabled: true, listen: '127.0.0.1:9464', path: '/metrics' });
    expect(c.listen).not.toBe(c.metrics.listen);
  });

  it('answers the Prometheus text exposition at its path, and nothing else', async () => {
    const m = await start();
    expect(m.urls).toEqual([expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/)]);
    const url = m.urls[0]!;
    const got = await send(url);
    expect([got.status, got.type]).toEqual([200, 'text/plain; version=0.0.4; charset=utf-8']);
    expect(got.body).toContain('sakimori_test_datagrams_total{exporter="192.0.2.254"} 3');
    expect(await send(url, 'HEAD')).toEqual({ status: 200, type: 'text/plain; version=0.0.4; charset=utf-8', body: '' });
    expect((await send(url, 'POST')).status).toBe(405);
    expect((await send(url.replace(/\/metrics$/, '/'))).status).toBe(404);
    expect((await send(url.replace(/\/metrics$/, '/api/v1/attacks'))).status).toBe(404);
    expect((await send(`${url}/extra`)).status).toBe(404);
    // The query string is not part of the path.
    expect((await send(`${url}?name[]=x`)).status).toBe(200);
  });

  it('serves another path when configured', async () => {
    const m = await start({ path: '/internal/prometheus' });
    expect((await send(m.urls[0]!)).status).toBe(200);
    expect(m.urls[0]).toMatch(/\/internal\/prometheus$/);
    expect((await send(m.urls[0]!.replace('/internal/prometheus', '/metrics'))).status).toBe(404);
  });

  it('binds nothing when disabled', async () => {
    const m = await start({ enabled: false });
    expect(m.urls).toEqual([]);
  });

  it('refuses an address in use with a coded error naming it', async () => {
    const first = await start();
    const port = new URL(first.urls[0]!).port;
    let caught: unknown;
    try {
      await start({ listen: `127.0.0.1:${port}` });
    } catch (e) {
      caught = e;
    }
    expect(isSakimoriError(caught, 'SAKIMORI_ERR_API_METRICS_LISTEN')).toBe(true);
    expect((caught as Error).message).toContain(`127.0.0.1:${port}`);
  });

  it.each([
    [{ listen: 'everywhere' }, '/api/metrics/listen'],
    [{ listen: '' }, '/api/metrics/listen'],
    [{ path: 'metrics' }, '/api/metrics/path'],
    [{ bogus: true }, '/api/metrics'],
  ])('refuses the configuration %j, naming the key', (metrics, path) => {
    try {
      validateConfig({ api: { metrics } });
      expect.unreachable();
    } catch (e) {
      expect(isSakimoriError(e, 'SAKIMORI_ERR_CONFIG_INVALID')).toBe(true);
      expect((e as Error).message).toContain(path);
    }
  });

  it('refuses the former api.metricsPath key', () => {
    expect(() => validateConfig({ api: { metricsPath: '/metrics' } })).toThrow(/unknown key "metricsPath"/);
  });
});

describe('metrics of the platform', () => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await startApiFixture();
  });
  afterAll(async () => {
    await f?.stop();
  });

  it('are not on the API listener, signed in or not', async () => {
    for (const who of [undefined, f.users.admin]) {
      const r = await f.call(who, 'GET', '/metrics');
      expect(r.status).toBe(404);
      expect(r.text).not.toContain('sakimori_');
    }
    const api = await send(`${f.platform.api.urls[0]!}/metrics`);
    expect(api.status).toBe(404);
    expect(api.body).not.toContain('sakimori_');
  });

  it("are on their own loopback listener, with the platform's series", async () => {
    const url = f.platform.metricsListener.urls[0]!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(url).not.toBe(`${f.platform.api.urls[0]!}/metrics`);
    const got = await send(url);
    expect(got.status).toBe(200);
    expect(got.body).toMatch(/^sakimori_collector_/m);
  });
});
