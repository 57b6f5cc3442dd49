/**
 * Decoder benchmark: decoded records per CPU-second (process.cpuUsage, user + system) for NetFlow
 * v5, NetFlow v9, IPFIX and sFlow on replayed datagrams, alone and followed by a per-destination
 * count in an open-addressing typed-array hash table keyed by the four address words — the shape
 * of the detection stage's hot loop.
 *
 * Usage: npm run bench:decode [-- --seconds 3]
 */
import { DEFAULT_DECODER_LIMITS, ExporterCounters, type FlowDecoder } from '../src/flow/decoder.js';
import { FlowBatch, FlowFormat, FLOW_FORMAT_NAMES, type FlowSink } from '../src/flow/flow-batch.js';
import { DestinationCounts } from './lib/destination-counts.js';
import { decoderFor } from '../src/flow/testing/fuzz.js';
import { ipfixMessage, v5Datagram, v9Packet } from '../src/flow/testing/synth-netflow.js';
import { sflowDatagram, type SflowSample } from '../src/flow/testing/synth-sflow.js';
import { ethernet, ipv4, tcp } from '../src/flow/testing/synth-packet.js';
import { IPFIX_V4_FIELDS, ipfixValues, V9_FIELDS, v9Values } from '../src/flow/testing/seed-corpus.js';

const argSeconds = process.argv.indexOf('--seconds');
const SECONDS = argSeconds > 0 ? Number(process.argv[argSeconds + 1]) : 2;
const T0 = 1_700_000_000;
const DESTINATIONS = 4096;

/** A sink that reuses one batch, optionally counting destinations at each flush. */
class BenchSink implements FlowSink {
  readonly batch = new FlowBatch(8192);
  constructor(readonly counts: DestinationCounts | undefined) {}
  current(): FlowBatch {
    return this.batch;
  }
  flush(full: FlowBatch): FlowBatch {
    this.counts?.addBatch(full);
    full.clear();
    return full;
  }
}

