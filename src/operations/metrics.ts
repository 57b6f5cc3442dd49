/**
 * Metrics of lawful countermeasures, registered on the registry the component is given: requests
 * refused (by code), executions started and ended (by mechanism and outcome), rules with a
 * deadline in force now, and emergency reviews escalated.
 */
import { Counter, Gauge, type Registry } from 'prom-client';

/** The operations metrics. */
export interface OperationsMetrics {
  readonly refusals: Counter<'code'>;
  readonly executions: Counter<'mechanism' | 'outcome'>;
  readonly escalations: Counter;
}

function once<T>(registry: Registry, name: string, make: () => T): T {
  // Several components may share one registry (tests, restarts): register each metric once.
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

/** Where the gauge reads from: the latest component created on each registry. */
const liveProviders = new WeakMap<Registry, () => number>();

/** Registers (or finds) the operations metrics; `live` reports executions with a deadline now. */
export function createOperationsMetrics(registry: Registry, live: () => number): OperationsMetrics {
  liveProviders.set(registry, live);
  once(
    registry,
    'sakimori_operations_live_executions',
    () =>
      new Gauge({
        name: 'sakimori_operations_live_executions',
        help: 'Executions in force with a stored deadline',
        registers: [registry],
        collect() {
          this.set(liveProviders.get(registry)?.() ?? 0);
        },
      }),
  );
  return {
    refusals: once(
      registry,
      'sakimori_operations_refusals_total',
      () => new Counter({ name: 'sakimori_operations_refusals_total', help: 'Operations refused, by error code', labelNames: ['code'], registers: [registry] }),
    ),
    executions: once(
      registry,
      'sakimori_operations_executions_total',
      () =>
        new Counter({
          name: 'sakimori_operations_executions_total',
          help: 'Executions by mechanism and outcome (started, failed, completed, expired, withdrawn, withdrawal_ordered)',
          labelNames: ['mechanism', 'outcome'],
          registers: [registry],
        }),
    ),
    escalations: once(
      registry,
      'sakimori_operations_review_escalations_total',
      () => new Counter({ name: 'sakimori_operations_review_escalations_total', help: 'Emergency reviews escalated after their deadline', registers: [registry] }),
    ),
  };
}
