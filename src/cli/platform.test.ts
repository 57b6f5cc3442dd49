/**
 * The platform as `serve` builds it, started and stopped again over the same database: the demo
 * set seeds once and then recognises its organisations by id, whatever an administrator changed.
 */
import { expect, it } from 'vitest';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { createMetricsRegistry } from '../core/metrics.js';
import { loadConfig } from '../config/load.js';
import { OperatorRegistry } from '../registry/registry.js';
import { describeStorage } from '../storage/testing/storage-suite.js';
import { buildPlatform, demoOverrides, type Platform } from './platform.js';

describeStorage('serve --demo', (ctx) => {
  const startDemo = (): Promise<Platform> => {
    const config = loadConfig({
      env: {},
      overrides: {
        ...demoOverrides(),
        dataDir: ctx.options.dataDir,
        storage: { url: ctx.options.url },
        log: { level: 'silent' },
        api: { listen: '127.0.0.1:0', metrics: { listen: '127.0.0.1:0' }, webRoot: ctx.options.dataDir },
        collector: { netflow: { listen: ['127.0.0.1:0'] }, sflow: { listen: ['127.0.0.1:0'] }, trafficLogSeconds: 0 },
      },
    });
    return buildPlatform(config, { clock: systemClock, logger: silentLogger(), metrics: createMetricsRegistry() }, { demo: true });
  };
  const snapshot = async (p: Platform) => {
    const registry = new OperatorRegistry(p.storage.db, systemClock);
    return { orgs: await registry.organizations.list(), networks: await registry.networks.list() };
  };

  it('starts again after a demo organisation was renamed and edited, with its networks intact and nothing duplicated', async () => {
    let p = await startDemo();
    try {
      const registry = new OperatorRegistry(p.storage.db, systemClock);
      const aozora = (await registry.organizations.findByName('Aozora Airlines'))!;
      await registry.organizations.update(aozora.id, { name: 'Aozora Air Group', contactPhone: '+81 3 0000 0000' });
      const [v4] = await registry.networks.list({ organizationId: aozora.id });
      await registry.networks.update(v4!.id, { description: 'check-in only' });
    } finally {
      await p.life.stop();
    }
    p = await startDemo();
    const second = await snapshot(p).finally(() => p.life.stop());
    expect(second.orgs.map((o) => o.name).sort()).toEqual(['Aozora Air Group', 'Hikari Power', 'Kumo Mobile', 'Minato Bank', 'Sakura Trust Bank']);
    expect(second.networks).toHaveLength(10);
    const renamed = second.orgs.find((o) => o.name === 'Aozora Air Group')!;
    expect(second.networks.filter((n) => n.organizationId === renamed.id).map((n) => [n.prefix, n.description])).toEqual([
      ['192.0.2.0/24', 'check-in only'],
      ['2001:db8:100::/48', null],
    ]);
    // A third start changes nothing either.
    p = await startDemo();
    expect(await snapshot(p).finally(() => p.life.stop())).toEqual(second);
  }, 60_000);
});
