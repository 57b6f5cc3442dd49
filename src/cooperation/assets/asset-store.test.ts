import { beforeAll, beforeEach, expect, it } from 'vitest';
import { isSakimoriError, type SakimoriError } from '../../core/errors.js';
import { NetworkStore } from '../../registry/network-store.js';
import { OrganizationStore } from '../../registry/organization-store.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import type { AssetActor } from './asset.js';
import { AssetStore } from './asset-store.js';
import { ensureAssetTables, type RegisterFixture, registerRowCounts, seedRegister } from './testing/asset-tables.js';

async function refusal(p: Promise<unknown>): Promise<SakimoriError> {
  try {
    await p;
  } catch (e) {
    if (isSakimoriError(e)) return e;
    throw e;
  }
  throw new Error('not refused');
}

const office: AssetActor = { id: 'office:analyst-3', organizationId: null };
const NOW = Date.UTC(2026, 0, 10, 3); // 2026-01-10 12:00 in Tokyo

const gateway = {
  vendor: 'Fortinet',
  product: 'FortiGate 60F',
  version: '7.0.12',
  cpe: 'cpe:/o:fortinet:fortios:7.0.12',
  role: 'vpn-gateway',
  site: 'Tokyo DC',
  network: '198.51.100.0/24',
  addresses: ['198.51.100.10'],
  introducedOn: '2025-04-01',
};

