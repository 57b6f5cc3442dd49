import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Clock } from './clock.js';

/**
 * The one shape every component has: built by a `create(config, deps)` function, optionally
 * started and stopped. Components never import singletons; everything they use arrives in `deps`.
 */
export interface Component {
  /** Human-readable name used in logs and in start/stop ordering errors. */
  readonly name: string;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/** Dependencies every component receives. Component-specific deps extend this. */
export interface BaseDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Registry;
}

/**
 * Starts components in order and stops them in reverse order. If a start fails, the components
 * already started are stopped (in reverse) before the error is rethrown, so nothing is left running.
 */
export class Lifecycle {
  readonly #components: Component[] = [];
  readonly #started: Component[] = [];
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** Registers a component; returns it for convenient wiring. */
  add<C extends Component>(component: C): C {
    this.#components.push(component);
    return component;
  }

  async start(): Promise<void> {
    for (const c of this.#components) {
      if (this.#started.includes(c)) continue;
      try {
        await c.start?.();
        this.#started.push(c);
        this.#logger.debug({ component: c.name }, 'started');
      } catch (err) {
        this.#logger.error({ component: c.name, err }, 'start failed; stopping what was started');
        await this.stop();
        throw err;
      }
    }
  }

  async stop(): Promise<void> {
    while (this.#started.length > 0) {
      const c = this.#started.pop()!;
      try {
        await c.stop?.();
        this.#logger.debug({ component: c.name }, 'stopped');
      } catch (err) {
        this.#logger.error({ component: c.name, err }, 'stop failed');
      }
    }
  }
}