/** Replay datagrams (templates first) for a format. */
function workload(format: FlowFormat): { setup: Uint8Array[]; replay: Uint8Array[] } {
  const replay: Uint8Array[] = [];
  switch (format) {
    case FlowFormat.NetflowV5:
      for (let d = 0; d < 200; d++) {
        replay.push(
          v5Datagram(
            { sysUptime: 100_000, unixSecs: T0, sequence: d * 30 },
            Array.from({ length: 30 }, (_, k) => {
              const n = (d * 30 + k) % DESTINATIONS;
              return {
                src: `10.1.${n & 255}.9`,
                dst: `192.0.${n >>> 8}.${n & 255}`,
                packets: 3,
                bytes: 1500,
                first: 90_000,
                last: 99_000,
                srcPort: 1024 + k,
                dstPort: 443,
                protocol: 6,
                tcpFlags: 0x18,
                input: 1,
                output: 2,
              };
            }),
          ),
        );
      }
      return { setup: [], replay };
    case FlowFormat.NetflowV9: {
      const fields = [...V9_FIELDS];
      const setup = [v9Packet({ sysUptime: 60_000, unixSecs: T0, sets: [{ kind: 'templates', templates: [{ id: 256, fields }] }] })];
      for (let d = 0; d < 200; d++)
        replay.push(
          v9Packet({
            sysUptime: 60_000,
            unixSecs: T0,
            sequence: d + 1,
            sets: [{ kind: 'data', id: 256, fields, records: Array.from({ length: 27 }, (_, k) => v9Values((d * 27 + k) % DESTINATIONS)) }],
          }),
        );
      return { setup, replay };
    }
    case FlowFormat.Ipfix: {
      const fields = [...IPFIX_V4_FIELDS];
      const setup = [ipfixMessage({ exportTime: T0, sets: [{ kind: 'templates', templates: [{ id: 256, fields }] }] })];
      for (let d = 0; d < 200; d++)
        replay.push(
          ipfixMessage({ exportTime: T0, sequence: d * 19, sets: [{ kind: 'data', id: 256, fields, records: Array.from({ length: 19 }, (_, k) => ipfixValues((d * 19 + k) % DESTINATIONS, false)) }] }),
        );
      return { setup, replay };
    }
    case FlowFormat.Sflow:
      for (let d = 0; d < 200; d++) {
        const samples: SflowSample[] = Array.from({ length: 8 }, (_, k) => {
          const n = (d * 8 + k) % DESTINATIONS;
          const header = ethernet({
            type: 0x0800,
            vlans: [{ id: 10 }],
            payload: ipv4({ src: '10.0.0.1', dst: `192.0.${n >>> 8}.${n & 255}`, protocol: 6, payload: tcp({ srcPort: 1024 + k, dstPort: 443, flags: 0x10, payload: new Uint8Array(60) }) }),
          });
          return {
            kind: 'flow',
            sequence: d * 8 + k,
            sourceIndex: 3,
            rate: 1024,
            input: 3,
            output: 4,
            records: [
              { kind: 'raw', headerProtocol: 1, frameLength: 1518, header },
              { kind: 'switch', srcVlan: 10, dstVlan: 10 },
            ],
          };
        });
        replay.push(sflowDatagram({ agent: '192.0.2.250', sequence: d + 1, samples }));
      }
      return { setup: [], replay };
  }
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Decodes the replay set in a loop for about SECONDS CPU-seconds. */
function run(format: FlowFormat, count: boolean): { records: number; cpu: number; datagrams: number; destinations: number } {
  const { setup, replay } = workload(format);
  const decoder: FlowDecoder = decoderFor(format, DEFAULT_DECODER_LIMITS);
  const counts = count ? new DestinationCounts(1 << 14) : undefined;
  const sink = new BenchSink(counts);
  const exporter = { index: 0, counters: new ExporterCounters() };
  for (const d of setup) decoder.decode(d, exporter, T0 * 1000, sink);
  // Warm-up so that the measured loop runs optimised code.
  for (let k = 0; k < 20; k++) for (const d of replay) decoder.decode(d, exporter, T0 * 1000, sink);
  let records = 0;
  let datagrams = 0;
  const start = cpuSeconds();
  let cpu = 0;
  while (cpu < SECONDS) {
    for (const d of replay) records += decoder.decode(d, exporter, T0 * 1000, sink);
    datagrams += replay.length;
    cpu = cpuSeconds() - start;
  }
  sink.flush(sink.batch);
  return { records, cpu, datagrams, destinations: counts?.size ?? 0 };
}

const rows: string[] = [];
for (const format of [FlowFormat.NetflowV5, FlowFormat.NetflowV9, FlowFormat.Ipfix, FlowFormat.Sflow]) {
  const plain = run(format, false);
  const counted = run(format, true);
  const perCpu = (r: { records: number; cpu: number }): string => `${(r.records / r.cpu / 1e6).toFixed(2)} M`;
  rows.push(
    [
      FLOW_FORMAT_NAMES[format].padEnd(11),
      perCpu(plain).padStart(9),
      perCpu(counted).padStart(14),
      `${Math.round(counted.datagrams / counted.cpu / 1000)} k`.padStart(11),
      `${(counted.records / counted.datagrams).toFixed(1)}`.padStart(11),
      String(counted.destinations).padStart(13),
    ].join('  '),
  );
}
process.stdout.write(`Node ${process.version}; ${SECONDS} CPU-s per measurement; records per CPU-second\n`);
process.stdout.write(`${['format'.padEnd(11), 'decode'.padStart(9), 'decode+count'.padStart(14), 'datagrams/s'.padStart(11), 'records/dg'.padStart(11), 'destinations'.padStart(13)].join('  ')}\n`);
for (const r of rows) process.stdout.write(`${r}\n`);
