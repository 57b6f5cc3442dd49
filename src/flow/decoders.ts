/**
 * The set of flow decoders a collector runs, and the dispatch from a datagram to its decoder.
 *
 * NetFlow v5, v9 and IPFIX share a listener (UDP 2055 by default) and are told apart by their
 * 16-bit version field (5, 9, 10). sFlow has its own listener (6343) and starts with a 32-bit
 * version 5 — bytes `00 00 00 05` — which no NetFlow header can start with, so a datagram is
 * never ambiguous; a listener kind only restricts what that listener accepts.
 *
 * Pure: no I/O.
 */
import { DecodeError, DEFAULT_DECODER_LIMITS, type DecoderLimits, type ExporterContext, type FlowDecoder } from './decoder.js';
import type { FlowSink } from './flow-batch.js';
import { IpfixDecoder } from './ipfix/ipfix-decoder.js';
import { NetflowV5Decoder } from './netflow-v5/netflow-v5-decoder.js';
import { NetflowV9Decoder } from './netflow-v9/netflow-v9-decoder.js';
import { SflowDecoder } from './sflow/sflow-decoder.js';
import { TemplateBudget } from './templates/template-store.js';

/** Which listener a datagram arrived on. */
export type ListenerKind = 'netflow' | 'sflow';

/** One decoder per format plus dispatch. */
export interface FlowDecoders {
  readonly netflowV5: NetflowV5Decoder;
  readonly netflowV9: NetflowV9Decoder;
  readonly ipfix: IpfixDecoder;
  readonly sflow: SflowDecoder;
  /** Every decoder, for `forget` and metrics. */
  readonly all: readonly FlowDecoder[];
  /**
   * The decoder for a datagram, from its version field; undefined when the version is unknown
   * or (given `listener`) belongs to the other listener.
   */
  decoderFor(datagram: Uint8Array, listener?: ListenerKind): FlowDecoder | undefined;
  /**
   * Decodes a datagram with the right decoder; an unknown version is counted as
   * {@link DecodeError.BadVersion} on the exporter (with the datagram itself).
   */
  decode(datagram: Uint8Array, exporter: ExporterContext, nowMs: number, sink: FlowSink, listener?: ListenerKind): number;
  /** Drops every decoder's state for an exporter. */
  forget(exporterIndex: number): void;
}

/**
 * Creates the decoders. NetFlow v9 and IPFIX share one template budget, so
 * `limits.maxTemplatesTotal` bounds both together.
 * @example
 * ```ts
 * const decoders = createDecoders(DEFAULT_DECODER_LIMITS);
 * decoders.decode(datagram, { index: 0, counters }, Date.now(), sink, 'netflow');
 * ```
 */
export function createDecoders(limits: DecoderLimits = DEFAULT_DECODER_LIMITS): FlowDecoders {
  const budget = new TemplateBudget(limits);
  const netflowV5 = new NetflowV5Decoder(limits);
  const netflowV9 = new NetflowV9Decoder(limits, budget);
  const ipfix = new IpfixDecoder(limits, budget);
  const sflow = new SflowDecoder(limits);
  const all: readonly FlowDecoder[] = [netflowV5, netflowV9, ipfix, sflow];
  const decoderFor = (d: Uint8Array, listener?: ListenerKind): FlowDecoder | undefined => {
    if (d.length < 4) return undefined;
    const v16 = (d[0]! << 8) | d[1]!;
    if (v16 === 0) {
      const isSflow = d[2] === 0 && d[3] === 5;
      return isSflow && listener !== 'netflow' ? sflow : undefined;
    }
    if (listener === 'sflow') return undefined;
    if (v16 === 5) return netflowV5;
    if (v16 === 9) return netflowV9;
    if (v16 === 10) return ipfix;
    return undefined;
  };
  return {
    netflowV5,
    netflowV9,
    ipfix,
    sflow,
    all,
    decoderFor,
    decode(datagram, exporter, nowMs, sink, listener) {
      const dec = decoderFor(datagram, listener);
      if (dec === undefined) {
        const c = exporter.counters;
        c.datagrams++;
        c.bytes += datagram.length;
        c.lastSeenMs = nowMs;
        c.error(datagram.length > limits.maxDatagramBytes ? DecodeError.Oversized : datagram.length < 4 ? DecodeError.Truncated : DecodeError.BadVersion);
        return 0;
      }
      return dec.decode(datagram, exporter, nowMs, sink);
    },
    forget(exporterIndex) {
      for (const d of all) d.forget(exporterIndex);
    },
  };
}
