/**
 * Persists detection's lifecycle events: a durable consumer of `attack.*` that writes each event to
 * the {@link AttackStore} in order (the bus hands it the next event once the last is written, and
 * holds back rather than drops while the store is slow). A failed write is logged and counted;
 * detection never waits.
 */
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { Subscription } from '../../bus/bus.js';
import type { DetectionBus } from '../event-schemas.js';
import type { Component } from '../../core/component.js';
import type { DetectionEvent } from '../attack.js';
import type { AttackStore } from './attack-store.js';

/** The recorder component. */
export interface AttackRecorder extends Component {
  /** Resolves when every event received so far is written. */
  idle(): Promise<void>;
}

/** Creates the recorder. */
export function createAttackRecorder(deps: { bus: DetectionBus; store: AttackStore; logger: Logger; metrics: Registry }): AttackRecorder {
  let sub: Subscription | undefined;
  let writing: Promise<void> = Promise.resolve();
  const failures = new Counter({ name: 'sakimori_attack_store_failures_total', help: 'Attack events that could not be stored', registers: [deps.metrics] });
  const write = async (e: DetectionEvent): Promise<void> => {
    try {
      if (e.kind === 'attack.started') await deps.store.started(e);
      else if (e.kind === 'attack.updated') await deps.store.updated(e);
      else if (e.kind === 'attack.ended') await deps.store.ended(e);
    } catch (err) {
      failures.inc();
      deps.logger.error({ err, attack: 'attackId' in e ? e.attackId : undefined, kind: e.kind }, 'could not store attack event');
    }
  };
  return {
    name: 'attack-recorder',
    async start() {
      const closed = await deps.store.closeInterrupted();
      if (closed > 0) deps.logger.warn({ attacks: closed }, 'closed attacks left active by a previous run');
      sub = deps.bus.subscribe(
        'attack.*',
        (m) => {
          writing = write(m.data);
          return writing;
        },
        { durable: 'attack-recorder' },
      );
    },
    async stop() {
      sub?.unsubscribe();
      await writing;
    },
    idle: () => writing,
  };
}
