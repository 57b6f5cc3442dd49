import { describe, expect, it } from 'vitest';
import { startBanner } from './start-banner.js';

const base = { metricsUrls: ['http://127.0.0.1:9464/metrics'], flowListeners: [{ kind: 'netflow', address: '127.0.0.1', port: 2055 }], storage: 'sqlite ./data/sakimori.db' };

describe('start banner', () => {
  it('names the console and API addresses when the API runs', () => {
    const text = startBanner({ ...base, apiUrls: ['http://127.0.0.1:8080'] });
    expect(text).toContain('  console:     http://127.0.0.1:8080/\n');
    expect(text).toContain('  API:         http://127.0.0.1:8080/api/v1 (OpenAPI: http://127.0.0.1:8080/openapi.json)\n');
    expect(text).toContain('  flow export: netflow udp 127.0.0.1:2055\n');
  });

  it('says the console is off with the API disabled, instead of printing "/"', () => {
    const text = startBanner({ ...base, apiUrls: [], demoAccounts: 'analyst  analyst-demo-pass\n' });
    expect(text).toContain('  console:     off (api.enabled: false)\n');
    expect(text).toContain('  API:         off (api.enabled: false)\n');
    expect(text).not.toMatch(/console:\s+\/\s*$/m);
    expect(text).not.toContain('Sign in at /');
    expect(text).toContain('analyst  analyst-demo-pass');
  });
});
