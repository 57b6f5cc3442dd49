import { describe, expect, it } from 'vitest';
import { DecodeError, DEFAULT_DECODER_LIMITS, ExporterCounters } from '../decoder.js';
import { CollectingSink, Direction, FlowFormat } from '../flow-batch.js';
import { recordsOf } from '../testing/record-view.js';
import { sflowDatagram, type SflowRecord, type SflowSample } from '../testing/synth-sflow.js';
import { ethernet, ipv4, ipv6, tcp, udp } from '../testing/synth-packet.js';
import { SflowDecoder } from './sflow-decoder.js';

const NOW = 1_700_000_000_000;
const frame = ethernet({ type: 0x0800, vlans: [{ id: 55 }], payload: ipv4({ src: '192.0.2.1', dst: '198.51.100.2', protocol: 6, tos: 8, payload: tcp({ srcPort: 22, dstPort: 50000, flags: 0x18 }) }) });
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
        ipVersion: 4, src: '192.0.2.1', dst: '198.51.100.2', nextHop: '::', protocol: 6, srcPort: 22, dstPort: 50000, icmpTypeCode: 0, tcpFlags: 0x18, tos: 8, fragment: 0,
        packets: 1, bytes: 1518, samplingRate: 1024, startMs: NOW, endMs: NOW, exporter: 2, format: FlowFormat.Sflow, observationDomain: 27,
        inputIf: 27, outputIf: 28, srcAs: 0, dstAs: 0, srcMask: 0, dstMask: 0, direction: Direction.Unknown, vlan: 55,
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
        records: [raw, { kind: 'switch', srcVlan: 809, dstVlan: 3001 }, { kind: 'router', nextHop: '203.0.113.1', srcMask: 24, dstMask: 22 }, { kind: 'gateway', nextHop: '198.51.100.254', as: 64500, srcAs: 64501, srcPeerAs: 64502, path: [[64600, 64601], [64700, 64799]] }],
      }),
    ]);
    expect(recordsOf(h.sink)[0]).toMatchObject({ observationDomain: 369098852, inputIf: 369098852, outputIf: 12, vlan: 809, nextHop: '203.0.113.1', srcMask: 24, dstMask: 22, srcAs: 64501, dstAs: 64799 });
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
    expect(h.send([{ kind: 'counters', sequence: 1, sourceIndex: 3 }, { kind: 'counters', expanded: true, sequence: 1, sourceIndex: 3 }, { kind: 'opaque', format: (4413 << 12) | 5, data: new Uint8Array(10) }, flowSample({ records: [{ kind: 'opaque', format: 1005, data: new Uint8Array(6) }, raw] })])).toBe(1);
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
});
