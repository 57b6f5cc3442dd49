import { describe, expect, it } from 'vitest';
import { DecodeError, DEFAULT_DECODER_LIMITS, type DecoderLimits, ExporterCounters } from '../decoder.js';
import { CollectingSink, FlowFormat, FragmentFlags } from '../flow-batch.js';
import { NTP_UNIX_OFFSET_S } from '../bytes.js';
import { IE } from '../templates/information-elements.js';
import { recordsOf, type RecordView } from '../testing/record-view.js';
import { type Field, ipfixMessage, type IpfixSet, type Value } from '../testing/synth-netflow.js';
import { ethernet, icmp, ipv4, tcp } from '../testing/synth-packet.js';
import { IpfixDecoder } from './ipfix-decoder.js';

const T0 = 1_700_000_000;
const V4: Field[] = [
  { ie: IE.sourceIPv4Address, length: 4 },
  { ie: IE.destinationIPv4Address, length: 4 },
  { ie: IE.ipNextHopIPv4Address, length: 4 },
  { ie: IE.sourceIPv4PrefixLength, length: 1 },
  { ie: IE.destinationIPv4PrefixLength, length: 1 },
  { ie: IE.sourceTransportPort, length: 2 },
  { ie: IE.destinationTransportPort, length: 2 },
  { ie: IE.protocolIdentifier, length: 1 },
  { ie: IE.tcpControlBits, length: 2 },
  { ie: IE.ipClassOfService, length: 1 },
  { ie: IE.packetDeltaCount, length: 8 },
  { ie: IE.octetDeltaCount, length: 8 },
  { ie: IE.flowStartMilliseconds, length: 8 },
  { ie: IE.flowEndMilliseconds, length: 8 },
  { ie: IE.ingressInterface, length: 4 },
  { ie: IE.egressInterface, length: 4 },
  { ie: IE.bgpSourceAsNumber, length: 4 },
  { ie: IE.bgpDestinationAsNumber, length: 4 },
  { ie: IE.vlanId, length: 2 },
  { ie: IE.flowDirection, length: 1 },
];
const V6: Field[] = V4.map((f) => {
  const map: Record<number, Field> = {
    [IE.sourceIPv4Address]: { ie: IE.sourceIPv6Address, length: 16 },
    [IE.destinationIPv4Address]: { ie: IE.destinationIPv6Address, length: 16 },
    [IE.ipNextHopIPv4Address]: { ie: IE.ipNextHopIPv6Address, length: 16 },
    [IE.sourceIPv4PrefixLength]: { ie: IE.sourceIPv6PrefixLength, length: 1 },
    [IE.destinationIPv4PrefixLength]: { ie: IE.destinationIPv6PrefixLength, length: 1 },
  };
  return map[f.ie] ?? f;
});
const values = (src: string, dst: string, hop: string): Value[] => [src, dst, hop, 24, 16, 443, 51234, 6, 0x18, 0x20, 3, 4500, T0 * 1000 - 2000, T0 * 1000 - 500, 11, 12, 64500, 64501, 300, 1];

class Harness {
  readonly counters = new ExporterCounters();
  readonly sink = new CollectingSink(64);
  readonly dec: IpfixDecoder;
  constructor(limits: DecoderLimits = DEFAULT_DECODER_LIMITS) {
    this.dec = new IpfixDecoder(limits);
  }
  send(sets: IpfixSet[], o: { sequence?: number; domain?: number; nowMs?: number; exportTime?: number } = {}): number {
    const d = ipfixMessage({ exportTime: o.exportTime ?? T0, sequence: o.sequence ?? 0, domain: o.domain ?? 0, sets });
    return this.dec.decode(d, { index: 1, counters: this.counters }, o.nowMs ?? T0 * 1000, this.sink);
  }
  records(): RecordView[] {
    return recordsOf(this.sink);
  }
}

const tmpl = (id: number, fields: Field[]): IpfixSet => ({ kind: 'templates', templates: [{ id, fields }] });
const data = (id: number, fields: Field[], ...records: Value[][]): IpfixSet => ({ kind: 'data', id, fields, records });

