/**
 * Real exporters into the real collector: pmacctd captures live packets on `lo` and exports IPFIX,
 * NetFlow v9 and sFlow v5; a tee in the test hands every export datagram both to a Sakimori
 * collector and to a reference collector (nfcapd for NetFlow/IPFIX, sfacctd for sFlow), and the
 * per-destination totals must agree. Then nfreplay sends nfcapd's file as NetFlow v5 and v9 and
 * our totals must agree with nfdump's reading of the same file.
 */
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { createMetricsRegistry } from '../core/metrics.js';
import { formatAddressAt } from '../core/ip.js';
import { validateConfig } from '../config/load.js';
import { describeExternal, missingTools } from '../testing/external.js';
import { buildCollector } from '../cli/context.js';
import type { Collector } from './collector.js';
import { freeUdpPort, startDaemon, waitForQuiet, type Daemon } from './testing/daemons.js';

interface Totals {
  flows: number;
  packets: number;
  bytes: number;
}
type ByDestination = Map<string, Totals>;

const TARGETS_V4 = ['127.77.0.1', '127.77.0.2', '127.77.0.3', '127.77.0.4', '127.77.0.5'];
const V6_PORTS = [47001, 47002, 47003];

/** A collector on an ephemeral loopback port that sums per destination. */
async function startCollector(kind: 'netflow' | 'sflow'): Promise<{ collector: Collector; port: number; totals: ByDestination }> {
  const base = validateConfig({}).collector;
  const config = {
    ...base,
    netflow: { listen: kind === 'netflow' ? ['127.0.0.1:0'] : [] },
    sflow: { listen: kind === 'sflow' ? ['127.0.0.1:0'] : [] },
    batchFlushMs: 20,
  };
  const collector = buildCollector(config, { clock: systemClock, logger: silentLogger(), metrics: createMetricsRegistry() });
  const totals: ByDestination = new Map();
  collector.addConsumer({
    name: 'test-totals',
    consume(b) {
      for (let i = 0; i < b.length; i++) {
        const dst = formatAddressAt(b.dstAddr, i);
        const t = totals.get(dst) ?? { flows: 0, packets: 0, bytes: 0 };
        t.flows++;
        t.packets += b.scaledPackets[i]!;
        t.bytes += b.scaledBytes[i]!;
        totals.set(dst, t);
      }
    },
  });
  await collector.start!();
  return { collector, port: collector.listeners[0]!.port, totals };
}

/** A UDP tee: every datagram received is forwarded to each target port on 127.0.0.1. */
async function startTee(targets: number[], onActivity: () => void): Promise<{ socket: Socket; port: number; datagrams: () => number }> {
  const socket = createSocket('udp4');
  const out = createSocket('udp4');
  let n = 0;
  socket.on('message', (msg) => {
    n++;
    onActivity();
    for (const p of targets) out.send(msg, p, '127.0.0.1');
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  socket.once('close', () => out.close());
  return { socket, port: socket.address().port, datagrams: () => n };
}

/** nfdump's per-destination totals of the files in `dir`. */
function nfdumpTotals(args: string[]): ByDestination {
  const text = execFileSync('nfdump', [...args, '-q', '-A', 'dstip', '-o', 'fmt:%da %fl %pkt %byt'], { encoding: 'utf8' });
  const m: ByDestination = new Map();
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length !== 4) continue;
    m.set(f[0]!, { flows: Number(f[1]), packets: Number(f[2]), bytes: Number(f[3]) });
  }
  return m;
}

/** sfacctd's print-plugin CSV (appended every refresh), summed per destination. */
function sfacctdTotals(file: string): ByDestination {
  const m: ByDestination = new Map();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const f = line.split(',');
    if (f.length !== 3 || f[0] === 'DST_IP') continue;
    const t = m.get(f[0]!) ?? { flows: 0, packets: 0, bytes: 0 };
    t.packets += Number(f[1]);
    t.bytes += Number(f[2]);
    m.set(f[0]!, t);
  }
  return m;
}

function sorted(m: ByDestination, keys: (keyof Totals)[]): Record<string, Partial<Totals>> {
  const o: Record<string, Partial<Totals>> = {};
  for (const k of [...m.keys()].sort()) {
    const t = m.get(k)!;
    o[k] = Object.fromEntries(keys.map((key) => [key, t[key]]));
  }
  return o;
}

