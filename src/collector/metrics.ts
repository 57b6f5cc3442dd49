/**
 * Prometheus metrics of the collector. Values are read from the exporter counters at scrape time
 * (`collect`), so the hot path only increments plain numbers.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import { DECODE_ERROR_NAMES } from '../flow/decoder.js';
import type { ExporterTable } from './exporter-table.js';

/** Registers the collector's metrics on `registry`. */
export function registerCollectorMetrics(registry: Registry, src: { exporters: ExporterTable; queued: () => number; overflowDrops: () => number }): void {
  const { exporters } = src;
  const perExporter = (name: string, help: string, read: (s: ReturnType<ExporterTable['all']>[number]) => number): void => {
    new Counter({
      name,
      help,
      labelNames: ['exporter'],
      registers: [registry],
      collect() {
        this.reset();
        for (const s of exporters.all()) this.inc({ exporter: s.address }, read(s));
      },
    });
  };
  perExporter('sakimori_collector_datagrams_total', 'Export datagrams received per exporter', (s) => s.counters.datagrams);
  perExporter('sakimori_collector_bytes_total', 'Export datagram bytes received per exporter', (s) => s.counters.bytes);
  perExporter('sakimori_collector_records_total', 'Flow records decoded per exporter', (s) => s.counters.records);
  perExporter('sakimori_collector_template_misses_total', 'Data sets skipped for want of a template', (s) => s.counters.templateMisses);
  perExporter('sakimori_collector_sequence_gaps_total', 'Sequence number discontinuities per exporter', (s) => s.counters.sequenceGaps);
  perExporter('sakimori_collector_lost_records_total', 'Records estimated lost from sequence numbers', (s) => s.counters.lostRecords);
  perExporter('sakimori_collector_queue_drops_total', 'Datagrams dropped because the decode queue was full', (s) => s.queueDrops);
  new Counter({
    name: 'sakimori_collector_decode_errors_total',
    help: 'Decode errors per exporter and kind',
    labelNames: ['exporter', 'kind'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of exporters.all()) {
        const e = s.counters.errors;
        for (let k = 0; k < e.length; k++) if (e[k]! > 0) this.inc({ exporter: s.address, kind: DECODE_ERROR_NAMES[k]! }, e[k]!);
      }
    },
  });
  new Counter({
    name: 'sakimori_collector_exporter_overflow_drops_total',
    help: 'Datagrams dropped because the exporter table was full',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(src.overflowDrops());
    },
  });
  new Gauge({
    name: 'sakimori_collector_queue_datagrams',
    help: 'Datagrams waiting to be decoded',
    registers: [registry],
    collect() {
      this.set(src.queued());
    },
  });
  new Gauge({
    name: 'sakimori_collector_exporters',
    help: 'Exporters known to the collector',
    registers: [registry],
    collect() {
      this.set(exporters.size);
    },
  });
}
