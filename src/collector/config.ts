import Type, { type Static } from 'typebox';
import { ListenAddress } from '../core/listen.js';
import { DEFAULT_DECODER_LIMITS, type DecoderLimits } from '../flow/decoder.js';

/** Per-exporter settings, matched by the exporter's source address. */
export const ExporterSettingsSchema = Type.Object(
  {
    address: Type.String({ description: 'exporter source address (IPv4 or IPv6)' }),
    name: Type.Optional(Type.String({ maxLength: 128 })),
    samplingRate: Type.Optional(Type.Integer({ minimum: 1, description: 'sampling rate to assume when the export does not carry one' })),
    samplingRateOverride: Type.Optional(Type.Boolean({ description: 'use samplingRate even when the export carries one' })),
  },
  { additionalProperties: false },
);

/** Collector configuration (the `collector` section). */
export const CollectorConfigSchema = Type.Object(
  {
    enabled: Type.Boolean({ default: true }),
    netflow: Type.Object(
      { listen: Type.Array(ListenAddress, { default: ['127.0.0.1:2055', '[::1]:2055'], description: 'NetFlow v5/v9 and IPFIX over UDP' }) },
      { default: {}, additionalProperties: false },
    ),
    sflow: Type.Object({ listen: Type.Array(ListenAddress, { default: ['127.0.0.1:6343', '[::1]:6343'], description: 'sFlow v5 over UDP' }) }, { default: {}, additionalProperties: false }),
    receiveBufferBytes: Type.Integer({ minimum: 65536, default: 33554432, description: 'SO_RCVBUF requested per socket' }),
    receiveThread: Type.Boolean({ default: true, description: 'receive on a worker thread that hands datagrams over in a shared-memory ring, leaving the main thread to decode and detect' }),
    receiveRingBytes: Type.Integer({
      minimum: 262144,
      default: 33554432,
      description: "size of the receive thread's ring (rounded up to a power of two); when full, datagrams are dropped and counted",
    }),
    queueDatagrams: Type.Integer({ minimum: 16, default: 65536, description: 'datagrams held before decoding when receiving on the main thread; beyond this they are dropped and counted' }),
    batchFlushMs: Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'longest time a partly filled batch waits before it is handed on' }),
    batchRecords: Type.Integer({ minimum: 64, maximum: 1048576, default: 8192 }),
    maxDatagramBytes: Type.Integer({ minimum: 512, maximum: 65535, default: DEFAULT_DECODER_LIMITS.maxDatagramBytes }),
    defaultSamplingRate: Type.Integer({ minimum: 1, default: 1, description: 'sampling rate when neither the export nor the exporter settings give one' }),
    templates: Type.Object(
      {
        maxPerExporter: Type.Integer({ minimum: 1, default: DEFAULT_DECODER_LIMITS.maxTemplatesPerExporter }),
        maxTotal: Type.Integer({ minimum: 1, default: DEFAULT_DECODER_LIMITS.maxTemplatesTotal }),
        timeoutSeconds: Type.Integer({ minimum: 1, default: DEFAULT_DECODER_LIMITS.templateTimeoutMs / 1000 }),
      },
      { default: {}, additionalProperties: false },
    ),
    trafficLogSeconds: Type.Integer({ minimum: 0, maximum: 86400, default: 10, description: 'how often per-exporter traffic is logged (0: never); `serve --stats-interval-seconds` overrides it' }),
    statsPeriodSeconds: Type.Integer({
      minimum: 1,
      maximum: 86400,
      default: 60,
      description: 'length of the periods per-exporter counters are stored by (the exporters page); they are written once per period',
    }),
    maxExporters: Type.Integer({ minimum: 1, default: 10000, description: 'distinct exporter addresses tracked; datagrams from further ones are dropped and counted' }),
    exporters: Type.Array(ExporterSettingsSchema, { default: [] }),
  },
  { default: {}, additionalProperties: false },
);

export type CollectorConfig = Static<typeof CollectorConfigSchema>;

/** The decoders' limits from the `collector` section (templates, datagram size): one mapping for every program that decodes. */
export function decoderLimits(config: Pick<CollectorConfig, 'templates' | 'maxDatagramBytes'>): DecoderLimits {
  return {
    maxTemplatesPerExporter: config.templates.maxPerExporter,
    maxTemplatesTotal: config.templates.maxTotal,
    templateTimeoutMs: config.templates.timeoutSeconds * 1000,
    maxDatagramBytes: config.maxDatagramBytes,
  };
}
