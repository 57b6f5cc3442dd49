/**
 * Traffic meter: a flow consumer that sums records and renormalised packets/bytes per exporter,
 * exposes them as Prometheus counters and logs per-exporter rates at an interval, so an operator
 * sees at once that exports arrive and how much traffic they describe.
 */
import { Counter, type Registry } from 'prom-client';
import type { CollectorConfig } from './config.js';
import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import type { Component } from '../core/component.js';
import type { ExporterView, FlowConsumer } from '../flow/consumer.js';
import { FLOW_FORMAT_NAMES, type FlowBatch } from '../flow/flow-batch.js';

/** Cumulative and per-interval traffic per exporter. */
export interface TrafficMeter extends FlowConsumer, Component {
  /** Totals per exporter index: records, packets, bytes (renormalised) and the formats seen (`ipfix+sflow`). */
  totals(index: number): { records: number; packets: number; bytes: number; format: string };
}

/** Names of the formats in a bit mask of `1 << FlowFormat`, joined with `+`. */
function formatNames(mask: number): string {
  const names: string[] = [];
  for (const [v, n] of Object.entries(FLOW_FORMAT_NAMES)) if ((mask & (1 << Number(v))) !== 0) names.push(n);
  return names.length === 0 ? 'unknown' : names.join('+');
}

/** Creates a traffic meter that logs every `trafficLogSeconds` (0 disables the log). */
export function createTrafficMeter(config: Pick<CollectorConfig, 'trafficLogSeconds'>, deps: { clock: Clock; logger: Logger; metrics: Registry }): TrafficMeter {
  const intervalMs = config.trafficLogSeconds * 1000;
  let records = new Float64Array(64);
  let packets = new Float64Array(64);
  let bytes = new Float64Array(64);
  let formats = new Uint8Array(64);
  let last = { records: new Float64Array(64), packets: new Float64Array(64), bytes: new Float64Array(64) };
  let lastAt = deps.clock.now();
  let table: ExporterView | undefined;
  let timer: NodeJS.Timeout | undefined;

  const grow = (n: number): void => {
    if (n <= records.length) return;
    const size = Math.max(n, records.length * 2);
    const g = <T extends Float64Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    records = g(records);
    packets = g(packets);
    bytes = g(bytes);
    formats = g(formats);
    last = { records: g(last.records), packets: g(last.packets), bytes: g(last.bytes) };
  };

  for (const [name, help, arr] of [
    ['sakimori_flow_records_total', 'Flow records per exporter', () => records],
    ['sakimori_flow_packets_total', 'Packets described by flow records (renormalised by sampling rate) per exporter', () => packets],
    ['sakimori_flow_bytes_total', 'Bytes described by flow records (renormalised by sampling rate) per exporter', () => bytes],
  ] as const) {
    new Counter({
      name,
      help,
      labelNames: ['exporter'],
      registers: [deps.metrics],
      collect() {
        this.reset();
        if (table === undefined) return;
        const a = arr();
        for (const s of table.all()) this.inc({ exporter: s.address }, a[s.index] ?? 0);
      },
    });
  }

  const report = (): void => {
    if (table === undefined) return;
    const now = deps.clock.now();
    const secs = Math.max(0.001, (now - lastAt) / 1000);
    for (const s of table.all()) {
      const i = s.index;
      const dr = records[i]! - last.records[i]!;
      if (dr === 0) continue;
      deps.logger.info(
        {
          exporter: s.address,
          format: formatNames(formats[i]!),
          flowsPerSecond: Math.round(dr / secs),
          packetsPerSecond: Math.round((packets[i]! - last.packets[i]!) / secs),
          bitsPerSecond: Math.round(((bytes[i]! - last.bytes[i]!) * 8) / secs),
          decodeErrors: s.counters.errorTotal,
          lostRecords: s.counters.lostRecords,
        },
        'exporter traffic',
      );
    }
    last.records.set(records);
    last.packets.set(packets);
    last.bytes.set(bytes);
    lastAt = now;
  };

  return {
    name: 'traffic-meter',
    consume(batch: FlowBatch, exporters: ExporterView) {
      table = exporters;
      grow(exporters.size);
      const ex = batch.exporter;
      for (let i = 0; i < batch.length; i++) {
        const e = ex[i]!;
        records[e]!++;
        packets[e]! += batch.scaledPackets[i]!;
        bytes[e]! += batch.scaledBytes[i]!;
        formats[e]! |= 1 << batch.format[i]!;
      }
    },
    totals(index) {
      return { records: records[index] ?? 0, packets: packets[index] ?? 0, bytes: bytes[index] ?? 0, format: formatNames(formats[index] ?? 0) };
    },
    async start() {
      if (intervalMs > 0) {
        timer = setInterval(report, intervalMs);
        timer.unref();
      }
    },
    async stop() {
      if (timer !== undefined) clearInterval(timer);
    },
  };
}
