import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { parseAddress } from '../../core/ip.js';
import { describeExternal, missingTools } from '../../testing/external.js';
import type { SimDatagram } from '../datagram.js';
import { Rng } from '../random.js';
import { testExporterSpec } from '../testing/exporter-spec.js';
import { tempDir, TEST_SFLOW_PORT, tsharkFields, writeTestPcap } from '../testing/tshark.js';
import { PacketBatch } from '../traffic/packet-batch.js';
import { SflowAgent } from './sflow-agent.js';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

const T = Date.UTC(2026, 0, 15);

describeExternal('sFlow agent sampling (checked by tshark)', missingTools('tshark'), () => {
  it('samples 1-in-N with binomial statistics, keeps the sample pool and sequence numbers, and counts every packet', () => {
    const spec = testExporterSpec({ format: 'sflow', samplingRate: 1000, bootMs: T - 3_600_000 });
    const agent = new SflowAgent(spec, new Rng(99, 'agent'));
    const out: SimDatagram[] = [];
    const src = new Uint32Array(parseAddress('100.64.0.1'));
    const dst = new Uint32Array(parseAddress('192.0.2.10'));
    const b = new PacketBatch();
    let total = 0;
    let udp = 0;
    // 20 s of traffic: 70 % single-packet TCP rows, 30 % UDP in rows of 100 packets.
    for (let tick = 0; tick < 200; tick++) {
      b.clear();
      const t = T + tick * 100;
      for (let k = 0; k < 3500; k++) {
        const i = b.add(t + k * 0.02, 4, 6, 60, 0, 1);
        b.setAddresses(i, src, 0, dst, 0);
        b.tcpFlags[i] = 0x02;
      }
      for (let k = 0; k < 15; k++) {
        const i = b.add(t + k, 4, 17, 540, 0, 1);
        b.setAddresses(i, src, 0, dst, 0);
        b.count[i] = 100;
        b.spanMs[i] = 99;
      }
      for (let i = 0; i < b.length; i++) agent.observe(b, i);
      total += 3500 + 1500;
      udp += 1500;
      agent.advance(t + 100, out);
    }
    // Counters went out with the first datagrams; the next counter interval ends 20 s later.
    agent.advance(T + 100 + 20_000, out);
    agent.finish(T + 20_200, out);

    const pcap = join(dir, 'agent.pcap');
    writeTestPcap(
      pcap,
      out.map((d) => ({ payload: d.payload, timeMs: d.timeMs, dstPort: TEST_SFLOW_PORT })),
    );
    const rows = tsharkFields(pcap, [
      'sflow_245.sequence_number',
      'sflow.flow_sample.sequence_number',
      'sflow.flow_sample.sample_pool',
      'sflow.flow_sample.sampling_rate',
      'ip.proto',
      'sflow_245.ifinpkt',
      'sflow_245.ifindex',
    ]);
    expect(rows.map((r) => Number(r[0]![0]))).toEqual(rows.map((_, k) => k));
    const seqs = rows.flatMap((r) => r[1]!.map(Number));
    const pools = rows.flatMap((r) => r[2]!.map(Number));
    const n = seqs.length;
    // Binomial(total, 1/1000): within four standard deviations.
    expect(Math.abs(n - total / 1000)).toBeLessThan(4 * Math.sqrt((total / 1000) * (1 - 1 / 1000)));
    expect(seqs).toEqual(seqs.map((_, k) => k + 1));
    for (let k = 1; k < n; k++) expect(pools[k]!).toBeGreaterThanOrEqual(pools[k - 1]!);
    expect(pools[n - 1]!).toBeLessThanOrEqual(total);
    expect(new Set(rows.flatMap((r) => r[3]!))).toEqual(new Set(['1000']));
    // Vector shares survive sampling: the UDP share of samples is Binomial(n, 0.3) / n.
    const protos = rows.flatMap((r) => r[4]!.slice(1)); // first ip.proto of a frame is the pcap framing
    expect(protos).toHaveLength(n);
    const udpSamples = protos.filter((p) => p === '17').length;
    const share = udp / total;
    expect(Math.abs(udpSamples - n * share)).toBeLessThan(4 * Math.sqrt(n * share * (1 - share)));
    // Counter samples count every packet of the uplink (ifIndex 1), sampled or not.
    const uplink = rows.flatMap((r) => r[6]!.map((ifx, k) => [ifx, r[5]![k]] as const)).filter(([ifx]) => ifx === '1');
    expect(uplink.at(-1)![1]).toBe(String(total));
    // Datagrams go out within the configured delay and never exceed the MTU.
    for (const d of out) expect(d.payload.length).toBeLessThanOrEqual(1400);
  });
});
