import { describe, expect, it } from 'vitest';
import { parseAddress } from '../../core/ip.js';
import type { SimDatagram } from '../datagram.js';
import { Rng } from '../random.js';
import { testExporterSpec } from '../testing/exporter-spec.js';
import { PacketBatch } from '../traffic/packet-batch.js';
import { FlowExporter } from './flow-exporter.js';

const T = Date.UTC(2026, 0, 15);

/** Drives an exporter with one SYN per 10 ms for `seconds`, advancing it every `tickMs`; returns its datagrams. */
function run(exportIntervalMs: number, exportPhaseMs: number, tickMs: number, seconds: number): SimDatagram[] {
  const x = new FlowExporter(testExporterSpec({ format: 'netflow-v9', activeTimeoutMs: 1000, inactiveTimeoutMs: 50, exportIntervalMs, exportPhaseMs }), new Rng(1));
  const b = new PacketBatch();
  const out: SimDatagram[] = [];
  const src = new Uint32Array(parseAddress('100.64.0.1'));
  const dst = new Uint32Array(parseAddress('192.0.2.10'));
  let port = 1024;
  for (let t = T; t < T + seconds * 1000; t += tickMs) {
    b.clear();
    for (let u = t; u < t + tickMs; u += 10) {
      const i = b.add(u, 4, 6, 40, 0, 1);
      b.setAddresses(i, src, 0, dst, 0);
      b.srcPort[i] = port++;
      b.dstPort[i] = 443;
      b.tcpFlags[i] = 0x02;
      x.observe(b, i);
    }
    x.advance(t + tickMs, out);
  }
  return out;
}

describe('FlowExporter export timing', () => {
  it('sweeps once a second at its phase: every datagram leaves 0.3 s into a second', () => {
    const out = run(1000, 300, 100, 5);
    expect(out.length).toBeGreaterThanOrEqual(4);
    for (const d of out) expect((d.timeMs - T) % 1000).toBe(300);
  });

  it('sweeps every 100 ms when told to, at its phase within the 100 ms', () => {
    const out = run(100, 30, 10, 2);
    const times = [...new Set(out.map((d) => d.timeMs - T))];
    expect(times.length).toBeGreaterThanOrEqual(18);
    for (const t of times) expect(t % 100).toBe(30);
  });
});
