import { describe, expect, it } from 'vitest';
import { DecodeError, DEFAULT_DECODER_LIMITS, ExporterCounters } from '../decoder.js';
import { CollectingSink, Direction, FlowFormat } from '../flow-batch.js';
import { recordsOf } from '../testing/record-view.js';
import { sflowDatagram, type SflowRecord, type SflowSample } from '../testing/synth-sflow.js';
import { ethernet, ipv4, ipv6, tcp, udp } from '../testing/synth-packet.js';
import { SflowDecoder } from './sflow-decoder.js';

const NOW = 1_700_000_000_000;
const frame = ethernet({
  type: 0x0800,
  vlans: [{ id: 55 }],
  payload: ipv4({ src: '192.0.2.1', dst: '198.51.100.2', protocol: 6, tos: 8, payload: tcp({ srcPort: 22, dstPort: 50000, flags: 0x18 }) }),
});
const raw: SflowRecord = { kind: 'raw', headerProtocol: 1, frameLength: 1518, header: frame };
const flowSample = (o: Partial<Extract<SflowSample, { kind: 'flow' }>> = {}): SflowSample => ({ kind: 'flow', sequence: 1, sourceIndex: 27, rate: 1024, input: 27, output: 28, records: [raw], ...o });

class Harness {
  readonly counters = new ExporterCounters();
  readonly sink = new CollectingSink(64);
  readonly dec = new SflowDecoder(DEFAULT_DECODER_LIMITS);
  send(samples: SflowSample[], o: { sequence?: number; agent?: string; subAgent?: number } = {}): number {
    const d = sflowDatagram({ agent: o.agent ?? '192.0.2.250', subAgent: o.subAgent ?? 0, sequence: o.sequence ?? 1, samples });
    return this.dec.decode(d, { index: 2, counters: this.counters }, NOW, this.sink);
  }
}

