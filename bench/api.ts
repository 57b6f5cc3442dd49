/**
 * API benchmark (`npm run bench:api`): p50/p99 latency and throughput of the attack list and the
 * live-rates endpoints under 200 concurrent keep-alive clients, while the collector of the same
 * server ingests NetFlow at 50 000 datagrams/s, with 10 000 attacks in storage.
 *
 * Three processes on loopback: the platform (`lib/api-server-child.ts`, as `serve` builds it, on
 * SQLite), the flow exporter (`lib/api-sender-child.ts`, `sendPaced`), and this load generator
 * (node:http with a keep-alive agent; every client sends its next request when the previous
 * answer is complete, so latency includes queueing in the server).
 *
 * Options: --clients 200 --seconds 20 --warmup 3 --rate 50000 --attacks 10000 --records 30 (flow records per datagram)
 * --think 0 (ms each client waits between requests; 0 is a closed loop that takes every cycle the
 * server can give, so on a small machine the collector and the API compete for the same cores).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, udpDrops } from './lib/proc.js';

const arg = (name: string, def: string): number => {
  const i = process.argv.indexOf(`--${name}`);
  return Number(i > 0 ? process.argv[i + 1]! : def);
};
const CLIENTS = arg('clients', '200');
const SECONDS = arg('seconds', '20');
const WARMUP = arg('warmup', '3');
const RATE = arg('rate', '50000');
const ATTACKS = arg('attacks', '10000');
const RECORDS = arg('records', '30');
/** Pause of each client between its requests (ms); 0 = closed loop, as fast as answers come. */
const THINK = arg('think', '0');

interface Ready {
  readonly url: string;
  readonly netflowPort: number;
  readonly cookie: string;
  readonly networkIds: string[];
  readonly seedSeconds: number;
}
interface ServerStats {
  readonly datagrams: number;
  readonly records: number;
  readonly queueDrops: number;
  readonly rss: number;
}

