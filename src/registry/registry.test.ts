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

  it('seeds by fixed id: a renamed and edited demo organisation is left as it is, networks intact, nothing duplicated', async () => {
    await seedDemo(registry);
    const aozora = DEMO_ORGANIZATIONS.find((o) => o.name === 'Aozora Airlines')!;
    expect((await registry.organizations.list()).map((o) => o.id).sort()).toEqual(DEMO_ORGANIZATIONS.map((o) => o.id).sort());
    expect((await registry.networks.list({ organizationId: aozora.id })).map((n) => n.id)).toEqual(aozora.networks.map((n) => n.id));
    await registry.organizations.update(aozora.id, { name: 'Aozora Air Group', contactEmail: 'cert@aozora-air.example' });
    await registry.networks.update(aozora.networks[0]!.id, { name: 'check-in only' });
    const before = { orgs: await registry.organizations.list(), networks: await registry.networks.list() };

    const again = await seedDemo(registry);
    expect(again).toEqual({ created: [], existing: DEMO_ORGANIZATIONS.map((o) => o.name) });
    expect({ orgs: await registry.organizations.list(), networks: await registry.networks.list() }).toEqual(before);
    expect((await registry.organizations.get(aozora.id))?.name).toBe('Aozora Air Group');
    expect(await registry.organizations.findByName('Aozora Airlines')).toBeUndefined();
  });

  it('re-creates a demo organisation that was removed, with its networks under their fixed ids', async () => {
    await seedDemo(registry);
    const kumo = DEMO_ORGANIZATIONS.find((o) => o.name === 'Kumo Mobile')!;
    await registry.organizations.remove(kumo.id, { withNetworks: true });
    expect(await seedDemo(registry)).toEqual({ created: ['Kumo Mobile'], existing: DEMO_ORGANIZATIONS.filter((o) => o !== kumo).map((o) => o.name) });
    expect((await registry.networks.list({ organizationId: kumo.id })).map((n) => [n.id, n.prefix])).toEqual(kumo.networks.map((n) => [n.id, n.prefix]));
  });

  it('leaves a demo organisation seeded before ids were fixed alone, even renamed, when its prefixes are registered', async () => {
    // Databases seeded by name hold the demo organisations under random ids.
    for (const o of DEMO_ORGANIZATIONS) await registry.registerOrganization({ ...o, networks: o.networks.map(({ id: _id, ...n }) => n) });
    const legacy = (await registry.organizations.findByName('Minato Bank'))!;
    await registry.organizations.update(legacy.id, { name: 'Minato Financial Group' });
    const before = { orgs: await registry.organizations.list(), networks: await registry.networks.list() };
    expect(await seedDemo(registry)).toEqual({ created: [], existing: DEMO_ORGANIZATIONS.map((o) => o.name) });
    expect({ orgs: await registry.organizations.list(), networks: await registry.networks.list() }).toEqual(before);
  });

  it('refuses, and registers nothing, when a demo prefix overlaps a network another organisation added', async () => {
    const other = await registry.registerOrganization({ name: 'Kaminari Power', sector: 'electricity', networks: [{ prefix: '192.0.2.128/25' }] });
    let caught: unknown;
    try {
      await seedDemo(registry);
    } catch (e) {
      caught = e;
    }
    expect(isSakimoriError(caught, 'SAKIMORI_ERR_REGISTRY_PREFIX_OVERLAP')).toBe(true);
    expect((await registry.organizations.list()).map((o) => o.id)).toEqual([other.organization.id]);
    expect((await registry.networks.list()).map((n) => n.prefix)).toEqual(['192.0.2.128/25']);
  });
});
