/**
 * The server side of `npm run bench:api`, in its own process: the whole platform as `serve` builds
 * it (temporary SQLite, loopback port 0 listeners), the demo organisations, one analyst account
 * signed in, and `--attacks` attacks stored through the attack store. Reports its URL, collector
 * port and session cookie over IPC, then its collector counters on request.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedAttack } from '../../src/api/testing/seed.js';
import { buildPlatform } from '../../src/cli/platform.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { createMetricsRegistry } from '../../src/core/metrics.js';
import { loadConfig } from '../../src/config/load.js';
import { formatAddress, formatPrefix } from '../../src/core/ip.js';
import { seedDemo } from '../../src/registry/seed.js';

const ATTACKS = Number(process.argv[2] ?? '10000');
const dataDir = mkdtempSync(join(tmpdir(), 'sakimori-bench-api-'));
const config = loadConfig({
  env: {},
  overrides: {
    dataDir,
    log: { level: 'silent' },
    api: { listen: '127.0.0.1:0', metrics: { listen: '127.0.0.1:0' } },
    collector: { netflow: { listen: ['127.0.0.1:0'] }, sflow: { listen: ['127.0.0.1:0'] }, trafficLogSeconds: 0 },
  },
});
const platform = await buildPlatform(config, { clock: systemClock, logger: silentLogger(), metrics: createMetricsRegistry() });
await seedDemo(platform.registry);
const networks = await platform.registry.networks.listForDetection();
platform.detector.setNetworks(networks);
await platform.api.accounts.createUser('cli', { username: 'bench', password: 'bench-password-1', roles: ['nco_analyst'] });
const session = await platform.api.accounts.signIn('bench', 'bench-password-1', '127.0.0.1');

// Attacks spread over the last 30 days, each with a handful of sources, as detection stores them.
const t0 = performance.now();
const now = Date.now();
for (let i = 0; i < ATTACKS; i++) {
  const n = networks[i % networks.length]!;
  const startedAt = now - 30 * 86_400_000 + Math.floor((i / ATTACKS) * 30 * 86_400_000);
  const w = n.prefix.words;
  const target = formatAddress(w[0], w[1], w[2], (w[3] + (i % 200) + 10) >>> 0);
  const sources = Array.from({ length: 8 }, (_, k) => `100.${64 + (i % 32)}.${(i >> 5) & 255}.${k + 1}`);
  await seedAttack(platform.attacks, {
    id: `bench-${String(i).padStart(6, '0')}`,
    organizationId: n.organizationId,
    networkId: n.id,
    networkPrefix: formatPrefix(n.prefix),
    target,
    startedAt,
    endedAt: startedAt + 300_000,
    sources,
  });
}
const seedSeconds = (performance.now() - t0) / 1000;

const stats = () => {
  let datagrams = 0;
  let records = 0;
  let drops = 0;
  for (const s of platform.collector.exporters.all()) {
    datagrams += s.counters.datagrams;
    records += s.counters.records;
    drops += s.queueDrops;
  }
  return { datagrams, records, queueDrops: drops + platform.collector.queueDrops, rss: process.memoryUsage().rss };
};

process.on('message', (m: { type: string }) => {
  if (m.type === 'stats') process.send!({ type: 'stats', ...stats() });
  if (m.type === 'stop') {
    void platform.life.stop().then(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  }
});
const netflow = platform.collector.listeners.find((l) => l.kind === 'netflow' && l.address === '127.0.0.1')!;
process.send!({
  type: 'ready',
  url: platform.api.urls[0],
  netflowPort: netflow.port,
  cookie: `sakimori_session=${session.token}`,
  networkIds: networks.map((n) => n.id),
  seedSeconds,
});
