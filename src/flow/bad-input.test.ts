/**
 * Hostile and broken datagrams: truncated, oversized, wrong version, wrong lengths, zero-length
 * fields, lengths that would loop or run backwards, template poisoning. Every case must return
 * from `decode` promptly without an exception escaping (the decode guard stays at 0), count the
 * failure on the sending exporter under the right kind, and keep state within the caps.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DecodeError, type DecoderLimits, DEFAULT_DECODER_LIMITS, ExporterCounters, type FlowDecoder } from './decoder.js';
import { decodeGuard } from './decode-guard.js';
import { CollectingSink, FlowFormat } from './flow-batch.js';
import { IpfixDecoder } from './ipfix/ipfix-decoder.js';
import { NetflowV5Decoder } from './netflow-v5/netflow-v5-decoder.js';
import { NetflowV9Decoder } from './netflow-v9/netflow-v9-decoder.js';
import { SflowDecoder } from './sflow/sflow-decoder.js';
import { IE } from './templates/information-elements.js';
import { ByteWriter } from './testing/byte-writer.js';
import { RecyclingSink } from './testing/fuzz.js';
import { syntheticSeeds } from './testing/seed-corpus.js';
import { type Field, ipfixMessage, v5Datagram, v9Packet } from './testing/synth-netflow.js';
import { sflowDatagram } from './testing/synth-sflow.js';
import { ethernet, ipv6, mpls } from './testing/synth-packet.js';

const T0 = 1_700_000_000;
const decoders: [string, FlowFormat, (l: DecoderLimits) => FlowDecoder][] = [
  ['NetFlow v5', FlowFormat.NetflowV5, (l) => new NetflowV5Decoder(l)],
  ['NetFlow v9', FlowFormat.NetflowV9, (l) => new NetflowV9Decoder(l)],
  ['IPFIX', FlowFormat.Ipfix, (l) => new IpfixDecoder(l)],
  ['sFlow', FlowFormat.Sflow, (l) => new SflowDecoder(l)],
];

let guardBefore = 0;
beforeEach(() => {
  guardBefore = decodeGuard.caught;
});
afterEach(() => {
  // No exception escaped any decoder's own checks during the test.
  expect(decodeGuard.caught - guardBefore, String(decodeGuard.last)).toBe(0);
});

/** Decodes and returns the elapsed wall time; any decode must be prompt. */
function decodeTimed(dec: FlowDecoder, d: Uint8Array, counters: ExporterCounters, nowMs = T0 * 1000, index = 0): number {
  const t = performance.now();
  dec.decode(d, { index, counters }, nowMs, new RecyclingSink());
  const ms = performance.now() - t;
  expect(ms).toBeLessThan(100);
  return ms;
}

describe('truncated, oversized and wrong-version datagrams', () => {
  for (const [name, format, make] of decoders) {
    it(`${name}: every truncation of every seed decodes without escaping and with no more records than the whole`, () => {
      const dec = make(DEFAULT_DECODER_LIMITS);
      let errors = 0;
      const sink = new RecyclingSink();
      for (const seed of syntheticSeeds(format)) {
        const whole = dec.decode(seed, { index: 0, counters: new ExporterCounters() }, T0 * 1000, sink);
        for (let cut = 0; cut < seed.length; cut++) {
          const c = new ExporterCounters();
          let n = 0;
          expect(() => (n = dec.decode(seed.subarray(0, cut), { index: 1, counters: c }, T0 * 1000, sink))).not.toThrow();
          expect(n).toBeLessThanOrEqual(whole);
          errors += c.errorTotal;
        }
      }
      expect(errors).toBeGreaterThan(0);
    });

    it(`${name}: oversized datagrams and foreign versions are refused and counted on the sender only`, () => {
      const dec = make({ ...DEFAULT_DECODER_LIMITS, maxDatagramBytes: 1500 });
      const sender = new ExporterCounters();
      const bystander = new ExporterCounters();
      const seed = syntheticSeeds(format)[0]!;
      const big = new Uint8Array(1501);
      big.set(seed.subarray(0, Math.min(seed.length, 1501)));
      decodeTimed(dec, big, sender, T0 * 1000, 3);
      for (const other of decoders.filter((x) => x[1] !== format)) decodeTimed(dec, syntheticSeeds(other[1])[0]!, sender, T0 * 1000, 3);
      expect([sender.errors[DecodeError.Oversized], sender.errors[DecodeError.BadVersion]]).toEqual([1, 3]);
      expect(bystander.errorTotal).toBe(0);
    });
  }
});

