import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrCreatePersonalDataKey, loadOrCreateSigningKey } from './key-files.js';

describe('audit key files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sakimori-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates keys with mode 0600 on first start and loads the same keys afterwards', async () => {
    const signer = await loadOrCreateSigningKey(join(dir, 'signing.key'), 'cyber.example/audit');
    expect(statSync(join(dir, 'signing.key')).mode & 0o777).toBe(0o600);
    expect((await loadOrCreateSigningKey(join(dir, 'signing.key'), 'cyber.example/audit')).verifierKey).toBe(signer.verifierKey);
    const personal = await loadOrCreatePersonalDataKey(join(dir, 'personal.key'));
    expect(personal.id).toMatch(/^[0-9a-f]{8}$/);
    expect(await loadOrCreatePersonalDataKey(join(dir, 'personal.key'))).toEqual(personal);
  });

  it('refuses keys other users can read, keys of another log, and malformed keys', async () => {
    const path = join(dir, 'open.key');
    writeFileSync(path, readFileSync(join(dir, 'signing.key')), { mode: 0o644 });
    chmodSync(path, 0o644);
    await expect(loadOrCreateSigningKey(path, 'cyber.example/audit')).rejects.toThrow(/readable by other users \(mode 644\); run chmod 600/);
    await expect(loadOrCreateSigningKey(join(dir, 'signing.key'), 'other.example/audit')).rejects.toThrow(/holds a key named cyber\.example\/audit, but the log origin is other\.example\/audit/);
    writeFileSync(join(dir, 'bad.key'), 'xyz\n', { mode: 0o600 });
    await expect(loadOrCreatePersonalDataKey(join(dir, 'bad.key'))).rejects.toThrow(/must hold 64 hex digits/);
  });
});
