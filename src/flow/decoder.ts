/**
 * The one interface every flow decoder implements, and the per-exporter counters decoders write.
 *
 * Decoders are pure: they never throw on datagram content, never do I/O, and never allocate without
 * bound. A malformed datagram is counted under one {@link DecodeError} kind on its exporter's
 * {@link ExporterCounters} and the rest of the datagram (or the whole datagram) is skipped.
 */
import type { FlowFormat, FlowSink } from './flow-batch.js';

/** Kinds of decode failure, counted per exporter. Values index {@link ExporterCounters.errors}. */
export const DecodeError = {
  /** Datagram or structure shorter than its header or declared length. */
  Truncated: 0,
  /** Version field is not the decoder's. */
  BadVersion: 1,
  /** A length field is inconsistent (set/flowset/sample length too short, past the end, or zero). */
  BadLength: 2,
  /** A template is malformed (zero fields, zero-length field, record length over the datagram size, …). */
  BadTemplate: 3,
  /** A template was refused because the per-exporter or total template cap was reached. */
  TemplateLimit: 4,
  /** A data set refers to a template that is not known (yet); see also `templateMisses`. */
  TemplateMissing: 5,
  /** An sFlow sample or record is malformed. */
  BadSample: 6,
  /** A sampled packet header could not be parsed (unknown or truncated encapsulation). */
  BadPacketHeader: 7,
  /** A field has a length the information element does not allow. */
  BadFieldLength: 8,
  /** Datagram larger than the configured maximum. */
  Oversized: 9,
  /** Anything else that made a record unusable (e.g. an address family that cannot be represented). */
  Other: 10,
} as const;
export type DecodeError = (typeof DecodeError)[keyof typeof DecodeError];

/** Names of {@link DecodeError} kinds, used as metric labels and in the API. */
export const DECODE_ERROR_NAMES: readonly string[] = [
  'truncated',
  'bad_version',
  'bad_length',
  'bad_template',
  'template_limit',
  'template_missing',
  'bad_sample',
  'bad_packet_header',
  'bad_field_length',
  'oversized',
  'other',
];

/** Counters for one exporter, written by decoders and the collector; plain numbers, no allocation. */
export class ExporterCounters {
  /** Datagrams handed to a decoder. */
  datagrams = 0;
  /** Datagram bytes handed to a decoder. */
  bytes = 0;
  /** Flow records appended to batches. */
  records = 0;
  /** Data sets/flowsets skipped because their template was not known. */
  templateMisses = 0;
  /** Number of sequence discontinuities observed (per observation domain / source / agent). */
  sequenceGaps = 0;
  /** Estimated records lost, from sequence numbers (datagram-based sequences are scaled by records per datagram). */
  lostRecords = 0;
  /** Sequence numbers that went backwards (exporter restart or reordering); never counted as loss. */
  sequenceResets = 0;
  /** Counter samples seen (sFlow). */
  counterSamples = 0;
  /** Templates currently held for this exporter. */
  templates = 0;
  /** Errors by {@link DecodeError} kind. */
  readonly errors = new Float64Array(DECODE_ERROR_NAMES.length);
  /** Last datagram time (ms since epoch) per the collector's clock. */
  lastSeenMs = 0;

  /** Counts one error of `kind`. */
  error(kind: DecodeError): void {
    this.errors[kind]!++;
  }

  /** Sum of all error kinds. */
  get errorTotal(): number {
    let n = 0;
    for (const v of this.errors) n += v;
    return n;
  }
}

/** What a decoder needs to know about the exporter a datagram came from. */
export interface ExporterContext {
  /** Index in the collector's exporter table; written to every record's `exporter` column. */
  readonly index: number;
  /** Counters to update. */
  readonly counters: ExporterCounters;
}

/** Limits that keep decoder state bounded whatever exporters (or attackers) send. */
export interface DecoderLimits {
  /** Maximum templates held per exporter (all observation domains together). */
  readonly maxTemplatesPerExporter: number;
  /** Maximum templates held across all exporters. */
  readonly maxTemplatesTotal: number;
  /** Templates not refreshed for this long are dropped (RFC 7011 §8.4 for UDP; also used for v9). */
  readonly templateTimeoutMs: number;
  /** Datagrams larger than this are refused as {@link DecodeError.Oversized}. */
  readonly maxDatagramBytes: number;
}

/** Defaults for {@link DecoderLimits}. */
export const DEFAULT_DECODER_LIMITS: DecoderLimits = Object.freeze({
  maxTemplatesPerExporter: 1024,
  maxTemplatesTotal: 65536,
  templateTimeoutMs: 30 * 60 * 1000,
  maxDatagramBytes: 65535,
});

/** One decoder per export format. */
export interface FlowDecoder {
  readonly format: FlowFormat;
  /**
   * Decodes one datagram, appending records to the sink. Never throws on datagram content.
   * @param nowMs receive time (ms since epoch); used for template expiry and as the time base
   *   when the export carries only uptime-relative timestamps.
   * @returns number of records appended.
   */
  decode(datagram: Uint8Array, exporter: ExporterContext, nowMs: number, sink: FlowSink): number;
  /** Drops all state (templates, sequence numbers) held for an exporter. */
  forget(exporterIndex: number): void;
}
