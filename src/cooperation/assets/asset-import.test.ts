import { readFileSync } from 'node:fs';
import { beforeAll, beforeEach, expect, it } from 'vitest';
import { isSakimoriError, type SakimoriError } from '../../core/errors.js';
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

const testdata = (name: string) => readFileSync(new URL(`testdata/${name}`, import.meta.url));
const NOW = Date.UTC(2026, 0, 10, 3); // 2026-01-10 12:00 in Tokyo
const HEADER = 'vendor,product,version,cpe,purl,role,site,network,addresses,introduced_on,status';

describeStorage('asset imports', (ctx) => {
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

  it('imports the sample CSV: every row an asset, with its history row', async () => {
    expect(await store.importCsv(f.kaminari.id, testdata('assets.csv'), { actor: operator })).toEqual({ created: 3, updated: 0, unchanged: 0, repeats: 0 });
    const assets = await store.listByOrganization(f.kaminari.id);
    expect(assets.map((a) => [a.vendor, a.product, a.version, a.cpe, a.role, a.site, a.networkId, a.addresses, a.introducedOn, a.status])).toEqual([
      [
        'Fortinet',
        'FortiGate 60F',
        '7.0.12',
        'cpe:2.3:o:fortinet:fortios:7.0.12:*:*:*:*:*:*:*',
        'vpn-gateway',
        'Tokyo DC, hall 2',
        f.kaminariNetwork.id,
        ['198.51.100.10', '198.51.100.11'],
        '2025-04-01',
        'in-service',
      ],
      ['Siemens', 'SIMATIC S7-1500', 'V3.1', null, 'ot-controller', 'Substation 7 (Kawasaki)', null, ['192.0.2.50', '192.0.2.51'], '2025-06-15', 'in-service'],
      ['Yokogawa "CENTUM"', 'CENTUM VP', 'R6.11', null, 'ot-supervisory', 'Plant A', null, [], null, 'planned'],
    ]);
    const { history } = await store.get(assets[0]!.id);
    expect(history).toMatchObject([{ revision: 1, cause: 'csv-import', changedBy: 'user:kaminari-soc', before: null }]);
    expect(await registerRowCounts(ctx.db)).toEqual({ assets: 3, history: 3 });
  });

  it('re-imports a CSV without duplicating, updates the rows that changed, and keeps notifications', async () => {
    await store.importCsv(f.kaminari.id, testdata('assets.csv'), { actor: operator });
    expect(await store.importCsv(f.kaminari.id, testdata('assets.csv'), { actor: operator })).toEqual({ created: 0, updated: 0, unchanged: 3, repeats: 0 });
    expect(await registerRowCounts(ctx.db)).toEqual({ assets: 3, history: 3 });
    const [fortigate] = await store.listByOrganization(f.kaminari.id, { limit: 1 });
    await store.recordNotification(fortigate!.id, NOW, { actor: operator });
    ctx.clock.advance(1000);
    const edited = testdata('assets.csv').toString('utf8').replace('198.51.100.10; 198.51.100.11', '198.51.100.12').replace('Yokogawa ""CENTUM""', 'YOKOGAWA ""centum""');
    expect(await store.importCsv(f.kaminari.id, edited, { actor: operator })).toEqual({ created: 0, updated: 2, unchanged: 1, repeats: 0 });
    const { asset, history } = await store.get(fortigate!.id);
    expect(asset).toMatchObject({ addresses: ['198.51.100.12'], notifiedAt: NOW, revision: 3 });
    expect(history.at(-1)).toMatchObject({ revision: 3, cause: 'csv-import', before: { addresses: ['198.51.100.10', '198.51.100.11'] }, after: { addresses: ['198.51.100.12'] } });
    expect(await registerRowCounts(ctx.db)).toEqual({ assets: 3, history: 6 });
  });

  it('refuses a whole CSV for its bad rows, naming every row and column, and writes nothing', async () => {
    const csv = [
      HEADER,
      'Fortinet,FortiGate 60F,7.0.12,,,vpn-gateway,Tokyo DC,,,2025-04-01,in-service',
      'Cisco,ASA,9.16,cpe:2.3:o:cisco,,firewall,Tokyo DC,,,2025-04-01,in-service',
      'Siemens,S7-1500,V3.1,,,ot-controller,Substation 7,10.0.0.0/8,192.0.2.1/24,2025-04-01,in-service',
      'Juniper,MX204,22.4,,,core-router,Osaka,,,2026-02-01,in-service',
      'Fortinet,fortigate 60f,7.0.12,,,vpn-gateway,tokyo dc,,,2025-04-01,in-service',
    ].join('\r\n');
    const e = await refusal(store.importCsv(f.kaminari.id, csv, { actor: operator }));
    expect(e.code).toBe('SAKIMORI_ERR_ASSET_INVALID');
    expect(e.message).toMatch(
      /^invalid asset at row 3, column cpe: "cpe:2\.3:o:cisco": .* \(and 4 more problems: row 4, column network; row 4, column addresses; row 5, column introduced_on; row 6\)$/,
    );
    expect(e.details?.problems).toEqual([
      { where: 'row 3, column cpe', code: 'SAKIMORI_ERR_ASSET_INVALID', message: expect.stringContaining('too few components') },
      { where: 'row 4, column network', code: 'SAKIMORI_ERR_ASSET_INVALID', message: '"10.0.0.0/8" is neither the id nor the prefix of a protected network of this organization' },
      { where: 'row 4, column addresses', code: 'SAKIMORI_ERR_ASSET_INVALID', message: '"192.0.2.1/24" is not an IP address or a prefix without host bits' },
      { where: 'row 5, column introduced_on', code: 'SAKIMORI_ERR_ASSET_DATE', message: '2026-02-01 is after today (2026-01-10)' },
      { where: 'row 6', code: 'SAKIMORI_ERR_ASSET_INVALID', message: 'describes the same asset (Fortinet fortigate 60f 7.0.12 at tokyo dc) as row 2' },
    ]);
    expect(await registerRowCounts(ctx.db)).toEqual({ assets: 0, history: 0 });
  });

  it('reports a CSV whose only problem is a date with the date code', async () => {
    const e = await refusal(store.importCsv(f.kaminari.id, `product,introduced_on\r\nX,2025-01-01\r\nY,2027-01-01\r\n`, { actor: operator }));
    expect(e).toMatchObject({ code: 'SAKIMORI_ERR_ASSET_DATE', message: 'introduction date refused at row 3, column introduced_on: 2027-01-01 is after today (2026-01-10)' });
  });

  it('leaves the register as it was when a CSV import fails inside a larger transaction', async () => {
    await store.importCsv(f.kaminari.id, testdata('assets.csv'), { actor: operator });
    await expect(
      ctx.db.transaction().execute(async (trx) => {
        const inside = new AssetStore(trx, { clock: ctx.clock });
        await inside.importCsv(f.kaminari.id, `product,introduced_on\r\nNew one,2025-01-01\r\n`, { actor: operator });
        await inside.importCsv(f.kaminari.id, `product,introduced_on\r\nBroken,someday\r\n`, { actor: operator });
      }),
    ).rejects.toThrow(/row 2, column introduced_on/);
    expect(await registerRowCounts(ctx.db)).toEqual({ assets: 3, history: 3 });
  });

  it('refuses malformed CSV and CSV over the row limit, writing nothing', async () => {
    expect((await refusal(store.importCsv(f.kaminari.id, 'product,site\r\n"X,Plant A\r\n', { actor: operator }))).code).toBe('SAKIMORI_ERR_ASSET_CSV_INVALID');
    const small = new AssetStore(ctx.db, { clock: ctx.clock }, { ...(await import('./config.js')).DEFAULT_ASSETS_CONFIG, csvMaxRows: 2 });
    expect((await refusal(small.importCsv(f.kaminari.id, 'product,status\r\nA,planned\r\nB,planned\r\nC,planned\r\n', { actor: operator }))).code).toBe('SAKIMORI_ERR_ASSET_CSV_TOO_LARGE');
    expect(await registerRowCounts(ctx.db)).toEqual({ assets: 0, history: 0 });
  });

  it('imports every CycloneDX component, nested ones included, once, and a second import adds nothing', async () => {
    const options = { introducedOn: '2025-11-20', role: 'vpn-gateway', site: 'Substation 7', network: '198.51.100.0/24' };
    expect(await store.importCycloneDx(f.kaminari.id, testdata('substation-gateway.cdx.json'), { actor: operator, options })).toEqual({ created: 6, updated: 0, unchanged: 0, repeats: 1 });
    const assets = await store.listByOrganization(f.kaminari.id);
    expect(assets.map((a) => [a.vendor, a.product, a.version, a.cpe, a.purl])).toEqual([
      ['Fortinet', 'FortiOS', '7.0.12', 'cpe:2.3:o:fortinet:fortios:7.0.12:*:*:*:*:*:*:*', null],
      ['OpenSSL Software Foundation', 'openssl', '1.1.1w', 'cpe:2.3:a:openssl:openssl:1.1.1w:*:*:*:*:*:*:*', 'pkg:generic/openssl@1.1.1w'],
      [null, 'busybox', '1.36.1', null, 'pkg:generic/busybox@1.36.1'],
      ['Siemens', 'SIMATIC WinCC', '8.0', 'cpe:2.3:a:siemens:simatic_wincc:8.0:*:*:*:*:*:*:*', null],
      ['org.apache.logging.log4j', 'log4j-core', '2.17.1', null, 'pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1'],
      ['Canonical', 'Ubuntu', '22.04', 'cpe:2.3:o:canonical:ubuntu_linux:22.04:*:*:*:lts:*:*:*', null],
    ]);
    expect(new Set(assets.map((a) => `${a.role}|${a.site}|${a.networkId}|${a.introducedOn}|${a.status}`))).toEqual(new Set([`vpn-gateway|Substation 7|${f.kaminariNetwork.id}|2025-11-20|in-service`]));
    expect((await store.get(assets[0]!.id)).history).toMatchObject([{ cause: 'sbom-import', revision: 1 }]);
    // The same SBOM again, later and with another date: nothing new, nothing changed.
    ctx.clock.advance(86_400_000);
    expect(await store.importCycloneDx(f.kaminari.id, testdata('substation-gateway.cdx.json'), { actor: operator, options: { ...options, introducedOn: '2026-01-11' } })).toEqual({
      created: 0,
      updated: 0,
      unchanged: 6,
      repeats: 1,
    });
    expect(await registerRowCounts(ctx.db)).toEqual({ assets: 6, history: 6 });
    // At another site the same components are other assets.
    expect((await store.importCycloneDx(f.kaminari.id, testdata('substation-gateway.cdx.json'), { actor: operator, options: { ...options, site: 'Substation 8' } })).created).toBe(6);
  });

  it('defaults SBOM components to role other, and requires an introduction date unless planned', async () => {
    const e = await refusal(store.importCycloneDx(f.kaminari.id, testdata('substation-gateway.cdx.json'), { actor: operator }));
    expect(e).toMatchObject({ code: 'SAKIMORI_ERR_ASSET_INVALID', message: expect.stringMatching(/^invalid asset at component "fortios" \(components\[0\]\), import option introducedOn: required/) });
    expect((await store.importCycloneDx(f.kaminari.id, testdata('substation-gateway.cdx.json'), { actor: operator, options: { status: 'planned' } })).created).toBe(6);
    expect((await store.counts()).byRole.other).toBe(6);
  });

  it('refuses SPDX and a CycloneDX SBOM with one bad component, naming it, and writes nothing', async () => {
    expect((await refusal(store.importCycloneDx(f.kaminari.id, testdata('spdx-2.3.json'), { actor: operator, options: { introducedOn: '2025-11-20' } }))).code).toBe('SAKIMORI_ERR_SBOM_INVALID');
    const doc = JSON.parse(testdata('substation-gateway.cdx.json').toString('utf8'));
    doc.components[2].components[0].purl = 'pkg:generic';
    const e = await refusal(store.importCycloneDx(f.kaminari.id, JSON.stringify(doc), { actor: operator, options: { introducedOn: '2025-11-20' } }));
    expect(e).toMatchObject({
      code: 'SAKIMORI_ERR_ASSET_INVALID',
      message: expect.stringMatching(/^invalid asset at component "openssl-again" \(components\[2\]\.components\[0\]\), purl: "pkg:generic": /),
    });
    expect(await registerRowCounts(ctx.db)).toEqual({ assets: 0, history: 0 });
  });
});
