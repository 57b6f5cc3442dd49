import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../core/errors.js';
import { loadConfig, validateConfig } from './load.js';

describe('configuration', () => {
  it('fills every default from the schema and freezes the result', () => {
    const c = validateConfig({});
    expect(c.dataDir).toBe('./data');
    expect(c.collector.netflow.listen).toEqual(['127.0.0.1:2055', '[::1]:2055']);
    expect(c.collector.templates.maxPerExporter).toBe(1024);
    expect(Object.isFrozen(c.collector.templates)).toBe(true);
  });

  it('reads YAML and lets environment variables override it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sakimori-cfg-'));
    const file = join(dir, 'c.yaml');
    writeFileSync(file, 'dataDir: /var/lib/x\ncollector:\n  batchFlushMs: 50\n');
    const c = loadConfig({
      file,
      env: { SAKIMORI_COLLECTOR__BATCH_FLUSH_MS: '20', SAKIMORI_COLLECTOR__SFLOW__LISTEN: '127.0.0.1:0,[::1]:0', SAKIMORI_LOG__LEVEL: 'warn' },
    });
    expect(c.dataDir).toBe('/var/lib/x');
    expect(c.collector.batchFlushMs).toBe(20);
    expect(c.collector.sflow.listen).toEqual(['127.0.0.1:0', '[::1]:0']);
    expect(c.log.level).toBe('warn');
  });

  it.each([
    [{ collector: { batchFlushMs: 0 } }, '/collector/batchFlushMs'],
    [{ collector: { netflow: { listen: ['nonsense'] } } }, '/collector/netflow/listen/0'],
    [{ collector: { bogus: 1 } }, '/collector'],
    [{ nope: true }, '/'],
    [{ log: { level: 'loud' } }, '/log/level'],
  ])('names the bad key of %j', (raw, path) => {
    try {
      validateConfig(raw);
      expect.unreachable();
    } catch (e) {
      expect(isSakimoriError(e, 'SAKIMORI_ERR_CONFIG_INVALID')).toBe(true);
      expect((e as Error).message).toContain(path);
    }
  });

  it('names an unknown key in the file and an unknown environment variable', () => {
    expect(() => validateConfig({ collector: { bogus: 1 } })).toThrow(/unknown key "bogus"/);
    expect(() => loadConfig({ env: { SAKIMORI_COLLECTOR__NOPE: '1' } })).toThrow(/SAKIMORI_COLLECTOR__NOPE.*collector\.nope/);
    expect(() => loadConfig({ env: { SAKIMORI_COLLECTOR__BATCH_FLUSH_MS: 'fast' } })).toThrow(/expected a number/);
  });
});