describe('IpfixDecoder', () => {
  it('decodes IPv4 and IPv6 records identically apart from the addresses', () => {
    const h = new Harness();
    h.send([tmpl(256, V4), tmpl(257, V6), data(256, V4, values('192.0.2.1', '198.51.100.2', '203.0.113.9')), data(257, V6, values('2001:db8::1', '2001:db8:1::2', 'fe80::1'))]);
    const [a, b] = h.records();
    expect(a).toMatchObject({ format: FlowFormat.Ipfix, ipVersion: 4, src: '192.0.2.1', dst: '198.51.100.2', nextHop: '203.0.113.9' });
    expect(b).toMatchObject({ ipVersion: 6, src: '2001:db8::1', dst: '2001:db8:1::2', nextHop: 'fe80::1' });
    const common = (r: RecordView): Partial<RecordView> => ({ ...r, ipVersion: 0, src: '', dst: '', nextHop: '' });
    expect(common(b!)).toEqual(common(a!));
    expect(a).toMatchObject({
      srcMask: 24,
      dstMask: 16,
      srcPort: 443,
      dstPort: 51234,
      tcpFlags: 0x18,
      tos: 0x20,
      packets: 3,
      bytes: 4500,
      startMs: T0 * 1000 - 2000,
      endMs: T0 * 1000 - 500,
      inputIf: 11,
      outputIf: 12,
      srcAs: 64500,
      dstAs: 64501,
      vlan: 300,
      direction: 1,
    });
    expect(h.counters.errorTotal).toBe(0);
  });

  it('reads variable-length fields in short and long form, and skips enterprise-specific fields', () => {
    const h = new Harness();
    const fields: Field[] = [
      { ie: 82, length: 65535 }, // interfaceName, variable length
      { ie: IE.sourceIPv4Address, length: 4 },
      { ie: 1, length: 8, enterprise: 29305 }, // reverse octetDeltaCount (RFC 5103): not ours
      { ie: IE.octetDeltaCount, length: 4 }, // reduced-size encoding (RFC 7011 §6.2)
      { ie: 12345, length: 65535, enterprise: 9 },
      { ie: IE.destinationIPv4Address, length: 4 },
    ];
    h.send([
      tmpl(300, fields),
      data(300, fields, [new Uint8Array(3), '192.0.2.1', 999, 1500, new Uint8Array(300), '192.0.2.2'], [new Uint8Array(0), '192.0.2.3', 999, 40, new Uint8Array(1), '192.0.2.4']),
    ]);
    expect(h.records().map((r) => [r.src, r.dst, r.bytes])).toEqual([
      ['192.0.2.1', '192.0.2.2', 1500],
      ['192.0.2.3', '192.0.2.4', 40],
    ]);
    expect(h.counters.errorTotal).toBe(0);
  });

  it('stops a set at a variable-length field running past its end, keeping earlier records', () => {
    const h = new Harness();
    const fields: Field[] = [
      { ie: IE.sourceIPv4Address, length: 4 },
      { ie: 82, length: 65535 },
    ];
    const good = ipfixMessage({ exportTime: T0, sets: [tmpl(300, fields), data(300, fields, ['192.0.2.1', new Uint8Array(2)], ['192.0.2.2', new Uint8Array(8)])] });
    // Claim 200 bytes for the second record's variable field.
    const bad = good.slice();
    bad[bad.length - 9] = 200;
    expect(h.dec.decode(bad, { index: 1, counters: h.counters }, T0 * 1000, h.sink)).toBe(1);
    expect(h.counters.errors[DecodeError.BadLength]).toBe(1);
  });

  it('withdraws one template, then all templates of a domain (RFC 7011 §8.1)', () => {
    const h = new Harness();
    h.send([
      {
        kind: 'templates',
        templates: [
          { id: 256, fields: V4 },
          { id: 257, fields: V6 },
        ],
      },
      {
        kind: 'optionsTemplates',
        templates: [
          {
            id: 258,
            scopeCount: 1,
            fields: [
              { ie: IE.observationDomainId, length: 4 },
              { ie: IE.samplingInterval, length: 4 },
            ],
          },
        ],
      },
    ]);
    expect(h.counters.templates).toBe(3);
    h.send([{ kind: 'withdraw', ids: [256] }]);
    expect(h.counters.templates).toBe(2);
    expect(h.send([data(256, V4, values('192.0.2.1', '192.0.2.2', '0.0.0.0'))])).toBe(0);
    expect(h.counters.errors[DecodeError.TemplateMissing]).toBe(1);
    h.send([{ kind: 'withdraw', ids: [2] }]); // all data templates: the options template stays
    expect(h.counters.templates).toBe(1);
    h.send([{ kind: 'withdraw', ids: [3], options: true }]);
    expect(h.counters.templates).toBe(0);
  });

  it('expires templates after templateTimeoutMs (RFC 7011 §8.4)', () => {
    const h = new Harness({ ...DEFAULT_DECODER_LIMITS, templateTimeoutMs: 1000 });
    h.send([tmpl(256, V4)], { nowMs: 10_000 });
    expect(h.send([data(256, V4, values('192.0.2.1', '192.0.2.2', '0.0.0.0'))], { nowMs: 10_900 })).toBe(1);
    h.send([tmpl(256, V4)], { nowMs: 11_500 }); // refresh
    expect(h.send([data(256, V4, values('192.0.2.1', '192.0.2.2', '0.0.0.0'))], { nowMs: 12_400 })).toBe(1);
    expect(h.send([data(256, V4, values('192.0.2.1', '192.0.2.2', '0.0.0.0'))], { nowMs: 12_600 })).toBe(0);
    expect(h.counters.templates).toBe(0);
  });

  describe('sampling from options data', () => {
    const flow: Field[] = [
      { ie: IE.sourceIPv4Address, length: 4 },
      { ie: IE.selectorId, length: 8 },
    ];
    it('PSAMP packet interval/space scoped by templateId (IE 145)', () => {
      const h = new Harness();
      const opt: Field[] = [
        { ie: IE.observationDomainId, length: 4 },
        { ie: IE.templateId, length: 2 },
        { ie: 304, length: 2 },
        { ie: IE.samplingPacketInterval, length: 4 },
        { ie: IE.samplingPacketSpace, length: 4 },
      ];
      h.send([tmpl(256, flow.slice(0, 1)), tmpl(257, flow.slice(0, 1)), { kind: 'optionsTemplates', templates: [{ id: 300, scopeCount: 2, fields: opt }] }, data(300, opt, [0, 256, 1, 1, 99])]);
      h.send([data(256, flow.slice(0, 1), ['192.0.2.1']), data(257, flow.slice(0, 1), ['192.0.2.2'])]);
      expect(h.records().map((r) => r.samplingRate)).toEqual([100, 0]);
    });

    it('samplingSize/samplingPopulation (IE 309/310) per selector id (IE 302), and samplerRandomInterval', () => {
      const h = new Harness();
      const opt: Field[] = [
        { ie: IE.selectorId, length: 8 },
        { ie: IE.samplingSize, length: 4 },
        { ie: IE.samplingPopulation, length: 4 },
        { ie: IE.samplerRandomInterval, length: 4 },
      ];
      h.send([tmpl(256, flow), { kind: 'optionsTemplates', templates: [{ id: 300, scopeCount: 1, fields: opt }] }, data(300, opt, [7, 1, 512, 0], [8, 0, 0, 64])]);
      h.send([data(256, flow, ['192.0.2.1', 7], ['192.0.2.2', 8], ['192.0.2.3', 9])]);
      expect(h.records().map((r) => r.samplingRate)).toEqual([512, 64, 0]);
    });

    it('a domain-wide samplingInterval applies to every template of that domain only', () => {
      const h = new Harness();
      const opt: Field[] = [
        { ie: IE.observationDomainId, length: 4 },
        { ie: IE.samplingInterval, length: 4 },
      ];
      const f = flow.slice(0, 1);
      h.send([tmpl(256, f), { kind: 'optionsTemplates', templates: [{ id: 300, scopeCount: 1, fields: opt }] }, data(300, opt, [5, 1000])], { domain: 5 });
      h.send([tmpl(256, f)], { domain: 6 });
      h.send([data(256, f, ['192.0.2.1'])], { domain: 5 });
      h.send([data(256, f, ['192.0.2.2'])], { domain: 6 });
      expect(h.records().map((r) => [r.observationDomain, r.samplingRate])).toEqual([
        [5, 1000],
        [6, 0],
      ]);
    });
  });

  describe('timestamps', () => {
    const start = Date.UTC(2024, 0, 2, 3, 4, 5, 678);
    const end = start + 1500;
    const ntp = (ms: number): Uint8Array => {
      const s = Math.floor(ms / 1000) + NTP_UNIX_OFFSET_S;
      const frac = Math.round(((ms % 1000) / 1000) * 4294967296);
      return new Uint8Array([s >>> 24, (s >>> 16) & 255, (s >>> 8) & 255, s & 255, frac >>> 24, (frac >>> 16) & 255, (frac >>> 8) & 255, frac & 255]);
    };
    const cases: [string, Field[], Value[], number, number][] = [
      [
        'seconds',
        [
          { ie: IE.flowStartSeconds, length: 4 },
          { ie: IE.flowEndSeconds, length: 4 },
        ],
        [Math.floor(start / 1000), Math.floor(end / 1000)],
        Math.floor(start / 1000) * 1000,
        Math.floor(end / 1000) * 1000,
      ],
      [
        'milliseconds',
        [
          { ie: IE.flowStartMilliseconds, length: 8 },
          { ie: IE.flowEndMilliseconds, length: 8 },
        ],
        [start, end],
        start,
        end,
      ],
      [
        'microseconds',
        [
          { ie: IE.flowStartMicroseconds, length: 8 },
          { ie: IE.flowEndMicroseconds, length: 8 },
        ],
        [ntp(start), ntp(end)],
        start,
        end,
      ],
      [
        'nanoseconds',
        [
          { ie: IE.flowStartNanoseconds, length: 8 },
          { ie: IE.flowEndNanoseconds, length: 8 },
        ],
        [ntp(start), ntp(end)],
        start,
        end,
      ],
      [
        'delta microseconds',
        [
          { ie: IE.flowStartDeltaMicroseconds, length: 4 },
          { ie: IE.flowEndDeltaMicroseconds, length: 4 },
        ],
        [3_000_000, 250_000],
        T0 * 1000 - 3000,
        T0 * 1000 - 250,
      ],
      [
        'sysUpTime with systemInitTimeMilliseconds in the record',
        [
          { ie: IE.systemInitTimeMilliseconds, length: 8 },
          { ie: IE.flowStartSysUpTime, length: 4 },
          { ie: IE.flowEndSysUpTime, length: 4 },
        ],
        [start - 60_000, 60_000, 61_500],
        start,
        end,
      ],
      ['observationTimeMilliseconds alone', [{ ie: IE.observationTimeMilliseconds, length: 8 }], [start], start, start],
      ['no time field: the export time', [{ ie: IE.protocolIdentifier, length: 1 }], [6], T0 * 1000, T0 * 1000],
    ];
    for (const [name, fields, vals, s, e] of cases) {
      it(name, () => {
        const h = new Harness();
        h.send([tmpl(256, fields), data(256, fields, vals)]);
        const r = h.records()[0]!;
        expect(r.startMs).toBeCloseTo(s, 3);
        expect(r.endMs).toBeCloseTo(e, 3);
      });
    }

    it('seconds: the middle of the second named, and never after the export time', () => {
      const h = new Harness();
      const f: Field[] = [
        { ie: IE.flowStartSeconds, length: 4 },
        { ie: IE.flowEndSeconds, length: 4 },
      ];
      // Sent at T0 + 0.3 s (received then): a flow of T0 - 2 s … T0 ended in the export's own second.
      h.send([tmpl(256, f), data(256, f, [T0 - 2, T0])], { nowMs: T0 * 1000 + 300 });
      expect([h.records()[0]!.startMs, h.records()[0]!.endMs]).toEqual([(T0 - 2) * 1000 + 499.5, T0 * 1000 + 150]);
    });

    it("sysUpTime without any systemInitTimeMilliseconds: dated at export, keeping the flow's duration", () => {
      const h = new Harness();
      const f: Field[] = [
        { ie: IE.flowStartSysUpTime, length: 4 },
        { ie: IE.flowEndSysUpTime, length: 4 },
      ];
      h.send([tmpl(256, f), data(256, f, [10_000, 71_500])], { nowMs: T0 * 1000 + 420 });
      expect([h.records()[0]!.startMs, h.records()[0]!.endMs]).toEqual([T0 * 1000 + 420 - 61_500, T0 * 1000 + 420]);
    });

    it('the export time narrowed by the receive time dates records without time fields', () => {
      const h = new Harness();
      const f: Field[] = [{ ie: IE.protocolIdentifier, length: 1 }];
      h.send([tmpl(256, f), data(256, f, [17])], { nowMs: T0 * 1000 + 640 });
      h.send([data(256, f, [17])], { nowMs: T0 * 1000 + 5000 });
      expect(h.records().map((r) => r.endMs)).toEqual([T0 * 1000 + 640, T0 * 1000 + 999]);
    });

    it('sysUpTime relative to systemInitTimeMilliseconds announced in options data', () => {
      const h = new Harness();
      const opt: Field[] = [
        { ie: IE.observationDomainId, length: 4 },
        { ie: IE.systemInitTimeMilliseconds, length: 8 },
      ];
      const f: Field[] = [
        { ie: IE.flowStartSysUpTime, length: 4 },
        { ie: IE.flowEndSysUpTime, length: 4 },
      ];
      h.send([{ kind: 'optionsTemplates', templates: [{ id: 300, scopeCount: 1, fields: opt }] }, data(300, opt, [0, start - 10_000]), tmpl(256, f), data(256, f, [10_000, 11_500])]);
      expect([h.records()[0]!.startMs, h.records()[0]!.endMs]).toEqual([start, end]);
    });
  });

  it('reads ICMP type/code elements and fragment flags', () => {
    const h = new Harness();
    const f4: Field[] = [
      { ie: IE.protocolIdentifier, length: 1 },
      { ie: IE.icmpTypeCodeIPv4, length: 2 },
      { ie: IE.fragmentFlags, length: 1 },
      { ie: IE.fragmentOffset, length: 2 },
    ];
    const f6: Field[] = [
      { ie: IE.sourceIPv6Address, length: 16 },
      { ie: IE.protocolIdentifier, length: 1 },
      { ie: IE.icmpTypeIPv6, length: 1 },
      { ie: IE.icmpCodeIPv6, length: 1 },
    ];
    h.send([tmpl(256, f4), tmpl(257, f6), data(256, f4, [1, 0x0303, 0x20, 0], [1, 0x0800, 0x40, 0], [17, 0x0800, 0, 185]), data(257, f6, ['2001:db8::1', 58, 1, 4])]);
    expect(h.records().map((r) => [r.icmpTypeCode, r.fragment])).toEqual([
      [0x0303, FragmentFlags.IsFragment | FragmentFlags.FirstFragment],
      [0x0800, FragmentFlags.DontFragment],
      [0, FragmentFlags.IsFragment], // not ICMP: no type/code
      [0x0104, 0],
    ]);
  });

  it('falls back to total counts, physical interfaces and dot1qVlanId when the primary elements are absent', () => {
    const h = new Harness();
    const f: Field[] = [
      { ie: IE.packetTotalCount, length: 8 },
      { ie: IE.octetTotalCount, length: 8 },
      { ie: IE.ingressPhysicalInterface, length: 4 },
      { ie: IE.egressPhysicalInterface, length: 4 },
      { ie: IE.dot1qVlanId, length: 2 },
    ];
    const both: Field[] = [
      { ie: IE.packetTotalCount, length: 8 },
      { ie: IE.packetDeltaCount, length: 8 },
      { ie: IE.ingressPhysicalInterface, length: 4 },
      { ie: IE.ingressInterface, length: 4 },
    ];
    h.send([tmpl(256, f), tmpl(257, both), data(256, f, [7, 700, 21, 22, 42]), data(257, both, [1_000_000, 7, 99, 5])]);
    expect(h.records().map((r) => [r.packets, r.bytes, r.inputIf, r.outputIf, r.vlan])).toEqual([
      [7, 700, 21, 22, 42],
      [7, 0, 5, 0, 0],
    ]);
  });

  it('picks the address family per record when a template carries both (IPv6 when non-zero or declared)', () => {
    const h = new Harness();
    const f: Field[] = [
      { ie: IE.sourceIPv4Address, length: 4 },
      { ie: IE.sourceIPv6Address, length: 16 },
      { ie: IE.ipNextHopIPv4Address, length: 4 },
      { ie: IE.ipVersion, length: 1 },
    ];
    h.send([tmpl(256, f), data(256, f, ['192.0.2.1', '::', '192.0.2.254', 4], ['0.0.0.0', '2001:db8::5', '0.0.0.0', 0], ['192.0.2.9', '2001:db8::9', '192.0.2.254', 6])]);
    expect(h.records().map((r) => [r.ipVersion, r.src, r.nextHop])).toEqual([
      [4, '192.0.2.1', '192.0.2.254'],
      [6, '2001:db8::5', '0.0.0.0'],
      [6, '2001:db8::9', '192.0.2.254'],
    ]);
  });

  it('fills what the template lacks from a dataLinkFrameSection (IE 315), one packet of dataLinkFrameSize bytes', () => {
    const h = new Harness();
    const frame = ethernet({ type: 0x0800, vlans: [{ id: 231 }], payload: ipv4({ src: '51.51.51.51', dst: '52.52.52.52', protocol: 6, payload: tcp({ srcPort: 80, dstPort: 4242, flags: 0x11 }) }) });
    const f: Field[] = [
      { ie: IE.ingressInterface, length: 4 },
      { ie: IE.dataLinkFrameSize, length: 2 },
      { ie: IE.dataLinkFrameSection, length: 65535 },
    ];
    const ping = ethernet({ type: 0x0800, payload: ipv4({ src: '51.51.51.51', dst: '52.52.52.52', protocol: 1, payload: icmp(8, 0) }) });
    h.send([tmpl(256, f), data(256, f, [582, 114, frame], [582, 98, ping])]);
    expect(h.records()[0]).toMatchObject({
      ipVersion: 4,
      src: '51.51.51.51',
      dst: '52.52.52.52',
      protocol: 6,
      srcPort: 80,
      dstPort: 4242,
      tcpFlags: 0x11,
      vlan: 231,
      packets: 1,
      bytes: 114,
      inputIf: 582,
    });
    expect(h.records()[1]).toMatchObject({ protocol: 1, icmpTypeCode: 0x0800, dstPort: 0, bytes: 98 });
  });

  it('counts data records (options records included) per observation domain in the sequence number', () => {
    const h = new Harness();
    const opt: Field[] = [
      { ie: IE.observationDomainId, length: 4 },
      { ie: IE.samplingInterval, length: 4 },
    ];
    const f = V4.slice(0, 2);
    h.send([tmpl(256, f), { kind: 'optionsTemplates', templates: [{ id: 300, scopeCount: 1, fields: opt }] }], { sequence: 0 });
    h.send([data(300, opt, [0, 10]), data(256, f, ['192.0.2.1', '192.0.2.2'], ['192.0.2.3', '192.0.2.4'])], { sequence: 0 });
    h.send([data(256, f, ['192.0.2.1', '192.0.2.2'])], { sequence: 3 });
    h.send([data(256, f, ['192.0.2.1', '192.0.2.2'])], { sequence: 4, domain: 9 }); // other domain: own sequence
    h.send([data(256, f, ['192.0.2.1', '192.0.2.2'])], { sequence: 9 }); // 5 records lost
    h.send([data(256, f, ['192.0.2.1', '192.0.2.2'])], { sequence: 1 }); // restart
    expect([h.counters.sequenceGaps, h.counters.lostRecords, h.counters.sequenceResets]).toEqual([1, 5, 1]);
  });

  it('does not invent a sequence gap after a set whose template is unknown', () => {
    const h = new Harness();
    const f = V4.slice(0, 2);
    h.send([data(999, f, ['192.0.2.1', '192.0.2.2'])], { sequence: 0 });
    h.send([tmpl(256, f), data(256, f, ['192.0.2.1', '192.0.2.2'])], { sequence: 1 });
    h.send([data(256, f, ['192.0.2.1', '192.0.2.2'])], { sequence: 2 });
    expect([h.counters.sequenceGaps, h.counters.sequenceResets, h.counters.templateMisses]).toEqual([0, 0, 1]);
  });

  describe('template sets that are not what they claim (RFC 7011 §3.4.1, §3.4.2.2)', () => {
    const f = V4.slice(0, 2);
    const raw = (id: number, ...u16s: number[]): IpfixSet => {
      const b = new Uint8Array(u16s.length * 2);
      u16s.forEach((v, k) => {
        b[k * 2] = v >>> 8;
        b[k * 2 + 1] = v & 255;
      });
      return { kind: 'raw', id, body: b };
    };

    it('refuses a template id below 256, and the rest of that set with it', () => {
      const h = new Harness();
      // Template 255 (reserved range) with one field, then a good template 256 in the same set.
      h.send([raw(2, 255, 1, IE.sourceIPv4Address, 4, 256, 1, IE.sourceIPv4Address, 4)]);
      expect(h.counters.errors[DecodeError.BadTemplate]).toBe(1);
      expect(h.counters.templates).toBe(0);
      expect(h.dec.templateCount).toBe(0);
      // A later, valid set is read as usual.
      h.send([tmpl(256, f), data(256, f, ['192.0.2.1', '192.0.2.2'])]);
      expect(h.records()).toHaveLength(1);
    });

    it('refuses an options template whose scope count is 0 or above its field count', () => {
      const h = new Harness();
      const opt = [IE.observationDomainId, 4, IE.samplingInterval, 4];
      h.send([raw(3, 300, 2, 0, ...opt)]);
      h.send([raw(3, 301, 2, 3, ...opt)]);
      expect(h.counters.errors[DecodeError.BadTemplate]).toBe(2);
      expect(h.counters.templates).toBe(0);
      // Its data is then data of an unknown template, and sets no sampling rate.
      h.send([
        tmpl(256, f),
        data(
          300,
          [
            { ie: IE.observationDomainId, length: 4 },
            { ie: IE.samplingInterval, length: 4 },
          ],
          [0, 100],
        ),
        data(256, f, ['192.0.2.1', '192.0.2.2']),
      ]);
      expect(h.counters.errors[DecodeError.TemplateMissing]).toBe(1);
      expect(h.records().map((r) => r.samplingRate)).toEqual([0]);
    });

    it('reads the rest of a set after a withdrawal in it', () => {
      const h = new Harness();
      h.send([tmpl(256, f), tmpl(257, f)]);
      // Withdraw 256, then define 258, in one template set.
      h.send([raw(2, 256, 0, 258, 2, IE.sourceIPv4Address, 4, IE.destinationIPv4Address, 4)]);
      expect(h.counters.templates).toBe(2);
      h.send([data(256, f, ['192.0.2.1', '192.0.2.2']), data(257, f, ['192.0.2.3', '192.0.2.4']), data(258, f, ['192.0.2.5', '192.0.2.6'])]);
      expect(h.records().map((r) => r.src)).toEqual(['192.0.2.3', '192.0.2.5']);
      expect(h.counters.errorTotal).toBe(1);
      expect(h.counters.errors[DecodeError.TemplateMissing]).toBe(1);
    });

    it('takes fewer than four bytes, or a zero record header, at the end of a template set as padding', () => {
      const h = new Harness();
      h.send([raw(2, 256, 1, IE.sourceIPv4Address, 4, 0)]); // two bytes of padding
      h.send([raw(2, 257, 1, IE.sourceIPv4Address, 4, 0, 0)]); // a zero record header
      h.send([raw(3, 300, 2, 1, IE.observationDomainId, 4, IE.samplingInterval, 4, 0)]);
      expect(h.counters.errorTotal).toBe(0);
      expect(h.counters.templates).toBe(3);
    });
  });

  it('skips sets with reserved ids (4–255) by their length and reads what follows', () => {
    const h = new Harness();
    const f = V4.slice(0, 2);
    h.send([tmpl(256, f)]);
    h.send([{ kind: 'raw', id: 4, body: new Uint8Array([1, 2, 3, 4, 5, 6]) }, { kind: 'raw', id: 255, body: new Uint8Array(8).fill(0xff) }, data(256, f, ['192.0.2.1', '192.0.2.2'])]);
    expect(h.records().map((r) => r.src)).toEqual(['192.0.2.1']);
    expect(h.counters.errorTotal).toBe(0);
  });

  it('reads an empty data set, and one with only padding, as no records and no error', () => {
    const h = new Harness();
    const f = V4.slice(0, 2);
    h.send([tmpl(256, f)], { sequence: 0 });
    h.send([data(256, f), { kind: 'data', id: 256, fields: f, records: [], padding: 3 }, data(256, f, ['192.0.2.1', '192.0.2.2'])], { sequence: 0 });
    h.send([data(256, f, ['192.0.2.3', '192.0.2.4'])], { sequence: 1 });
    expect(h.records().map((r) => r.src)).toEqual(['192.0.2.1', '192.0.2.3']);
    expect(h.counters.errorTotal).toBe(0);
    expect(h.counters.sequenceGaps).toBe(0);
  });

  it('forgets an exporter: a template it sent does not outlive the slot being given to another', () => {
    const h = new Harness();
    const f = V4.slice(0, 2);
    h.send([tmpl(256, f)]);
    expect(h.counters.templates).toBe(1);
    expect(h.dec.templateCount).toBe(1);
    h.dec.forget(1);
    expect(h.dec.templateCount).toBe(0);
    // The slot now belongs to a new exporter that sends data before its templates.
    expect(h.send([data(256, f, ['192.0.2.1', '192.0.2.2'])])).toBe(0);
    expect(h.counters.errors[DecodeError.TemplateMissing]).toBe(1);
  });

  describe('message and set bounds', () => {
    const f = V4.slice(0, 2);
    const bytes = (...u16s: number[]): Uint8Array => {
      const b = new Uint8Array(u16s.length * 2);
      u16s.forEach((v, k) => {
        b[k * 2] = v >>> 8;
        b[k * 2 + 1] = v & 255;
      });
      return b;
    };
    const raw = (id: number, ...u16s: number[]): IpfixSet => ({ kind: 'raw', id, body: bytes(...u16s) });

    it('counts every datagram and its bytes on the exporter', () => {
      const h = new Harness();
      const a = ipfixMessage({ exportTime: T0, sets: [tmpl(256, f)] });
      const b = ipfixMessage({ exportTime: T0, sets: [data(256, f, ['192.0.2.1', '192.0.2.2'])] });
      h.dec.decode(a, { index: 1, counters: h.counters }, T0 * 1000, h.sink);
      h.dec.decode(b, { index: 1, counters: h.counters }, T0 * 1000, h.sink);
      expect([h.counters.datagrams, h.counters.bytes]).toEqual([2, a.length + b.length]);
    });

    it('takes a datagram of exactly the largest size, and refuses one byte more', () => {
      const h = new Harness({ ...DEFAULT_DECODER_LIMITS, maxDatagramBytes: 64 });
      const fit = ipfixMessage({ exportTime: T0, sets: [tmpl(256, f), { kind: 'raw', id: 4, body: new Uint8Array(64 - 16 - 16 - 4) }] });
      expect(fit.length).toBe(64);
      h.dec.decode(fit, { index: 1, counters: h.counters }, T0 * 1000, h.sink);
      expect(h.counters.templates).toBe(1);
      const over = ipfixMessage({ exportTime: T0, sets: [tmpl(257, f), { kind: 'raw', id: 4, body: new Uint8Array(64 - 16 - 16 - 4 + 1) }] });
      h.dec.decode(over, { index: 1, counters: h.counters }, T0 * 1000, h.sink);
      expect(h.counters.errors[DecodeError.Oversized]).toBe(1);
      expect(h.counters.templates).toBe(1);
    });

    it('counts a datagram shorter than the message header as truncated, even one too short for a version', () => {
      const h = new Harness();
      expect(h.dec.decode(ipfixMessage({ exportTime: T0, sets: [] }).subarray(0, 15), { index: 1, counters: h.counters }, T0 * 1000, h.sink)).toBe(0);
      expect(h.dec.decode(new Uint8Array([0]), { index: 1, counters: h.counters }, T0 * 1000, h.sink)).toBe(0);
      expect(h.counters.errorTotal).toBe(2);
      expect(h.counters.errors[DecodeError.Truncated]).toBe(2);
    });

    it('dates records at the receive time when the header carries no export time', () => {
      const h = new Harness();
      const f1: Field[] = [{ ie: IE.protocolIdentifier, length: 1 }];
      h.send([tmpl(256, f1), data(256, f1, [17])], { exportTime: 0, nowMs: T0 * 1000 + 777 });
      expect(h.records()[0]!.endMs).toBe(T0 * 1000 + 777);
    });

    it('takes an options template whose every field is a scope field', () => {
      const h = new Harness();
      h.send([raw(3, 300, 2, 2, IE.observationDomainId, 4, IE.samplerId, 1)]);
      expect(h.counters.errorTotal).toBe(0);
      expect(h.counters.templates).toBe(1);
    });

    it('counts a set header at the very end claiming fewer than four bytes', () => {
      const h = new Harness();
      const m = ipfixMessage({ exportTime: T0, sets: [tmpl(256, f)] });
      const tail = new Uint8Array(m.length + 4);
      tail.set(m);
      tail.set(bytes(256, 2), m.length);
      tail[2] = tail.length >>> 8;
      tail[3] = tail.length & 255;
      h.dec.decode(tail, { index: 1, counters: h.counters }, T0 * 1000, h.sink);
      expect(h.counters.templates).toBe(1);
      expect(h.counters.errors[DecodeError.BadLength]).toBe(1);
    });

    it('refuses a withdrawal of a template id in 4–255', () => {
      const h = new Harness();
      h.send([tmpl(256, f), raw(2, 100, 0)]);
      expect(h.counters.errors[DecodeError.BadTemplate]).toBe(1);
      expect(h.counters.templates).toBe(1);
    });

    it('counts an options template cut before its scope count, a template with fewer field bytes than fields, and enterprise fields cut short', () => {
      const h = new Harness();
      h.send([raw(3, 300, 2)]);
      expect(h.counters.errors[DecodeError.BadLength]).toBe(1);
      h.send([raw(2, 301, 3, IE.sourceIPv4Address, 4)]);
      expect(h.counters.errors[DecodeError.BadLength]).toBe(2);
      // Two enterprise fields (8 bytes each) in 12 bytes: the field count fits, the fields do not.
      h.send([raw(2, 302, 2, 0x8000 | 1, 4, 0, 9, 0x8000 | 2, 4)]);
      expect(h.counters.errors[DecodeError.BadTemplate]).toBe(1);
      expect(h.counters.templates).toBe(0);
    });

    it('keeps the sequence check across empty data sets', () => {
      const h = new Harness();
      h.send([tmpl(256, f)], { sequence: 0 });
      h.send([data(256, f), data(256, f, ['192.0.2.1', '192.0.2.2'])], { sequence: 0 });
      h.send([data(256, f, ['192.0.2.3', '192.0.2.4'])], { sequence: 5 });
      expect([h.counters.sequenceGaps, h.counters.lostRecords]).toEqual([1, 4]);
    });
  });
});
