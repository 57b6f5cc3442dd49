/**
 * The collector: UDP listeners for NetFlow/IPFIX and sFlow, a bounded datagram queue, per-exporter
 * state and statistics, decoding into reusable {@link FlowBatch}es with sampling-rate
 * renormalisation, and hand-over of each batch to the consumers (detection, statistics, storage).
 *
 * Consumers are called synchronously with a batch and must not keep a reference to it after they
 * return: the batch is reused. A consumer that needs the records later copies what it needs.
 */
import type { RemoteInfo } from 'node:dgram';
import type { BaseDeps, Component } from '../core/component.js';
import { parseListen } from '../core/listen.js';
import type { FlowConsumer } from '../flow/consumer.js';
import { FlowBatch, type FlowSink } from '../flow/flow-batch.js';
import type { FlowDecoders } from '../flow/decoders.js';
import type { CollectorConfig } from './config.js';
import { DatagramQueue, ListenerKind } from './datagram-queue.js';
import { ExporterTable, type ExporterSlot } from './exporter-table.js';
import { registerCollectorMetrics } from './metrics.js';
import { ReceiveThread } from './receive-thread.js';
import { bindUdp, closeUdp, ERR_BIND, type BoundListener } from './udp-listener.js';

/** The decoders the collector dispatches to (see `createDecoders` in `flow/decoders.ts`). */
export type DecoderSet = Pick<FlowDecoders, 'decode' | 'forget'>;

/** Dependencies of the collector. */
export interface CollectorDeps extends BaseDeps {
  readonly decoders: DecoderSet;
}

/** Where a listener ended up bound. */
export interface ListenerInfo {
  readonly kind: 'netflow' | 'sflow';
  readonly address: string;
  readonly port: number;
}

/** The collector component. */
export interface Collector extends Component {
  readonly exporters: ExporterTable;
  /** Listeners bound by `start()`, with the ports actually bound. */
  readonly listeners: readonly ListenerInfo[];
  /** Adds a consumer of decoded batches. */
  addConsumer(consumer: FlowConsumer): void;
  /**
   * Decodes one datagram synchronously, as if it had been received from `source` at `nowMs`
   * (used by replay and tests; the UDP path queues instead). Returns records decoded, or -1 when
   * the exporter table is full.
   */
  ingest(kind: 'netflow' | 'sflow' | 'auto', payload: Uint8Array, source: string, nowMs: number): number;
  /** Hands the partly filled batch to the consumers now. */
  flush(): void;
  /** Datagrams waiting in the queue. */
  readonly queued: number;
  /** Datagrams dropped because the queue was full. */
  readonly queueDrops: number;
}

/** Datagrams decoded per event-loop turn before yielding to socket reads. */
const DRAIN_CHUNK = 512;

