/**
 * In-process bus: the embedded default. Delivery is asynchronous (a microtask after publish) and in
 * publish order per subscriber; a failing handler is logged and counted, never propagated.
 */
import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.js';
import { subjectMatches, type Bus, type BusHandler, type BusMessage, type Subscription } from '../bus.js';

/** Creates an in-process bus. */
export function createMemoryBus(deps: { clock: Clock; logger: Logger }): Bus & { readonly handlerErrors: number } {
  const subs = new Set<{ pattern: string; handler: BusHandler }>();
  let chain: Promise<void> = Promise.resolve();
  let handlerErrors = 0;
  const deliver = async (m: BusMessage): Promise<void> => {
    for (const s of [...subs]) {
      if (!subjectMatches(s.pattern, m.subject)) continue;
      try {
        await s.handler(m);
      } catch (err) {
        handlerErrors++;
        deps.logger.error({ err, subject: m.subject }, 'bus handler failed');
      }
    }
  };
  return {
    get handlerErrors() {
      return handlerErrors;
    },
    publish<T>(subject: string, data: T): Promise<void> {
      const m: BusMessage = { subject, data, time: deps.clock.now() };
      chain = chain.then(() => deliver(m));
      return Promise.resolve();
    },
    subscribe<T>(pattern: string, handler: BusHandler<T>): Subscription {
      const s = { pattern, handler: handler as BusHandler };
      subs.add(s);
      return { unsubscribe: () => void subs.delete(s) };
    },
    flush(): Promise<void> {
      return chain;
    },
  };
}
