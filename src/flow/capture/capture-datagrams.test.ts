import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { describeExternal, missingFixtures } from '../../testing/external.js';
import { ByteWriter } from '../testing/byte-writer.js';
import { fixtureFiles, readFixture } from '../testing/flow-fixtures.js';
import { ethernet, ipv4, ipv6, tcp, udp } from '../testing/synth-packet.js';
import { CaptureStats, captureDatagrams } from './capture-datagrams.js';
import { ERR_CAPTURE_FORMAT } from './capture-frames.js';

const payload = new Uint8Array([0, 10, 0, 20, 1, 2, 3, 4]);
const udp4 = ipv4({ src: '192.0.2.7', dst: '192.0.2.8', protocol: 17, payload: udp({ srcPort: 40000, dstPort: 2055, payload }) });
const udp6 = ipv6({ src: '2001:db8::7', dst: '2001:db8::8', protocol: 17, extensions: [{ type: 0 }], payload: udp({ srcPort: 40001, dstPort: 6343, payload }) });

/** A classic pcap file. */
function pcap(frames: { ts: number; data: Uint8Array }[], o: { linkType: number; littleEndian?: boolean; nano?: boolean }): Uint8Array {
  const le = o.littleEndian ?? true;
  const w = new ByteWriter();
  const u32 = (v: number): void => {
    if (le)
      w.u8(v)
        .u8(v >>> 8)
        .u8(v >>> 16)
        .u8(v >>> 24);
    else w.u32(v);
  };
  const u16 = (v: number): void => {
    if (le) w.u8(v).u8(v >>> 8);
    else w.u16(v);
  };
  u32(o.nano === true ? 0xa1b23c4d : 0xa1b2c3d4);
  u16(2);
  u16(4);
  u32(0);
  u32(0);
  u32(65535);
  u32(o.linkType);
  for (const f of frames) {
    u32(Math.floor(f.ts / 1000));
    u32(o.nano === true ? (f.ts % 1000) * 1e6 : (f.ts % 1000) * 1e3);
    u32(f.data.length);
    u32(f.data.length);
    w.bytes(f.data);
  }
  return w.finish();
}

/** A big-endian pcapng file with one interface; `tsresol` is the if_tsresol byte. */
function pcapng(frames: { ts: number; data: Uint8Array }[], linkType: number, tsresol: number): Uint8Array {
  const w = new ByteWriter();
  const block = (type: number, body: (b: ByteWriter) => void): void => {
    const b = new ByteWriter();
    body(b);
    b.pad4();
    const bytes = b.finish();
    w.u32(type)
      .u32(bytes.length + 12)
      .bytes(bytes)
      .u32(bytes.length + 12);
  };
  block(0x0a0d0d0a, (b) => b.u32(0x1a2b3c4d).u16(1).u16(0).u32(0xffffffff).u32(0xffffffff));
  block(1, (b) => b.u16(linkType).u16(0).u32(65535).u16(9).u16(1).u8(tsresol).pad4().u16(0).u16(0));
  const unitsPerMs = tsresol & 0x80 ? 2 ** (tsresol & 0x7f) / 1000 : 10 ** tsresol / 1000;
  for (const f of frames) {
    block(6, (b) =>
      b
        .u32(0)
        .u64(f.ts * unitsPerMs)
        .u32(f.data.length)
        .u32(f.data.length)
        .bytes(f.data),
    );
  }
  return w.finish();
}

const sll = (p: Uint8Array): Uint8Array => new ByteWriter().u16(0).u16(1).u16(6).bytes(new Uint8Array(8)).u16(0x0800).bytes(p).finish();
const sll2 = (p: Uint8Array): Uint8Array => new ByteWriter().u16(0x86dd).u16(0).u32(3).u16(1).u8(0).u8(6).bytes(new Uint8Array(8)).bytes(p).finish();