/** Creates the collector. */
export function createCollector(config: CollectorConfig, deps: CollectorDeps): Collector {
  const exporters = new ExporterTable(config);
  const queue = new DatagramQueue(config.queueDatagrams);
  const consumers: FlowConsumer[] = [];
  const bound: BoundListener[] = [];
  const listeners: ListenerInfo[] = [];
  const batch = new FlowBatch(config.batchRecords);
  let scaledUpTo = 0;
  let current: ExporterSlot | undefined;
  let flushTimer: NodeJS.Timeout | undefined;
  let draining = false;
  let stopped = false;
  // Receive thread (collector.receiveThread): sockets in a worker, datagrams in a shared ring.
  let thread: ReceiveThread | undefined;
  let ringDraining: Promise<void> | undefined;
  const slotBySource = new Int32Array(config.maxExporters * 2).fill(-1);
  let clockSkew = 0;

  const scaleCurrent = (): void => {
    if (current !== undefined && scaledUpTo < batch.length) {
      if (current.overrideSamplingRate) batch.samplingRate.fill(current.defaultSamplingRate, scaledUpTo, batch.length);
      batch.scale(scaledUpTo, current.defaultSamplingRate);
    }
    scaledUpTo = batch.length;
  };

  const handOver = (): void => {
    scaleCurrent();
    if (batch.length === 0) return;
    for (const c of consumers) {
      try {
        c.consume(batch, exporters);
      } catch (err) {
        // A failing consumer must not stop collection or starve the other consumers.
        deps.logger.error({ err, consumer: c.name }, 'flow consumer failed');
      }
    }
    batch.clear();
    scaledUpTo = 0;
  };

  const sink: FlowSink = {
    current: () => batch,
    flush: () => {
      handOver();
      return batch;
    },
  };

  const decode = (payload: Uint8Array, slot: ExporterSlot, kind: ListenerKind | undefined, nowMs: number): number => {
    // Decoders count datagrams, bytes and records on the exporter's counters themselves.
    current = slot;
    const listener = kind === undefined ? undefined : kind === ListenerKind.Sflow ? 'sflow' : 'netflow';
    const n = deps.decoders.decode(payload, slot, nowMs, sink, listener);
    scaleCurrent();
    if (batch.full) handOver();
    return n;
  };

  const drain = (): void => {
    draining = false;
    queue.drain(DRAIN_CHUNK, (payload, idx, kind, t) => {
      const slot = exporters.at(idx);
      if (slot !== undefined) decode(payload, slot, kind, t);
    });
    if (queue.size > 0 && !stopped) schedule();
  };
  const schedule = (): void => {
    if (!draining) {
      draining = true;
      setImmediate(drain);
    }
  };

  const onRingDatagram = (payload: Uint8Array, source: number, kind: number, receivedAt: number): void => {
    let idx = slotBySource[source]!;
    if (idx < 0) {
      const slot = exporters.lookup(thread!.source(source)!);
      if (slot === undefined) return;
      idx = slot.index;
      slotBySource[source] = idx;
    }
    decode(payload, exporters.at(idx)!, kind as ListenerKind, receivedAt + clockSkew);
  };
  const addRingDrops = (source: number, n: number): void => {
    const idx = slotBySource[source]!;
    const slot = idx >= 0 ? exporters.at(idx) : exporters.lookup(thread!.source(source)!);
    if (slot !== undefined) slot.queueDrops += n;
  };
  /** Decodes from the ring until it is empty, then waits for the worker's notification. */
  const pumpRing = async (t: ReceiveThread): Promise<void> => {
    for (;;) {
      // Receive times are the worker's wall clock; consumers see them on the collector's clock.
      clockSkew = deps.clock.now() - Date.now();
      const more = t.drain(DRAIN_CHUNK, onRingDatagram);
      t.collectDrops(addRingDrops);
      if (stopped && !more) return;
      if (more) await new Promise((r) => setImmediate(r));
      else await t.whenReadable();
    }
  };

  const onMessage = (kind: ListenerKind) => (msg: Buffer, rinfo: RemoteInfo) => {
    const slot = exporters.lookup(rinfo.address);
    if (slot === undefined) return;
    if (!queue.push(msg, slot.index, kind, deps.clock.now())) {
      slot.queueDrops++;
      return;
    }
    schedule();
  };

  registerCollectorMetrics(deps.metrics, {
    exporters,
    queued: () => (thread === undefined ? queue.size : thread.pendingDatagrams),
    overflowDrops: () => exporters.overflowDrops + (thread?.sourceOverflowDrops ?? 0),
  });

  return {
    name: 'collector',
    exporters,
    listeners,
    get queued() {
      return thread === undefined ? queue.size : thread.pendingDatagrams;
    },
    get queueDrops() {
      return queue.drops + (thread?.drops ?? 0);
    },
    addConsumer(c) {
      consumers.push(c);
    },
    ingest(kind, payload, source, nowMs) {
      const slot = exporters.lookup(source);
      if (slot === undefined) return -1;
      return decode(payload, slot, kind === 'auto' ? undefined : kind === 'sflow' ? ListenerKind.Sflow : ListenerKind.Netflow, nowMs);
    },
    flush: handOver,
    async start() {
      if (!config.enabled) return;
      const specs: Array<[ListenerKind, string]> = [
        ...config.netflow.listen.map((l): [ListenerKind, string] => [ListenerKind.Netflow, l]),
        ...config.sflow.listen.map((l): [ListenerKind, string] => [ListenerKind.Sflow, l]),
      ];
      if (config.receiveThread && specs.length > 0) {
        try {
          const r = await ReceiveThread.start({
            specs: specs.map(([kind, text]) => ({ ...parseListen(text), kind })),
            receiveBufferBytes: config.receiveBufferBytes,
            ringBytes: config.receiveRingBytes,
            maxSources: slotBySource.length,
            onError: (err) => deps.logger.error({ err }, 'collector receive thread failed'),
          });
          thread = r.thread;
          for (const b of r.bound) {
            const kind = b.kind === ListenerKind.Sflow ? 'sflow' : 'netflow';
            listeners.push({ kind, address: b.address, port: b.port });
            deps.logger.info({ kind, address: b.address, port: b.port, thread: true }, 'listening for flow export');
          }
        } catch (e) {
          const err = e as Error & { listen?: string };
          throw new ERR_BIND(err.listen ?? '?', err.message, { cause: e });
        }
        ringDraining = pumpRing(thread).catch((err: unknown) => deps.logger.error({ err }, 'collector ring drain failed'));
        flushTimer = setInterval(handOver, config.batchFlushMs);
        flushTimer.unref();
        return;
      }
      try {
        for (const [kind, text] of specs) {
          const l = await bindUdp(parseListen(text), config.receiveBufferBytes, onMessage(kind));
          bound.push(l);
          listeners.push({ kind: kind === ListenerKind.Sflow ? 'sflow' : 'netflow', address: l.address, port: l.port });
          deps.logger.info({ kind: kind === ListenerKind.Sflow ? 'sflow' : 'netflow', address: l.address, port: l.port }, 'listening for flow export');
        }
      } catch (e) {
        await Promise.all(bound.map(closeUdp));
        bound.length = 0;
        listeners.length = 0;
        throw e;
      }
      flushTimer = setInterval(handOver, config.batchFlushMs);
      flushTimer.unref();
    },
    async stop() {
      stopped = true;
      if (flushTimer !== undefined) clearInterval(flushTimer);
      await Promise.all(bound.map(closeUdp));
      bound.length = 0;
      if (thread !== undefined) {
        // Sockets closed first; then everything already in the ring is decoded.
        await thread.stop();
        thread.wake();
        await ringDraining;
        while (thread.drain(Number.MAX_SAFE_INTEGER, onRingDatagram));
        thread.collectDrops(addRingDrops);
      }
      // Nothing acknowledged is lost: decode what is queued, then hand over the last batch.
      while (queue.size > 0) drain();
      handOver();
    },
  };
}
