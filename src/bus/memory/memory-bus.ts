/**
 * In-process bus: the embedded default. Messages are checked against the catalogue, stamped with
 * headers and kept in a bounded in-memory stream (`retain` messages) that replay and durable
 * consumers read. Every subscription has its own queue and runs its handler one message at a time,
 * a microtask after publish, in publish order; a slow subscriber delays no other. An ephemeral
 * subscription drops (and counts) what does not fit its queue; durable and queue consumers read
 * the stream at their own pace and redeliver what a handler failed, up to `maxDeliveries`.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Clock } from '../../core/clock.js';
import { subjectMatches, type Bus, type BusHandler, type BusHeaders, type BusMessage, type BusStats, type Catalogue, type DeadLetter, type StartPosition, type Subscription } from '../bus.js';
import { registerBusMetrics } from '../bus-metrics.js';
import { DEFAULT_BUS_OPTIONS, type BusOptions } from '../bus-options.js';
import { ERR_BUS_CLOSED, ERR_BUS_CONSUMER_PATTERN } from '../errors.js';
import { DuplicateWindow, Receipt } from '../receipt.js';

/** Configuration of the in-process bus. */
export interface MemoryBusConfig<C extends Catalogue> extends Partial<BusOptions> {
  readonly catalogue: C;
  /** Messages kept for replay and for durable consumers that fall behind. */
  readonly retain?: number;
}

/** Dependencies of the in-process bus; with `metrics`, its counters are exported. */
export interface MemoryBusDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics?: Registry | undefined;
}

/** Messages kept by default. */
export const DEFAULT_RETAIN = 10_000;

interface Entry {
  readonly sequence: number;
  readonly subject: string;
  readonly data: unknown;
  readonly time: number;
  readonly headers: BusHeaders;
}

interface Pending {
  readonly entry: Entry;
  readonly deliveries: number;
}

interface Member {
  readonly handler: BusHandler;
  busy: boolean;
}

interface Consumer {
  readonly name: string;
  readonly pattern: string;
  /** Durable and queue consumers read the stream and redeliver; ephemeral ones are pushed to. */
  readonly pull: boolean;
  readonly durable: boolean;
  readonly maxDepth: number;
  readonly maxDeliveries: number;
  /** Next stream sequence a pull consumer looks at. */
  cursor: number;
  /** Ephemeral: messages waiting; pull: messages to deliver again. */
  readonly queue: Pending[];
  readonly members: Member[];
}

