/**
 * Ingest benchmark (`npm run bench:ingest`): decoded-and-counted records per CPU-second for
 * NetFlow v5, v9, IPFIX and sFlow on a replay — Sakimori's collector process side by side with
 * nfcapd and FastNetMon 1.2.4 (where installed) receiving the same datagrams over loopback, CPU
 * seconds read from /proc for each receiver — then the highest loss-free datagram rate of one
 * collector process, and (with --memory-minutes) memory over a long replay.
 *
 * Options: --rate <dgrams/s> (default 40000) for the comparison; --rates 50000,100000,150000 for
 * the loss search; --memory-minutes <n> (default 0: skip); --replay <pcap> to use your own capture;
 * --only inprocess,compare,loss,memory to run some parts; --receive thread,main for the loss search's
 * receive modes (collector.receiveThread on and off).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureDatagrams } from '../src/flow/capture/capture-datagrams.js';
import { FLOW_FORMAT_NAMES, FlowFormat } from '../src/flow/flow-batch.js';
import { validateConfig } from '../src/config/load.js';
import { buildCollector } from '../src/cli/context.js';
import { ManualClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { createMetricsRegistry } from '../src/core/metrics.js';
import { createSimulation, PcapFileSink, runSimulation, parseScenario } from '../src/simulator/index.js';
import { DestinationCounts } from './lib/destination-counts.js';
import { startCollectorProcess } from './lib/collector-process.js';
import { installed, startFastNetMon, startNfcapd, type Peer } from './lib/peers.js';
import { cpuSeconds, rssBytes, udpDrops } from './lib/proc.js';
import { sendPaced } from './lib/udp-sender.js';

const arg = (name: string, def: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : def;
};
const RATE = Number(arg('rate', '40000'));
const LOSS_RATES = arg('rates', '50000,100000,150000').split(',').map(Number);
/** Receive modes for the loss search: thread (collector.receiveThread, the default) and/or main. */
const THREAD_MODES = arg('receive', 'thread,main')
  .split(',')
  .map((m) => m === 'thread');
const MEMORY_MINUTES = Number(arg('memory-minutes', '0'));
/** Parts to run: any of inprocess,compare,loss,memory (memory also needs --memory-minutes). */
const ONLY = new Set(arg('only', 'inprocess,compare,loss,memory').split(','));
const OUT = join(process.cwd(), 'artifacts', 'bench');
mkdirSync(OUT, { recursive: true });

const SCENARIO = `
name: ingest-bench
start: 2026-01-15T20:00:00+09:00
duration: 30
seed: 11
thresholds: { hostPps: 20000 }
exporters:
  - { name: v5, format: netflow-v5, address: 10.255.0.5, activeTimeout: 10, inactiveTimeout: 2 }
  - { name: v9, format: netflow-v9, address: 10.255.0.9, activeTimeout: 10, inactiveTimeout: 2 }
  - { name: ipfix, format: ipfix, address: 10.255.0.10, activeTimeout: 10, inactiveTimeout: 2 }
  - { name: sflow, format: sflow, address: 10.255.0.6, samplingRate: 64 }
background: { pps: 200000 }
attacks:
  - { kind: botnet, start: 2, duration: 26, target: 192.0.2.10, rate: 400000, sources: 50000 }
`;

async function replayFile(): Promise<string> {
  const given = arg('replay', '');
  if (given !== '') return given;
  const file = join(OUT, 'ingest-replay.pcap');
  if (!existsSync(file)) {
    process.stderr.write('generating the replay with the simulator (once; cached in artifacts/bench)…\n');
    const sim = createSimulation(parseScenario(SCENARIO, 'ingest-bench'), {});
    const sink = new PcapFileSink(file, sim.exporters);
    await runSimulation(sim, { sinks: [sink], speed: 'fast' });
  }
  return file;
}

/** Datagrams by format, told apart by their version field. */
function splitByFormat(bytes: Uint8Array): Map<FlowFormat, Uint8Array[]> {
  const m = new Map<FlowFormat, Uint8Array[]>();
  for (const d of captureDatagrams(bytes)) {
    const p = d.payload;
    const v16 = (p[0]! << 8) | p[1]!;
    const f = v16 === 5 ? FlowFormat.NetflowV5 : v16 === 9 ? FlowFormat.NetflowV9 : v16 === 10 ? FlowFormat.Ipfix : v16 === 0 && p[3] === 5 ? FlowFormat.Sflow : undefined;
    if (f === undefined) continue;
    let list = m.get(f);
    if (list === undefined) m.set(f, (list = []));
    list.push(Uint8Array.from(p));
  }
  return m;
}

