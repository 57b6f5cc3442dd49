import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeExternal, missingTools } from '../testing/external.js';
import { PcapFileSink } from './output/pcap-sink.js';
import { UdpSink } from './output/udp-sink.js';
import { runSimulation } from './run.js';
import { parseScenario } from './scenario.js';
import { createSimulation } from './simulation.js';
import { tempDir, tsharkFields } from './testing/tshark.js';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

const TEXT = `start: 2026-01-15T09:00:00Z
duration: 3
tick: 100
exporters:
  - format: netflow-v9
    inactiveTimeout: 1
    activeTimeout: 2
    networks: [Aozora Airlines]
  - format: sflow
    samplingRate: 10
    maxDelay: 0.2
    networks: [Minato Bank]
background:
  pps: 3000
  networks: [Aozora Airlines, Minato Bank]
  longFlows: { count: 2 }
`;

async function listen(): Promise<{ port: number; received: { port: number; size: number }[]; close: () => void }> {
  const s = createSocket('udp4');
  const received: { port: number; size: number }[] = [];
  s.on('message', (msg, rinfo) => received.push({ port: rinfo.port, size: msg.length }));
  s.bind(0, '127.0.0.1');
  await once(s, 'listening');
  return { port: s.address().port, received, close: () => s.close() };
}

describe('runSimulation over UDP', () => {
  it('paces datagrams by the scenario clock and sends each exporter from its own socket', async () => {
    const netflow = await listen();
    const sflow = await listen();
    try {
      const sim = createSimulation(parseScenario(TEXT));
      const sink = await UdpSink.open(sim.exporters, { netflow: { host: '127.0.0.1', port: netflow.port }, sflow: { host: '127.0.0.1', port: sflow.port } });
      const result = await runSimulation(sim, { sinks: [sink], speed: 10 });
      // 3 s of scenario at 10× real time: about 0.3 s of wall time.
      expect(result.wallMs).toBeGreaterThan(250);
      expect(result.wallMs).toBeLessThan(2500);
      await new Promise((r) => setTimeout(r, 100));
      const stats = sim.exporterStats();
      expect(netflow.received).toHaveLength(stats[0]!.datagrams);
      expect(sflow.received).toHaveLength(stats[1]!.datagrams);
      expect(sink.sent).toBe(stats[0]!.datagrams + stats[1]!.datagrams);
      expect(new Set(netflow.received.map((r) => r.port)).size).toBe(1);
      expect(netflow.received[0]!.port).not.toBe(sflow.received[0]!.port);
    } finally {
      netflow.close();
      sflow.close();
    }
  });

  it('stops on abort, flushing what the exporters hold, and still reports the truth', async () => {
    const sim = createSimulation(parseScenario(TEXT.replace('duration: 3', 'duration: 600')));
    const abort = new AbortController();
    const seen: number[] = [];
    const sink = { write: (d: { timeMs: number }) => void seen.push(d.timeMs), close: async () => undefined };
    setTimeout(() => abort.abort(), 300);
    const result = await runSimulation(sim, { sinks: [sink], speed: 1, signal: abort.signal });
    expect(result.aborted).toBe(true);
    expect(sim.done).toBe(true);
    expect(sim.nowMs - sim.startMs).toBeLessThan(5000);
    expect(result.truth.endMs).toBe(sim.nowMs);
    expect(seen.length).toBe(result.stats.datagrams);
  });
});

describeExternal('runSimulation into a pcap (checked by tshark)', missingTools('tshark'), () => {
  it('writes every datagram as a frame from its exporter address to the collector, as fast as possible', async () => {
    const sim = createSimulation(parseScenario(TEXT.replace('duration: 3', 'duration: 30')));
    const path = join(dir, 'run.pcap');
    const result = await runSimulation(sim, { sinks: [new PcapFileSink(path, sim.exporters)], speed: 'fast' });
    expect(result.wallMs).toBeLessThan(10_000);
    const rows = tsharkFields(path, ['ip.src', 'ip.dst', 'udp.dstport', 'frame.time_epoch'], undefined, ['-d', 'udp.port==2055,cflow']);
    expect(rows).toHaveLength(result.stats.datagrams);
    const pairs = new Set(rows.map((r) => `${r[0]![0]}>${r[1]![0]}:${r[2]![0]}`));
    expect(pairs).toEqual(new Set(['10.255.0.1>10.255.0.254:2055', '10.255.0.2>10.255.0.254:6343']));
    const first = Number(rows[0]![3]![0]) * 1000;
    expect(first).toBeGreaterThanOrEqual(sim.startMs);
    expect(readFileSync(path).subarray(0, 4)).toEqual(Buffer.from([0xd4, 0xc3, 0xb2, 0xa1]));
  });
});
