/**
 * Prometheus metrics of indicator matching and sightings, read from plain counters at scrape time
 * so the flow path only increments numbers.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { IndicatorSet } from './indicator-set.js';
import type { SightingTracker } from './sighting-tracker.js';

/** Counters the sightings component keeps beside the tracker's. */
export interface SightingsCounters {
  published: { new: number; updated: number };
  flushFailures: number;
  infectionsReported: number;
  scanSeconds: number;
}

/** Registers the metrics on `registry`. */
export function registerIntelMetrics(registry: Registry, set: IndicatorSet, tracker: SightingTracker, counters: SightingsCounters): void {
  const metric = (Kind: typeof Counter | typeof Gauge, name: string, help: string, labelNames: string[], read: () => Array<[Record<string, string>, number]>): void => {
    if (Kind === Counter) {
      new Counter({
        name,
        help,
        labelNames,
        registers: [registry],
        collect() {
          this.reset();
          for (const [l, v] of read()) this.inc(l, v);
        },
      });
    } else {
      new Gauge({
        name,
        help,
        labelNames,
        registers: [registry],
        collect() {
          this.reset();
          for (const [l, v] of read()) this.set(l, v);
        },
      });
    }
  };
  const c = tracker.counters;
  metric(Gauge, 'sakimori_intel_indicators', 'Indicators in the live set', [], () => [[{}, set.size]]);
  metric(Gauge, 'sakimori_intel_indicator_set_version', 'Changes made to the indicator set since start', [], () => [[{}, set.version]]);
  metric(Counter, 'sakimori_intel_records_total', 'Flow records matched against the indicators', [], () => [[{}, c.records]]);
  metric(Counter, 'sakimori_intel_matches_total', 'Flow record ends that matched an indicator, by outcome', ['result'], () => [
    [{ result: 'recorded' }, c.matches - c.unprotected - tracker.table.drops],
    [{ result: 'unprotected' }, c.unprotected],
    [{ result: 'table_full' }, tracker.table.drops],
  ]);
  metric(Gauge, 'sakimori_intel_sightings_tracked', '(indicator, host) pairs held in memory', [], () => [[{}, tracker.table.live]]);
  metric(Counter, 'sakimori_intel_sightings_published_total', 'Sighting events published', ['kind'], () => [
    [{ kind: 'new' }, counters.published.new],
    [{ kind: 'updated' }, counters.published.updated],
  ]);
  metric(Counter, 'sakimori_intel_flush_failures_total', 'Sighting flushes that storage refused (retried at the next flush)', [], () => [[{}, counters.flushFailures]]);
  metric(Counter, 'sakimori_intel_infections_reported_total', 'Hosts reported infected because they contacted a C2 indicator', [], () => [[{}, counters.infectionsReported]]);
  metric(Counter, 'sakimori_intel_processing_seconds_total', 'Time spent matching flow batches', [], () => [[{}, counters.scanSeconds]]);
}