describeStorage('asset store', (ctx) => {
  let f: RegisterFixture;
  let store: AssetStore;
  let operator: AssetActor;
  beforeAll(() => ensureAssetTables(ctx.db));
  beforeEach(async () => {
    await ctx.reset();
    ctx.clock.set(NOW);
    f = await seedRegister(ctx.db, ctx.clock);
    store = new AssetStore(ctx.db, { clock: ctx.clock });
    operator = { id: 'user:kaminari-soc', organizationId: f.kaminari.id };
  });

  it('registers an asset with normalised fields and a first revision in its history', async () => {
    const asset = await store.create(f.kaminari.id, gateway, { actor: operator });
    expect(asset).toEqual({
      id: asset.id,
      organizationId: f.kaminari.id,
      vendor: 'Fortinet',
      product: 'FortiGate 60F',
      version: '7.0.12',
      cpe: 'cpe:2.3:o:fortinet:fortios:7.0.12:*:*:*:*:*:*:*',
      purl: null,
      role: 'vpn-gateway',
      site: 'Tokyo DC',
      networkId: f.kaminariNetwork.id,
      addresses: ['198.51.100.10'],
      introducedOn: '2025-04-01',
      status: 'in-service',
      notifiedAt: null,
      revision: 1,
      createdAt: NOW,
      updatedAt: NOW,
    });
    const { asset: read, history } = await store.get(asset.id);
    expect(read).toEqual(asset);
    expect(history).toEqual([
      {
        assetId: asset.id,
        revision: 1,
        changedAt: NOW,
        changedBy: 'user:kaminari-soc',
        cause: 'create',
        before: null,
        after: {
          vendor: 'Fortinet',
          product: 'FortiGate 60F',
          version: '7.0.12',
          cpe: 'cpe:2.3:o:fortinet:fortios:7.0.12:*:*:*:*:*:*:*',
          purl: null,
          role: 'vpn-gateway',
          site: 'Tokyo DC',
          networkId: f.kaminariNetwork.id,
          addresses: ['198.51.100.10'],
          introducedOn: '2025-04-01',
          status: 'in-service',
          notifiedAt: null,
        },
      },
    ]);
  });

  it('writes one history row per change with the changed fields before and after, and none for a change that changes nothing', async () => {
    const asset = await store.create(f.kaminari.id, gateway, { actor: operator });
    ctx.clock.advance(60_000);
    const moved = await store.update(asset.id, { site: 'Osaka DC', network: null, addresses: '198.51.100.10 198.51.100.11' }, { actor: operator, expectedRevision: 1 });
    expect(moved).toMatchObject({ site: 'Osaka DC', networkId: null, addresses: ['198.51.100.10', '198.51.100.11'], revision: 2, updatedAt: NOW + 60_000, createdAt: NOW });
    expect(await store.update(asset.id, { site: ' Osaka DC ', role: 'vpn-gateway' }, { actor: office })).toEqual(moved);
    ctx.clock.advance(60_000);
    const notified = await store.recordNotification(asset.id, NOW + 30_000, { actor: office });
    expect(notified).toMatchObject({ notifiedAt: NOW + 30_000, revision: 3, site: 'Osaka DC' });
    ctx.clock.advance(60_000);
    const retired = await store.update(asset.id, { status: 'retired' }, { actor: operator });
    expect(retired).toMatchObject({ status: 'retired', notifiedAt: NOW + 30_000, revision: 4 });
    const { history } = await store.get(asset.id);
    expect(history.map((h) => [h.revision, h.cause, h.changedBy, h.changedAt, h.before, h.after])).toEqual([
      [1, 'create', 'user:kaminari-soc', NOW, null, expect.any(Object)],
      [
        2,
        'update',
        'user:kaminari-soc',
        NOW + 60_000,
        { site: 'Tokyo DC', networkId: f.kaminariNetwork.id, addresses: ['198.51.100.10'] },
        { site: 'Osaka DC', networkId: null, addresses: ['198.51.100.10', '198.51.100.11'] },
      ],
      [3, 'notify', 'office:analyst-3', NOW + 120_000, { notifiedAt: null }, { notifiedAt: NOW + 30_000 }],
      [4, 'update', 'user:kaminari-soc', NOW + 180_000, { status: 'in-service' }, { status: 'retired' }],
    ]);
  });

  it('refuses bad fields naming the field, and bad dates with the date code, storing nothing', async () => {
    expect(await refusal(store.create(f.kaminari.id, { ...gateway, cpe: 'FortiOS 7' }, { actor: operator }))).toMatchObject({
      code: 'SAKIMORI_ERR_ASSET_INVALID',
      message: expect.stringMatching(/^invalid asset at field cpe: "FortiOS 7": malformed CPE name/),
    });
    expect((await refusal(store.create(f.kaminari.id, { ...gateway, role: 'router' }, { actor: operator }))).message).toBe(
      'invalid asset at field role: "router" is not one of ot-controller, ot-supervisory, vpn-gateway, firewall, core-router, network-switch, directory-service, server, workstation, other',
    );
    expect(await refusal(store.create(f.kaminari.id, { ...gateway, introducedOn: '2026-01-11' }, { actor: operator }))).toMatchObject({
      code: 'SAKIMORI_ERR_ASSET_DATE',
      message: 'introduction date refused at field introducedOn: 2026-01-11 is after today (2026-01-10)',
    });
    const founded = Date.UTC(2016, 3, 1);
    expect(await refusal(store.create(f.kaminari.id, { ...gateway, introducedOn: '2016-03-31' }, { actor: operator, organizationSince: founded }))).toMatchObject({
      code: 'SAKIMORI_ERR_ASSET_DATE',
      message: 'introduction date refused at field introducedOn: 2016-03-31 is before the organization existed (2016-04-01)',
    });
    expect(await refusal(store.create(f.kaminari.id, { ...gateway, network: f.kohakuNetwork.id }, { actor: operator }))).toMatchObject({
      code: 'SAKIMORI_ERR_ASSET_INVALID',
      message: expect.stringMatching(/^invalid asset at field network: ".*" is neither the id nor the prefix of a protected network of this organization$/),
    });
    expect((await refusal(store.create(f.kaminari.id, { product: 'X', cpe: 'nope', addresses: 'x', introducedOn: '2030-01-01' }, { actor: operator }))).details?.problems).toEqual([
      { where: 'field cpe', code: 'SAKIMORI_ERR_ASSET_INVALID', message: expect.any(String) },
      { where: 'field addresses', code: 'SAKIMORI_ERR_ASSET_INVALID', message: '"x" is not an IP address or a prefix without host bits' },
      { where: 'field introducedOn', code: 'SAKIMORI_ERR_ASSET_DATE', message: '2030-01-01 is after today (2026-01-10)' },
    ]);
    expect((await refusal(store.create('01JH00000000000000000NOORG' as typeof f.kaminari.id, gateway, { actor: office }))).code).toBe('SAKIMORI_ERR_REGISTRY_ORGANIZATION_NOT_FOUND');
    expect(await registerRowCounts(ctx.db)).toEqual({ assets: 0, history: 0 });
  });

  it('keeps each operator to its own organisation’s assets', async () => {
    const asset = await store.create(f.kaminari.id, gateway, { actor: operator });
    const bank: AssetActor = { id: 'user:kohaku-soc', organizationId: f.kohaku.id };
    expect(await refusal(store.create(f.kaminari.id, gateway, { actor: bank }))).toMatchObject({
      code: 'SAKIMORI_ERR_ASSET_WRONG_ORGANIZATION',
      statusCode: 403,
      message: `the asset is of organization ${f.kaminari.id}; the caller acts for organization ${f.kohaku.id}`,
    });
    expect((await refusal(store.update(asset.id, { site: 'elsewhere' }, { actor: bank }))).code).toBe('SAKIMORI_ERR_ASSET_WRONG_ORGANIZATION');
    expect((await refusal(store.recordNotification(asset.id, NOW, { actor: bank }))).code).toBe('SAKIMORI_ERR_ASSET_WRONG_ORGANIZATION');
    expect((await refusal(store.get(asset.id, bank))).code).toBe('SAKIMORI_ERR_ASSET_WRONG_ORGANIZATION');
    expect((await refusal(store.importCsv(f.kaminari.id, 'product,introduced_on\r\nX,2025-01-01\r\n', { actor: bank }))).code).toBe('SAKIMORI_ERR_ASSET_WRONG_ORGANIZATION');
    expect((await store.get(asset.id, operator)).asset.revision).toBe(1);
    expect(await registerRowCounts(ctx.db)).toEqual({ assets: 1, history: 1 });
  });

  it('refuses an unknown asset, a second asset with one identity, and a stale revision', async () => {
    expect(await refusal(store.get('01JH0000000000000000000000'))).toMatchObject({ code: 'SAKIMORI_ERR_ASSET_NOT_FOUND', statusCode: 404 });
    expect((await refusal(store.update('nope', { site: 'x' }, { actor: office }))).code).toBe('SAKIMORI_ERR_ASSET_NOT_FOUND');
    const asset = await store.create(f.kaminari.id, gateway, { actor: operator });
    // The identity is the product (here its CPE) at a site: the CPE as a 2.3 string is the same product.
    const again = await refusal(store.create(f.kaminari.id, { ...gateway, cpe: 'cpe:2.3:o:fortinet:fortios:7.0.12:*:*:*:*:*:*:*', site: 'tokyo  dc' }, { actor: operator }));
    expect(again).toMatchObject({ code: 'SAKIMORI_ERR_ASSET_DUPLICATE', statusCode: 409 });
    expect(again.message).toBe(`the organization already registers this asset (cpe cpe:2.3:o:fortinet:fortios:7.0.12:*:*:*:*:*:*:* at tokyo  dc) as ${asset.id}`);
    const osaka = await store.create(f.kaminari.id, { ...gateway, site: 'Osaka DC' }, { actor: operator });
    expect((await refusal(store.update(osaka.id, { site: 'Tokyo DC' }, { actor: operator }))).code).toBe('SAKIMORI_ERR_ASSET_DUPLICATE');
    // The same product for another organisation is that organisation's own asset.
    await store.create(f.kohaku.id, { ...gateway, network: null }, { actor: office });
    expect(await refusal(store.update(asset.id, { site: 'Nagoya' }, { actor: operator, expectedRevision: 2 }))).toMatchObject({ code: 'SAKIMORI_ERR_ASSET_CONFLICT', statusCode: 409 });
    expect(await registerRowCounts(ctx.db)).toEqual({ assets: 3, history: 3 });
  });

  it('checks dates again only when a change sets the date or the status', async () => {
    const asset = await store.create(f.kaminari.id, gateway, { actor: operator });
    const since = Date.UTC(2025, 5, 1);
    // A site change does not re-judge the old date against a later organisationSince.
    expect((await store.update(asset.id, { site: 'Osaka DC' }, { actor: operator, organizationSince: since })).site).toBe('Osaka DC');
    expect((await refusal(store.update(asset.id, { introducedOn: '2025-05-01' }, { actor: operator, organizationSince: since }))).code).toBe('SAKIMORI_ERR_ASSET_DATE');
    expect((await refusal(store.update(asset.id, { status: 'planned' }, { actor: operator }))).message).toMatch(/field introducedOn: a planned asset has no introduction date/);
    expect((await store.update(asset.id, { status: 'planned', introducedOn: null }, { actor: operator })).introducedOn).toBeNull();
  });

  it('refuses a notification time in the future', async () => {
    const asset = await store.create(f.kaminari.id, gateway, { actor: operator });
    expect(await refusal(store.recordNotification(asset.id, NOW + 1, { actor: office }))).toMatchObject({
      code: 'SAKIMORI_ERR_ASSET_INVALID',
      message: expect.stringMatching(/^invalid asset at field notifiedAt: /),
    });
    expect((await store.get(asset.id)).history).toHaveLength(1);
  });

  it('keeps an asset when its protected network is removed, without the network', async () => {
    const asset = await store.create(f.kaminari.id, gateway, { actor: operator });
    await new NetworkStore(ctx.db, ctx.clock).remove(f.kaminariNetwork.id);
    expect((await store.get(asset.id)).asset).toMatchObject({ networkId: null, site: 'Tokyo DC' });
  });

  it('lists by organisation and by sector in pages, and counts', async () => {
    const ids: string[] = [];
    for (let k = 0; k < 5; k++)
      ids.push(
        (await store.create(f.kaminari.id, { ...gateway, site: `Substation ${k}`, status: k === 4 ? 'planned' : 'in-service', introducedOn: k === 4 ? null : '2025-04-01' }, { actor: operator })).id,
      );
    const bankAsset = await store.create(f.kohaku.id, { product: 'Core banking', role: 'server', introducedOn: '2024-10-01' }, { actor: office });
    await store.recordNotification(ids[0]!, NOW, { actor: office });
    const first = await store.listByOrganization(f.kaminari.id, { limit: 2 });
    expect(first.map((a) => a.id)).toEqual(ids.slice(0, 2));
    const second = await store.listByOrganization(f.kaminari.id, { limit: 2, after: first[1]!.id });
    expect(second.map((a) => a.id)).toEqual(ids.slice(2, 4));
    expect((await store.listByOrganization(f.kaminari.id, { status: 'planned' })).map((a) => a.id)).toEqual([ids[4]]);
    expect((await store.listBySector('finance')).map((a) => a.id)).toEqual([bankAsset.id]);
    expect(await store.listBySector('water')).toEqual([]);
    expect(await store.counts({ organizationId: f.kaminari.id })).toEqual({
      total: 5,
      byStatus: { planned: 1, 'in-service': 4, retired: 0 },
      byRole: { 'ot-controller': 0, 'ot-supervisory': 0, 'vpn-gateway': 5, firewall: 0, 'core-router': 0, 'network-switch': 0, 'directory-service': 0, server: 0, workstation: 0, other: 0 },
      withoutNotification: 3,
    });
    expect((await store.counts()).total).toBe(6);
    expect((await store.counts({ sector: 'finance' })).byRole.server).toBe(1);
    const water = await seedWaterUtility();
    expect(await store.countsByOrganization()).toEqual([
      { organizationId: f.kaminari.id, name: 'Kaminari Power', sector: 'electricity', total: 5, inService: 4, withoutNotification: 3 },
      { organizationId: f.kohaku.id, name: 'Kohaku Bank', sector: 'finance', total: 1, inService: 1, withoutNotification: 1 },
      { organizationId: water, name: 'Seiryu Water', sector: 'water', total: 0, inService: 0, withoutNotification: 0 },
    ]);
    expect((await store.countsByOrganization({ sector: 'finance' })).map((c) => c.name)).toEqual(['Kohaku Bank']);
  });

  it('gives the facts a notification deadline is computed from, for introduced assets only', async () => {
    const a = await store.create(f.kaminari.id, gateway, { actor: operator });
    await store.create(f.kaminari.id, { ...gateway, site: 'Plant B', status: 'planned', introducedOn: null }, { actor: operator });
    const b = await store.create(f.kohaku.id, { product: 'Core banking', introducedOn: '2024-10-01' }, { actor: office });
    await store.recordNotification(b.id, NOW - 1000, { actor: office });
    expect(await store.notificationFacts()).toEqual([
      { assetId: a.id, organizationId: f.kaminari.id, sector: 'electricity', organizationCreatedAt: NOW, status: 'in-service', introducedOn: '2025-04-01', notifiedAt: null },
      { assetId: b.id, organizationId: f.kohaku.id, sector: 'finance', organizationCreatedAt: NOW, status: 'in-service', introducedOn: '2024-10-01', notifiedAt: NOW - 1000 },
    ]);
    expect((await store.notificationFacts({ withoutNotification: true })).map((x) => x.assetId)).toEqual([a.id]);
    expect((await store.notificationFacts({ sector: 'finance' })).map((x) => x.assetId)).toEqual([b.id]);
    expect((await store.notificationFacts({ limit: 1, after: a.id })).map((x) => x.assetId)).toEqual([b.id]);
  });

  async function seedWaterUtility(): Promise<string> {
    return (await new OrganizationStore(ctx.db, ctx.clock).create({ name: 'Seiryu Water', sector: 'water' })).id;
  }
});