describe('wrong and looping lengths', () => {
  const f: Field[] = [{ ie: IE.sourceIPv4Address, length: 4 }];

  it('IPFIX: message length shorter than its header, set lengths of 0–3 or past the end', () => {
    const dec = new IpfixDecoder(DEFAULT_DECODER_LIMITS);
    const c = new ExporterCounters();
    const ok = ipfixMessage({ exportTime: T0, sets: [{ kind: 'templates', templates: [{ id: 256, fields: f }] }] });
    const shortHeader = ok.slice();
    shortHeader[3] = 8;
    decodeTimed(dec, shortHeader, c);
    for (const setLength of [0, 1, 3]) {
      const bad = ok.slice();
      bad[18] = 0;
      bad[19] = setLength; // would never advance
      decodeTimed(dec, bad, c);
    }
    const past = ok.slice();
    past[18] = 0xff;
    decodeTimed(dec, past, c);
    expect([c.errors[DecodeError.BadLength], c.errors[DecodeError.Truncated]]).toEqual([4, 1]);
  });

  it('NetFlow v9: FlowSet length 0 and template field counts beyond the FlowSet', () => {
    const dec = new NetflowV9Decoder(DEFAULT_DECODER_LIMITS);
    const c = new ExporterCounters();
    const ok = v9Packet({ sysUptime: 1, unixSecs: T0, sets: [{ kind: 'templates', templates: [{ id: 256, fields: f }] }] });
    const zero = ok.slice();
    zero[22] = 0;
    zero[23] = 0;
    decodeTimed(dec, zero, c);
    const count = ok.slice();
    count[26] = 0x7f; // field count 0x7f01 in a 12-byte FlowSet
    decodeTimed(dec, count, c);
    expect(c.errors[DecodeError.BadLength]).toBe(2);
  });

  it('IPFIX: a variable-length field claiming 65535 bytes, and templates of only variable-length fields', () => {
    const dec = new IpfixDecoder(DEFAULT_DECODER_LIMITS);
    const c = new ExporterCounters();
    const v: Field[] = [{ ie: 82, length: 65535 }];
    decodeTimed(
      dec,
      ipfixMessage({
        exportTime: T0,
        sets: [
          { kind: 'templates', templates: [{ id: 256, fields: v }] },
          { kind: 'raw', id: 256, body: new Uint8Array([255, 0xff, 0xff, 1, 2]) },
        ],
      }),
      c,
    );
    // 1000 empty variable-length fields: 1 byte each, bounded by the set.
    decodeTimed(dec, ipfixMessage({ exportTime: T0, sets: [{ kind: 'raw', id: 256, body: new Uint8Array(1000) }] }), c);
    expect(c.errors[DecodeError.BadLength]).toBe(1);
  });

  it('sFlow: sample and record counts of 2^32−1, record lengths of 2^32−1, AS paths that never end', () => {
    const dec = new SflowDecoder(DEFAULT_DECODER_LIMITS);
    const c = new ExporterCounters();
    const head = new ByteWriter().u32(5).u32(1).ipv4('192.0.2.1').u32(0).u32(1).u32(1);
    decodeTimed(dec, new ByteWriter().bytes(head.finish()).u32(0xffffffff).u32(1).u32(0).finish(), c);
    const sample = (body: Uint8Array): Uint8Array => new ByteWriter().bytes(head.finish()).u32(1).u32(1).u32(body.length).bytes(body).finish();
    const flowHeader = new ByteWriter().u32(1).u32(3).u32(100).u32(0).u32(0).u32(1).u32(2);
    decodeTimed(dec, sample(new ByteWriter().bytes(flowHeader.finish()).u32(0xffffffff).finish()), c);
    decodeTimed(dec, sample(new ByteWriter().bytes(flowHeader.finish()).u32(1).u32(1).u32(0xffffffff).finish()), c);
    const gateway = new ByteWriter().u32(1).ipv4('192.0.2.9').u32(1).u32(2).u32(3).u32(0xffffffff).u32(2).u32(0xffffffff).finish();
    decodeTimed(dec, sample(new ByteWriter().bytes(flowHeader.finish()).u32(1).u32(1003).u32(gateway.length).bytes(gateway).finish()), c);
    // The first datagram: its one (empty) sample is bad, then the 2^32−2 promised others are missing.
    expect([c.errors[DecodeError.Truncated], c.errors[DecodeError.BadSample]]).toEqual([1, 4]);
  });

  it('sFlow: raw headers with endless MPLS stacks, VLAN tags and IPv6 extension chains end at the header', () => {
    const dec = new SflowDecoder(DEFAULT_DECODER_LIMITS);
    const c = new ExporterCounters();
    const labels = new Uint8Array(200); // 50 labels, none at the bottom of the stack
    const vlans = ethernet({ type: 0x8100, payload: new Uint8Array(200).fill(0x81) });
    const chain = ipv6({ src: '::1', dst: '::2', protocol: 6, extensions: Array.from({ length: 20 }, () => ({ type: 60 })), payload: new Uint8Array(0) });
    for (const header of [
      ethernet({ type: 0x8847, payload: labels }),
      vlans,
      ethernet({ type: 0x8847, payload: mpls([1], new Uint8Array([0, 0, 0, 0, ...ethernet({ type: 0x8847, payload: mpls([2], new Uint8Array(8)) })])) }),
      chain,
    ]) {
      decodeTimed(
        dec,
        sflowDatagram({
          agent: '192.0.2.1',
          sequence: 1,
          samples: [{ kind: 'flow', sequence: 1, sourceIndex: 1, rate: 1, input: 1, output: 1, records: [{ kind: 'raw', headerProtocol: header === chain ? 12 : 1, frameLength: 100, header }] }],
        }),
        c,
      );
    }
    expect(c.records).toBe(4);
  });

  it('NetFlow v5: a count far beyond the datagram', () => {
    const dec = new NetflowV5Decoder(DEFAULT_DECODER_LIMITS);
    const c = new ExporterCounters();
    decodeTimed(dec, v5Datagram({ sysUptime: 1, unixSecs: T0, count: 65535 }, []), c);
    expect([c.errors[DecodeError.Truncated], c.records]).toEqual([1, 0]);
  });
});

