import { beforeEach, expect, it } from 'vitest';
import { isSakimoriError } from '../core/errors.js';
import { describeStorage } from '../storage/testing/storage-suite.js';
import { OperatorRegistry } from './registry.js';
import { DEMO_ORGANIZATIONS, seedDemo } from './seed.js';

describeStorage('operator registry', (ctx) => {
  let registry: OperatorRegistry;
  beforeEach(async () => {
    await ctx.reset();
    registry = new OperatorRegistry(ctx.db, ctx.clock);
  });

  it('registers an organisation with its networks together', async () => {
    const { organization, networks } = await registry.registerOrganization({
      name: 'Kaminari Power',
      sector: 'electricity',
      networks: [{ prefix: '203.0.113.0/24' }, { prefix: '2001:db8:500::/48', thresholds: { total: { pps: 1000 } } }],
    });
    expect(networks.map((n) => [n.organizationId, n.prefix])).toEqual([
      [organization.id, '203.0.113.0/24'],
      [organization.id, '2001:db8:500::/48'],
    ]);
    expect(await registry.networks.list({ organizationId: organization.id })).toEqual(networks);
  });

  it('leaves nothing behind when one network of a registration is refused', async () => {
    await registry.registerOrganization({ name: 'Hibari Mobile', sector: 'telecommunications', networks: [{ prefix: '2001:db8:400::/48' }] });
    let caught: unknown;
    try {
      await registry.registerOrganization({
        name: 'Kohaku Bank',
        sector: 'finance',
        networks: [{ prefix: '192.0.2.128/25' }, { prefix: '2001:db8:400:1::/64' }],
      });
    } catch (e) {
      caught = e;
    }
    expect(isSakimoriError(caught, 'SAKIMORI_ERR_REGISTRY_PREFIX_OVERLAP')).toBe(true);
    expect((await registry.organizations.list()).map((o) => o.name)).toEqual(['Hibari Mobile']);
    expect((await registry.networks.list()).map((n) => n.prefix)).toEqual(['2001:db8:400::/48']);
  });

  it('rolls back everything done in a transaction that throws', async () => {
    await expect(
      registry.transaction(async (r) => {
        const org = await r.organizations.create({ name: 'Ginkgo Savings Bank', sector: 'finance' });
        await r.networks.add({ organizationId: org.id, prefix: '198.51.100.0/25' });
        await r.organizations.update(org.id, { status: 'candidate' });
        throw new Error('operator withdrew the application');
      }),
    ).rejects.toThrow('operator withdrew the application');
    expect(await registry.organizations.list()).toEqual([]);
    expect(await registry.networks.list()).toEqual([]);
  });

  it('seeds the demo set once, in documentation and benchmarking space only', async () => {
    const first = await seedDemo(registry);
    expect(first).toEqual({ created: DEMO_ORGANIZATIONS.map((o) => o.name), existing: [] });
    const second = await seedDemo(registry);
    expect(second).toEqual({ created: [], existing: DEMO_ORGANIZATIONS.map((o) => o.name) });
    const orgs = await registry.organizations.list();
    expect(orgs.map((o) => [o.name, o.sector])).toEqual([
      ['Aozora Airlines', 'aviation'],
      ['Hikari Power', 'electricity'],
      ['Kumo Mobile', 'telecommunications'],
      ['Minato Bank', 'finance'],
      ['Sakura Trust Bank', 'finance'],
    ]);
    const prefixes = (await registry.networks.list()).map((n) => n.prefix);
    expect(prefixes).toHaveLength(10);
    expect(prefixes).toContain('198.18.0.0/22');
    for (const p of prefixes) expect(p).toMatch(/^(192\.0\.2\.|198\.51\.100\.|203\.0\.113\.|198\.18\.0\.0\/22$|198\.19\.0\.0\/24$|2001:db8:)/);
  });
});