describe('SflowDecoder', () => {
  it('turns a compact flow sample with a raw Ethernet header into one record of one packet of frame-length bytes', () => {
    const h = new Harness();
    expect(h.send([flowSample()])).toBe(1);
    expect(recordsOf(h.sink)).toEqual([
      {
        ipVersion: 4,
        src: '192.0.2.1',
        dst: '198.51.100.2',
        nextHop: '::',
        protocol: 6,
        srcPort: 22,
        dstPort: 50000,
        icmpTypeCode: 0,
        tcpFlags: 0x18,
        tos: 8,
        fragment: 0,
        packets: 1,
        bytes: 1518,
        samplingRate: 1024,
        startMs: NOW,
        endMs: NOW,
        exporter: 2,
        format: FlowFormat.Sflow,
        observationDomain: 27,
        inputIf: 27,
        outputIf: 28,
        srcAs: 0,
        dstAs: 0,
        srcMask: 0,
        dstMask: 0,
        direction: Direction.Unknown,
        vlan: 55,
      },
    ]);
    expect(h.counters.errorTotal).toBe(0);
  });

  it('reads expanded samples and the extended switch, router and gateway records', () => {
    const h = new Harness();
    h.send([
      flowSample({
        expanded: true,
        sourceIndex: 369098852,
        input: 369098852,
        output: 12,
        records: [
          raw,
          { kind: 'switch', srcVlan: 809, dstVlan: 3001 },
          { kind: 'router', nextHop: '203.0.113.1', srcMask: 24, dstMask: 22 },
          {
            kind: 'gateway',
            nextHop: '198.51.100.254',
            as: 64500,
            srcAs: 64501,
            srcPeerAs: 64502,
            path: [
              [64600, 64601],
              [64700, 64799],
            ],
          },
        ],
      }),
    ]);
    expect(recordsOf(h.sink)[0]).toMatchObject({
      observationDomain: 369098852,
      inputIf: 369098852,
      outputIf: 12,
      vlan: 809,
      nextHop: '203.0.113.1',
      srcMask: 24,
      dstMask: 22,
      srcAs: 64501,
      dstAs: 64799,
    });
  });

  it('uses sampled IPv4/IPv6 records when there is no raw header, with the IP length as bytes', () => {
    const h = new Harness();
    h.send([
      flowSample({ records: [{ kind: 'ipv4', length: 1344, protocol: 17, src: '50.50.50.50', dst: '51.51.51.51', srcPort: 46622, dstPort: 58631 }] }),
      flowSample({ sequence: 2, records: [{ kind: 'ipv6', length: 80, protocol: 6, src: '2001:db8::1', dst: '2001:db8::2', srcPort: 443, dstPort: 1000, tcpFlags: 2 }] }),
    ]);
    expect(recordsOf(h.sink).map((r) => [r.ipVersion, r.src, r.dst, r.protocol, r.srcPort, r.dstPort, r.tcpFlags, r.bytes])).toEqual([
      [4, '50.50.50.50', '51.51.51.51', 17, 46622, 58631, 0, 1344],
      [6, '2001:db8::1', '2001:db8::2', 6, 443, 1000, 2, 80],
    ]);
  });

  it('parses raw IPv4 and IPv6 headers (header protocols 11 and 12)', () => {
    const h = new Harness();
    const v6 = ipv6({ src: '2001:db8::1', dst: '2001:db8::2', protocol: 17, payload: udp({ srcPort: 53, dstPort: 999 }) });
    h.send([
      flowSample({ records: [{ kind: 'raw', headerProtocol: 11, frameLength: 50, header: ipv4({ src: '192.0.2.1', dst: '192.0.2.2', protocol: 17, payload: udp({ srcPort: 1, dstPort: 2 }) }) }] }),
      flowSample({ sequence: 2, records: [{ kind: 'raw', headerProtocol: 12, frameLength: 90, header: v6 }] }),
    ]);
    expect(recordsOf(h.sink).map((r) => [r.ipVersion, r.dstPort, r.bytes])).toEqual([
      [4, 2, 50],
      [6, 999, 90],
    ]);
  });

  it('records internal, discarded and multiple-interface encodings as interface 0', () => {
    const h = new Harness();
    h.send([flowSample({ output: 0x3fffffff }), flowSample({ sequence: 2, output: 0x40000001 }), flowSample({ sequence: 3, input: 0x80000007 })]);
    expect(recordsOf(h.sink).map((r) => [r.inputIf, r.outputIf])).toEqual([
      [27, 0],
      [27, 0],
      [0, 28],
    ]);
  });

  it('counts counter samples and skips unknown sample and record formats', () => {
    const h = new Harness();
    expect(
      h.send([
        { kind: 'counters', sequence: 1, sourceIndex: 3 },
        { kind: 'counters', expanded: true, sequence: 1, sourceIndex: 3 },
        { kind: 'opaque', format: (4413 << 12) | 5, data: new Uint8Array(10) },
        flowSample({ records: [{ kind: 'opaque', format: 1005, data: new Uint8Array(6) }, raw] }),
      ]),
    ).toBe(1);
    expect(h.counters.counterSamples).toBe(2);
    expect(h.counters.errorTotal).toBe(0);
  });

  it('tracks datagram sequence per agent and sub-agent, and lost samples per source id', () => {
    const h = new Harness();
    h.send([flowSample({ sequence: 10 })], { sequence: 100 });
    h.send([flowSample({ sequence: 11 })], { sequence: 101 });
    h.send([flowSample({ sequence: 5, sourceIndex: 99 })], { sequence: 1, subAgent: 1 }); // another sub-agent
    h.send([flowSample({ sequence: 15 })], { sequence: 104 }); // 2 datagrams and 3 samples of source 27 lost
    expect([h.counters.sequenceGaps, h.counters.lostRecords, h.counters.sequenceResets]).toEqual([1, 3, 0]);
    h.send([flowSample({ sequence: 1 })], { sequence: 1 }); // agent restart: source sequences restart too
    h.send([flowSample({ sequence: 2 })], { sequence: 2 });
    expect([h.counters.sequenceGaps, h.counters.lostRecords, h.counters.sequenceResets]).toEqual([1, 3, 1]);
  });

  it('drops a sample whose records overrun it and counts it, keeping the other samples', () => {
    const h = new Harness();
    const d = sflowDatagram({ agent: '192.0.2.250', sequence: 1, samples: [flowSample(), flowSample({ sequence: 2 })] });
    // First sample's first record length (at 28 + 8 + 32 + 4) claims more than the sample holds.
    const bad = d.slice();
    new DataView(bad.buffer).setUint32(28 + 8 + 32 + 4, 4000);
    expect(h.dec.decode(bad, { index: 2, counters: h.counters }, NOW, h.sink)).toBe(1);
    expect(h.counters.errors[DecodeError.BadSample]).toBe(1);
  });

  it('counts a raw header that ends before the IP header as a bad packet header but keeps the sample', () => {
    const h = new Harness();
    h.send([flowSample({ records: [{ kind: 'raw', headerProtocol: 1, frameLength: 64, header: frame.subarray(0, 20) }] })]);
    expect(h.counters.errors[DecodeError.BadPacketHeader]).toBe(1);
    expect(recordsOf(h.sink).map((r) => [r.ipVersion, r.bytes])).toEqual([[0, 64]]);
  });

  describe('datagrams and samples at their bounds', () => {
    const send = (h: Harness, d: Uint8Array): number => h.dec.decode(d, { index: 2, counters: h.counters }, NOW, h.sink);
    const datagram = (samples: SflowSample[], o: { sequence?: number; agent?: string } = {}): Uint8Array => sflowDatagram({ agent: o.agent ?? '192.0.2.250', sequence: o.sequence ?? 1, samples });

    it('counts every datagram and its bytes on the exporter', () => {
      const h = new Harness();
      const a = datagram([flowSample()]);
      const b = datagram([flowSample({ sequence: 2 })], { sequence: 2 });
      send(h, a);
      send(h, b);
      expect([h.counters.datagrams, h.counters.bytes]).toEqual([2, a.length + b.length]);
    });

    it('takes a datagram of exactly the largest size, refuses one byte more, and counts one shorter than eight bytes', () => {
      const d = datagram([flowSample()]);
      const h = { counters: new ExporterCounters(), sink: new CollectingSink(64), dec: new SflowDecoder({ ...DEFAULT_DECODER_LIMITS, maxDatagramBytes: d.length }) } as unknown as Harness;
      expect(send(h, d)).toBe(1);
      const longer = new Uint8Array(d.length + 1);
      longer.set(d);
      expect(send(h, longer)).toBe(0);
      expect(h.counters.errors[DecodeError.Oversized]).toBe(1);
      expect(send(h, d.subarray(0, 7))).toBe(0);
      expect(h.counters.errors[DecodeError.Truncated]).toBe(1);
      expect(h.counters.errorTotal).toBe(2);
    });

    it('reads IPv4 and IPv6 agent addresses, and refuses any other address type', () => {
      const h = new Harness();
      expect(send(h, datagram([flowSample()], { agent: '192.0.2.250' }))).toBe(1);
      expect(send(h, datagram([flowSample()], { agent: '2001:db8::250' }))).toBe(1);
      const bad = datagram([flowSample()]);
      bad[7] = 3;
      expect(send(h, bad)).toBe(0);
      expect(h.counters.errors[DecodeError.Other]).toBe(1);
      expect(h.counters.errorTotal).toBe(1);
    });

    it('counts a datagram cut inside its header, a sample header missing, and a sample longer than what is left', () => {
      const h = new Harness();
      const d = datagram([flowSample(), flowSample({ sequence: 2 })]);
      // Version, address type and address, then 15 of the 16 header bytes.
      expect(send(h, d.subarray(0, 8 + 4 + 15))).toBe(0);
      expect(h.counters.errors[DecodeError.Truncated]).toBe(1);
      // The header says two samples; only the first is there.
      const one = datagram([flowSample()]);
      one[8 + 4 + 15] = 2;
      expect(send(h, one)).toBe(1);
      expect(h.counters.errors[DecodeError.Truncated]).toBe(2);
      // The second sample claims more bytes than the datagram has left.
      const cut = d.subarray(0, d.length - 4);
      expect(send(h, cut)).toBe(1);
      expect(h.counters.errors[DecodeError.Truncated]).toBe(3);
    });

    it('counts compact and expanded counter samples', () => {
      const h = new Harness();
      send(h, datagram([{ kind: 'counters', sequence: 1, sourceIndex: 3 }, { kind: 'counters', expanded: true, sequence: 1, sourceIndex: 4 }, flowSample()]));
      expect(h.counters.counterSamples).toBe(2);
      expect(recordsOf(h.sink)).toHaveLength(1);
    });

    it('forgets the sample sequences of an agent that restarted, and of an exporter forgotten', () => {
      const h = new Harness();
      send(h, datagram([flowSample({ sequence: 100 })], { sequence: 10 }));
      // Restart: datagram and sample sequences start again.
      send(h, datagram([flowSample({ sequence: 1 })], { sequence: 1 }));
      expect([h.counters.sequenceResets, h.counters.sequenceGaps, h.counters.lostRecords]).toEqual([1, 0, 0]);
      h.dec.forget(2);
      send(h, datagram([flowSample({ sequence: 50 })], { sequence: 7 }));
      expect([h.counters.sequenceResets, h.counters.sequenceGaps, h.counters.lostRecords]).toEqual([1, 0, 0]);
    });

    it('keys sample sequences by the expanded source id type as well as its index', () => {
      const h = new Harness();
      send(h, datagram([flowSample({ expanded: true, sourceType: 0, sourceIndex: 5, sequence: 10 }), flowSample({ expanded: true, sourceType: 1, sourceIndex: 5, sequence: 500 })], { sequence: 1 }));
      send(h, datagram([flowSample({ expanded: true, sourceType: 0, sourceIndex: 5, sequence: 11 }), flowSample({ expanded: true, sourceType: 1, sourceIndex: 5, sequence: 501 })], { sequence: 2 }));
      expect([h.counters.sequenceResets, h.counters.sequenceGaps, h.counters.lostRecords]).toEqual([0, 0, 0]);
    });

    it('takes expanded interfaces only in the ifIndex format', () => {
      const h = new Harness();
      send(h, datagram([flowSample({ expanded: true, input: (1 << 30) | 7, output: (2 << 30) | 3 }), flowSample({ expanded: true, sequence: 2, input: 9, output: 10 })]));
      expect(recordsOf(h.sink).map((r) => [r.inputIf, r.outputIf])).toEqual([
        [0, 0],
        [9, 10],
      ]);
    });

    it('fills a batch and goes on in the next', () => {
      const h = new Harness();
      const small = { counters: h.counters, sink: new CollectingSink(1), dec: h.dec } as unknown as Harness;
      expect(send(small, datagram([flowSample(), flowSample({ sequence: 2 }), flowSample({ sequence: 3 })]))).toBe(3);
      expect(recordsOf(small.sink)).toHaveLength(3);
    });

    it('leaves nothing of one sample in the next: addresses, next hop, bytes and VLAN come from each own records', () => {
      const h = new Harness();
      send(
        h,
        datagram([
          flowSample({
            records: [
              { kind: 'ipv4', length: 1344, protocol: 17, src: '50.50.50.50', dst: '51.51.51.51', srcPort: 1, dstPort: 2 },
              { kind: 'router', nextHop: '203.0.113.1', srcMask: 24, dstMask: 22 },
            ],
          }),
          flowSample({ sequence: 2, records: [{ kind: 'switch', srcVlan: 0, dstVlan: 0 }] }),
          flowSample({ sequence: 3, records: [raw, { kind: 'switch', srcVlan: 0, dstVlan: 7 }] }),
          flowSample({
            sequence: 4,
            records: [
              { ...raw, frameLength: 0 },
              { kind: 'ipv4', length: 900, protocol: 17, src: '50.50.50.50', dst: '51.51.51.51', srcPort: 1, dstPort: 2 },
            ],
          }),
        ]),
      );
      expect(recordsOf(h.sink).map((r) => [r.ipVersion, r.src, r.nextHop, r.bytes, r.vlan])).toEqual([
        [4, '50.50.50.50', '203.0.113.1', 1344, 0],
        [0, '::', '::', 0, 0],
        [4, '192.0.2.1', '::', 1518, 55],
        [4, '192.0.2.1', '::', 0, 55],
      ]);
    });
  });
});
