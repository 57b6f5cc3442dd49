/**
 * The component that keeps incidents' deadlines current: every `intervalMs` it re-evaluates every
 * open incident (overdue states, lapsed correction orders flagged non-compliant), then announces the
 * deadlines due soon or overdue on the bus (`incident.deadline`, once per deadline and kind; see
 * `deadline-alerts.ts`). One run at a time; a failed run is logged and the next one tries again.
 */
import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.js';
import type { Component } from '../../core/component.js';
import { type DeadlineAlertDeps, sendDeadlineAlerts } from './deadline-alerts.js';
import type { IncidentService } from './incident-service.js';

/** Creates the clock component. */
export function createIncidentClock(
  incidents: Pick<IncidentService, 'reevaluate'>,
  deps: { readonly logger: Logger; readonly intervalMs: number; readonly clock: Clock; readonly alerts?: Omit<DeadlineAlertDeps, 'db'> & { readonly db: DeadlineAlertDeps['db'] } },
): Component {
  const logger = deps.logger.child({ component: 'incident-clock' });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const run = (): void => {
    if (running !== undefined) return;
    running = incidents
      .reevaluate({ onError: (incidentId, err) => logger.error({ err, incident: incidentId }, 'incident deadlines could not be evaluated') })
      .then(async () => {
        if (deps.alerts === undefined) return;
        const sent = await sendDeadlineAlerts(deps.alerts, deps.clock.now());
        if (sent > 0) logger.info({ alerts: sent }, 'incident deadlines announced');
      })
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
