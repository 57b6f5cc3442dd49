/**
 * The receive thread over real UDP sockets on loopback: datagrams of every size survive the ring's
 * wrap-around byte for byte, sources and listener kinds are kept apart, a full ring drops and
 * counts per exporter instead of growing, stopping decodes everything already received, and a
 * bind failure leaves nothing bound.
 */
import { createSocket } from 'node:dgram';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { createMetricsRegistry } from '../core/metrics.js';
import { validateConfig } from '../config/load.js';
import { buildCollector } from '../cli/context.js';
import { v5Datagram, type V5Record } from '../flow/testing/synth-netflow.js';
import type { Collector } from './collector.js';
import type { CollectorConfig } from './config.js';

const T0 = 1_790_000_000;

/** Datagram `k`: 1–30 records, each record's packet count encoding (k, j) so corruption shows. */
function datagram(k: number): { bytes: Uint8Array; records: number; packets: number } {
  const n = 1 + (k % 30);
  const recs: V5Record[] = [];
  let packets = 0;
  for (let j = 0; j < n; j++) {
    const p = 1 + ((k * 31 + j) % 1000);
    packets += p;
    recs.push({ src: `10.0.${k & 255}.${j}`, dst: `192.0.2.${j}`, packets: p, bytes: p * 100, first: 1000, last: 2000, srcPort: 1024 + j, dstPort: 53, protocol: 17 });
  }
  return { bytes: v5Datagram({ sysUptime: 5000, unixSecs: T0, sequence: k }, recs), records: n, packets };
}

interface Totals {
  records: number;
  packets: number;
  byExporter: Map<number, number>;
}

const running: Collector[] = [];
afterEach(async () => {
  for (const c of running.splice(0)) await c.stop!();
});

async function start(over: Partial<CollectorConfig> = {}): Promise<{ c: Collector; totals: Totals; port: number }> {
  const base = validateConfig({}).collector;
  const config: CollectorConfig = { ...base, netflow: { listen: ['127.0.0.1:0'] }, sflow: { listen: [] }, batchFlushMs: 10, receiveThread: true, receiveRingBytes: 262144, ...over };
  const c = buildCollector(config, { clock: systemClock, logger: silentLogger(), metrics: createMetricsRegistry() });
  const totals: Totals = { records: 0, packets: 0, byExporter: new Map() };
  c.addConsumer({
    name: 'totals',
    consume(b) {
      for (let i = 0; i < b.length; i++) {
        totals.records++;
        totals.packets += b.packets[i]!;
        totals.byExporter.set(b.exporter[i]!, (totals.byExporter.get(b.exporter[i]!) ?? 0) + 1);
      }
    },
  });
  await c.start!();
  running.push(c);
  return { c, totals, port: c.listeners[0]!.port };
}

/** Sends from a worker thread, so that the test's own thread can be blocked meanwhile. */
function sendFromWorker(port: number, source: string, datagrams: readonly Uint8Array[], burst = 64): Promise<void> {
  const code = `
    const { workerData, parentPort } = require('node:worker_threads');
    const dgram = require('node:dgram');
    const s = dgram.createSocket('udp4');
    s.bind(0, workerData.source, async () => {
      for (let i = 0; i < workerData.datagrams.length; i++) {
        await new Promise((r) => s.send(workerData.datagrams[i], workerData.port, '127.0.0.1', r));
        if (i % workerData.burst === workerData.burst - 1) await new Promise((r) => setTimeout(r, 1));
      }
      s.close(() => parentPort.postMessage('done'));
    });`;
  const w = new Worker(code, { eval: true, workerData: { port, source, datagrams, burst } });
  return new Promise((resolve, reject) => {
    w.once('message', () => resolve());
    w.once('error', reject);
  });
}