describe('zero-length fields', () => {
  it('refuses templates whose records would be zero bytes long and skips zero-length known fields', () => {
    for (const make of [(l: DecoderLimits) => new IpfixDecoder(l), (l: DecoderLimits) => new NetflowV9Decoder(l)]) {
      const dec = make(DEFAULT_DECODER_LIMITS);
      const c = new ExporterCounters();
      const sink = new CollectingSink();
      const zero: Field[] = [
        { ie: IE.sourceIPv4Address, length: 0 },
        { ie: IE.octetDeltaCount, length: 0 },
      ];
      const mixed: Field[] = [
        { ie: IE.sourceIPv4Address, length: 0 },
        { ie: IE.destinationIPv4Address, length: 4 },
      ];
      const msg = (sets: Parameters<typeof ipfixMessage>[0]['sets']): Uint8Array =>
        dec instanceof IpfixDecoder ? ipfixMessage({ exportTime: T0, sets }) : v9Packet({ sysUptime: 1, unixSecs: T0, sets: sets as Parameters<typeof v9Packet>[0]['sets'] });
      dec.decode(
        msg([
          {
            kind: 'templates',
            templates: [
              { id: 256, fields: zero },
              { id: 257, fields: mixed },
            ],
          },
        ]),
        { index: 0, counters: c },
        T0 * 1000,
        sink,
      );
      dec.decode(
        msg([
          { kind: 'raw', id: 256, body: new Uint8Array(400) },
          { kind: 'data', id: 257, fields: mixed, records: [[0, '192.0.2.1']] },
        ]),
        { index: 0, counters: c },
        T0 * 1000,
        sink,
      );
      expect([c.errors[DecodeError.BadTemplate], c.errors[DecodeError.BadFieldLength], c.errors[DecodeError.TemplateMissing], sink.records]).toEqual([1, 1, 1, 1]);
    }
  });
});

