/**
 * The component that keeps incidents' deadlines current: every `intervalMs` it re-evaluates every
 * open incident (overdue states, lapsed correction orders flagged non-compliant). One run at a time;
 * a failed run is logged and the next one tries again.
 */
import type { Logger } from 'pino';
import type { Component } from '../../core/component.js';
import type { IncidentService } from './incident-service.js';

/** Creates the clock component. */
export function createIncidentClock(incidents: Pick<IncidentService, 'reevaluate'>, deps: { readonly logger: Logger; readonly intervalMs: number }): Component {
  const logger = deps.logger.child({ component: 'incident-clock' });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const run = (): void => {
    if (running !== undefined) return;
    running = incidents
      .reevaluate({ onError: (incidentId, err) => logger.error({ err, incident: incidentId }, 'incident deadlines could not be evaluated') })
      .then(
        () => undefined,
        (err: unknown) => logger.error({ err }, 'incident deadlines could not be evaluated'),
      )
      .finally(() => {
        running = undefined;
      });
  };
  return {
    name: 'incident-clock',
    async start() {
      run();
      timer = setInterval(run, deps.intervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
