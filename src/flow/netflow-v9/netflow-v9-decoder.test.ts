import { describe, expect, it } from 'vitest';
import { DecodeError, DEFAULT_DECODER_LIMITS, type DecoderLimits, ExporterCounters } from '../decoder.js';
import { CollectingSink, FlowFormat } from '../flow-batch.js';
import { IE } from '../templates/information-elements.js';
import { recordsOf } from '../testing/record-view.js';
import { type Field, v9Packet, type V9Set } from '../testing/synth-netflow.js';
import { NetflowV9Decoder } from './netflow-v9-decoder.js';

const T0 = 1_700_000_000;
const FIELDS: Field[] = [
  { ie: IE.sourceIPv4Address, length: 4 },
  { ie: IE.destinationIPv4Address, length: 4 },
  { ie: IE.sourceTransportPort, length: 2 },
  { ie: IE.destinationTransportPort, length: 2 },
  { ie: IE.protocolIdentifier, length: 1 },
  { ie: IE.tcpControlBits, length: 1 },
  { ie: IE.packetDeltaCount, length: 4 },
  { ie: IE.octetDeltaCount, length: 4 },
  { ie: IE.flowStartSysUpTime, length: 4 },
  { ie: IE.flowEndSysUpTime, length: 4 },
  { ie: IE.ingressInterface, length: 2 },
  { ie: IE.samplerId, length: 1 },
];
const template: V9Set = { kind: 'templates', templates: [{ id: 300, fields: FIELDS }] };
const samplerOptions: V9Set = {
  kind: 'optionsTemplates',
  templates: [
    {
      id: 400,
      scopes: [{ type: 1, length: 4 }],
      fields: [
        { ie: IE.samplerId, length: 1 },
        { ie: IE.samplerRandomInterval, length: 4 },
      ],
    },
  ],
};
const rec = (src: string, sampler = 1): (number | string)[] => [src, '198.51.100.1', 1234, 80, 6, 0x10, 5, 700, 50_000, 59_000, 9, sampler];
const data = (...records: (number | string)[][]): V9Set => ({ kind: 'data', id: 300, fields: FIELDS, records });
/** A record from `src` with its own FIRST/LAST_SWITCHED uptimes. */
const src = (address: string, first: number, last: number): (number | string)[] => [address, '198.51.100.1', 1234, 80, 6, 0x10, 5, 700, first, last, 9, 1];

class Harness {
  readonly counters = new ExporterCounters();
  readonly sink = new CollectingSink(64);
  readonly dec: NetflowV9Decoder;
  constructor(limits: DecoderLimits = DEFAULT_DECODER_LIMITS) {
    this.dec = new NetflowV9Decoder(limits);
  }
  send(sets: V9Set[], o: { sequence?: number; sourceId?: number; nowMs?: number; exporter?: number; counters?: ExporterCounters } = {}): number {
    const d = v9Packet({ sysUptime: 60_000, unixSecs: T0, sequence: o.sequence ?? 0, sourceId: o.sourceId ?? 0, sets });
    return this.dec.decode(d, { index: o.exporter ?? 0, counters: o.counters ?? this.counters }, o.nowMs ?? T0 * 1000, this.sink);
  }
}