describe('template poisoning', () => {
  const limits: DecoderLimits = { maxTemplatesPerExporter: 50, maxTemplatesTotal: 120, templateTimeoutMs: 60_000, maxDatagramBytes: 65535 };
  const f: Field[] = [{ ie: IE.sourceIPv4Address, length: 4 }];

  it('refuses absurd templates: too many fields, records longer than a datagram', () => {
    const dec = new IpfixDecoder(DEFAULT_DECODER_LIMITS);
    const c = new ExporterCounters();
    const many: Field[] = Array.from({ length: 300 }, () => ({ ie: IE.octetDeltaCount, length: 8 }));
    const huge: Field[] = [
      { ie: 1, length: 65000 },
      { ie: 2, length: 65000 },
    ];
    decodeTimed(dec, ipfixMessage({ exportTime: T0, sets: [{ kind: 'templates', templates: [{ id: 256, fields: many }] }] }), c);
    decodeTimed(dec, ipfixMessage({ exportTime: T0, sets: [{ kind: 'templates', templates: [{ id: 257, fields: huge }] }] }), c);
    expect([c.errors[DecodeError.BadTemplate], c.templates]).toEqual([2, 0]);
  });

  it('caps templates per exporter and in total across exporters and both protocols, and recovers after expiry', () => {
    const v9 = new NetflowV9Decoder(limits);
    const budgetShared = new IpfixDecoder(limits);
    const counters = Array.from({ length: 4 }, () => new ExporterCounters());
    for (let e = 0; e < 4; e++) {
      for (let id = 256; id < 1256; id += 100) {
        const templates = Array.from({ length: 100 }, (_, k) => ({ id: id + k, fields: f }));
        v9.decode(v9Packet({ sysUptime: 1, unixSecs: T0, sourceId: id, sets: [{ kind: 'templates', templates }] }), { index: e, counters: counters[e]! }, 0, new RecyclingSink());
      }
    }
    expect(counters.map((c) => c.templates)).toEqual([50, 50, 20, 0]);
    expect(v9.templateCount).toBe(120);
    expect(counters.reduce((n, c) => n + c.errors[DecodeError.TemplateLimit]!, 0)).toBe(4000 - 120);
    // A separate budget: the IPFIX decoder built alone is not affected by the v9 one.
    budgetShared.decode(ipfixMessage({ exportTime: T0, sets: [{ kind: 'templates', templates: [{ id: 300, fields: f }] }] }), { index: 0, counters: counters[0]! }, 0, new RecyclingSink());
    expect(budgetShared.templateCount).toBe(1);
    // Once the poisoned templates expire, a legitimate exporter gets its templates in.
    const late = new ExporterCounters();
    v9.decode(v9Packet({ sysUptime: 1, unixSecs: T0, sets: [{ kind: 'templates', templates: [{ id: 256, fields: f }] }] }), { index: 9, counters: late }, 61_000, new RecyclingSink());
    expect([late.templates, late.errors[DecodeError.TemplateLimit]]).toEqual([1, 0]);
  });

  it('caps observation domains per exporter (random ODIDs)', () => {
    const dec = new IpfixDecoder(limits);
    const c = new ExporterCounters();
    for (let odid = 0; odid < 1000; odid++) dec.decode(ipfixMessage({ exportTime: T0, domain: odid * 7919, sets: [] }), { index: 0, counters: c }, 0, new RecyclingSink());
    expect(c.errors[DecodeError.TemplateLimit]).toBe(1000 - 50);
  });

  it('bounds sequence-tracking state of v5 engines and sFlow agents and sources', () => {
    const v5 = new NetflowV5Decoder(DEFAULT_DECODER_LIMITS);
    const sflow = new SflowDecoder(DEFAULT_DECODER_LIMITS);
    const c = new ExporterCounters();
    for (let k = 0; k < 2000; k++) {
      v5.decode(v5Datagram({ sysUptime: 1, unixSecs: T0, engineType: k >>> 8, engineId: k & 255 }, []), { index: 0, counters: c }, 0, new RecyclingSink());
      sflow.decode(sflowDatagram({ agent: `10.0.${k >>> 8}.${k & 255}`, sequence: 1, samples: [] }), { index: 0, counters: c }, 0, new RecyclingSink());
    }
    const samples = Array.from({ length: 200 }, (_, k) => ({ kind: 'flow' as const, sequence: 1, sourceIndex: k, rate: 1, input: 1, output: 1, records: [] }));
    for (let k = 0; k < 30; k++)
      sflow.decode(
        sflowDatagram({ agent: '10.0.0.0', sequence: 2 + k, samples: samples.map((s) => ({ ...s, sourceIndex: s.sourceIndex + k * 200 })) }),
        { index: 0, counters: c },
        0,
        new RecyclingSink(),
      );
    expect(v5.trackedSequences).toBe(256);
    expect(sflow.trackedSequences).toBe(16 + 4096);
    expect(c.errorTotal).toBe(0);
  });
});