const child = (file: string, args: string[]): ChildProcess =>
  fork(fileURLToPath(new URL(file, import.meta.url)), args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const next = <T>(c: ChildProcess, type: string): Promise<T> =>
  new Promise((resolve, reject) => {
    const on = (m: { type: string }): void => {
      if (m.type !== type) return;
      c.off('message', on);
      resolve(m as T);
    };
    c.on('message', on);
    c.once('exit', (code) => reject(new Error(`child exited with ${code} before ${type}`)));
  });

/** Latencies of one endpoint, ms. */
class Samples {
  readonly ms: number[] = [];
  errors = 0;
  bytes = 0;
  quantile(q: number): number {
    const s = [...this.ms].sort((a, b) => a - b);
    return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  }
}

async function main(): Promise<void> {
  process.stderr.write(`starting the platform and storing ${ATTACKS} attacks through the attack store…\n`);
  const server = child('./lib/api-server-child.ts', [String(ATTACKS)]);
  const ready = await next<Ready>(server, 'ready');
  process.stderr.write(`  stored in ${ready.seedSeconds.toFixed(1)} s; API ${ready.url}, NetFlow udp/${ready.netflowPort}\n`);
  const u = new URL(ready.url);
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const firstPage = await get(`/api/v1/attacks?limit=50`, true);
  const cursor = (JSON.parse(firstPage.body) as { next: string }).next;
  const endpoints = [
    { name: 'GET /attacks (first page, 50)', path: '/api/v1/attacks?limit=50' },
    { name: 'GET /attacks (next page, 50)', path: `/api/v1/attacks?limit=50&cursor=${cursor}` },
    { name: 'GET /rates (all networks, 60 s)', path: '/api/v1/rates?seconds=60' },
    { name: 'GET /rates/:id (one network, 3600 s)', path: `/api/v1/rates/${ready.networkIds[0]}?seconds=3600` },
  ];
  const samples = endpoints.map(() => new Samples());

  /** GETs `path`; keeps the body only when asked (the load loop only counts bytes, to stay light). */
  function get(path: string, keep = false): Promise<{ status: number; body: string; bytes: number }> {
    return new Promise((resolve, reject) => {
      const req = request({ host: u.hostname, port: u.port, path, agent, headers: { cookie: ready.cookie } }, (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          if (keep) chunks.push(c);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: keep ? Buffer.concat(chunks).toString() : '', bytes }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  }

  process.stderr.write(`sending NetFlow v5 at ${RATE} datagrams/s (${RECORDS} records each) and starting ${CLIENTS} clients…\n`);
  const sender = child('./lib/api-sender-child.ts', [String(ready.netflowPort), String(RATE), String(WARMUP + SECONDS + 2), String(RECORDS)]);
  const sent = next<{ sent: number; seconds: number; rate: number }>(sender, 'sent');
  await new Promise((r) => setTimeout(r, 1000));
  const warmEnd = performance.now() + WARMUP * 1000;
  const end = warmEnd + SECONDS * 1000;
  // The measured window starts after the warm-up: server CPU and collector counters from then on.
  let cpuAtStart = 0;
  let before: Promise<ServerStats> | undefined;
  let dropsAtStart = 0;
  setTimeout(() => {
    cpuAtStart = cpuSeconds(server.pid!);
    dropsAtStart = udpDrops(ready.netflowPort);
    before = statsOf();
  }, WARMUP * 1000);
  const clients = Array.from({ length: CLIENTS }, async (_, c) => {
    for (let k = c; performance.now() < end; k++) {
      const e = k % endpoints.length;
      const start = performance.now();
      try {
        const r = await get(endpoints[e]!.path);
        if (start >= warmEnd && performance.now() <= end) {
          if (r.status !== 200) samples[e]!.errors++;
          else {
            samples[e]!.ms.push(performance.now() - start);
            samples[e]!.bytes += r.bytes;
          }
        }
      } catch {
        samples[e]!.errors++;
      }
      if (THINK > 0) await new Promise((r) => setTimeout(r, THINK));
    }
  });
  await Promise.all(clients);
  const elapsed = (performance.now() - warmEnd) / 1000;
  const serverCpu = cpuSeconds(server.pid!) - cpuAtStart;
  const after = await statsOf();
  const start = await before!;
  const kernelDrops = udpDrops(ready.netflowPort) - dropsAtStart;
  const flow = await sent;
  agent.destroy();

  const rows = endpoints.map((e, i) => {
    const s = samples[i]!;
    return {
      endpoint: e.name,
      requests: s.ms.length,
      perSecond: s.ms.length / elapsed,
      p50: s.quantile(0.5),
      p99: s.quantile(0.99),
      max: s.quantile(1),
      avgKiB: s.bytes / Math.max(1, s.ms.length) / 1024,
      errors: s.errors,
    };
  });
  const total = rows.reduce((n, r) => n + r.requests, 0);
  const all = new Samples();
  for (const s of samples) all.ms.push(...s.ms);
  const ingest = {
    sentPerSecond: flow.rate,
    receivedDatagrams: after.datagrams - start.datagrams,
    records: after.records - start.records,
    queueDrops: after.queueDrops - start.queueDrops,
    kernelDrops,
  };
  const out = [
    `API under load: ${CLIENTS} keep-alive clients${THINK > 0 ? ` (each pausing ${THINK} ms between requests)` : ' (closed loop)'} for ${SECONDS} s (after ${WARMUP} s warm-up), ${ATTACKS} stored attacks, NetFlow v5 at ${RATE} datagrams/s of ${RECORDS} records`,
    '',
    `${'endpoint'.padEnd(38)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'KiB'.padStart(7)} ${'errors'.padStart(7)}`,
    ...rows.map(
      (r) =>
        `${r.endpoint.padEnd(38)} ${r.perSecond.toFixed(0).padStart(8)} ${r.p50.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${r.max.toFixed(1).padStart(8)} ${r.avgKiB.toFixed(1).padStart(7)} ${String(r.errors).padStart(7)}`,
    ),
    `${'all'.padEnd(38)} ${(total / elapsed).toFixed(0).padStart(8)} ${all.quantile(0.5).toFixed(1).padStart(8)} ${all.quantile(0.99).toFixed(1).padStart(8)}`,
    '',
    `collector during the run: sender ${ingest.sentPerSecond.toFixed(0)} datagrams/s; server received ${ingest.receivedDatagrams} datagrams (${(ingest.records / 1e6).toFixed(1)} M records), queue drops ${ingest.queueDrops}, kernel socket drops ${ingest.kernelDrops}`,
    `server process: ${(serverCpu / elapsed).toFixed(2)} CPU cores busy, RSS ${(after.rss / 2 ** 20).toFixed(0)} MiB (2 cores shared by server, sender and load generator)`,
  ].join('\n');
  process.stdout.write(`${out}\n`);
  const dir = join(process.cwd(), 'artifacts', 'bench');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'api.json'),
    JSON.stringify(
      {
        clients: CLIENTS,
        seconds: SECONDS,
        attacks: ATTACKS,
        rate: RATE,
        rows,
        total: { perSecond: total / elapsed, p50: all.quantile(0.5), p99: all.quantile(0.99) },
        ingest,
        serverCores: serverCpu / elapsed,
      },
      null,
      2,
    ),
  );

  async function statsOf(): Promise<ServerStats> {
    const p = next<ServerStats>(server, 'stats');
    server.send({ type: 'stats' });
    return p;
  }
  const exited = new Promise((r) => server.once('exit', r));
  server.send({ type: 'stop' });
  await exited;
}

await main();
