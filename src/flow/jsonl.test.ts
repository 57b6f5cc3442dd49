import { describe, expect, it } from 'vitest';
import { ExporterCounters } from './decoder.js';
import { createDecoders } from './decoders.js';
import { CollectingSink } from './flow-batch.js';
import { formatJsonLine } from './jsonl.js';
import { IE } from './templates/information-elements.js';
import { ipfixMessage, v5Datagram, type Field } from './testing/synth-netflow.js';

const exporters = ['192.0.2.250', '2001:db8::250'];

function decode(datagram: Uint8Array, exporter: number): CollectingSink {
  const sink = new CollectingSink();
  createDecoders().decode(datagram, { index: exporter, counters: new ExporterCounters() }, 1_700_000_000_000, sink);
  return sink;
}

describe('formatJsonLine', () => {
  it('writes one JSON object per record with IPFIX element names, the exporter and scaled counts', () => {
    const sink = decode(
      v5Datagram({ sysUptime: 10_000, unixSecs: 1_700_000_000, samplingInterval: 100 }, [
        {
          src: '192.0.2.1',
          dst: '198.51.100.2',
          nextHop: '203.0.113.1',
          packets: 3,
          bytes: 180,
          first: 9000,
          last: 9500,
          srcPort: 5353,
          dstPort: 53,
          protocol: 17,
          srcAs: 64500,
          dstAs: 64501,
          srcMask: 24,
          dstMask: 16,
          input: 4,
          output: 5,
        },
      ]),
      0,
    );
    const b = sink.batches[0]!;
    b.scale(0, 1);
    const line = formatJsonLine(b, 0, (k) => exporters[k]!);
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      format: 'netflow-v5',
      exporter: '192.0.2.250',
      observationDomainId: 0,
      ipVersion: 4,
      sourceIPv4Address: '192.0.2.1',
      destinationIPv4Address: '198.51.100.2',
      ipNextHopIPv4Address: '203.0.113.1',
      protocolIdentifier: 17,
      sourceTransportPort: 5353,
      destinationTransportPort: 53,
      tcpControlBits: 0,
      ipClassOfService: 0,
      fragment: 0,
      packetDeltaCount: 3,
      octetDeltaCount: 180,
      samplingRate: 100,
      scaledPackets: 300,
      scaledBytes: 18000,
      flowStartMilliseconds: 1_699_999_999_000,
      flowEndMilliseconds: 1_699_999_999_500,
      flowStart: '2023-11-14T22:13:19.000Z',
      flowEnd: '2023-11-14T22:13:19.500Z',
      ingressInterface: 4,
      egressInterface: 5,
      bgpSourceAsNumber: 64500,
      bgpDestinationAsNumber: 64501,
      sourceIPv4PrefixLength: 24,
      destinationIPv4PrefixLength: 16,
      vlanId: 0,
    });
  });

  it('names IPv6 fields and ICMPv6 type/code for IPv6 records', () => {
    const fields: Field[] = [
      { ie: IE.sourceIPv6Address, length: 16 },
      { ie: IE.destinationIPv6Address, length: 16 },
      { ie: IE.protocolIdentifier, length: 1 },
      { ie: IE.icmpTypeCodeIPv6, length: 2 },
      { ie: IE.flowDirection, length: 1 },
    ];
    const sink = decode(
      ipfixMessage({
        exportTime: 1_700_000_000,
        sets: [
          { kind: 'templates', templates: [{ id: 256, fields }] },
          { kind: 'data', id: 256, fields, records: [['2001:db8::1', '2001:db8::2', 58, 0x8000, 0]] },
        ],
      }),
      1,
    );
    const o = JSON.parse(formatJsonLine(sink.batches[0]!, 0, (k) => exporters[k]!)) as Record<string, unknown>;
    expect(o).toMatchObject({
      format: 'ipfix',
      exporter: '2001:db8::250',
      sourceIPv6Address: '2001:db8::1',
      destinationIPv6Address: '2001:db8::2',
      icmpTypeCodeIPv6: 0x8000,
      flowDirection: 0,
      sourceIPv6PrefixLength: 0,
    });
    expect(o).not.toHaveProperty('sourceIPv4Address');
    expect(o).not.toHaveProperty('ipNextHopIPv6Address');
  });
});
