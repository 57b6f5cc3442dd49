import { expect, it } from 'vitest';
import { parseAddress } from '../../core/ip.js';
import type { SimDatagram } from '../datagram.js';
import { Rng } from '../random.js';
import { testExporterSpec } from '../testing/exporter-spec.js';
import { PacketBatch } from '../traffic/packet-batch.js';
import { SflowAgent } from './sflow-agent.js';

const T = Date.UTC(2026, 0, 15);

it('sends each sFlow datagram when its samples were taken, whatever order the rows of a tick come in', () => {
  const agent = new SflowAgent(testExporterSpec({ format: 'sflow', samplingRate: 1 }), new Rng(7, 'agent'));
  const b = new PacketBatch();
  const src = new Uint32Array(parseAddress('100.64.0.1'));
  const dst = new Uint32Array(parseAddress('192.0.2.10'));
  // One packet every 0.1 ms over a 100 ms tick, handed over latest first.
  for (let k = 999; k >= 0; k--) {
    const i = b.add(T + k / 10, 4, 6, 60, 0, 1);
    b.setAddresses(i, src, 0, dst, 0);
  }
  for (let i = 0; i < b.length; i++) agent.observe(b, i);
  const out: SimDatagram[] = [];
  agent.advance(T + 100, out);
  const flows = out.filter((d) => d.timeMs < T + 100);
  expect(flows.length).toBeGreaterThan(50);
  // The first datagram is full within a couple of milliseconds, and the times only go forward.
  expect(out[0]!.timeMs - T).toBeLessThan(3);
  for (let k = 1; k < out.length; k++) expect(out[k]!.timeMs).toBeGreaterThanOrEqual(out[k - 1]!.timeMs);
});