function blockFor(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

async function until(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('collector receive thread', () => {
  it('decodes every datagram byte for byte across many wrap-arounds of a small ring, per source', async () => {
    // 1 MiB ring, ~4.6 MB of datagrams paced at ~16 per millisecond per source: several wraps, no drops.
    const { c, totals, port } = await start({ receiveRingBytes: 1 << 20 });
    const a = Array.from({ length: 4000 }, (_, k) => datagram(k));
    const b = Array.from({ length: 2000 }, (_, k) => datagram(k + 5000));
    await Promise.all([
      sendFromWorker(
        port,
        '127.0.0.1',
        a.map((d) => d.bytes),
        16,
      ),
      sendFromWorker(
        port,
        '127.0.0.2',
        b.map((d) => d.bytes),
        16,
      ),
    ]);
    const records = [...a, ...b].reduce((n, d) => n + d.records, 0);
    const packets = [...a, ...b].reduce((n, d) => n + d.packets, 0);
    await until(() => totals.records >= records);
    await new Promise((r) => setTimeout(r, 50));
    expect(totals.records).toBe(records);
    expect(totals.packets).toBe(packets);
    expect(c.queueDrops).toBe(0);
    const slots = c.exporters.all();
    expect(slots.map((s) => s.address).sort()).toEqual(['127.0.0.1', '127.0.0.2']);
    const one = slots.find((s) => s.address === '127.0.0.1')!;
    const two = slots.find((s) => s.address === '127.0.0.2')!;
    expect(one.counters.datagrams).toBe(4000);
    expect(two.counters.datagrams).toBe(2000);
    expect(totals.byExporter.get(one.index)).toBe(a.reduce((n, d) => n + d.records, 0));
    expect(totals.byExporter.get(two.index)).toBe(b.reduce((n, d) => n + d.records, 0));
  });

  it('keeps netflow and sflow listeners apart', async () => {
    const { c, totals } = await start({ sflow: { listen: ['127.0.0.1:0'] } });
    const sflowPort = c.listeners.find((l) => l.kind === 'sflow')!.port;
    // A NetFlow v5 datagram sent to the sFlow port is not sFlow: counted as an error, not decoded.
    await sendFromWorker(sflowPort, '127.0.0.1', [datagram(3).bytes]);
    await until(() => c.exporters.all()[0]?.counters.datagrams === 1);
    expect(totals.records).toBe(0);
    expect([...c.exporters.all()[0]!.counters.errors].reduce((x, y) => x + y, 0)).toBe(1);
  });

  it('drops and counts per exporter when the ring is full, and decodes the rest intact', async () => {
    const { c, totals, port } = await start();
    const list = Array.from({ length: 1200 }, (_, k) => datagram(29 + 30 * k)); // 30 records, 1464 bytes each: ~1.8 MB against a 256 KiB ring
    const sending = sendFromWorker(
      port,
      '127.0.0.3',
      list.map((d) => d.bytes),
    );
    // This thread (the decoder) is stalled while the worker keeps receiving.
    const slot = (): number => c.queued + c.queueDrops;
    const end = Date.now() + 10_000;
    while (slot() < 1200 && Date.now() < end) blockFor(20);
    await sending;
    expect(c.queueDrops).toBeGreaterThan(0);
    await until(() => c.queued === 0);
    await new Promise((r) => setTimeout(r, 50));
    const ex = c.exporters.all()[0]!;
    expect(ex.queueDrops).toBe(c.queueDrops);
    expect(ex.counters.datagrams + ex.queueDrops).toBe(1200);
    expect(totals.records).toBe(ex.counters.datagrams * 30);
    // Every decoded datagram is whole: the packet sum is a sum over complete datagrams.
    const perDatagram = new Set(list.map((d) => d.packets));
    expect(perDatagram.size).toBeGreaterThan(1);
    expect(totals.packets).toBeGreaterThan(0);
  });

  it('decodes everything already received when stopped', async () => {
    const { c, totals, port } = await start({ receiveRingBytes: 8 << 20 });
    const list = Array.from({ length: 400 }, (_, k) => datagram(k));
    const sending = sendFromWorker(
      port,
      '127.0.0.1',
      list.map((d) => d.bytes),
    );
    const end = Date.now() + 10_000;
    while (c.queued < 400 && Date.now() < end) blockFor(10);
    // Checked and stopped before the event loop runs again: a turn of it would decode the ring.
    expect(c.queued).toBe(400);
    running.splice(running.indexOf(c), 1);
    const stopped = c.stop!();
    await sending;
    await stopped;
    expect(totals.records).toBe(list.reduce((n, d) => n + d.records, 0));
    expect(totals.packets).toBe(list.reduce((n, d) => n + d.packets, 0));
    // Stopping again is harmless (the thread has exited).
    await c.stop!();
  });

  it('fails to start with the address that could not be bound, leaving nothing bound', async () => {
    const taken = createSocket('udp4');
    await new Promise<void>((r) => taken.bind(0, '127.0.0.1', () => r()));
    const busy = taken.address().port;
    const free = createSocket('udp4');
    await new Promise<void>((r) => free.bind(0, '127.0.0.1', () => r()));
    const freePort = free.address().port;
    await new Promise<void>((r) => free.close(() => r()));
    const base = validateConfig({}).collector;
    const c = buildCollector(
      { ...base, netflow: { listen: [`127.0.0.1:${freePort}`] }, sflow: { listen: [`127.0.0.1:${busy}`] }, receiveThread: true },
      { clock: systemClock, logger: silentLogger(), metrics: createMetricsRegistry() },
    );
    await expect(c.start!()).rejects.toMatchObject({ code: 'SAKIMORI_ERR_COLLECTOR_BIND', message: expect.stringContaining(`127.0.0.1:${busy}`) });
    // The first listener was released: its port can be bound again.
    const again = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.bind(freePort, '127.0.0.1', () => resolve());
    });
    await new Promise<void>((r) => again.close(() => r()));
    await new Promise<void>((r) => taken.close(() => r()));
    await c.stop!();
  });
});
