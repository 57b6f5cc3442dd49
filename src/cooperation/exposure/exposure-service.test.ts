import { readFileSync } from 'node:fs';
import { beforeEach, expect, it } from 'vitest';
import { asId, type OrganizationId } from '../../core/ids.js';
import { parseAddress, writeAddressAt } from '../../core/ip.js';
import { silentLogger } from '../../core/logger.js';
import { FlowBatch } from '../../flow/flow-batch.js';
import { NetworkStore } from '../../registry/network-store.js';
import { OrganizationStore } from '../../registry/organization-store.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import * as versions from '../../vulns/versions/index.js';
import { AssetStore } from '../assets/asset-store.js';
import { DEFAULT_EXPOSURE_CONFIG } from './config.js';
import { ExposureObserver } from './exposure-observer.js';
import { ExposureService } from './exposure-service.js';
import { importVulnDocument } from './vuln-import.js';
import { createVulnStore } from './vuln-store.js';

const demo = (name: string) => readFileSync(new URL(`../../../scenarios/demo-vulns/${name}`, import.meta.url), 'utf8');

function inbound(port: number, at: number): FlowBatch {
  const b = new FlowBatch(1);
  const i = b.begin();
  writeAddressAt(b.srcAddr, i, parseAddress('203.0.113.9'));
  writeAddressAt(b.dstAddr, i, parseAddress('192.0.2.1'));
  b.protocol[i] = 6;
  b.dstPort[i] = port;
  b.endMs[i] = at;
  b.commit();
  return b;
}

describeStorage(
  'exposure service',
  (ctx) => {
    let service: ExposureService;
    let observer: ExposureObserver;
    const priorities = async () => (await ctx.db.selectFrom('exposure_findings').select(['cve_id', 'priority']).orderBy('cve_id').execute()).map((r) => [r.cve_id, Number(r.priority)]);
    beforeEach(async () => {
      await ctx.reset();
      const org = await new OrganizationStore(ctx.db, ctx.clock).create({ name: 'Aozora Airlines', sector: 'aviation' });
      await new NetworkStore(ctx.db, ctx.clock).add({ organizationId: org.id, prefix: '192.0.2.0/24', name: 'DC' });
      await new AssetStore(ctx.db, { clock: ctx.clock }).create(
        asId<OrganizationId>(org.id),
        {
          vendor: 'Fortinet',
          product: 'FortiGate',
          version: '7.2.4',
          cpe: 'cpe:2.3:o:fortinet:fortios:7.2.4:*:*:*:*:*:*:*',
          role: 'vpn-gateway',
          addresses: ['192.0.2.1'],
          introducedOn: '2025-06-01',
          status: 'in-service',
        },
        { actor: { id: 'office', organizationId: null } },
      );
      const store = createVulnStore(ctx.db, { clock: ctx.clock });
      await importVulnDocument(store, ctx.clock, { kind: 'nvd', text: demo('nvd-page.json'), origin: 'nvd-page.json' });
      observer = new ExposureObserver();
      service = new ExposureService(
        { observationWindowMs: 86_400_000, sectorWeights: DEFAULT_EXPOSURE_CONFIG.sectorWeights, defaultSectorWeight: DEFAULT_EXPOSURE_CONFIG.defaultSectorWeight },
        { db: ctx.db, clock: ctx.clock, logger: silentLogger(), store, comparator: versions, observer },
      );
    });

    it('raises a finding’s priority once the flows show its asset reached from outside on its service port, and lowers it when that traffic leaves the window', async () => {
      expect((await service.rebuild()).written).toBe(2);
      const before = await priorities();
      await service.refresh();
      expect(await priorities()).toEqual(before);
      observer.consume(inbound(443, ctx.clock.now()));
      await service.refresh();
      expect(await priorities()).toEqual(before.map(([cve, p]) => [cve, Number(p) + 15]));
      await service.refresh();
      expect(await priorities()).toEqual(before.map(([cve, p]) => [cve, Number(p) + 15]));
      ctx.clock.set(ctx.clock.now() + 2 * 86_400_000);
      await service.refresh();
      expect(await priorities()).toEqual(before);
    });
  },
  { dialects: ['sqlite'] },
);
