/**
 * The demo's simulated exporters: the built-in `demo` scenario run in real time in the serve
 * process, sending real NetFlow v9, IPFIX and sFlow datagrams over loopback to the collector's own
 * listeners — each exporter from its own 127.0.1.x address, as separate routers would.
 */
import type { Logger } from 'pino';
import type { ListenerInfo } from '../collector/collector.js';
import type { Component } from '../core/component.js';
import { createSimulation, loadScenarioFile, runSimulation, UdpSink, type Scenario } from '../simulator/index.js';

/** The demo scenario, for its thresholds. */
export function demoScenario(): Scenario {
  return loadScenarioFile('demo');
}

/** Dependencies of the demo exporters: the collector's listeners (bound once it started) and the log. */
export interface DemoExportersDeps {
  readonly listeners: () => readonly ListenerInfo[];
  readonly logger: Logger;
}

/** Creates the demo exporters running `scenario`; they start sending on `start()` and stop on `stop()`. */
export function createDemoExporters(scenario: Scenario, deps: DemoExportersDeps): Component {
  const { listeners, logger } = deps;
  const abort = new AbortController();
  let running: Promise<unknown> | undefined;
  return {
    name: 'demo-exporters',
    async start() {
      const l = listeners();
      const target = (kind: 'netflow' | 'sflow') => {
        const x = l.find((i) => i.kind === kind && !i.address.includes(':'));
        return x === undefined ? undefined : { host: x.address, port: x.port };
      };
      const sim = createSimulation(scenario, {});
      const sink = await UdpSink.open(sim.exporters, { netflow: target('netflow'), sflow: target('sflow'), bindAddress: (e) => `127.0.1.${e.index + 1}` });
      logger.info({ scenario: scenario.name, exporters: sim.exporters.map((e) => `${e.format} 127.0.1.${e.index + 1}`) }, 'demo exporters sending simulated flow export');
      running = runSimulation(sim, { sinks: [sink], speed: 1, signal: abort.signal }).catch((err: unknown) => logger.error({ err }, 'demo exporters failed'));
    },
    async stop() {
      // The run closes its sink when it ends (aborted or not).
      abort.abort();
      await running;
    },
  };
}
