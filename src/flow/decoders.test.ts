import { describe, expect, it } from 'vitest';
import { DecodeError, ExporterCounters } from './decoder.js';
import { createDecoders } from './decoders.js';
import { CollectingSink, FlowFormat } from './flow-batch.js';
import { IE } from './templates/information-elements.js';
import { recordsOf } from './testing/record-view.js';
import { ipfixMessage, v5Datagram, v9Packet } from './testing/synth-netflow.js';
import { sflowDatagram } from './testing/synth-sflow.js';
import { ethernet, ipv4, udp } from './testing/synth-packet.js';

const v5 = v5Datagram({ sysUptime: 1000, unixSecs: 1_700_000_000 }, [{ src: '192.0.2.1', dst: '192.0.2.2', packets: 1, bytes: 60, first: 900, last: 950, srcPort: 1, dstPort: 2, protocol: 17 }]);
const f = [{ ie: IE.sourceIPv4Address, length: 4 }];
const v9 = v9Packet({
  sysUptime: 1000,
  unixSecs: 1_700_000_000,
  sets: [
    { kind: 'templates', templates: [{ id: 256, fields: f }] },
    { kind: 'data', id: 256, fields: f, records: [['192.0.2.3']] },
  ],
});
const ipfix = ipfixMessage({
  exportTime: 1_700_000_000,
  sets: [
    { kind: 'templates', templates: [{ id: 256, fields: f }] },
    { kind: 'data', id: 256, fields: f, records: [['192.0.2.4']] },
  ],
});
const sflow = sflowDatagram({
  agent: '192.0.2.250',
  sequence: 1,
  samples: [
    {
      kind: 'flow',
      sequence: 1,
      sourceIndex: 1,
      rate: 100,
      input: 1,
      output: 2,
      records: [
        {
          kind: 'raw',
          headerProtocol: 1,
          frameLength: 64,
          header: ethernet({ type: 0x0800, payload: ipv4({ src: '192.0.2.5', dst: '192.0.2.6', protocol: 17, payload: udp({ srcPort: 1, dstPort: 2 }) }) }),
        },
      ],
    },
  ],
});

describe('createDecoders', () => {
  it('dispatches NetFlow v5, v9, IPFIX and sFlow datagrams on their version fields', () => {
    const decoders = createDecoders();
    const counters = new ExporterCounters();
    const sink = new CollectingSink();
    for (const d of [v5, v9, ipfix, sflow]) expect(decoders.decode(d, { index: 0, counters }, 1_700_000_000_000, sink)).toBe(1);
    expect(recordsOf(sink).map((r) => [r.format, r.src])).toEqual([
      [FlowFormat.NetflowV5, '192.0.2.1'],
      [FlowFormat.NetflowV9, '192.0.2.3'],
      [FlowFormat.Ipfix, '192.0.2.4'],
      [FlowFormat.Sflow, '192.0.2.5'],
    ]);
    expect([counters.datagrams, counters.records, counters.errorTotal]).toEqual([4, 4, 0]);
  });

  it('keeps each listener to its formats and counts the rest as bad versions', () => {
    const decoders = createDecoders();
    expect(decoders.decoderFor(sflow, 'netflow')).toBeUndefined();
    expect(decoders.decoderFor(ipfix, 'sflow')).toBeUndefined();
    expect(decoders.decoderFor(ipfix, 'netflow')).toBe(decoders.ipfix);
    expect(decoders.decoderFor(sflow, 'sflow')).toBe(decoders.sflow);
    const counters = new ExporterCounters();
    const sink = new CollectingSink();
    decoders.decode(sflow, { index: 0, counters }, 0, sink, 'netflow');
    decoders.decode(new Uint8Array([0, 7, 0, 0, 0, 0]), { index: 0, counters }, 0, sink);
    decoders.decode(new Uint8Array([0, 9]), { index: 0, counters }, 0, sink);
    expect([counters.errors[DecodeError.BadVersion], counters.errors[DecodeError.Truncated], counters.datagrams, sink.records]).toEqual([2, 1, 3, 0]);
  });

  it('shares the total template cap between NetFlow v9 and IPFIX, and forgets an exporter everywhere', () => {
    const decoders = createDecoders({ maxTemplatesPerExporter: 10, maxTemplatesTotal: 1, templateTimeoutMs: 60_000, maxDatagramBytes: 65535 });
    const counters = new ExporterCounters();
    const sink = new CollectingSink();
    decoders.decode(v9, { index: 0, counters }, 0, sink);
    decoders.decode(ipfix, { index: 0, counters }, 0, sink);
    expect([counters.templates, counters.errors[DecodeError.TemplateLimit], sink.records]).toEqual([1, 1, 1]);
    decoders.forget(0);
    expect(counters.templates).toBe(0);
    decoders.decode(ipfix, { index: 0, counters }, 0, sink);
    expect([counters.templates, sink.records]).toEqual([1, 2]);
  });
});
