/** Prometheus metrics of the event outputs, read from their counters at scrape time. */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { EventOutput } from './output.js';

/** Registers the metrics of `outputs` on `registry`. */
export function registerEventOutputMetrics(registry: Registry, outputs: readonly EventOutput[]): void {
  const counter = (name: string, help: string, labelNames: string[], read: (o: EventOutput) => Array<[Record<string, string>, number]>): void => {
    new Counter({
      name,
      help,
      labelNames: ['output', ...labelNames],
      registers: [registry],
      collect() {
        this.reset();
        for (const o of outputs) for (const [l, v] of read(o)) this.inc({ output: o.name, ...l }, v);
      },
    });
  };
  counter('sakimori_event_outputs_delivered_total', 'Events delivered by an output (written, hook exited 0, webhook answered 2xx)', [], (o) => [[{}, o.counters.delivered]]);
  counter('sakimori_event_outputs_failed_total', 'Events an output failed to deliver for good', [], (o) => [[{}, o.counters.failed]]);
  counter('sakimori_event_outputs_retries_total', 'Delivery attempts repeated after a retryable failure', [], (o) => [[{}, o.counters.retries]]);
  counter('sakimori_event_outputs_dropped_total', 'Events dropped without an attempt, by reason', ['reason'], (o) => Object.entries(o.counters.dropped).map(([reason, v]) => [{ reason }, v]));
  new Gauge({
    name: 'sakimori_event_outputs_pending',
    help: 'Events waiting or in progress per output (bytes for the file output)',
    labelNames: ['output'],
    registers: [registry],
    collect() {
      this.reset();
      for (const o of outputs) this.set({ output: o.name }, o.pending());
    },
  });
}
