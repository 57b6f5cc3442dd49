/**
 * Logs detection's events for operators watching the console output: each attack's start (with
 * the time it took to detect from its onset, its estimated rate and, for carpet bombing, what it
 * hits) and end, and each infected host, one line each (updates, once a second per attack, stay
 * out of the log).
 */
import type { Logger } from 'pino';
import type { Subscription } from '../bus/bus.js';
import type { DetectionBus } from './event-schemas.js';
import type { Component } from '../core/component.js';

const rate = (pps: number, bps: number): string => `${Math.round(pps).toLocaleString('en')} pps, ${(bps / 1e6).toFixed(1)} Mbps`;

/** Creates the logging subscriber. */
export function createAttackLog(deps: { readonly bus: DetectionBus; readonly logger: Logger }): Component {
  const { bus, logger } = deps;
  const subs: Subscription[] = [];
  return {
    name: 'attack-log',
    async start() {
      subs.push(
        bus.subscribe('attack.started', ({ data: e }) => {
          const hits = e.extent === undefined ? '' : `; hits ${e.extent.prefixes.map((p) => p.prefix).join(', ')}`;
          logger.warn(
            {
              attack: e.attackId,
              scope: e.scope,
              target: e.target,
              network: e.networkPrefix,
              vectors: e.vectors.map((v) => v.vector),
              detectedInMs: e.detectedAt - e.startedAt,
              ...(e.extent === undefined ? {} : { extent: e.extent.prefixes.map((p) => p.prefix) }),
            },
            `attack started on ${e.target}: ${e.trigger.class} ${e.trigger.metric} ${Math.round(e.trigger.rate)} over threshold ${Math.round(e.trigger.threshold)}; about ${rate(e.rates.total.pps, e.rates.total.bps)} (estimated from the first ${e.ratesEstimate.coveredMs} ms)${hits}`,
          );
        }),
        bus.subscribe('attack.ended', ({ data: e }) => {
          logger.warn(
            { attack: e.attackId, target: e.target, durationSeconds: e.durationSeconds, sources: e.sourceCount, reason: e.reason },
            `attack ended on ${e.target} after ${e.durationSeconds} s; peak ${rate(e.peak.total.pps, e.peak.total.bps)}`,
          );
        }),
        bus.subscribe('host.infected', ({ data: e }) => {
          logger.warn({ host: e.host, network: e.networkPrefix, evidence: e.evidence.kind }, `host ${e.host} likely infected (${e.evidence.kind})`);
        }),
      );
    },
    async stop() {
      for (const s of subs) s.unsubscribe();
    },
  };
}
