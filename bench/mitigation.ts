/**
 * Benchmark of lawful countermeasures end to end, against a real gobgpd on loopback, through the
 * operations services over embedded SQLite (or `SAKIMORI_BENCH_STORAGE_URL`):
 *
 * (a) time from the commission's approving vote (the second of the quorum) — and from an
 *     emergency decision — to the FlowSpec UPDATE received by gobgpd, timestamped from the stream
 *     of `gobgp monitor global rib -a ipv4-flowspec -j`; goal p99 <= 1 s;
 * (b) one approved request with 10 000 FlowSpec rules (attack sources): time until all are in
 *     gobgpd's RIB and stored active per peer, then withdrawn, without a failed rule.
 *
 * Run: `npm run bench:mitigation` or `npx tsx bench/mitigation.ts [decisions=100] [rules=10000]`
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import Value from 'typebox/value';
import { Gobgpd, waitFor } from '../src/bgp/testing/gobgpd.js';
import { TEST_GOBGP_AS, TEST_LOCAL_AS, speakerConfig, testSpeaker } from '../src/bgp/testing/harness.js';
import { createMemoryBus } from '../src/bus/memory/memory-bus.js';
import { PLATFORM_SUBJECTS } from '../src/platform/platform.js';
import { systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { createMetricsRegistry } from '../src/core/metrics.js';
import { OperationsConfigSchema, type OperationsConfig } from '../src/operations/config.js';
import { createDefaultExecutors } from '../src/operations/executors/index.js';
import { createOperations, registryView, type Operations } from '../src/operations/operations.js';
import { MemoryAttackLookup } from '../src/operations/testing/memory-attacks.js';
import { MemoryAuditSink } from '../src/operations/testing/memory-audit.js';
import { actor, PEOPLE } from '../src/operations/testing/operations-fixture.js';
import { nodeSha256 } from '../src/oversight/audit/node-crypto.js';
import { OperatorRegistry } from '../src/registry/registry.js';
import { createStorage } from '../src/storage/storage.js';
import { summary } from './lib/latency.js';
import { PLATFORM_MIGRATIONS } from '../src/platform/platform.js';

const DECISIONS = Number(process.argv[2] ?? 100);
const RULES = Number(process.argv[3] ?? 10_000);
const VICTIM = '192.0.2.7';

/** Streams gobgpd's FlowSpec RIB changes; resolves a waiter when an announcement naming `needle` arrives. */
function monitor(gobgpd: Gobgpd): { wait: (needle: string) => Promise<number>; stop: () => void } {
  const proc = spawn('gobgp', ['-p', String(gobgpd.apiPort), 'monitor', 'global', 'rib', '-a', 'ipv4-flowspec', '-j'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const waiters = new Map<string, (t: number) => void>();
  createInterface({ input: proc.stdout }).on('line', (line) => {
    const t = performance.now();
    if (line.includes('"withdrawal":true')) return;
    for (const [needle, done] of waiters) {
      if (!line.includes(needle)) continue;
      waiters.delete(needle);
      done(t);
    }
  });
  return {
    wait: (needle) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no announcement of ${needle} from gobgp monitor within 10 s`)), 10_000);
        waiters.set(needle, (t) => {
          clearTimeout(timer);
          resolve(t);
        });
      }),
    stop: () => proc.kill(),
  };
}

const requestFor = (caseId: string, sources: string[], durationSeconds = 3600) => ({
  caseId,
  action: { mechanism: 'flowspec', match: { kind: 'sources', sources, destination: VICTIM, protocol: 6 }, treatment: { kind: 'discard' } },
  durationSeconds,
  justification: 'benchmark',
  harm: { life: 'none', body: 'none', property: 'low' },
  urgency: 'immediate',
  evidence: [{ kind: 'attack', ref: 'A1' }],
});

async function latency(ops: Operations, gobgpd: Gobgpd, caseId: string): Promise<boolean> {
  console.log(`(a) ${DECISIONS} FlowSpec requests: decision → UPDATE received by gobgpd (gobgp monitor stream)`);
  const mon = monitor(gobgpd);
  await new Promise((r) => setTimeout(r, 500)); // let the monitor subscribe
  const approval: number[] = [];
  const emergency: number[] = [];
  for (let i = 0; i < DECISIONS; i++) {
    const source = `100.64.${200 + (i >> 8)}.${i & 255}`;
    const r = await ops.requests.create(PEOPLE.officer, requestFor(caseId, [source]));
    await ops.approvals.vote(PEOPLE.memberA, r.request.id, { decision: 'approve', digest: r.request.digest });
    const seen = mon.wait(`${source}/32`);
    const t0 = performance.now();
    await ops.approvals.vote(PEOPLE.memberB, r.request.id, { decision: 'approve', digest: r.request.digest });
    approval.push((await seen) - t0);
    await ops.executions.withdraw(PEOPLE.officer, r.request.id, 'benchmark');

    const eSource = `100.65.${200 + (i >> 8)}.${i & 255}`;
    const eSeen = mon.wait(`${eSource}/32`);
    const t1 = performance.now();
    const e = await ops.emergency.create(PEOPLE.officer2, requestFor(caseId, [eSource], 1800));
    emergency.push((await eSeen) - t1);
    await ops.executions.withdraw(PEOPLE.officer2, e.request.id, 'benchmark');
  }
  mon.stop();
  const p99a = summary('second approving vote → UPDATE in gobgpd', approval);
  const p99e = summary('emergency decision → UPDATE in gobgpd', emergency);
  const ok = p99a <= 1000 && p99e <= 1000;
  console.log(`  goal p99 <= 1000 ms: ${ok ? 'met' : 'MISSED'}`);
  return ok;
}

async function bulk(ops: Operations, gobgpd: Gobgpd, caseId: string): Promise<boolean> {
  console.log(`(b) one request with ${RULES} FlowSpec rules (attack sources → victim, TCP, discard)`);
  const sources = Array.from({ length: RULES }, (_, i) => `100.${66 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`);
  const c0 = performance.now();
  const r = await ops.requests.create(PEOPLE.officer, requestFor(caseId, sources));
  console.log(`  request checked and stored (guards, digest over ${RULES} targets): ${(performance.now() - c0).toFixed(0)} ms`);
  await ops.approvals.vote(PEOPLE.memberA, r.request.id, { decision: 'approve', digest: r.request.digest });
  const t0 = performance.now();
  await ops.approvals.vote(PEOPLE.memberB, r.request.id, { decision: 'approve', digest: r.request.digest });
  const tApplied = performance.now();
  await waitFor(`${RULES} rules in gobgpd`, async () => ((await gobgpd.ribCount('ipv4-flowspec')) === RULES ? true : undefined), 180_000, 50);
  const tRib = performance.now();
  await waitFor(
    'all targets stored active',
    async () => {
      await ops.engine.flush();
      const t = (await ops.requests.get(PEOPLE.memberA, r.request.id)).targets;
      return t.length === 1 && t[0]!.state === 'active' && t[0]!.n === RULES ? true : undefined;
    },
    180_000,
    100,
  );
  const tStored = performance.now();
  console.log(`  approval → vote returned (execution stored, rules handed to the speaker): ${(tApplied - t0).toFixed(0)} ms`);
  console.log(`  approval → all ${RULES} in gobgpd's RIB: ${(tRib - t0).toFixed(0)} ms`);
  console.log(`  approval → all ${RULES} stored active for peer gobgpd: ${(tStored - t0).toFixed(0)} ms`);
  const w0 = performance.now();
  await ops.executions.withdraw(PEOPLE.officer, r.request.id, 'benchmark');
  const wDone = performance.now();
  await waitFor("gobgpd's FlowSpec RIB empty", async () => ((await gobgpd.ribCount('ipv4-flowspec')) === 0 ? true : undefined), 180_000, 50);
  const wRib = performance.now();
  const after = await ops.requests.get(PEOPLE.memberA, r.request.id);
  console.log(`  withdraw: call returned ${(wDone - w0).toFixed(0)} ms, gone from gobgpd ${(wRib - w0).toFixed(0)} ms; targets ${JSON.stringify(after.targets)}`);
  console.log(`  heap used: ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MiB`);
  return after.targets.length === 1 && after.targets[0]!.state === 'withdrawn' && after.targets[0]!.n === RULES;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sakimori-bench-mitigation-'));
  const deps = { clock: systemClock, logger: silentLogger(), metrics: createMetricsRegistry(), migrations: PLATFORM_MIGRATIONS };
  const storage = createStorage({ url: process.env.SAKIMORI_BENCH_STORAGE_URL ?? `sqlite:${join(dir, 'bench.db')}`, dataDir: dir, poolSize: 4, migrateOnStart: true }, deps);
  const gobgpd = await Gobgpd.start({ as: TEST_GOBGP_AS, routerId: '10.255.0.1', neighbors: [{ address: '127.0.0.1', peerAs: TEST_LOCAL_AS, families: ['ipv4-unicast', 'ipv4-flowspec'] }] });
  const { speaker } = testSpeaker(speakerConfig(gobgpd, [{ name: 'gobgpd', families: ['ipv4-unicast', 'ipv4-flowspec'] }]));
  let ops: Operations | undefined;
  let ok = false;
  try {
    await storage.start();
    await speaker.start();
    await waitFor('session', () => (speaker.peer('gobgpd').state === 'established' ? true : undefined), 15_000);
    const registry = new OperatorRegistry(storage.db, systemClock);
    const { organization } = await registry.registerOrganization({ name: 'Aozora Airlines', sector: 'aviation', networks: [{ prefix: '192.0.2.0/24' }] });
    const attacks = new MemoryAttackLookup();
    attacks.add({ id: 'A1', target: VICTIM, organizationId: organization.id });
    const config = Value.Default(OperationsConfigSchema, { execution: { retryDelayMs: 100 } }) as OperationsConfig;
    const view = registryView(registry);
    const executors = createDefaultExecutors(config, { clock: systemClock, dataDir: dir, speaker, attacks, registry: view });
    const bus = createMemoryBus({ catalogue: PLATFORM_SUBJECTS }, deps);
    ops = createOperations(config, { ...deps, storage, bus, audit: new MemoryAuditSink(), attacks, registry: view, executors, sha256: nodeSha256 });
    await ops.start();
    const caseId = (await ops.cases.open(actor('analyst', 'nco_analyst'), { title: 'benchmark', evidence: [{ kind: 'attack', ref: 'A1' }] })).case.id;
    console.log(`sakimori operations → BGP speaker → gobgpd 3.10 on loopback, storage ${storage.location} (node ${process.version})`);
    const a = await latency(ops, gobgpd, caseId);
    const b = await bulk(ops, gobgpd, caseId);
    ok = a && b;
  } finally {
    await ops?.stop();
    await speaker.stop();
    await gobgpd.stop();
    await storage.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  process.exitCode = ok ? 0 : 1;
}

await main();