describe('captureDatagrams', () => {
  it('extracts UDP datagrams over Ethernet (with VLAN tags), IPv4 and IPv6, with times and sources', () => {
    const file = pcap(
      [
        { ts: 1_700_000_000_123, data: ethernet({ type: 0x0800, payload: udp4, vlans: [{ id: 10 }, { id: 20, tpid: 0x88a8 }] }) },
        { ts: 1_700_000_000_456, data: ethernet({ type: 0x86dd, payload: udp6 }) },
      ],
      { linkType: 1 },
    );
    const got = [...captureDatagrams(file)];
    expect(got.map((d) => [d.timestampMs, d.sourceText, d.source, d.sourcePort, d.destinationPort, [...d.payload]])).toEqual([
      [1_700_000_000_123, '192.0.2.7', [0, 0, 0xffff, 0xc0000207], 40000, 2055, [...payload]],
      [1_700_000_000_456, '2001:db8::7', [0x20010db8, 0, 0, 7], 40001, 6343, [...payload]],
    ]);
  });

  it('reads big-endian and nanosecond pcap, and pcapng with microsecond and binary resolutions', () => {
    const frames = [{ ts: 1_600_000_000_250, data: ethernet({ type: 0x0800, payload: udp4 }) }];
    for (const file of [pcap(frames, { linkType: 1, littleEndian: false }), pcap(frames, { linkType: 1, nano: true }), pcapng(frames, 1, 6), pcapng(frames, 1, 0x80 | 20)]) {
      const got = [...captureDatagrams(file)];
      expect(got.length).toBe(1);
      expect(got[0]!.timestampMs).toBeCloseTo(1_600_000_000_250, 0);
    }
  });

  it('handles Linux cooked (SLL, SLL2), raw IP and BSD loopback link types', () => {
    const cases: [number, Uint8Array][] = [
      [113, sll(udp4)],
      [276, sll2(udp6)],
      [101, udp4],
      [229, udp6],
      [0, new Uint8Array([2, 0, 0, 0, ...udp4])], // NULL, little-endian AF_INET
      [108, new Uint8Array([0, 0, 0, 30, ...udp6])], // LOOP, AF_INET6 (macOS)
    ];
    for (const [linkType, data] of cases) {
      const got = [...captureDatagrams(pcap([{ ts: 0, data }], { linkType }))];
      expect(
        got.map((d) => d.destinationPort),
        `link type ${linkType}`,
      ).toHaveLength(1);
    }
  });

  it('counts and skips non-UDP, fragmented, truncated and unsupported frames', () => {
    const stats = new CaptureStats();
    const frag = ipv4({ src: '192.0.2.1', dst: '192.0.2.2', protocol: 17, flags: 0x2000, payload: udp({ srcPort: 1, dstPort: 2 }) });
    const frames = [
      ethernet({ type: 0x0800, payload: ipv4({ src: '192.0.2.1', dst: '192.0.2.2', protocol: 6, payload: tcp({ srcPort: 1, dstPort: 2, flags: 2 }) }) }),
      ethernet({ type: 0x0806, payload: new Uint8Array(28) }),
      ethernet({ type: 0x0800, payload: frag }),
      ethernet({ type: 0x0800, payload: udp4 }).subarray(0, 40),
      ethernet({ type: 0x0800, payload: udp4 }),
    ];
    const got = [
      ...captureDatagrams(
        pcap(
          frames.map((data) => ({ ts: 0, data })),
          { linkType: 1 },
        ),
        stats,
      ),
    ];
    expect(got).toHaveLength(1);
    expect({ ...stats }).toEqual({ frames: 5, datagrams: 1, notUdp: 2, truncated: 1, fragments: 1, unsupportedLinkType: 0 });
    const other = new CaptureStats();
    expect([...captureDatagrams(pcap([{ ts: 0, data: udp4 }], { linkType: 147 }), other)]).toHaveLength(0);
    expect(other.unsupportedLinkType).toBe(1);
  });

  it('stops at a record cut short at the end of the file', () => {
    const file = pcap(
      [
        { ts: 0, data: ethernet({ type: 0x0800, payload: udp4 }) },
        { ts: 0, data: ethernet({ type: 0x0800, payload: udp4 }) },
      ],
      { linkType: 1 },
    );
    const stats = new CaptureStats();
    expect([...captureDatagrams(file.subarray(0, file.length - 10), stats)]).toHaveLength(1);
    expect(stats.truncated).toBe(1);
  });

  it('refuses a file that is not a capture with SAKIMORI_ERR_CAPTURE_FORMAT, at once', () => {
    for (const bytes of [new Uint8Array(0), new TextEncoder().encode('{"not":"a capture"}'), new Uint8Array([0xd4, 0xc3, 0xb2, 0xa1, 2, 0])]) {
      let err: unknown;
      try {
        captureDatagrams(bytes);
      } catch (e) {
        err = e;
      }
      expect(isSakimoriError(err, ERR_CAPTURE_FORMAT.code)).toBe(true);
    }
  });
});

describeExternal('captureDatagrams on the shared captures', missingFixtures(), () => {
  it('finds exactly one UDP datagram in each NetFlow/IPFIX/sFlow fixture', () => {
    for (const family of ['netflow', 'sflow'] as const) {
      for (const f of fixtureFiles(family)) {
        const stats = new CaptureStats();
        expect([...captureDatagrams(readFixture(family, f), stats)].length, f).toBe(1);
        expect(stats.frames, f).toBe(1);
      }
    }
  });
});
