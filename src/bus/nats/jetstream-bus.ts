/**
 * The bus on NATS JetStream, for platforms spread over several processes or sites. Every subject
 * of the catalogue is published under `prefix.` into one stream; the message id is JetStream's
 * `Nats-Msg-Id` (the stream's duplicate window drops a repeat), marking, origin and publish time
 * travel as headers. Each subscription is its own pull consumer with its own loop, so a slow one
 * delays no other:
 *
 * - ephemeral: no acknowledgements; messages are pulled into a bounded local queue and what does
 *   not fit is dropped and counted;
 * - durable (`durable`) or competing (`queue`): explicit acknowledgement, one message at a time per
 *   subscription; the server holds the rest (back-pressure). A failed handler naks the message for
 *   redelivery until `maxDeliveries`, then it is terminated and dead-lettered. A durable consumer
 *   lives on the server, so a subscriber that restarts resumes where it stopped.
 *
 * Received messages are untrusted: a payload that is not JSON or fails its schema, or a marking
 * outside TLP, is counted and dead-lettered, never handed to a handler.
 */
import { randomUUID } from 'node:crypto';
import { AckPolicy, type ConsumerConfig, type ConsumerMessages, DeliverPolicy, type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import { connect, headers as natsHeaders, nanos, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Clock } from '../../core/clock.js';
import {
  type Bus,
  type BusHandler,
  type BusHeaders,
  type BusStats,
  type Catalogue,
  type DeadLetter,
  MARKINGS,
  type Marking,
  type StartPosition,
  type SubscribeOptions,
  type Subscription,
} from '../bus.js';
import { registerBusMetrics } from '../bus-metrics.js';
import { type BusOptions, DEFAULT_BUS_OPTIONS } from '../bus-options.js';
import { ERR_BUS_CLOSED, ERR_BUS_CONSUMER_PATTERN } from '../errors.js';
import { Receipt } from '../receipt.js';

/** Configuration of the JetStream bus. */
export interface JetStreamBusConfig<C extends Catalogue> extends Partial<BusOptions> {
  readonly catalogue: C;
  /** NATS server, `nats://host:port`. */
  readonly url: string;
  /** The stream holding every subject. */
  readonly stream: string;
  /** Subject prefix: `attack.started` travels as `<prefix>.attack.started`. */
  readonly prefix: string;
  /** How long a durable or queue consumer waits for an acknowledgement before redelivering. */
  readonly ackWaitMs?: number;
}

/** Dependencies of the JetStream bus. */
export interface JetStreamBusDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics?: Registry | undefined;
}

const H_MARKING = 'Sakimori-Marking';
const H_ORIGIN = 'Sakimori-Origin';
const H_TIME = 'Sakimori-Time';
const H_ID = 'Nats-Msg-Id';

/** Lifetime of one pull request. */
const PULL_EXPIRES_MS = 1000;

/** How long `stop()` waits for running handlers. */
const STOP_WAIT_MS = 5000;

/** Ephemeral consumers left behind by a process that died are removed by the server after this. */
const EPHEMERAL_INACTIVE_MS = 60_000;

interface LocalSubscription {
  readonly consumer: string;
  readonly acked: boolean;
  readonly maxDeliveries: number;
  messages: ConsumerMessages | undefined;
  /** Ephemeral: messages waiting. */
  readonly queue: JsMsg[];
  running: boolean;
  /** Messages taken off the wire (deliveries, so redeliveries count again). */
  received: number;
  stopped: boolean;
}

