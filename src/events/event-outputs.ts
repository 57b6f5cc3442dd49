/**
 * Event outputs: detection events (`attack.*`, `sighting.*`, `host.*`) delivered outside the
 * platform — JSON lines to a file or standard output, an exec hook, a webhook — each configured in
 * the `events` section and fed from the bus. Handlers only queue, so a slow file, hook or webhook
 * never holds up the bus or detection.
 *
 * @example
 * ```ts
 * // sakimori serve --events -   (the flag sets events.file.path)
 * const outputs = lifecycle.add(createEventOutputs(config.events, { clock, logger, metrics, bus }));
 * ```
 */
import type { Writable } from 'node:stream';
import { subjectMatches, type BusMessage, type EverySubject, type Subscription } from '../bus/bus.js';
import type { BaseDeps, Component } from '../core/component.js';
import type { EventsConfig } from './config.js';
import { eventJson } from './event-envelope.js';
import { createExecOutput } from './exec-output.js';
import { createJsonLinesOutput } from './json-lines-output.js';
import { registerEventOutputMetrics } from './metrics.js';
import type { EventOutput } from './output.js';
import { createWebhookOutput } from './webhook-output.js';

/** Dependencies of the event outputs. */
export interface EventOutputsDeps extends BaseDeps {
  /** Any bus: the outputs forward every subject as it is. */
  readonly bus: EverySubject;
  /** Where `file.path: '-'` writes; standard output by default. */
  readonly stdout?: Writable;
  /**
   * The message as it may leave through an output (a sighting's indicator carries the markings of
   * the intelligence it came from), or `undefined` to send nothing. Absent: every message as it is.
   */
  readonly release?: (m: BusMessage, output: EventOutput['name']) => BusMessage | undefined;
}

/** The event outputs component. */
export interface EventOutputs extends Component {
  /** The configured outputs (none when nothing is configured). */
  readonly outputs: readonly EventOutput[];
  /** Resolves once every event received so far is delivered or has failed. */
  flush(): Promise<void>;
}

/**
 * Creates the configured outputs; subscribes on `start()`. A file that cannot be opened fails
 * here, before anything starts.
 *
 * @throws `SAKIMORI_ERR_EVENTS_FILE_UNWRITABLE`
 */
export function createEventOutputs(config: EventsConfig, deps: EventOutputsDeps): EventOutputs {
  const logger = deps.logger.child({ component: 'event-outputs' });
  const outputs: EventOutput[] = [];
  const { path } = config.file;
  if (path !== null) outputs.push(createJsonLinesOutput({ ...config.file, path }, { logger, ...(deps.stdout === undefined ? {} : { stdout: deps.stdout }) }));
  const { command } = config.exec;
  if (command !== null) outputs.push(createExecOutput({ ...config.exec, command }, { logger }));
  const { url } = config.webhook;
  if (url !== null) outputs.push(createWebhookOutput({ ...config.webhook, url }, { logger, clock: deps.clock }));
  registerEventOutputMetrics(deps.metrics, outputs);
  let subscription: Subscription | undefined;

  const handle = (m: BusMessage): void => {
    let json: string | undefined;
    for (const o of outputs) {
      if (!o.subjects.some((p) => subjectMatches(p, m.subject))) continue;
      try {
        const out = deps.release === undefined ? m : deps.release(m, o.name);
        if (out === undefined) continue;
        // One serialisation per message, unless the release changed it for this output.
        const text = out === m ? (json ??= eventJson(m)) : eventJson(out);
        o.accept(out, text);
      } catch (err) {
        // An event that cannot be serialised is a bug upstream; it must not stop the others.
        o.counters.failed++;
        logger.error({ err, subject: m.subject, output: o.name }, 'event output failed');
      }
    }
  };

  return {
    name: 'event-outputs',
    outputs,
    async start() {
      if (outputs.length === 0 || subscription !== undefined) return;
      subscription = deps.bus.subscribe('>', handle);
      logger.info({ outputs: outputs.map((o) => ({ output: o.name, subjects: o.subjects })) }, 'event outputs started');
    },
    async stop() {
      subscription?.unsubscribe();
      subscription = undefined;
      const deadline = Date.now() + config.drainTimeoutMs;
      const cap = new Promise<void>((r) => setTimeout(r, config.drainTimeoutMs + 100).unref());
      await Promise.all(outputs.map((o) => Promise.race([o.close(deadline), cap])));
    },
    async flush() {
      await Promise.all(outputs.map((o) => o.flush()));
    },
  };
}