describe('NetflowV9Decoder', () => {
  it('decodes data records with a template sent earlier, with absolute times from sysUptime', () => {
    const h = new Harness();
    expect(h.send([template])).toBe(0);
    expect(h.send([data(rec('192.0.2.1'))])).toBe(1);
    const r = recordsOf(h.sink)[0]!;
    expect(r).toMatchObject({
      format: FlowFormat.NetflowV9,
      ipVersion: 4,
      src: '192.0.2.1',
      dst: '198.51.100.1',
      srcPort: 1234,
      dstPort: 80,
      protocol: 6,
      tcpFlags: 0x10,
      packets: 5,
      bytes: 700,
      inputIf: 9,
    });
    expect([r.startMs, r.endMs]).toEqual([T0 * 1000 - 10_000, T0 * 1000 - 1000]);
    expect(h.counters.errorTotal).toBe(0);
    expect(h.counters.templates).toBe(1);
  });

  it('applies sampler rates from options data to records carrying the sampler id', () => {
    const h = new Harness();
    h.send([samplerOptions, template]);
    h.send([
      {
        kind: 'data',
        id: 400,
        fields: [
          { ie: 1, length: 4 },
          { ie: IE.samplerId, length: 1 },
          { ie: IE.samplerRandomInterval, length: 4 },
        ],
        records: [
          [0, 1, 2000],
          [0, 2, 4000],
        ],
      },
    ]);
    h.send([data(rec('192.0.2.1', 1), rec('192.0.2.2', 2), rec('192.0.2.3', 3))]);
    expect(recordsOf(h.sink).map((r) => r.samplingRate)).toEqual([2000, 4000, 0]);
  });

  it('uses samplingInterval carried in the data record itself', () => {
    const h = new Harness();
    const fields: Field[] = [
      { ie: IE.sourceIPv4Address, length: 4 },
      { ie: IE.samplingInterval, length: 4 },
    ];
    h.send([
      { kind: 'templates', templates: [{ id: 301, fields }] },
      { kind: 'data', id: 301, fields, records: [['192.0.2.9', 2048]] },
    ]);
    expect(recordsOf(h.sink)[0]!.samplingRate).toBe(2048);
  });

  it('scopes templates per exporter and per source id', () => {
    const h = new Harness();
    h.send([template], { sourceId: 1 });
    h.send([{ kind: 'templates', templates: [{ id: 300, fields: FIELDS.slice(0, 2) }] }], { sourceId: 2 });
    h.send([data(rec('192.0.2.1'))], { sourceId: 1 });
    h.send([{ kind: 'data', id: 300, fields: FIELDS.slice(0, 2), records: [['192.0.2.2', '192.0.2.3']] }], { sourceId: 2 });
    const other = new ExporterCounters();
    h.send([data(rec('192.0.2.4'))], { sourceId: 1, exporter: 7, counters: other });
    expect(recordsOf(h.sink).map((r) => [r.observationDomain, r.src, r.packets])).toEqual([
      [1, '192.0.2.1', 5],
      [2, '192.0.2.2', 0],
    ]);
    expect([other.templateMisses, other.errors[DecodeError.TemplateMissing]]).toEqual([1, 1]);
  });

  it('counts export packets in the sequence number, estimating lost records per packet', () => {
    const h = new Harness();
    h.send([template], { sequence: 10 });
    h.send([data(rec('192.0.2.1'), rec('192.0.2.2'))], { sequence: 11 });
    h.send([data(rec('192.0.2.1'), rec('192.0.2.2'))], { sequence: 14 }); // packets 12 and 13 lost
    h.send([data(rec('192.0.2.1'))], { sequence: 2 }); // restart
    expect([h.counters.sequenceGaps, h.counters.lostRecords, h.counters.sequenceResets]).toEqual([1, 4, 1]);
  });

  it('expires templates not refreshed within the timeout', () => {
    const h = new Harness({ ...DEFAULT_DECODER_LIMITS, templateTimeoutMs: 60_000 });
    h.send([template], { nowMs: 0 });
    expect(h.send([data(rec('192.0.2.1'))], { nowMs: 59_000 })).toBe(1);
    expect(h.send([data(rec('192.0.2.1'))], { nowMs: 120_000 })).toBe(0);
    expect(h.counters.errors[DecodeError.TemplateMissing]).toBe(1);
    expect(h.counters.templates).toBe(0);
  });

  it('accepts a zero-length scope field (as Cisco sends) but refuses records of zero length', () => {
    const h = new Harness();
    h.send([
      {
        kind: 'optionsTemplates',
        templates: [
          {
            id: 256,
            scopes: [{ type: 1, length: 0 }],
            fields: [
              { ie: 35, length: 1 },
              { ie: IE.samplingInterval, length: 4 },
            ],
          },
        ],
      },
    ]);
    h.send([
      {
        kind: 'data',
        id: 256,
        fields: [
          { ie: 35, length: 1 },
          { ie: IE.samplingInterval, length: 4 },
        ],
        records: [[2, 100]],
      },
      template,
    ]);
    h.send([data(rec('192.0.2.1', 9))]);
    expect(recordsOf(h.sink)[0]!.samplingRate).toBe(100);
    h.send([{ kind: 'templates', templates: [{ id: 302, fields: [{ ie: IE.octetDeltaCount, length: 0 }] }] }]);
    expect(h.counters.errors[DecodeError.BadTemplate]).toBe(1);
    expect(h.counters.templates).toBe(2);
  });

  it('replaces a redefined template and refreshes an unchanged one without counting it twice', () => {
    const h = new Harness();
    h.send([template]);
    h.send([template]);
    expect(h.counters.templates).toBe(1);
    h.send([
      { kind: 'templates', templates: [{ id: 300, fields: FIELDS.slice(0, 1) }] },
      { kind: 'data', id: 300, fields: FIELDS.slice(0, 1), records: [['192.0.2.77']] },
    ]);
    expect(recordsOf(h.sink).map((r) => [r.src, r.packets])).toEqual([['192.0.2.77', 0]]);
    expect(h.counters.templates).toBe(1);
  });

  it('dates records to the millisecond although the header gives whole seconds: sent 0.9 s into a second, received 2 ms later', () => {
    const dec = new NetflowV9Decoder(DEFAULT_DECODER_LIMITS);
    const counters = new ExporterCounters();
    const sink = new CollectingSink(64);
    const boot = T0 * 1000 - 3_600_000;
    // A flow of 100 ms that ended as the message was sent, at T0 + 5.9 s.
    const sent = T0 * 1000 + 5900;
    const packet = (t: number, sets: V9Set[]) => v9Packet({ sysUptime: t - boot, unixSecs: Math.floor(t / 1000), sequence: 0, sourceId: 0, sets });
    dec.decode(packet(sent - 1000, [template]), { index: 0, counters }, sent - 998, sink);
    const r = [src('192.0.2.7', sent - 100 - boot, sent - boot)];
    dec.decode(packet(sent, [data(...r)]), { index: 0, counters }, sent + 2, sink);
    const got = recordsOf(sink)[0]!;
    expect(got.endMs - sent).toBeGreaterThanOrEqual(0);
    expect(got.endMs - sent).toBeLessThanOrEqual(2);
    expect(got.endMs - got.startMs).toBe(100);
  });

  it('keeps records within the header second when the collector clock is far off', () => {
    const dec = new NetflowV9Decoder(DEFAULT_DECODER_LIMITS);
    const counters = new ExporterCounters();
    const sink = new CollectingSink(64);
    const boot = T0 * 1000 - 3_600_000;
    const sent = T0 * 1000 + 5400;
    const packet = (sets: V9Set[]) => v9Packet({ sysUptime: sent - boot, unixSecs: Math.floor(sent / 1000), sequence: 0, sourceId: 0, sets });
    dec.decode(packet([template, data(src('192.0.2.7', sent - 10 - boot, sent - boot))]), { index: 0, counters }, sent + 600_000, sink);
    const got = recordsOf(sink)[0]!;
    expect(got.endMs).toBe(Math.floor(sent / 1000) * 1000 + 999);
  });

  describe('headers, FlowSets and templates that are not what they claim (RFC 3954 §5)', () => {
    const u16s = (...v: number[]): Uint8Array => {
      const b = new Uint8Array(v.length * 2);
      v.forEach((x, k) => {
        b[k * 2] = x >>> 8;
        b[k * 2 + 1] = x & 255;
      });
      return b;
    };
    const raw = (id: number, ...v: number[]): V9Set => ({ kind: 'raw', id, body: u16s(...v) });
    const decode = (h: Harness, d: Uint8Array, nowMs = T0 * 1000): number => h.dec.decode(d, { index: 0, counters: h.counters }, nowMs, h.sink);
    const packet = (sets: V9Set[], o: { sequence?: number; unixSecs?: number } = {}): Uint8Array => v9Packet({ sysUptime: 60_000, unixSecs: o.unixSecs ?? T0, sequence: o.sequence ?? 0, sets });

    it('counts every datagram and its bytes on the exporter', () => {
      const h = new Harness();
      const a = packet([template]);
      const b = packet([data(rec('192.0.2.1'))]);
      decode(h, a);
      decode(h, b);
      expect([h.counters.datagrams, h.counters.bytes]).toEqual([2, a.length + b.length]);
    });

    it('takes a datagram of exactly the largest size, refuses one byte more, and counts one shorter than the header', () => {
      const h = new Harness({ ...DEFAULT_DECODER_LIMITS, maxDatagramBytes: 48 });
      const exact = packet([{ kind: 'raw', id: 2, body: new Uint8Array(48 - 20 - 4) }]);
      expect(exact.length).toBe(48);
      decode(h, exact);
      decode(h, packet([{ kind: 'raw', id: 2, body: new Uint8Array(48 - 20 - 4 + 1) }]));
      expect(h.counters.errors[DecodeError.Oversized]).toBe(1);
      expect(decode(h, exact.subarray(0, 19))).toBe(0);
      expect(h.counters.errors[DecodeError.Truncated]).toBe(1);
      expect(h.counters.errorTotal).toBe(2);
    });

    it('dates records at the receive time when the header carries no UNIX seconds', () => {
      const h = new Harness();
      decode(h, packet([template]));
      decode(h, packet([data(rec('192.0.2.1'))], { unixSecs: 0 }), T0 * 1000 + 12_345);
      // FIRST/LAST_SWITCHED 50 000 and 59 000 against sysUptime 60 000, sent at the receive time.
      expect([recordsOf(h.sink)[0]!.startMs, recordsOf(h.sink)[0]!.endMs]).toEqual([T0 * 1000 + 12_345 - 10_000, T0 * 1000 + 12_345 - 1000]);
    });

    it('estimates records lost from a sequence gap by the data records of this packet, or its header count without data', () => {
      const h = new Harness();
      decode(h, packet([template], { sequence: 0 }));
      // One packet lost; this one has a template and three data records (header count 4).
      decode(h, packet([template, data(rec('192.0.2.1'), rec('192.0.2.2'), rec('192.0.2.3'))], { sequence: 2 }));
      expect([h.counters.sequenceGaps, h.counters.lostRecords]).toEqual([1, 3]);
      // Two packets lost before a packet of two templates and no data (header count 2).
      const two: V9Set = {
        kind: 'templates',
        templates: [
          { id: 300, fields: FIELDS },
          { id: 301, fields: FIELDS.slice(0, 2) },
        ],
      };
      decode(h, packet([two], { sequence: 5 }));
      expect([h.counters.sequenceGaps, h.counters.lostRecords]).toEqual([2, 7]);
    });

    it('takes a packet of the header alone', () => {
      const h = new Harness();
      const header = packet([]);
      expect(header.length).toBe(20);
      expect(decode(h, header)).toBe(0);
      expect(h.counters.errorTotal).toBe(0);
    });

    it('skips FlowSet ids 2–255 by their length, takes an empty FlowSet, and counts a FlowSet past the end or shorter than its header', () => {
      const h = new Harness();
      decode(h, packet([template, raw(2, 1, 2, 3), raw(255, 0xffff, 0xffff), { kind: 'raw', id: 300, body: new Uint8Array(0) }, data(rec('192.0.2.1'))]));
      expect(recordsOf(h.sink)).toHaveLength(1);
      expect(h.counters.errorTotal).toBe(0);
      const past = packet([data(rec('192.0.2.2'))]);
      past[22] = 0x7f; // the FlowSet claims 32 KiB
      decode(h, past);
      expect(h.counters.errors[DecodeError.Truncated]).toBe(1);
      const base = packet([data(rec('192.0.2.3'))]);
      const short = new Uint8Array(base.length + 4);
      short.set(base);
      short.set(u16s(300, 2), base.length);
      decode(h, short);
      expect(h.counters.errors[DecodeError.BadLength]).toBe(1);
      expect(recordsOf(h.sink).map((r) => r.src)).toEqual(['192.0.2.1', '192.0.2.3']);
    });

    it('refuses template ids below 256 and templates of no fields, takes a zero header as padding', () => {
      const h = new Harness();
      decode(h, packet([raw(0, 255, 1, IE.sourceIPv4Address, 4)]));
      decode(h, packet([raw(0, 300, 0)]));
      expect(h.counters.errors[DecodeError.BadTemplate]).toBe(2);
      decode(h, packet([raw(0, 301, 1, IE.sourceIPv4Address, 4, 0, 0)]));
      expect(h.counters.errorTotal).toBe(2);
      expect(h.counters.templates).toBe(1);
      // A record header of id 0 with fields is not padding.
      decode(h, packet([raw(0, 0, 1, IE.sourceIPv4Address, 4)]));
      expect(h.counters.errors[DecodeError.BadTemplate]).toBe(3);
    });

    it('counts a template whose fields do not fit as too short, and one of too many fields as bad', () => {
      const h = new Harness();
      decode(h, packet([raw(0, 300, 3, IE.sourceIPv4Address, 4)]));
      expect(h.counters.errors[DecodeError.BadLength]).toBe(1);
      // A record header alone at the end of the FlowSet: its fields are missing.
      decode(h, packet([raw(0, 301, 1, IE.sourceIPv4Address, 4, 302, 1)]));
      expect(h.counters.errors[DecodeError.BadLength]).toBe(2);
      expect(h.counters.templates).toBe(1);
      decode(h, packet([raw(0, 303, 300, ...Array.from({ length: 600 }, (_, k) => (k % 2 === 0 ? IE.sourceIPv4Address : 4)))]));
      expect(h.counters.errors[DecodeError.BadTemplate]).toBe(1);
    });

    it('reads field types from 0x8000 up as plain types (no enterprise number in v9)', () => {
      const h = new Harness();
      const f: Field[] = [
        { ie: 0x8001, length: 4 },
        { ie: IE.sourceIPv4Address, length: 4 },
      ];
      decode(
        h,
        packet([
          { kind: 'templates', templates: [{ id: 300, fields: f }] },
          { kind: 'data', id: 300, fields: f, records: [[7, '192.0.2.7']] },
        ]),
      );
      expect(recordsOf(h.sink).map((r) => r.src)).toEqual(['192.0.2.7']);
      expect(h.counters.errorTotal).toBe(0);
    });

    it('refuses options templates with an id below 256, scope or option lengths not in whole fields, or no fields; takes a zero id as padding', () => {
      const h = new Harness();
      decode(h, packet([raw(1, 255, 4, 4, 1, 4, IE.samplingInterval, 4)]));
      decode(h, packet([raw(1, 400, 6, 4, 1, 4, 0, IE.samplingInterval, 4)]));
      decode(h, packet([raw(1, 401, 4, 6, 1, 4, IE.samplingInterval, 4, 0)]));
      decode(h, packet([raw(1, 402, 0, 0, 0, 0, 0)]));
      expect(h.counters.errors[DecodeError.BadTemplate]).toBe(4);
      decode(h, packet([raw(1, 0, 0, 0, 0, 0)]));
      expect(h.counters.errorTotal).toBe(4);
      expect(h.counters.templates).toBe(0);
    });

    it('counts options templates whose fields do not fit, and takes one of exactly one scope field', () => {
      const h = new Harness();
      decode(h, packet([raw(1, 400, 4, 8, 1, 4, IE.samplingInterval, 4)]));
      expect(h.counters.errors[DecodeError.BadLength]).toBe(1);
      // Fields that fit but more of them than a template may have.
      decode(h, packet([raw(1, 401, 4, 300 * 4, ...Array.from({ length: 602 }, (_, k) => (k % 2 === 0 ? 1 : 4)))]));
      expect(h.counters.errors[DecodeError.BadTemplate]).toBe(1);
      // Ten bytes: id, lengths and one System scope field.
      decode(h, packet([raw(1, 402, 4, 0, 1, 4)]));
      expect(h.counters.templates).toBe(1);
    });

    it('reads the FlowSet after an options template FlowSet, and option field types from 0x8000 up as plain types', () => {
      const h = new Harness();
      const opt: V9Set = {
        kind: 'optionsTemplates',
        templates: [
          {
            id: 400,
            scopes: [{ type: 1, length: 4 }],
            fields: [
              { ie: 0x8005, length: 4 },
              { ie: IE.samplingInterval, length: 4 },
            ],
          },
        ],
      };
      decode(h, packet([opt, template, data(rec('192.0.2.1'))]));
      expect(recordsOf(h.sink)).toHaveLength(1);
      decode(
        h,
        packet([
          {
            kind: 'data',
            id: 400,
            fields: [
              { ie: 1, length: 4 },
              { ie: 0x8005, length: 4 },
              { ie: IE.samplingInterval, length: 4 },
            ],
            records: [[0, 9, 250]],
          },
          data(rec('192.0.2.2')),
        ]),
      );
      expect(recordsOf(h.sink).map((r) => r.samplingRate)).toEqual([0, 250]);
      expect(h.counters.errorTotal).toBe(0);
    });

    it('never reads a scope field as an element, even when its type number is one', () => {
      const h = new Harness();
      // Scope type 34 is no v9 scope (1–5 are); read as element 34 it would be a sampling interval.
      const opt: V9Set = { kind: 'optionsTemplates', templates: [{ id: 400, scopes: [{ type: 34, length: 4 }], fields: [{ ie: IE.samplingInterval, length: 4 }] }] };
      decode(h, packet([opt, template]));
      decode(
        h,
        packet([
          {
            kind: 'data',
            id: 400,
            fields: [
              { ie: 1, length: 4 },
              { ie: IE.samplingInterval, length: 4 },
            ],
            records: [[1000, 50]],
          },
          data(rec('192.0.2.1')),
        ]),
      );
      expect(recordsOf(h.sink).map((r) => r.samplingRate)).toEqual([50]);
    });

    it('skips scope fields by their length, whatever element their type number would be', () => {
      const h = new Harness();
      // Scope "Cache" (4) of 2 bytes: element 4 (protocolIdentifier) would be one byte.
      const opt: V9Set = { kind: 'optionsTemplates', templates: [{ id: 400, scopes: [{ type: 4, length: 2 }], fields: [{ ie: IE.samplingInterval, length: 4 }] }] };
      decode(h, packet([opt, template]));
      decode(
        h,
        packet([
          {
            kind: 'data',
            id: 400,
            fields: [
              { ie: 1, length: 2 },
              { ie: IE.samplingInterval, length: 4 },
            ],
            records: [[0, 500]],
          },
          data(rec('192.0.2.1')),
        ]),
      );
      expect(h.counters.errorTotal).toBe(0);
      expect(recordsOf(h.sink).map((r) => r.samplingRate)).toEqual([500]);
    });
  });
});