/** Part A: the collector pipeline in this process, decode + per-destination count, CPU time of this process. */
function inProcess(datagrams: Uint8Array[]): { records: number; cpu: number } {
  const clock = new ManualClock();
  const collector = buildCollector({ ...validateConfig({}).collector, enabled: false }, { clock, logger: silentLogger(), metrics: createMetricsRegistry() });
  const counts = new DestinationCounts(1 << 20);
  collector.addConsumer({ name: 'count', consume: (b) => counts.addBatch(b) });
  // Warm up the JIT on a first pass, then measure a second.
  for (const d of datagrams) collector.ingest('auto', d, '10.255.0.1', clock.now());
  collector.flush();
  const before = collector.exporters.all().reduce((n, s) => n + s.counters.records, 0);
  const c0 = process.cpuUsage();
  for (const d of datagrams) collector.ingest('auto', d, '10.255.0.1', clock.now());
  collector.flush();
  const c = process.cpuUsage(c0);
  const after = collector.exporters.all().reduce((n, s) => n + s.counters.records, 0);
  return { records: after - before, cpu: (c.user + c.system) / 1e6 };
}

const fmtM = (n: number): string => `${(n / 1e6).toFixed(2)} M`;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let nextPort = 41000 + Math.floor(Math.random() * 2000);
const port = (): number => nextPort++;

interface Row {
  format: string;
  receiver: string;
  records: number;
  cpu: number;
  drops: number;
  sent: number;
}

async function measure(receiver: 'sakimori' | 'nfcapd' | 'fastnetmon', format: FlowFormat, datagrams: Uint8Array[]): Promise<Row> {
  const nf = port();
  const sf = port();
  const target = format === FlowFormat.Sflow ? sf : nf;
  let records: () => Promise<number>;
  let pid: number;
  let stop: () => Promise<unknown>;
  if (receiver === 'sakimori') {
    const c = await startCollectorProcess(nf, sf);
    pid = c.pid;
    records = async () => (await c.stats()).records;
    stop = () => c.stop();
  } else {
    const p: Peer =
      receiver === 'nfcapd'
        ? await startNfcapd(nf)
        : await startFastNetMon({
            netflowPort: nf,
            sflowPort: sf,
            prometheusPort: port(),
            networks: ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '198.18.0.0/22', '198.19.0.0/24', '2001:db8::/32'],
          });
    pid = p.pid;
    records = () => p.records();
    stop = () => p.stop();
    if (receiver === 'nfcapd') {
      // nfcapd reports its flow count only when it exits.
      const cpu0 = cpuSeconds(pid);
      const drops0 = udpDrops(target);
      const s = await sendPaced(datagrams, target, RATE);
      await sleep(1500);
      const cpu = cpuSeconds(pid) - cpu0;
      const drops = udpDrops(target) - drops0;
      await p.stop();
      return { format: FLOW_FORMAT_NAMES[format], receiver, records: await p.records(), cpu, drops, sent: s.sent };
    }
  }
  const cpu0 = cpuSeconds(pid);
  const drops0 = udpDrops(target);
  const r0 = await records();
  const s = await sendPaced(datagrams, target, RATE);
  // Wait until the receiver has worked through everything.
  let last = -1;
  for (let i = 0; i < 50; i++) {
    await sleep(200);
    const n = await records();
    if (n === last) break;
    last = n;
  }
  const cpu = cpuSeconds(pid) - cpu0;
  const drops = udpDrops(target) - drops0;
  const n = (await records()) - r0;
  await stop();
  return { format: FLOW_FORMAT_NAMES[format], receiver, records: n, cpu, drops, sent: s.sent };
}

async function lossSearch(datagrams: Uint8Array[]): Promise<void> {
  process.stdout.write(
    `\nLoss-free rate of one collector process (NetFlow v9 datagrams, ${(datagrams.reduce((n, d) => n + d.length, 0) / datagrams.length).toFixed(0)} bytes average, 5 s per rate)\n`,
  );
  let rmemMax = '?';
  try {
    rmemMax = readFileSync('/proc/sys/net/core/rmem_max', 'utf8').trim();
  } catch {
    /* not Linux */
  }
  process.stdout.write(`(net.core.rmem_max = ${rmemMax}; the collector asks for collector.receiveBufferBytes = 32 MiB; after a 2 s warm-up at 20 k/s)\n`);
  process.stdout.write('receive on      offered dgrams/s  achieved  received  kernel drops  queue drops  loss      collector CPU  sender CPU\n');
  for (const thread of THREAD_MODES)
    for (const rate of LOSS_RATES) {
      const nf = port();
      const c = await startCollectorProcess(nf, port(), thread);
      // Warm up (JIT, templates, buffers) before measuring.
      await sendPaced(datagrams, nf, 20_000, 40_000);
      await sleep(500);
      const w = await c.stats();
      const d0 = udpDrops(nf);
      const cpu0 = cpuSeconds(c.pid);
      const own0 = process.cpuUsage();
      const s = await sendPaced(datagrams, nf, rate, rate * 5);
      const cpu = (cpuSeconds(c.pid) - cpu0) / s.seconds;
      const own = process.cpuUsage(own0);
      const senderCpu = (own.user + own.system) / 1e6 / s.seconds;
      await sleep(1000);
      const end = await c.stats();
      const st = { ...end, datagrams: end.datagrams - w.datagrams, queueDrops: end.queueDrops - w.queueDrops };
      const drops = udpDrops(nf) - d0;
      await c.stop();
      const loss = 1 - st.datagrams / s.sent;
      process.stdout.write(
        `${(thread ? 'worker thread' : 'main thread').padEnd(14)} ${String(rate).padStart(17)}  ${Math.round(s.rate).toString().padStart(8)}  ${String(st.datagrams).padStart(8)}  ${String(drops).padStart(12)}  ${String(st.queueDrops).padStart(11)}  ${(loss * 100).toFixed(3).padStart(7)} %  ${(cpu * 100).toFixed(0).padStart(5)} %  ${(senderCpu * 100).toFixed(0).padStart(8)} %\n`,
      );
    }
}

