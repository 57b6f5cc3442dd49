/**
 * The web console at `/`: files of the build served as they are (hashed assets cached for good),
 * any other page path answered with `index.html` for the console's own routing, never a file
 * outside the build directory, and API paths never swallowed by the fallback.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountService } from '../accounts/account-service.js';
import { ManualClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { createMetricsRegistry } from '../core/metrics.js';
import { validateConfig } from '../config/load.js';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/database.js';
import { createApiServer, type ApiServer } from './server.js';

describe('console files', () => {
  let dir: string;
  let server: ApiServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sakimori-web-'));
    const root = join(dir, 'dist');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Sakimori</title>');
    writeFileSync(join(root, 'assets', 'main-abc123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'outside the build');
    const config = validateConfig({ api: { webRoot: root } }).api;
    // No route here touches accounts; the service is only needed by the authentication hook.
    const accounts = new AccountService({ withTables: () => ({}) } as unknown as Kysely<Database>, {
      clock: new ManualClock(),
      audit: { append: async () => undefined, record: async () => undefined, drain: async () => undefined },
    });
    server = createApiServer(config, { clock: new ManualClock(), logger: silentLogger(), metrics: createMetricsRegistry(), accounts }, []);
    await server.app.ready();
  });
  afterAll(async () => {
    await server?.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the build, falls back to index.html for console routes, and keeps API paths and outside files out', async () => {
    const get = (url: string) => server.app.inject({ method: 'GET', url });
    const index = await get('/');
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.headers['cache-control']).toBe('no-cache');
    const asset = await get('/assets/main-abc123.js');
    expect(asset.body).toBe('console.log(1)');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get('/attacks/atk-1?tab=sources')).body).toContain('<title>Sakimori</title>');
    for (const sneaky of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) expect((await get(sneaky)).body).not.toContain('outside the build');
    const api = await get('/api/v1/no-such-thing');
    expect(api.statusCode).toBe(404);
    expect(JSON.parse(api.body)).toMatchObject({ code: 'SAKIMORI_ERR_API_NOT_FOUND' });
    expect((await get('/openapi.json')).statusCode).toBe(200);
  });
});