/** Sends the test traffic: UDP of three sizes to five IPv4 and three IPv6 destinations, and TCP connection attempts. */
async function sendTraffic(): Promise<{ udpV4: number; udpV6: number; tcp: number }> {
  const s4 = createSocket('udp4');
  const s6 = createSocket('udp6');
  let udpV4 = 0;
  let udpV6 = 0;
  for (let n = 0; n < 2000; n++) {
    const payload = Buffer.alloc(20 + (n % 3) * 100);
    await new Promise<void>((r) => s4.send(payload, 5000 + (n % 50), TARGETS_V4[n % TARGETS_V4.length]!, () => r()));
    udpV4++;
    if (n % 4 === 0) {
      await new Promise<void>((r) => s6.send(payload, V6_PORTS[n % V6_PORTS.length]!, '::1', () => r()));
      udpV6++;
    }
    if (n % 200 === 199) await new Promise((r) => setTimeout(r, 5));
  }
  s4.close();
  s6.close();
  // TCP: connection attempts to closed ports give SYNs toward the targets (and RSTs back, filtered out).
  let tcp = 0;
  for (let n = 0; n < 20; n++) {
    await new Promise<void>((r) => {
      const c = connect({ host: TARGETS_V4[n % TARGETS_V4.length]!, port: 6000 + n });
      c.once('error', () => r());
      c.once('connect', () => {
        c.destroy();
        r();
      });
    });
    tcp++;
  }
  return { udpV4, udpV6, tcp };
}

