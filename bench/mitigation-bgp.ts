/**
 * Benchmark of the BGP speaker against a real gobgpd on loopback.
 *
 * (a) Latency from `announce()` to the route appearing in gobgpd's RIB, timestamped from the
 *     stream of `gobgp monitor global rib -j`, over single announcements one after another;
 *     the same for withdrawals. Goal: p99 <= 1 s.
 * (b) 10 000 FlowSpec rules announced at once, verified by gobgpd's RIB count, then withdrawn.
 *
 * Run: `npx tsx bench/mitigation-bgp.ts [announcements=200] [rules=10000]`
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { DISCARD } from '../src/bgp/flowspec/actions.js';
import { numeric } from '../src/bgp/flowspec/rule.js';
import { rtbhRoute, type BgpRoute } from '../src/bgp/route.js';
import type { BgpSpeaker } from '../src/bgp/speaker.js';
import { Gobgpd, waitFor } from '../src/bgp/testing/gobgpd.js';
import { TEST_GOBGP_AS, TEST_LOCAL_AS, speakerConfig, testSpeaker } from '../src/bgp/testing/harness.js';
import { summary } from './lib/latency.js';

const ANNOUNCEMENTS = Number(process.argv[2] ?? 200);
const RULES = Number(process.argv[3] ?? 10_000);

/** Streams gobgpd's RIB changes and resolves waiters keyed by `add|prefix` or `del|prefix`. */
function monitor(gobgpd: Gobgpd): { wait: (key: string) => Promise<number>; stop: () => void } {
  const proc = spawn('gobgp', ['-p', String(gobgpd.apiPort), 'monitor', 'global', 'rib', '-a', 'ipv4', '-j'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const waiters = new Map<string, (t: number) => void>();
  createInterface({ input: proc.stdout }).on('line', (line) => {
    const t = performance.now();
    if (!line.startsWith('[')) return;
    for (const p of JSON.parse(line) as { nlri: { prefix: string }; withdrawal?: boolean }[]) {
      const key = `${p.withdrawal === true ? 'del' : 'add'}|${p.nlri.prefix}`;
      waiters.get(key)?.(t);
      waiters.delete(key);
    }
  });
  return {
    wait: (key) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${key} from gobgp monitor within 5 s`)), 5000);
        waiters.set(key, (t) => {
          clearTimeout(timer);
          resolve(t);
        });
      }),
    stop: () => proc.kill(),
  };
}

async function latency(gobgpd: Gobgpd, speaker: BgpSpeaker): Promise<boolean> {
  console.log(`(a) ${ANNOUNCEMENTS} single RTBH announcements, announce() → route in gobgpd's RIB (gobgp monitor stream)`);
  const mon = monitor(gobgpd);
  await new Promise((r) => setTimeout(r, 500)); // let the monitor subscribe
  const toActive: number[] = [];
  const toRib: number[] = [];
  const toGone: number[] = [];
  for (let i = 0; i < ANNOUNCEMENTS; i++) {
    const prefix = `10.200.${i >> 8}.${i & 255}/32`;
    const seen = mon.wait(`add|${prefix}`);
    const t0 = performance.now();
    const { key } = speaker.announce(rtbhRoute(prefix));
    await speaker.waitForRoute(key, 'active', { timeoutMs: 5000 });
    toActive.push(performance.now() - t0);
    toRib.push((await seen) - t0);
    const gone = mon.wait(`del|${prefix}`);
    const t1 = performance.now();
    speaker.withdraw(key);
    toGone.push((await gone) - t1);
  }
  mon.stop();
  summary('announce → active (written to the session)', toActive);
  const p99 = summary("announce → in gobgpd's RIB", toRib);
  summary("withdraw → gone from gobgpd's RIB", toGone);
  console.log(`  goal p99 <= 1000 ms: ${p99 <= 1000 ? 'met' : 'MISSED'}`);
  return p99 <= 1000;
}

function rule(i: number): BgpRoute {
  return {
    kind: 'flowspec',
    rule: {
      family: 'ipv4',
      components: [
        { kind: 'destination', prefix: `10.${50 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}/32` },
        { kind: 'protocol', terms: numeric.anyOf(17) },
        { kind: 'source-port', terms: numeric.anyOf(53, 123, 389, 1900, 11211) },
      ],
    },
    actions: [DISCARD],
  };
}

async function bulk(gobgpd: Gobgpd, speaker: BgpSpeaker, metricsText: () => Promise<string>): Promise<boolean> {
  console.log(`(b) ${RULES} FlowSpec rules (destination /32, UDP, 5 reflection source ports, discard)`);
  const updatesBefore = updatesSent(await metricsText());
  const t0 = performance.now();
  const keys: string[] = [];
  for (let i = 0; i < RULES; i++) keys.push(speaker.announce(rule(i)).key);
  const tQueued = performance.now();
  await waitFor('all rules active', () => (speaker.peer('gobgpd').routes.active === RULES ? true : undefined), 120_000, 10);
  const tActive = performance.now();
  await waitFor(`${RULES} rules in gobgpd`, async () => ((await gobgpd.ribCount('ipv4-flowspec')) === RULES ? true : undefined), 120_000, 50);
  const tRib = performance.now();
  const updates = updatesSent(await metricsText()) - updatesBefore;
  console.log(`  announce() × ${RULES} (validate, encode, queue): ${(tQueued - t0).toFixed(0)} ms`);
  console.log(`  all active (written to the session): ${(tActive - t0).toFixed(0)} ms in ${updates} UPDATE messages`);
  console.log(`  all ${RULES} present in gobgpd's RIB (rib summary count): ${(tRib - t0).toFixed(0)} ms`);
  const w0 = performance.now();
  for (const k of keys) speaker.withdraw(k);
  await waitFor('all rules withdrawn', () => (speaker.peer('gobgpd').routes.withdrawn === RULES ? true : undefined), 120_000, 10);
  const wWritten = performance.now();
  await waitFor("gobgpd's FlowSpec RIB empty", async () => ((await gobgpd.ribCount('ipv4-flowspec')) === 0 ? true : undefined), 120_000, 50);
  const wRib = performance.now();
  const p = speaker.peer('gobgpd');
  console.log(`  withdraw all: written ${(wWritten - w0).toFixed(0)} ms, gone from gobgpd ${(wRib - w0).toFixed(0)} ms`);
  console.log(`  failed routes: ${p.routes.failed}, session state: ${p.state}, establishments: ${p.establishments}`);
  console.log(`  heap used: ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MiB`);
  return p.routes.failed === 0 && p.establishments === 1;
}

function updatesSent(text: string): number {
  const m = /sakimori_bgp_messages_sent_total\{peer="gobgpd",type="update"\} (\d+)/.exec(text);
  return m === null ? 0 : Number(m[1]);
}

async function main(): Promise<void> {
  const gobgpd = await Gobgpd.start({
    as: TEST_GOBGP_AS,
    routerId: '10.255.0.1',
    neighbors: [{ address: '127.0.0.1', peerAs: TEST_LOCAL_AS, families: ['ipv4-unicast', 'ipv4-flowspec'] }],
  });
  const { speaker, metrics } = testSpeaker(speakerConfig(gobgpd, [{ name: 'gobgpd', families: ['ipv4-unicast', 'ipv4-flowspec'] }]));
  let ok = false;
  try {
    await speaker.start();
    await waitFor('session', () => (speaker.peer('gobgpd').state === 'established' ? true : undefined), 15_000);
    console.log(`sakimori BGP speaker → gobgpd 3.10 on loopback (node ${process.version})`);
    const a = await latency(gobgpd, speaker);
    const b = await bulk(gobgpd, speaker, () => metrics.metrics());
    ok = a && b;
  } finally {
    await speaker.stop();
    await gobgpd.stop();
  }
  process.exitCode = ok ? 0 : 1;
}

await main();
