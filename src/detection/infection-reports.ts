/**
 * Detection's side of infection reports: other parts (intelligence, when a protected host talked to
 * a C2 address) publish `detection.infection.reported`; this component hands each report to the
 * detector, which decides whether it becomes `host.infected` (only for protected addresses, at most
 * once per host and indicator within `outbound.reportIntervalSeconds`).
 */
import type { Logger } from 'pino';
import type { Subscription } from '../bus/bus.js';
import type { DetectionBus } from './event-schemas.js';
import type { Component } from '../core/component.js';
import type { Detector } from './detector.js';

/** Dependencies of the infection-report listener. */
export interface InfectionReportsDeps {
  readonly bus: DetectionBus;
  readonly detector: Pick<Detector, 'reportInfection'>;
  readonly logger: Logger;
}

/** Creates the listener; it subscribes at start and unsubscribes at stop. */
export function createInfectionReports(deps: InfectionReportsDeps): Component {
  let sub: Subscription | undefined;
  return {
    name: 'infection-reports',
    async start() {
      sub = deps.bus.subscribe('detection.infection.reported', (m) => {
        const accepted = deps.detector.reportInfection(m.data);
        deps.logger.debug({ address: m.data.address, indicator: m.data.indicator, origin: m.headers.origin, accepted }, 'infection report');
      });
    },
    async stop() {
      sub?.unsubscribe();
      sub = undefined;
    },
  };
}
