import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAddress } from '../core/ip.js';
import { describeExternal, missingTools } from '../testing/external.js';
import type { SimDatagram } from './datagram.js';
import type { GroundTruth } from './ground-truth.js';
import { parseScenario } from './scenario.js';
import { createSimulation, type Simulation } from './simulation.js';
import { tempDir, TEST_NETFLOW_PORT, TEST_SFLOW_PORT, tsharkFields, tsharkFlows, tsharkProblems, writeTestPcap, type FlowRecordFields } from './testing/tshark.js';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

const SCENARIO = `name: truth-check
start: 2026-01-15T09:00:00Z
duration: 40
seed: 3
thresholds: { hostPps: 20000 }
exporters:
  - name: v9
    format: netflow-v9
    inactiveTimeout: 5
    networks: [Aozora Airlines, Hikari Power]
  - name: agent
    format: sflow
    samplingRate: 1
    networks: [Minato Bank]
  - name: ipfix
    format: ipfix
    samplingRate: 10
    networks: [Sakura Trust Bank]
background:
  pps: 2000
  networks: [Aozora Airlines, Hikari Power, Minato Bank]
  longFlows: { count: 4, minDuration: 100, maxDuration: 200, minMbps: 5, maxMbps: 5 }
attacks:
  - name: syn
    kind: syn
    start: 5
    duration: 10
    target: 192.0.2.80
    rate: 3000
    sources: 500
  - name: amp
    kind: amplification
    start: 10
    duration: 10
    target: 198.51.100.53
    rate: 2000
    reflectors: 200
    vectors: { ntp: 0.5, ssdp: 0.5 }
  - name: udp
    kind: udp
    start: 10
    duration: 20
    target: 203.0.113.9
    rate: 5000
    sources: 300
beacons:
  - name: c2
    host: 198.19.0.25
    interval: 4
    jitter: 0.2
`;

function run(seed?: number, durationS?: number): { datagrams: SimDatagram[]; sim: Simulation } {
  const sim = createSimulation(parseScenario(SCENARIO, 'truth-check.yaml'), { seed, durationS });
  return { datagrams: [...sim.datagrams()], sim };
}

function digest(ds: readonly SimDatagram[]): string {
  const h = createHash('sha256');
  for (const d of ds) {
    h.update(`${d.timeMs}:${d.exporter}:${d.kind}:`);
    h.update(d.payload);
  }
  return h.digest('hex');
}

describe('simulation', () => {
  it('is deterministic under a seed, and the seed matters', () => {
    const a = run();
    const b = run();
    expect(digest(b.datagrams)).toBe(digest(a.datagrams));
    expect(JSON.stringify(b.sim.truth())).toBe(JSON.stringify(a.sim.truth()));
    expect(digest(run(4).datagrams)).not.toBe(digest(a.datagrams));
  });

  it('sends datagrams in time order, within the run, never over the MTU', () => {
    const { datagrams, sim } = run();
    expect(datagrams.length).toBeGreaterThan(100);
    for (let k = 1; k < datagrams.length; k++) expect(datagrams[k]!.timeMs).toBeGreaterThanOrEqual(datagrams[k - 1]!.timeMs);
    for (const d of datagrams) {
      expect(d.payload.length).toBeLessThanOrEqual(1400);
      expect(d.timeMs).toBeGreaterThanOrEqual(sim.startMs);
      expect(d.timeMs).toBeLessThanOrEqual(sim.endMs);
    }
    expect(new Set(datagrams.map((d) => `${d.exporter}:${d.kind}`))).toEqual(new Set(['0:netflow', '1:sflow', '2:netflow']));
  });

  it('records the truth: windows, rates, sources by category, beacons and benign windows', () => {
    const { sim } = run();
    const t = sim.truth();
    expect(t.attacks.map((a) => [a.id, a.startMs - sim.startMs, a.endMs - sim.startMs, a.packets])).toEqual([
      ['syn', 5000, 15000, 30000],
      ['amp', 10000, 20000, expect.any(Number)],
      ['udp', 10000, 30000, 100000],
    ]);
    const syn = t.attacks[0]!;
    expect([syn.pps, syn.bps, syn.sourceCount, syn.sources!.length, syn.targetType]).toEqual([3000, 3000 * 60 * 8, 500, 500, 'host']);
    expect(syn.sourceCategories).toEqual({ 'home-router': 400, 'ip-camera': 75, 'other-iot': 25 });
    const amp = t.attacks[1]!;
    // Whole responses are sent, so the count can run a few fragments over the rate.
    expect(amp.packets).toBeGreaterThanOrEqual(20000);
    expect(amp.packets).toBeLessThan(20010);
    expect(amp.sourceCategories).toEqual({ reflector: amp.sourceCount });
    expect(amp.sources!.every((s) => s.startsWith('100.9') || s.startsWith('100.1'))).toBe(true);
    expect(t.benignWindows.map((w) => [w.startMs - sim.startMs, w.endMs - sim.startMs])).toEqual([
      [0, 5000],
      [30000, 40000],
    ]);
    expect(t.beacons[0]!.count).toBeGreaterThanOrEqual(8);
    expect(t.beacons[0]!.destinations.every((d) => ['5.8.95.174', '45.32.13.180', '103.175.16.39'].includes(d))).toBe(true);
    expect(t.benign.packets).toBe(sim.stats.benignPackets);
  });

  it('repeats the attack timeline every cycle of a repeating scenario', () => {
    const text = SCENARIO.replace('duration: 40\n', 'duration: 40\nrepeat: true\n');
    const sim = createSimulation(parseScenario(text), { durationS: 95 });
    for (const _ of sim.datagrams());
    const t = sim.truth();
    expect(t.attacks.filter((a) => a.name === 'syn').map((a) => [a.id, a.startMs - sim.startMs])).toEqual([
      ['syn', 5000],
      ['syn#1', 45000],
      ['syn#2', 85000],
    ]);
    // The third occurrence was cut by the end of the run.
    expect(t.attacks.find((a) => a.id === 'syn#2')!.endMs - sim.startMs).toBe(95000);
    expect(() => [...createSimulation(parseScenario(text)).datagrams()]).toThrow(/repeats endlessly/);
  });
});

