/**
 * Prometheus metrics of the detector. Values are read from the engine's plain counters at scrape
 * time (`collect`), so the record path only increments numbers.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { DetectionEngine } from './detection-engine.js';

/** Registers the detector's metrics on `registry`. */
export function registerDetectionMetrics(registry: Registry, engine: DetectionEngine): void {
  const st = engine.state;
  const c = st.counters;
  const tc = engine.tracker.counters;
  const counter = (name: string, help: string, labelNames: string[], read: () => Array<[Record<string, string>, number]>): void => {
    new Counter({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const [labels, v] of read()) this.inc(labels, v);
      },
    });
  };
  const gauge = (name: string, help: string, labelNames: string[], read: () => Array<[Record<string, string>, number]>): void => {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const [labels, v] of read()) this.set(labels, v);
      },
    });
  };
  const tables = (): Array<['inbound' | 'outbound', NonNullable<typeof st.outHosts>]> =>
    st.outHosts === undefined
      ? [['inbound', st.hosts]]
      : [
          ['inbound', st.hosts],
          ['outbound', st.outHosts],
        ];

  counter('sakimori_detection_records_total', 'Flow records seen by the detector, by outcome', ['result'], () => [
    [{ result: 'accepted' }, c.accepted],
    [{ result: 'unprotected' }, c.unprotected],
    [{ result: 'allowlisted' }, c.allowlisted],
    [{ result: 'implausible' }, c.implausible],
    [{ result: 'late' }, c.late],
    [{ result: 'delayed' }, c.delayed],
  ]);
  counter('sakimori_detection_records_adjusted_total', 'Records whose times were corrected (reversed start/end, ahead of the clock)', ['kind'], () => [
    [{ kind: 'reversed' }, c.reversed],
    [{ kind: 'future' }, c.future],
  ]);
  counter('sakimori_detection_clock_steps_total', 'Times the detector clock stepped back by more than the window', [], () => [[{}, c.clockSteps]]);
  counter('sakimori_detection_exporter_clock_adjustments_total', 'Exporter clock offsets adopted', [], () => [[{}, st.exporterClock.adjustments]]);
  gauge('sakimori_detection_tracked_hosts', 'Addresses with per-second rates kept', ['direction'], () => tables().map(([d, t]) => [{ direction: d }, t.live]));
  counter('sakimori_detection_host_evictions_total', 'Tracked addresses evicted (idle, or displaced when the table was full)', ['direction'], () =>
    tables().map(([d, t]) => [{ direction: d }, t.evictions]),
  );
  counter('sakimori_detection_host_table_drops_total', 'Records not tracked per host because the table was full of active addresses', ['direction'], () =>
    tables().map(([d, t]) => [{ direction: d }, t.drops]),
  );
  gauge('sakimori_detection_attacks_active', 'Active detections by scope', ['scope'], () => (['host', 'prefix', 'outbound'] as const).map((s) => [{ scope: s }, engine.tracker.count(s)]));
  counter('sakimori_detection_attacks_started_total', 'Detections started by scope', ['scope'], () => Object.entries(tc.started).map(([s, v]) => [{ scope: s }, v]));
  counter('sakimori_detection_attacks_ended_total', 'Detections ended by scope', ['scope'], () => Object.entries(tc.ended).map(([s, v]) => [{ scope: s }, v]));
  counter('sakimori_detection_attacks_refused_total', 'Threshold crossings not acted on because maxAttacks detections were active', [], () => [[{}, tc.refused]]);
  counter('sakimori_detection_infected_hosts_total', 'host.infected events published', [], () => [[{}, engine.infections.published]]);
  counter('sakimori_detection_processing_seconds_total', 'Time spent processing flow batches', [], () => [[{}, c.processingSeconds]]);
}