/** Creates a JetStream bus; `start()` connects and makes sure the stream exists. */
export function createJetStreamBus<C extends Catalogue>(config: JetStreamBusConfig<C>, deps: JetStreamBusDeps): Bus<C> {
  const options: BusOptions = { ...DEFAULT_BUS_OPTIONS, ...definedOptions(config) };
  const name = `jetstream:${config.stream}`;
  const receipt = new Receipt(config.catalogue, options.deadLetters, () => deps.clock.now());
  const stats = receipt.stats;
  const subs = new Set<LocalSubscription>();
  /** Subscriptions whose consumer is being created: a publish waits for them, so none misses it. */
  const setups = new Set<Promise<void>>();
  const ackWait = nanos(config.ackWaitMs ?? 30_000);
  let nc: NatsConnection | undefined;
  let js: JetStreamClient | undefined;
  let jsm: JetStreamManager | undefined;
  let closed = false;
  let markStarted!: () => void;
  /** Subscriptions made before `start()` set up their consumer once connected. */
  const started = new Promise<void>((r) => (markStarted = r));
  if (deps.metrics !== undefined) registerBusMetrics(deps.metrics, () => stats);

  const connected = (): { js: JetStreamClient; jsm: JetStreamManager } => {
    if (closed || js === undefined || jsm === undefined) throw new ERR_BUS_CLOSED(name);
    return { js, jsm };
  };

  /** The message as a handler sees it, or null after dead-lettering it. */
  const receive = (m: JsMsg): Parameters<BusHandler>[0] | null => {
    const subject = m.subject.slice(config.prefix.length + 1);
    const marking = m.headers?.get(H_MARKING) ?? '';
    const headers: BusHeaders = { id: m.headers?.get(H_ID) ?? '', marking: marking as Marking, origin: m.headers?.get(H_ORIGIN) ?? '' };
    let data: unknown;
    try {
      data = JSON.parse(new TextDecoder().decode(m.data));
    } catch {
      stats.invalid++;
      receipt.deadLetter({ reason: 'invalid', subject, data: new TextDecoder().decode(m.data).slice(0, 1000), headers, detail: 'payload is not JSON', time: deps.clock.now() });
      return null;
    }
    if (!MARKINGS.includes(headers.marking)) {
      stats.invalid++;
      receipt.deadLetter({ reason: 'invalid', subject, data, headers, detail: `marking ${JSON.stringify(marking)} is not a TLP marking`, time: deps.clock.now() });
      return null;
    }
    if (!receipt.accept(subject, data, headers)) return null;
    const time = Number(m.headers?.get(H_TIME) ?? Number.NaN);
    return { subject, data, headers, time: Number.isFinite(time) ? time : Math.floor(Number(m.info.timestampNanos) / 1e6), sequence: m.seq, deliveries: m.info.deliveryCount };
  };

  const handle = async (s: LocalSubscription, handler: BusHandler, m: JsMsg): Promise<void> => {
    const message = receive(m);
    if (message === null) {
      if (s.acked) m.term();
      return;
    }
    stats.delivered++;
    try {
      await handler(message);
      if (s.acked) m.ack();
    } catch (err) {
      stats.handlerErrors++;
      deps.logger.error({ err, subject: message.subject, consumer: s.consumer, deliveries: message.deliveries }, 'bus handler failed');
      if (!s.acked) return;
      if (message.deliveries >= s.maxDeliveries) {
        m.term();
        receipt.giveUp(message.subject, message.data, message.headers, s.consumer, err);
      } else {
        stats.redelivered++;
        m.nak();
      }
    }
  };

  const consumerConfig = (pattern: string, o: SubscribeOptions, consumer: string): Partial<ConsumerConfig> => {
    const acked = o.durable !== undefined || o.queue !== undefined;
    return {
      ...(o.durable !== undefined ? { durable_name: consumer } : { name: consumer, inactive_threshold: nanos(EPHEMERAL_INACTIVE_MS) }),
      filter_subject: `${config.prefix}.${pattern}`,
      ack_policy: acked ? AckPolicy.Explicit : AckPolicy.None,
      // A durable consumer hands out one message at a time, so a redelivery keeps its place in order.
      // The server's own limit backs up the bus's dead-lettering at `maxDeliveries`.
      ...(acked ? { ack_wait: ackWait, max_deliver: o.maxDeliveries ?? options.maxDeliveries, ...(o.queue === undefined ? { max_ack_pending: 1 } : {}) } : {}),
      ...deliverFrom(o.start),
    };
  };

  const run = async (s: LocalSubscription, pattern: string, handler: BusHandler, o: SubscribeOptions, ready: () => void): Promise<void> => {
    await started;
    const { js, jsm } = connected();
    const filter = `${config.prefix}.${pattern}`;
    const existing = await jsm.consumers.info(config.stream, s.consumer).catch(() => null);
    if (existing !== null && existing.config.filter_subject !== filter) throw new ERR_BUS_CONSUMER_PATTERN(s.consumer, existing.config.filter_subject ?? '', filter);
    if (existing === null) await jsm.consumers.add(config.stream, consumerConfig(pattern, o, s.consumer));
    const consumer = await js.consumers.get(config.stream, s.consumer);
    const maxDepth = o.maxDepth ?? options.maxDepth;
    if (s.stopped) return ready();
    // Short pulls: a pull left open by a stopped subscription would swallow a message until ack_wait.
    s.messages = await consumer.consume({ max_messages: s.acked ? 1 : Math.min(maxDepth, 1000), expires: PULL_EXPIRES_MS });
    ready();
    if (s.stopped) s.messages.stop();
    if (s.acked) {
      // One at a time: the server keeps the rest until this one is acknowledged.
      for await (const m of s.messages) {
        s.received++;
        s.running = true;
        await handle(s, handler, m);
        s.running = false;
      }
      return;
    }
    const drain = async (): Promise<void> => {
      s.running = true;
      for (let m = s.queue.shift(); m !== undefined && !s.stopped; m = s.queue.shift()) await handle(s, handler, m);
      s.running = false;
    };
    for await (const m of s.messages) {
      s.received++;
      if (s.queue.length >= maxDepth) stats.dropped++;
      else s.queue.push(m);
      if (!s.running) void drain();
    }
  };

  /** True when the subscription has handled everything its consumer holds for it. */
  const idle = async (s: LocalSubscription): Promise<boolean> => {
    if (s.stopped) return true;
    if (s.running || s.queue.length > 0) return false;
    const { jsm } = connected();
    const info = await jsm.consumers.info(config.stream, s.consumer);
    // Acknowledged consumers (shared by competing members) are idle when nothing awaits an ack; an
    // ephemeral one, its own, when it took everything delivered off the wire.
    const delivered = s.acked ? info.num_ack_pending === 0 : s.received >= info.delivered.consumer_seq;
    return info.num_pending === 0 && delivered && !s.running && s.queue.length === 0;
  };

  return {
    name,
    catalogue: config.catalogue,
    async start() {
      if (nc !== undefined) return;
      nc = await connect({ servers: config.url, name: `sakimori ${options.site}` });
      jsm = await jetstreamManager(nc);
      js = jetstream(nc);
      const stream = { name: config.stream, subjects: [`${config.prefix}.>`], duplicate_window: nanos(options.duplicateWindowMs) };
      const exists = await jsm.streams.info(config.stream).catch(() => null);
      if (exists === null) await jsm.streams.add(stream);
      markStarted();
      deps.logger.info({ url: config.url, stream: config.stream, site: options.site }, 'bus connected to NATS JetStream');
    },
    async publish(subject, data, publishOptions) {
      connected();
      if (setups.size > 0) await Promise.all(setups);
      const { js } = connected();
      const h = natsHeaders();
      h.set(H_MARKING, publishOptions?.marking ?? options.marking);
      h.set(H_ORIGIN, options.site);
      h.set(H_TIME, String(deps.clock.now()));
      const ack = await js.publish(`${config.prefix}.${subject}`, JSON.stringify(data), { msgID: publishOptions?.id ?? randomUUID(), headers: h });
      if (ack.duplicate) stats.duplicates++;
      else stats.published++;
    },
    subscribe(pattern, handler, o = {}): Subscription {
      if (closed) throw new ERR_BUS_CLOSED(name);
      const acked = o.durable !== undefined || o.queue !== undefined;
      const consumer = o.durable ?? (o.queue !== undefined ? `queue_${o.queue}` : `ephemeral_${randomUUID().replaceAll('-', '')}`);
      const s: LocalSubscription = { consumer, acked, maxDeliveries: o.maxDeliveries ?? options.maxDeliveries, messages: undefined, queue: [], running: false, received: 0, stopped: false };
      let markReady!: () => void;
      const ready = new Promise<void>((r) => (markReady = r));
      const settled = (): void => {
        setups.delete(ready);
        markReady();
      };
      setups.add(ready);
      run(s, pattern, handler as BusHandler, o, settled).catch((err: unknown) => {
        settled();
        if (!s.stopped) deps.logger.error({ err, pattern, consumer }, 'bus subscription failed');
      });
      subs.add(s);
      return {
        unsubscribe() {
          s.stopped = true;
          s.messages?.stop();
          subs.delete(s);
          if (!acked && jsm !== undefined) void jsm.consumers.delete(config.stream, consumer).catch(() => undefined);
        },
      };
    },
    async flush() {
      if (nc === undefined || closed) return;
      if (setups.size > 0) await Promise.all(setups);
      await nc.flush();
      // Handlers may publish while handling; settle only when every subscription is idle at once.
      for (;;) {
        const states = await Promise.all([...subs].map((s) => idle(s)));
        if (states.every(Boolean)) return;
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    stats: (): Readonly<BusStats> => ({ ...stats }),
    deadLetters: (): readonly DeadLetter[] => receipt.deadLetters(),
    async stop() {
      if (closed || nc === undefined) {
        closed = true;
        return;
      }
      for (const s of subs) {
        s.stopped = true;
        s.messages?.stop();
      }
      // Let running handlers finish, but never hang on one that does not.
      const deadline = Date.now() + STOP_WAIT_MS;
      while ([...subs].some((s) => s.running) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      const { jsm } = connected();
      await Promise.all([...subs].filter((s) => !s.acked).map((s) => jsm.consumers.delete(config.stream, s.consumer).catch(() => undefined)));
      subs.clear();
      closed = true;
      await nc.drain();
    },
  };
}

/** The consumer's deliver policy for a start position. */
function deliverFrom(start: StartPosition | undefined): Partial<ConsumerConfig> {
  switch (start?.kind ?? 'new') {
    case 'new':
      return { deliver_policy: DeliverPolicy.New };
    case 'all':
      return { deliver_policy: DeliverPolicy.All };
    case 'sequence':
      return { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: (start as { sequence: number }).sequence };
    case 'time':
      return { deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date((start as { time: number }).time).toISOString() };
  }
  return {};
}

/** The options actually given (an `undefined` one keeps its default). */
function definedOptions(config: object): Partial<BusOptions> {
  const keys = Object.keys(DEFAULT_BUS_OPTIONS);
  return Object.fromEntries(Object.entries(config).filter(([k, v]) => v !== undefined && keys.includes(k))) as Partial<BusOptions>;
}
