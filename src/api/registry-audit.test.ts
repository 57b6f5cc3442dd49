/**
 * Registry changes over HTTP and their `config.change` audit entries commit together: when the entry
 * cannot be recorded, the organisation or network is not changed either, and the caller is told.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiFixture, type ApiFixture } from './testing/api-fixture.js';

describe('registry changes and their audit entries', () => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await startApiFixture();
  });
  afterAll(() => f.stop());

  it('records every change in the audit log, and makes none whose entry cannot be recorded', async () => {
    const created = await f.call(f.users.admin, 'POST', '/api/v1/organizations', { name: 'Kaze Gas', sector: 'gas' });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    const net = await f.call(f.users.admin, 'POST', '/api/v1/networks', { organizationId: id, prefix: '198.18.100.0/24' });
    expect(net.status).toBe(201);

    const log = f.platform.audit;
    const record = log.record.bind(log);
    log.record = () => Promise.reject(new Error('the audit outbox refuses writes'));
    try {
      expect((await f.call(f.users.admin, 'PATCH', `/api/v1/organizations/${id}`, { name: 'Kaze Gas Renamed' })).status).toBe(500);
      expect((await f.call(f.users.admin, 'POST', '/api/v1/organizations', { name: 'Ghost Utility', sector: 'water' })).status).toBe(500);
      expect((await f.call(f.users.admin, 'DELETE', `/api/v1/networks/${(net.body as { id: string }).id}`)).status).toBe(500);
    } finally {
      log.record = record;
    }
    const orgs = await f.platform.storage.db.selectFrom('organizations').select('name').execute();
    expect(orgs.map((o) => o.name)).toContain('Kaze Gas');
    expect(orgs.map((o) => o.name)).not.toContain('Kaze Gas Renamed');
    expect(orgs.map((o) => o.name)).not.toContain('Ghost Utility');
    expect((await f.platform.storage.db.selectFrom('protected_networks').select('prefix').execute()).map((n) => n.prefix)).toContain('198.18.100.0/24');
  });
});
