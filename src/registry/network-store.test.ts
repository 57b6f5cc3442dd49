import { beforeEach, expect, it } from 'vitest';
import { isSakimoriError } from '../core/errors.js';
import { parsePrefix } from '../core/ip.js';
import { describeStorage } from '../storage/testing/storage-suite.js';
import { NetworkStore } from './network-store.js';
import { OrganizationStore, type Organization } from './organization-store.js';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return isSakimoriError(e) ? e.code : `not coded: ${String(e)}`;
  }
}

describeStorage('network store', (ctx) => {
  let nets: NetworkStore;
  let bank: Organization;
  let carrier: Organization;
  beforeEach(async () => {
    await ctx.reset();
    const orgs = new OrganizationStore(ctx.db, ctx.clock);
    nets = new NetworkStore(ctx.db, ctx.clock);
    bank = await orgs.create({ name: 'Kohaku Bank', sector: 'finance' });
    carrier = await orgs.create({ name: 'Hibari Mobile', sector: 'telecommunications' });
  });

  it('stores IPv4 and IPv6 prefixes in canonical form with their family', async () => {
    const t = ctx.clock.now();
    const v4 = await nets.add({ organizationId: bank.id, prefix: '192.0.2.128/25', name: 'online banking' });
    const v6 = await nets.add({ organizationId: bank.id, prefix: '2001:0DB8:0200:0000::/48', description: 'front ends\nTokyo' });
    expect(v4).toEqual({ id: v4.id, organizationId: bank.id, prefix: '192.0.2.128/25', family: 4, name: 'online banking', description: null, thresholds: null, createdAt: t, updatedAt: t });
    expect(v6).toMatchObject({ prefix: '2001:db8:200::/48', family: 6, description: 'front ends\nTokyo' });
    expect(await nets.get(v6.id)).toEqual(v6);
    expect((await nets.list({ organizationId: bank.id })).map((n) => n.prefix)).toEqual(['192.0.2.128/25', '2001:db8:200::/48']);
  });

  it('finds a network by its exact prefix, written in any form, and under a fixed id when one was given', async () => {
    const v6 = await nets.add({ organizationId: bank.id, prefix: '2001:db8:200::/48' }, { id: 'demo-kohaku-v6' });
    expect(v6.id).toBe('demo-kohaku-v6');
    expect(await nets.findByPrefix('2001:0DB8:0200::/48')).toEqual(v6);
    expect(await nets.findByPrefix('2001:db8:200::/56')).toBeUndefined();
    expect(await nets.findByPrefix('2001:db8::/32')).toBeUndefined();
    expect(await codeOf(nets.findByPrefix('2001:db8:200::1/48'))).toBe('SAKIMORI_ERR_REGISTRY_INVALID_PREFIX');
  });

  it('refuses prefixes with host bits and names the reason', async () => {
    await expect(nets.add({ organizationId: bank.id, prefix: '192.0.2.1/24' })).rejects.toThrow('invalid prefix "192.0.2.1/24": host bits set');
    expect(await codeOf(nets.add({ organizationId: bank.id, prefix: '2001:db8::1/32' }))).toBe('SAKIMORI_ERR_REGISTRY_INVALID_PREFIX');
    expect(await nets.list()).toEqual([]);
  });

  it('refuses a prefix overlapping another organisation’s, in either direction and in IPv6', async () => {
    await nets.add({ organizationId: carrier.id, prefix: '198.18.0.0/22' });
    await nets.add({ organizationId: carrier.id, prefix: '2001:db8:400::/48' });
    await expect(nets.add({ organizationId: bank.id, prefix: '198.18.2.0/24' })).rejects.toThrow('prefix 198.18.2.0/24 overlaps 198.18.0.0/22 registered by organization "Hibari Mobile"');
    expect(await codeOf(nets.add({ organizationId: bank.id, prefix: '198.16.0.0/14' }))).toBe('SAKIMORI_ERR_REGISTRY_PREFIX_OVERLAP');
    expect(await codeOf(nets.add({ organizationId: bank.id, prefix: '198.18.0.0/22' }))).toBe('SAKIMORI_ERR_REGISTRY_PREFIX_OVERLAP');
    expect(await codeOf(nets.add({ organizationId: bank.id, prefix: '2001:db8:400:ff00::/56' }))).toBe('SAKIMORI_ERR_REGISTRY_PREFIX_OVERLAP');
    expect(await codeOf(nets.add({ organizationId: bank.id, prefix: '2001:db8::/32' }))).toBe('SAKIMORI_ERR_REGISTRY_PREFIX_OVERLAP');
    expect((await nets.list({ organizationId: bank.id })).length).toBe(0);
  });

  it('accepts adjacent prefixes of different organisations and nested ones of the same', async () => {
    await nets.add({ organizationId: carrier.id, prefix: '198.51.100.128/25' });
    await nets.add({ organizationId: bank.id, prefix: '198.51.100.0/25' });
    await nets.add({ organizationId: carrier.id, prefix: '198.18.0.0/22' });
    await nets.add({ organizationId: carrier.id, prefix: '198.18.1.0/24', thresholds: { udp: { pps: 50_000 } } });
    // Hex ranges mix digits and letters here: 2001:db8:9:: sorts before 2001:db8:a:: in every collation.
    await nets.add({ organizationId: carrier.id, prefix: '2001:db8:9::/48' });
    await nets.add({ organizationId: bank.id, prefix: '2001:db8:a::/48' });
    expect(await codeOf(nets.add({ organizationId: bank.id, prefix: '2001:db8:8::/45' }))).toBe('SAKIMORI_ERR_REGISTRY_PREFIX_OVERLAP');
    expect(await codeOf(nets.add({ organizationId: carrier.id, prefix: '198.18.1.0/24' }))).toBe('SAKIMORI_ERR_REGISTRY_DUPLICATE_NETWORK');
    expect((await nets.list()).map((n) => n.prefix)).toEqual(['198.18.0.0/22', '198.18.1.0/24', '198.51.100.0/25', '198.51.100.128/25', '2001:db8:9::/48', '2001:db8:a::/48']);
  });

  it('lets exactly one of two concurrent overlapping claims win', async () => {
    const results = await Promise.allSettled([
      nets.add({ organizationId: bank.id, prefix: '203.0.113.0/24' }),
      nets.add({ organizationId: carrier.id, prefix: '203.0.113.128/25' }),
      nets.add({ organizationId: bank.id, prefix: '2001:db8:500::/48' }),
      nets.add({ organizationId: carrier.id, prefix: '2001:db8:500::/40' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason as { code?: string }).code);
    expect(refused).toEqual(['SAKIMORI_ERR_REGISTRY_PREFIX_OVERLAP', 'SAKIMORI_ERR_REGISTRY_PREFIX_OVERLAP']);
    expect(await nets.list()).toHaveLength(2);
  });

  it('refuses networks for an unknown organisation', async () => {
    expect(await codeOf(nets.add({ organizationId: 'nope', prefix: '192.0.2.0/24' }))).toBe('SAKIMORI_ERR_REGISTRY_ORGANIZATION_NOT_FOUND');
  });

  it('validates, stores, changes and clears per-network thresholds', async () => {
    expect(await codeOf(nets.add({ organizationId: bank.id, prefix: '192.0.2.0/24', thresholds: '{"udp":{"pps":-1}}' }))).toBe('SAKIMORI_ERR_REGISTRY_INVALID_THRESHOLDS');
    const n = await nets.add({ organizationId: bank.id, prefix: '192.0.2.0/24', thresholds: '{"total":{"bps":1000000000},"tcp_syn":{"pps":20000}}' });
    expect(n.thresholds).toEqual({ total: { bps: 1_000_000_000 }, tcp_syn: { pps: 20_000 } });
    ctx.clock.advance(1000);
    const changed = await nets.update(n.id, { thresholds: { gre: { pps: 100 } }, name: 'HQ' });
    expect(changed).toEqual({ ...n, name: 'HQ', thresholds: { gre: { pps: 100 } }, updatedAt: n.createdAt + 1000 });
    expect(await codeOf(nets.update(n.id, { thresholds: { gre: { bits: 1 } } }))).toBe('SAKIMORI_ERR_REGISTRY_INVALID_THRESHOLDS');
    expect((await nets.update(n.id, { thresholds: null })).thresholds).toBeNull();
    expect(await codeOf(nets.update('nope', { name: 'x' }))).toBe('SAKIMORI_ERR_REGISTRY_NETWORK_NOT_FOUND');
  });

  it('lists every network for detection with its organisation and parsed prefix', async () => {
    await nets.add({ organizationId: carrier.id, prefix: '2001:db8:400::/48' });
    const v4 = await nets.add({ organizationId: bank.id, prefix: '192.0.2.0/25', thresholds: { icmp: { pps: 1000 } } });
    const all = await nets.listForDetection();
    expect(all).toEqual([
      { id: v4.id, organizationId: bank.id, organizationName: 'Kohaku Bank', sector: 'finance', prefix: parsePrefix('192.0.2.0/25'), thresholds: { icmp: { pps: 1000 } } },
      { id: all[1]!.id, organizationId: carrier.id, organizationName: 'Hibari Mobile', sector: 'telecommunications', prefix: parsePrefix('2001:db8:400::/48'), thresholds: null },
    ]);
  });

  it('removes a network', async () => {
    const n = await nets.add({ organizationId: bank.id, prefix: '192.0.2.0/24' });
    await nets.remove(n.id);
    expect(await nets.get(n.id)).toBeUndefined();
    expect(await codeOf(nets.remove(n.id))).toBe('SAKIMORI_ERR_REGISTRY_NETWORK_NOT_FOUND');
  });
});
