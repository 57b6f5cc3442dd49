import { describe, expect, it } from 'vitest';
import { DecodeError, DEFAULT_DECODER_LIMITS, ExporterCounters } from '../decoder.js';
import { CollectingSink, Direction, FlowFormat } from '../flow-batch.js';
import { recordsOf } from '../testing/record-view.js';
import { v5Datagram, type V5Record } from '../testing/synth-netflow.js';
import { NetflowV5Decoder } from './netflow-v5-decoder.js';

const flow: V5Record = {
  src: '192.0.2.10',
  dst: '198.51.100.20',
  nextHop: '203.0.113.1',
  input: 3,
  output: 7,
  packets: 12,
  bytes: 9000,
  first: 95_000,
  last: 99_500,
  srcPort: 51000,
  dstPort: 443,
  tcpFlags: 0x1b,
  protocol: 6,
  tos: 0x20,
  srcAs: 64500,
  dstAs: 64501,
  srcMask: 24,
  dstMask: 16,
};
const header = { sysUptime: 100_000, unixSecs: 1_700_000_000, unixNsecs: 250_000_000, sequence: 1000, engineType: 1, engineId: 2, samplingInterval: 0x4000 | 512 };

function setup(): { dec: NetflowV5Decoder; counters: ExporterCounters; sink: CollectingSink; decode: (d: Uint8Array) => number } {
  const dec = new NetflowV5Decoder(DEFAULT_DECODER_LIMITS);
  const counters = new ExporterCounters();
  const sink = new CollectingSink(16);
  return { dec, counters, sink, decode: (d) => dec.decode(d, { index: 4, counters }, 1_700_000_001_000, sink) };
}

describe('NetflowV5Decoder', () => {
  it('decodes every field, making times absolute from sysUptime and unix_secs/nsecs', () => {
    const { decode, sink, counters } = setup();
    expect(decode(v5Datagram(header, [flow]))).toBe(1);
    const exportMs = 1_700_000_000_250;
    expect(recordsOf(sink)).toEqual([
      {
        ipVersion: 4,
        src: '192.0.2.10',
        dst: '198.51.100.20',
        nextHop: '203.0.113.1',
        protocol: 6,
        srcPort: 51000,
        dstPort: 443,
        icmpTypeCode: 0,
        tcpFlags: 0x1b,
        tos: 0x20,
        fragment: 0,
        packets: 12,
        bytes: 9000,
        samplingRate: 512,
        startMs: exportMs - 5000,
        endMs: exportMs - 500,
        exporter: 4,
        format: FlowFormat.NetflowV5,
        observationDomain: 0x0102,
        inputIf: 3,
        outputIf: 7,
        srcAs: 64500,
        dstAs: 64501,
        srcMask: 24,
        dstMask: 16,
        direction: Direction.Unknown,
        vlan: 0,
      },
    ]);
    expect([counters.records, counters.datagrams, counters.errorTotal]).toEqual([1, 1, 0]);
  });

  it('keeps times right across sysUptime wrap-around', () => {
    const { decode, sink } = setup();
    // Uptime wrapped to 1000 ms; the flow started 3000 ms earlier, before the wrap.
    decode(v5Datagram({ ...header, sysUptime: 1000 }, [{ ...flow, first: 0xffffffff - 1999, last: 500 }]));
    const r = recordsOf(sink)[0]!;
    expect([r.startMs, r.endMs]).toEqual([1_700_000_000_250 - 3000, 1_700_000_000_250 - 500]);
  });

  it('records an unknown sampling rate as 0 and copies ICMP type/code from the destination port', () => {
    const { decode, sink } = setup();
    decode(v5Datagram({ ...header, samplingInterval: 0 }, [{ ...flow, protocol: 1, srcPort: 0, dstPort: 0x0303 }]));
    const r = recordsOf(sink)[0]!;
    expect([r.samplingRate, r.icmpTypeCode]).toEqual([0, 0x0303]);
  });

  it('counts lost flows from flow_sequence gaps and restarts separately, per engine', () => {
    const { decode, counters } = setup();
    decode(v5Datagram({ ...header, sequence: 1000 }, [flow, flow]));
    decode(v5Datagram({ ...header, sequence: 1002 }, [flow])); // in order
    decode(v5Datagram({ ...header, sequence: 1010 }, [flow])); // 7 flows lost
    decode(v5Datagram({ ...header, engineId: 9, sequence: 5 }, [flow])); // other engine: own sequence
    decode(v5Datagram({ ...header, sequence: 3 }, [flow])); // exporter restart
    expect([counters.sequenceGaps, counters.lostRecords, counters.sequenceResets]).toEqual([1, 7, 1]);
  });

  it('treats the sequence as modulo 2^32', () => {
    const { decode, counters } = setup();
    decode(v5Datagram({ ...header, sequence: 0xffffffff }, [flow, flow]));
    decode(v5Datagram({ ...header, sequence: 1 }, [flow]));
    expect([counters.sequenceGaps, counters.sequenceResets]).toEqual([0, 0]);
  });

  it('decodes what fits of a datagram shorter than its count and counts it truncated', () => {
    const { decode, counters } = setup();
    const d = v5Datagram({ ...header, count: 3 }, [flow, flow]);
    expect(decode(d)).toBe(2);
    expect(counters.errors[DecodeError.Truncated]).toBe(1);
  });

  it('refuses wrong versions, short headers and oversized datagrams, counting each', () => {
    const { decode, counters, sink } = setup();
    const d = v5Datagram(header, [flow]);
    const v9 = d.slice();
    v9[1] = 9;
    expect(decode(v9)).toBe(0);
    expect(decode(d.subarray(0, 23))).toBe(0);
    expect(decode(new Uint8Array(70_000))).toBe(0);
    expect([counters.errors[DecodeError.BadVersion], counters.errors[DecodeError.Truncated], counters.errors[DecodeError.Oversized]]).toEqual([1, 1, 1]);
    expect(sink.records).toBe(0);
  });

  it('forgets sequence state of an exporter', () => {
    const { dec, decode, counters } = setup();
    decode(v5Datagram({ ...header, sequence: 100 }, [flow]));
    dec.forget(4);
    decode(v5Datagram({ ...header, sequence: 5 }, [flow]));
    expect(counters.sequenceResets).toBe(0);
  });
});