describeExternal('simulation output (checked by tshark)', missingTools('tshark'), () => {
  // Built in beforeAll, not in the describe body: vitest runs the body while collecting, even
  // when the block is skipped, and without tshark that must skip, not fail.
  const pcap = join(dir, 'sim.pcap');
  let sim: Simulation;
  let truth: GroundTruth;
  let flows: FlowRecordFields[];
  beforeAll(() => {
    const r = run();
    sim = r.sim;
    truth = sim.truth();
    writeTestPcap(
      pcap,
      r.datagrams.map((d) => ({ payload: d.payload, timeMs: d.timeMs, srcIp: sim.exporters[d.exporter]!.address, dstPort: d.kind === 'sflow' ? TEST_SFLOW_PORT : TEST_NETFLOW_PORT })),
    );
    flows = tsharkFlows(pcap, 'cflow');
  });

  it('decodes cleanly', () => {
    expect(tsharkProblems(pcap, ['-o', 'sflow.enable_dissection:FALSE'])).toEqual([]);
  });

  it('carries exactly the sources and packets of the truth (unsampled NetFlow v9 and sFlow 1:1)', () => {
    const sources = new Set<string>();
    let packets = 0;
    for (const r of flows.filter((f) => f.exporter === '10.255.0.1')) {
      if (r['cflow.dstaddr'] === '192.0.2.80' && r['cflow.protocol'] === '6' && r['cflow.srcaddr']!.startsWith('100.')) {
        sources.add(r['cflow.srcaddr']!);
        packets += Number(r['cflow.packets']);
      }
    }
    const syn = truth.attacks.find((a) => a.name === 'syn')!;
    expect(packets).toBe(syn.packets);
    expect([...sources].sort()).toEqual([...syn.sources!].sort());

    const samples = tsharkFields(pcap, ['ip.src', 'ip.dst', 'udp.srcport'], 'ip.src == 10.255.0.2 && sflow');
    const reflectors = new Set<string>();
    let ampPackets = 0;
    for (const [src, dst] of samples) {
      // Index 0 is the pcap framing; each sample's header follows.
      for (let k = 1; k < dst!.length; k++) {
        if (dst![k] === '198.51.100.53' && src![k]!.startsWith('100.')) {
          reflectors.add(src![k]!);
          ampPackets++;
        }
      }
    }
    const amp = truth.attacks.find((a) => a.name === 'amp')!;
    expect(ampPackets).toBe(amp.packets);
    expect([...reflectors].sort()).toEqual([...amp.sources!].sort());
  });

  it('estimates the true volume from 1:10 sampled IPFIX within binomial error', () => {
    const ipfix = flows.filter((f) => f.exporter === '10.255.0.3');
    let sampled = 0;
    for (const r of ipfix) if (r['cflow.dstaddr'] === '203.0.113.9') sampled += Number(r['cflow.packets']);
    expect(ipfix.some((r) => r['cflow.sampling_packet_space'] === '9')).toBe(true);
    const udp = truth.attacks.find((a) => a.name === 'udp')!;
    const sigma = Math.sqrt(udp.packets * 0.1 * 0.9);
    expect(Math.abs(sampled - udp.packets * 0.1)).toBeLessThan(4 * sigma);
  });

  it('exports long flows as records spanning up to the active timeout, and every beacon as flows to a C2 address', () => {
    let longest = 0;
    const c2 = new Set<string>();
    for (const r of flows.filter((f) => f.exporter === '10.255.0.1' && f['cflow.timestart'] !== undefined)) {
      longest = Math.max(longest, Number(r['cflow.timeend']) - Number(r['cflow.timestart']));
      if (r['cflow.srcaddr'] === '198.19.0.25' && r['cflow.dstport'] === '8443') c2.add(r['cflow.dstaddr']!);
    }
    expect(longest).toBeGreaterThan(25);
    expect(longest).toBeLessThanOrEqual(60);
    const beacon = truth.beacons[0]!;
    expect([...c2].sort()).toEqual([...new Set(beacon.destinations)].sort());
    expect(formatAddress(0, 0, 0xffff, sim.exporters[0]!.address32)).toBe('10.255.0.1');
  });
});