describeExternal('real exporters: pmacctd, nfcapd, sfacctd, nfreplay', missingTools('pmacctd', 'nfcapd', 'nfdump', 'nfreplay', 'sfacctd'), () => {
  // Made in beforeAll: the describe body also runs when the block is skipped.
  let dir = '';
  const daemons: Daemon[] = [];
  const collectors: Collector[] = [];
  const tees: Socket[] = [];
  let last = Date.now();
  const touch = (): void => {
    last = Date.now();
  };
  let ours: { ipfix: ByDestination; v9: ByDestination; sflow: ByDestination };
  let sent: { udpV4: number; udpV6: number; tcp: number };
  let teeCounts: number[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sakimori-exporters-'));
    const ipfix = await startCollector('netflow');
    const v9 = await startCollector('netflow');
    const sflow = await startCollector('sflow');
    collectors.push(ipfix.collector, v9.collector, sflow.collector);
    const [nfcapdIpfixPort, nfcapdV9Port, sfacctdPort] = [await freeUdpPort(), await freeUdpPort(), await freeUdpPort()];
    const teeIpfix = await startTee([ipfix.port, nfcapdIpfixPort], touch);
    const teeV9 = await startTee([v9.port, nfcapdV9Port], touch);
    const teeSflow = await startTee([sflow.port, sfacctdPort], touch);
    tees.push(teeIpfix.socket, teeV9.socket, teeSflow.socket);

    for (const [name, port] of [
      ['ipfix', nfcapdIpfixPort],
      ['v9', nfcapdV9Port],
    ] as const) {
      const d = join(dir, `nfcapd-${name}`);
      execFileSync('mkdir', ['-p', d]);
      daemons.push(startDaemon(`nfcapd-${name}`, 'nfcapd', ['-w', d, '-p', String(port), '-b', '127.0.0.1']));
    }
    writeFileSync(
      join(dir, 'sfacctd.conf'),
      [
        'daemonize: false',
        'sfacctd_ip: 127.0.0.1',
        `sfacctd_port: ${sfacctdPort}`,
        'plugins: print[p]',
        'aggregate[p]: dst_host',
        'print_output[p]: csv',
        `print_output_file[p]: ${join(dir, 'sfacctd.csv')}`,
        'print_output_file_append[p]: true',
        'print_refresh_time[p]: 1',
      ].join('\n'),
    );
    daemons.push(startDaemon('sfacctd', 'sfacctd', ['-f', join(dir, 'sfacctd.conf')]));
    writeFileSync(
      join(dir, 'pmacctd.conf'),
      [
        'daemonize: false',
        'pcap_interface: lo',
        `pcap_filter: (ip and dst net 127.77.0.0/16) or (ip6 and dst host ::1 and udp dst portrange ${V6_PORTS[0]}-${V6_PORTS[V6_PORTS.length - 1]})`,
        'plugins: nfprobe[v10], nfprobe[v9], sfprobe[sf]',
        `nfprobe_receiver[v10]: 127.0.0.1:${teeIpfix.port}`,
        'nfprobe_version[v10]: 10',
        `nfprobe_receiver[v9]: 127.0.0.1:${teeV9.port}`,
        'nfprobe_version[v9]: 9',
        'nfprobe_timeouts[v10]: tcp=1:maxlife=2:general=1:udp=1:icmp=1:expint=1',
        'nfprobe_timeouts[v9]: tcp=1:maxlife=2:general=1:udp=1:icmp=1:expint=1',
        `sfprobe_receiver[sf]: 127.0.0.1:${teeSflow.port}`,
        'sampling_rate[sf]: 1',
      ].join('\n'),
    );
    const pmacctd = startDaemon('pmacctd', 'pmacctd', ['-f', join(dir, 'pmacctd.conf')]);
    daemons.push(pmacctd);
    // pmacctd needs a moment to open the capture; wait until it logs that it is up.
    const t0 = Date.now();
    while (!/Exporting flows to/.test(pmacctd.output()) && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1000));

    sent = await sendTraffic();
    touch();
    // Flows expire after 1–2 s of inactivity; sFlow samples go out at once. Wait until the exports stop.
    await waitForQuiet(() => last, 4000, 30_000);
    await pmacctd.stop('SIGINT');
    await waitForQuiet(() => last, 1500, 10_000);
    for (const c of collectors) await c.stop!();
    for (const d of daemons) await d.stop(d.name === 'sfacctd' ? 'SIGINT' : 'SIGTERM');
    teeCounts = [teeIpfix.datagrams(), teeV9.datagrams(), teeSflow.datagrams()];
    ours = { ipfix: ipfix.totals, v9: v9.totals, sflow: sflow.totals };
  }, 90_000);

  afterAll(async () => {
    for (const d of daemons) await d.stop('SIGKILL');
    for (const c of collectors) await c.stop?.();
    for (const t of tees) t.close();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('receives exports in every format', () => {
    expect(
      teeCounts.every((n) => n > 0),
      `datagrams per tee ${teeCounts.join(',')}`,
    ).toBe(true);
    expect(sent.udpV4).toBe(2000);
  });

  it.each(['ipfix', 'v9'] as const)('%s: flows, packets and bytes per destination agree with nfcapd', (name) => {
    const reference = nfdumpTotals(['-R', join(dir, `nfcapd-${name}`)]);
    expect(sorted(ours[name], ['flows', 'packets', 'bytes'])).toEqual(sorted(reference, ['flows', 'packets', 'bytes']));
    // And the exporter saw all the UDP we sent to each IPv4 target (pmacctd on lo loses nothing at this rate).
    for (const t of TARGETS_V4) expect(ours[name].get(t)!.packets).toBeGreaterThanOrEqual(sent.udpV4 / TARGETS_V4.length);
    expect(ours[name].get('::1')!.packets).toBe(sent.udpV6);
  });

  it('sflow: packets and bytes per destination agree with sfacctd', () => {
    const reference = sfacctdTotals(join(dir, 'sfacctd.csv'));
    expect(sorted(ours.sflow, ['packets', 'bytes'])).toEqual(sorted(reference, ['packets', 'bytes']));
  });

  it.each([5, 9])("nfreplay v%i of nfcapd's file: totals agree with nfdump", async (version) => {
    const files = readdirSync(join(dir, 'nfcapd-ipfix')).filter((f) => f.startsWith('nfcapd.'));
    expect(files.length).toBeGreaterThan(0);
    const { collector, port, totals } = await startCollector('netflow');
    collectors.push(collector);
    const before = collector.exporters.all().length;
    // Asynchronously, so that this process keeps reading the collector's socket meanwhile.
    for (const f of files) await promisify(execFile)('nfreplay', ['-H', '127.0.0.1', '-p', String(port), '-v', String(version), '-d', '100', '-r', join(dir, 'nfcapd-ipfix', f)]);
    const replayLast = Date.now();
    await waitForQuiet(() => Math.max(replayLast, collector.exporters.all()[0]?.counters.lastSeenMs ?? 0), 1000, 10_000);
    await collector.stop!();
    expect(collector.exporters.all().length).toBeGreaterThan(before);
    // NetFlow v5 carries IPv4 only: nfreplay leaves the IPv6 flows out of v5.
    const reference = nfdumpTotals(['-R', join(dir, 'nfcapd-ipfix'), ...(version === 5 ? ['ipv4'] : [])]);
    expect(sorted(totals, ['flows', 'packets', 'bytes'])).toEqual(sorted(reference, ['flows', 'packets', 'bytes']));
  });
});