async function memoryRun(datagrams: Uint8Array[]): Promise<void> {
  const nf = port();
  const c = await startCollectorProcess(nf, port());
  const rate = 50_000;
  process.stdout.write(`\nMemory over ${MEMORY_MINUTES} min at ${rate} v9 datagrams/s (RSS of the collector process)\n`);
  const samples: number[] = [];
  const end = Date.now() + MEMORY_MINUTES * 60_000;
  while (Date.now() < end) {
    await sendPaced(datagrams, nf, rate, rate * 10);
    samples.push(rssBytes(c.pid));
    process.stdout.write(`  ${((MEMORY_MINUTES * 60_000 - (end - Date.now())) / 1000).toFixed(0).padStart(4)} s  RSS ${(samples.at(-1)! / 2 ** 20).toFixed(1)} MiB\n`);
  }
  const st = await c.stats();
  await c.stop();
  const mb = (b: number): string => `${(b / 2 ** 20).toFixed(1)} MiB`;
  const firstMinute = samples.slice(0, 6);
  const lastMinute = samples.slice(-6);
  const avg = (a: number[]): number => a.reduce((x, y) => x + y, 0) / Math.max(1, a.length);
  process.stdout.write(
    `RSS min ${mb(Math.min(...samples))}, max ${mb(Math.max(...samples))}, first minute avg ${mb(avg(firstMinute))}, last minute avg ${mb(avg(lastMinute))}; ${st.datagrams} datagrams, ${st.records} records, ${st.queueDrops} queue drops\n`,
  );
}

const file = await replayFile();
const byFormat = splitByFormat(readFileSync(file));
process.stdout.write(`Node ${process.version}; replay ${file}\n`);
if (ONLY.has('inprocess')) {
  process.stdout.write(`\nA. Collector pipeline in one process (decode + renormalise + per-destination count), records per CPU-second\n`);
  for (const [f, list] of byFormat) {
    const r = inProcess(list);
    process.stdout.write(`  ${FLOW_FORMAT_NAMES[f].padEnd(11)} ${fmtM(r.records / r.cpu).padStart(9)}   (${r.records} records, ${r.cpu.toFixed(2)} CPU-s)\n`);
  }
}

if (ONLY.has('compare')) {
  process.stdout.write(`\nB. Same datagrams over loopback at ${RATE} datagrams/s to each receiver process; CPU-s of the receiver from /proc\n`);
  process.stdout.write('format       receiver    records    CPU-s   records/CPU-s  vs Sakimori  kernel drops\n');
  const receivers: Array<'sakimori' | 'nfcapd' | 'fastnetmon'> = ['sakimori', ...(installed('nfcapd') ? (['nfcapd'] as const) : []), ...(installed('fastnetmon') ? (['fastnetmon'] as const) : [])];
  for (const [f, list] of byFormat) {
    let ours = 0;
    for (const r of receivers) {
      if (r === 'nfcapd' && f === FlowFormat.Sflow) continue;
      const row = await measure(r, f, list);
      const perCpu = row.records / Math.max(row.cpu, 0.01);
      if (r === 'sakimori') ours = perCpu;
      process.stdout.write(
        `${row.format.padEnd(12)} ${row.receiver.padEnd(10)} ${String(row.records).padStart(8)} ${row.cpu.toFixed(2).padStart(8)} ${fmtM(perCpu).padStart(14)} ${r === 'sakimori' ? '' : `${(ours / perCpu).toFixed(2)}×`.padStart(11)} ${String(row.drops).padStart(12)}\n`,
      );
    }
  }
  if (!installed('fastnetmon')) process.stdout.write('(FastNetMon not installed: apt-get install fastnetmon, then run it by hand as this benchmark does)\n');
}

const v9 = byFormat.get(FlowFormat.NetflowV9) ?? [];
if (ONLY.has('loss')) await lossSearch(v9);
if (ONLY.has('memory') && MEMORY_MINUTES > 0) await memoryRun(v9);
