import { beforeEach, expect, it } from 'vitest';
import { isSakimoriError } from '../core/errors.js';
import { describeStorage } from '../storage/testing/storage-suite.js';
import { NetworkStore } from './network-store.js';
import { OrganizationStore } from './organization-store.js';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return isSakimoriError(e) ? e.code : `not coded: ${String(e)}`;
  }
}

describeStorage('organization store', (ctx) => {
  let orgs: OrganizationStore;
  beforeEach(async () => {
    await ctx.reset();
    orgs = new OrganizationStore(ctx.db, ctx.clock);
  });

  it('registers an organisation, designated by default, and reads it back', async () => {
    const t = ctx.clock.now();
    const org = await orgs.create({ name: '  Kohaku Bank ', sector: 'finance', contactEmail: 'soc@kohaku-bank.example' });
    expect(org).toEqual({
      id: org.id,
      name: 'Kohaku Bank',
      sector: 'finance',
      status: 'designated',
      contactName: null,
      contactEmail: 'soc@kohaku-bank.example',
      contactPhone: null,
      createdAt: t,
      updatedAt: t,
    });
    expect(await orgs.get(org.id)).toEqual(org);
    expect(await orgs.resolve('Kohaku Bank')).toEqual(org);
    expect(await orgs.resolve(org.id)).toEqual(org);
  });

  it('lists by name and filters by sector and status', async () => {
    await orgs.create({ name: 'Shirasagi Airlines', sector: 'aviation' });
    await orgs.create({ name: 'Ginkgo Savings Bank', sector: 'finance', status: 'candidate' });
    await orgs.create({ name: 'Kohaku Bank', sector: 'finance' });
    expect((await orgs.list()).map((o) => o.name)).toEqual(['Ginkgo Savings Bank', 'Kohaku Bank', 'Shirasagi Airlines']);
    expect((await orgs.list({ sector: 'finance' })).map((o) => o.name)).toEqual(['Ginkgo Savings Bank', 'Kohaku Bank']);
    expect((await orgs.list({ status: 'candidate' })).map((o) => o.name)).toEqual(['Ginkgo Savings Bank']);
  });

  it('refuses bad input with coded errors and stores nothing', async () => {
    expect(await codeOf(orgs.create({ name: '', sector: 'finance' }))).toBe('SAKIMORI_ERR_REGISTRY_INVALID_NAME');
    expect(await codeOf(orgs.create({ name: 'X', sector: 'banking' }))).toBe('SAKIMORI_ERR_REGISTRY_INVALID_SECTOR');
    expect(await codeOf(orgs.create({ name: 'X', sector: 'finance', status: 'maybe' }))).toBe('SAKIMORI_ERR_REGISTRY_INVALID_STATUS');
    expect(await codeOf(orgs.create({ name: 'X', sector: 'finance', contactEmail: 'nobody' }))).toBe('SAKIMORI_ERR_REGISTRY_INVALID_CONTACT');
    expect(await codeOf(orgs.create({ name: 'X', sector: 'finance', contactPhone: 'ring ring' }))).toBe('SAKIMORI_ERR_REGISTRY_INVALID_CONTACT');
    expect(await orgs.list()).toEqual([]);
  });

  it('refuses a second organisation with the same name', async () => {
    await orgs.create({ name: 'Kohaku Bank', sector: 'finance' });
    expect(await codeOf(orgs.create({ name: 'Kohaku Bank', sector: 'credit-cards' }))).toBe('SAKIMORI_ERR_REGISTRY_DUPLICATE_ORGANIZATION');
    expect(await orgs.list()).toHaveLength(1);
  });

  it('says which organisation is missing', async () => {
    await expect(orgs.resolve('Nobody Inc')).rejects.toThrow('no organization "Nobody Inc"');
    expect(await codeOf(orgs.update('nope', { status: 'revoked' }))).toBe('SAKIMORI_ERR_REGISTRY_ORGANIZATION_NOT_FOUND');
    expect(await codeOf(orgs.remove('nope'))).toBe('SAKIMORI_ERR_REGISTRY_ORGANIZATION_NOT_FOUND');
  });

  it('updates given fields only, clears contacts with null, and stamps updatedAt', async () => {
    const org = await orgs.create({ name: 'Kaminari Power', sector: 'electricity', contactName: 'Duty SOC', contactPhone: '+81 3 0000 0000' });
    ctx.clock.advance(5000);
    const changed = await orgs.update(org.id, { status: 'revoked', contactPhone: null });
    expect(changed).toEqual({ ...org, status: 'revoked', contactPhone: null, updatedAt: org.createdAt + 5000 });
    await orgs.create({ name: 'Hibari Mobile', sector: 'telecommunications' });
    expect(await codeOf(orgs.update(org.id, { name: 'Hibari Mobile' }))).toBe('SAKIMORI_ERR_REGISTRY_DUPLICATE_ORGANIZATION');
    expect(await codeOf(orgs.update(org.id, { sector: 'nuclear' }))).toBe('SAKIMORI_ERR_REGISTRY_INVALID_SECTOR');
    expect(await orgs.get(org.id)).toEqual(changed);
  });

  it('removes an organisation with networks only when asked to, and then atomically', async () => {
    const nets = new NetworkStore(ctx.db, ctx.clock);
    const org = await orgs.create({ name: 'Hibari Mobile', sector: 'telecommunications' });
    await nets.add({ organizationId: org.id, prefix: '198.18.0.0/22' });
    await nets.add({ organizationId: org.id, prefix: '2001:db8:400::/48' });
    await expect(orgs.remove(org.id)).rejects.toThrow('organization "Hibari Mobile" still has 2 protected network(s)');
    expect(await nets.list()).toHaveLength(2);
    await orgs.remove(org.id, { withNetworks: true });
    expect(await orgs.list()).toEqual([]);
    expect(await nets.list()).toEqual([]);
  });
});