/** Creates an in-process bus. */
export function createMemoryBus<C extends Catalogue>(config: MemoryBusConfig<C>, deps: MemoryBusDeps): Bus<C> {
  const options: BusOptions = { ...DEFAULT_BUS_OPTIONS, ...definedOnly(config) };
  const retain = config.retain ?? DEFAULT_RETAIN;
  const name = `memory:${options.site}`;
  const receipt = new Receipt(config.catalogue, options.deadLetters, () => deps.clock.now());
  const stats = receipt.stats;
  const duplicates = new DuplicateWindow(options.duplicateWindowMs);
  const log: Entry[] = [];
  let nextSequence = 1;
  const consumers = new Map<string, Consumer>();
  let waiters: (() => void)[] = [];
  let closed = false;
  if (deps.metrics !== undefined) registerBusMetrics(deps.metrics, () => stats);

  const firstSequence = (): number => log[0]?.sequence ?? nextSequence;

  const fromLog = (c: Consumer): Pending | undefined => {
    if (c.cursor < firstSequence()) {
      // Fell behind the retained stream: what was forgotten is lost to this consumer.
      stats.dropped += firstSequence() - c.cursor;
      c.cursor = firstSequence();
    }
    while (c.cursor < nextSequence) {
      const entry = log[c.cursor - firstSequence()]!;
      c.cursor++;
      if (subjectMatches(c.pattern, entry.subject)) return { entry, deliveries: 1 };
    }
    return undefined;
  };

  const idle = (): boolean => {
    for (const c of consumers.values()) {
      if (c.members.length === 0) continue;
      if (c.members.some((m) => m.busy) || c.queue.length > 0) return false;
      if (c.pull && c.cursor < nextSequence) return false;
    }
    return true;
  };

  const settle = (): void => {
    if (waiters.length === 0 || !idle()) return;
    const ready = waiters;
    waiters = [];
    for (const w of ready) w();
  };

  const run = async (c: Consumer, member: Member, p: Pending): Promise<void> => {
    const { entry } = p;
    const message: BusMessage = { subject: entry.subject, data: entry.data, time: entry.time, headers: entry.headers, sequence: entry.sequence, deliveries: p.deliveries };
    stats.delivered++;
    try {
      await member.handler(message);
    } catch (err) {
      stats.handlerErrors++;
      deps.logger.error({ err, subject: entry.subject, consumer: c.name, deliveries: p.deliveries }, 'bus handler failed');
      if (c.pull) {
        if (p.deliveries >= c.maxDeliveries) receipt.giveUp(entry.subject, entry.data, entry.headers, c.name, err);
        else {
          stats.redelivered++;
          c.queue.unshift({ entry, deliveries: p.deliveries + 1 });
        }
      }
    }
    member.busy = false;
    pump(c);
    settle();
  };

  const pump = (c: Consumer): void => {
    if (closed) return;
    for (const member of c.members) {
      if (member.busy) continue;
      const next = c.queue.shift() ?? (c.pull ? fromLog(c) : undefined);
      if (next === undefined) return;
      member.busy = true;
      // A microtask later: a handler never runs inside publish().
      void Promise.resolve().then(() => run(c, member, next));
    }
  };

  const startCursor = (start: StartPosition | undefined): number => {
    switch (start?.kind ?? 'new') {
      case 'new':
        return nextSequence;
      case 'all':
        return firstSequence();
      case 'sequence':
        return Math.max((start as { sequence: number }).sequence, firstSequence());
      case 'time': {
        const t = (start as { time: number }).time;
        return log.find((e) => e.time >= t)?.sequence ?? nextSequence;
      }
    }
  };

  return {
    name,
    catalogue: config.catalogue,
    publish(subject, data, publishOptions) {
      if (closed) return Promise.reject(new ERR_BUS_CLOSED(name));
      const now = deps.clock.now();
      const headers: BusHeaders = { id: publishOptions?.id ?? randomUUID(), marking: publishOptions?.marking ?? options.marking, origin: options.site };
      if (duplicates.seen(headers.id, now)) {
        stats.duplicates++;
        return Promise.resolve();
      }
      stats.published++;
      if (!receipt.accept(subject, data, headers)) return Promise.resolve();
      const entry: Entry = { sequence: nextSequence++, subject, data, time: now, headers };
      log.push(entry);
      if (log.length > retain) log.shift();
      for (const c of consumers.values()) {
        if (c.pull || !subjectMatches(c.pattern, subject)) continue;
        if (c.queue.length >= c.maxDepth) stats.dropped++;
        else c.queue.push({ entry, deliveries: 1 });
      }
      for (const c of consumers.values()) pump(c);
      return Promise.resolve();
    },
    subscribe(pattern, handler, subscribeOptions = {}): Subscription {
      if (closed) throw new ERR_BUS_CLOSED(name);
      const member: Member = { handler: handler as BusHandler, busy: false };
      const pull = subscribeOptions.durable !== undefined || subscribeOptions.queue !== undefined;
      const key =
        subscribeOptions.durable !== undefined ? `durable:${subscribeOptions.durable}` : subscribeOptions.queue !== undefined ? `queue:${subscribeOptions.queue}` : `ephemeral:${randomUUID()}`;
      let c = consumers.get(key);
      if (c !== undefined && c.pattern !== pattern) throw new ERR_BUS_CONSUMER_PATTERN(key, c.pattern, pattern);
      if (c === undefined) {
        const cursor = startCursor(subscribeOptions.start);
        c = {
          name: key,
          pattern,
          pull,
          durable: subscribeOptions.durable !== undefined,
          maxDepth: subscribeOptions.maxDepth ?? options.maxDepth,
          maxDeliveries: subscribeOptions.maxDeliveries ?? options.maxDeliveries,
          cursor,
          // A replaying ephemeral subscription starts with the stream from its start position.
          queue: pull ? [] : log.filter((e) => e.sequence >= cursor && subjectMatches(pattern, e.subject)).map((entry) => ({ entry, deliveries: 1 })),
          members: [],
        };
        consumers.set(key, c);
      }
      const consumer = c;
      consumer.members.push(member);
      pump(consumer);
      return {
        unsubscribe() {
          const i = consumer.members.indexOf(member);
          if (i >= 0) consumer.members.splice(i, 1);
          if (consumer.members.length === 0 && !consumer.durable) consumers.delete(key);
          settle();
        },
      };
    },
    flush() {
      for (const c of consumers.values()) pump(c);
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        settle();
      });
    },
    stats: (): Readonly<BusStats> => ({ ...stats }),
    deadLetters: (): readonly DeadLetter[] => receipt.deadLetters(),
    async start() {},
    async stop() {
      if (closed) return;
      closed = true;
      // Let the handlers that are running finish; nothing new starts.
      for (const c of consumers.values()) c.queue.length = 0;
      await new Promise<void>((resolve) => {
        const check = (): void => {
          if ([...consumers.values()].some((c) => c.members.some((m) => m.busy))) setImmediate(check);
          else resolve();
        };
        check();
      });
      consumers.clear();
      settle();
    },
  };
}

/** The options actually given (an `undefined` one keeps its default). */
function definedOnly(config: object): Partial<BusOptions> {
  return Object.fromEntries(Object.entries(config).filter(([k, v]) => v !== undefined && k !== 'catalogue' && k !== 'retain')) as Partial<BusOptions>;
}
