import { Counter, Gauge, type Registry } from 'prom-client';

/** Metrics of the audit log. */
export interface AuditMetrics {
  readonly appended: Counter;
  readonly treeSize: Gauge;
  readonly checkpoints: Counter;
  readonly storeFailures: Counter;
}

/** Registers the audit log's metrics on `registry`. */
export function createAuditMetrics(registry: Registry): AuditMetrics {
  const registers = [registry];
  return {
    appended: new Counter({ name: 'sakimori_audit_entries_appended_total', help: 'Audit entries durably appended', registers }),
    treeSize: new Gauge({ name: 'sakimori_audit_tree_size', help: 'Entries in the audit log', registers }),
    checkpoints: new Counter({ name: 'sakimori_audit_checkpoints_signed_total', help: 'Audit checkpoints signed', registers }),
    storeFailures: new Counter({ name: 'sakimori_audit_store_failures_total', help: 'Failed audit store writes (each stops the log)', registers }),
  };
}
